"""The layers run one way (issue 10): read every project import from the source (AST) and fail
on a cycle, on geo/ reaching into timeline/'s engines, on an engine reaching up into a view,
and on a project import hidden inside a function outside the command line and the benches.

input → mentions → events and routes → store → views:
- geo/ owns places; it takes from timeline/ only the shared records, settings and the NLP
  service (``model``, ``config``, ``nlp``, ``segment``) and the resource loader (``resources``);
- views (charts, filters, store-side views, the source viewer, maps, display names, app) sit
  above the engines and the store, and nothing below imports them.
"""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

GEO_MAY_USE = {"timeline", "timeline.model", "timeline.config", "timeline.nlp", "timeline.segment",
               "timeline.resources"}
VIEWS = {"app", "timeline.charts", "timeline.filters", "timeline.views", "timeline.source_view",
         "geo.maps", "geo.display",
         # the dashboard's sections, composed by app.py
         "timeline.dashboard", "timeline.dashboard.atlas", "timeline.dashboard.corpus_tab",
         "timeline.dashboard.data", "timeline.dashboard.exports", "timeline.dashboard.loaders",
         "timeline.dashboard.selection", "timeline.dashboard.sidebar", "timeline.dashboard.table",
         "timeline.dashboard.timeline_chart"}
# Lazy imports are allowed only where a measured cold start needs them: the command line
# (`tag` must start without pandas, spaCy's pipeline or Dask) and the benches, which time
# the loading of what they import.
LAZY_OK = ("timeline.cli", "timeline.bench.", "timeline.__main__")
# One plug-in edge: the Dask engine builds on the corpus step (its records, its linking), and
# the corpus step hands a run to it only when `--engine dask` is asked.
PLUGIN = {("timeline.corpus", "timeline.distributed")}


def _modules() -> dict[str, Path]:
    files = [*ROOT.glob("timeline/**/*.py"), *ROOT.glob("geo/**/*.py"), ROOT / "app.py"]
    out = {}
    for p in files:
        parts = list(p.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def _imports(mods: dict[str, Path]) -> list[tuple[str, str, bool, int]]:
    """(importer, imported, inside a function or class, line) for every project import."""
    found = []
    for name, path in mods.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[:len(package.split(".")) - node.level + 1] \
                    if node.level else []
                mod = ".".join([*base, node.module] if node.module else base)
                # "from . import absolute" imports the module, not what its package holds
                targets = [f"{mod}.{a.name}" if f"{mod}.{a.name}" in mods else mod
                           for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            for t in targets:
                if t in mods and t != name:
                    found.append((name, t, node.col_offset > 0, node.lineno))
    return found


MODS = _modules()
IMPORTS = _imports(MODS)


def test_the_reader_sees_the_project():
    assert {"timeline.events", "geo.toponyms", "app"} <= set(MODS)
    assert any(a == "timeline.pipeline" and b == "timeline.events" for a, b, _, _ in IMPORTS)


def test_no_import_cycle():
    graph = defaultdict(set)
    for a, b, _, _ in IMPORTS:
        if b != "timeline" and (a, b) not in PLUGIN:   # the package itself holds no code
            graph[a].add(b)
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                pytest.fail("import cycle: " + " → ".join(stack[stack.index(n):] + [n]))
            if n not in state:
                visit(n)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)


def test_geo_takes_only_records_settings_and_nlp_from_timeline():
    crossed = [(a, b, line) for a, b, _, line in IMPORTS
               if a.startswith("geo") and b.startswith("timeline") and b not in GEO_MAY_USE]
    assert crossed == []


def test_nothing_below_the_views_imports_a_view():
    up = [(a, b, line) for a, b, _, line in IMPORTS
          if b in VIEWS and a not in VIEWS and not a.startswith("timeline.bench")]
    assert up == []


def test_every_dashboard_module_is_a_view():
    """A section added to the dashboard is listed above, so the test before holds for it."""
    assert {m for m in MODS if m.startswith("timeline.dashboard")} <= VIEWS


def test_only_views_use_streamlit():
    """Streamlit's widgets and caches belong to the views: an engine or the store that
    imported it would reach up into the page (the dashboard's bench runs the page itself)."""
    users = set()
    for name, path in MODS.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                found = [node.module or ""]
            else:
                continue
            if any(f.split(".")[0] in ("streamlit", "streamlit_folium") for f in found):
                users.add(name)
    assert "app" in users
    assert sorted(m for m in users - VIEWS if not m.startswith("timeline.bench")) == []


def test_project_imports_sit_at_module_top():
    hidden = [(a, b, line) for a, b, lazy, line in IMPORTS
              if lazy and not a.startswith(LAZY_OK) and (a, b) not in PLUGIN]
    assert hidden == []


# Functions stay under 80 lines (issue 10: small, named pieces an analyst can read and extend).
# The ones longer today are listed here to be split, and the list may only shrink: a new long
# function fails, and so does an entry that has been split but not struck from the list.
MAX_FUNCTION_LINES = 80
LONG_FUNCTIONS_TO_SPLIT: set[str] = set()


def _function_lengths() -> dict[str, int]:
    out = {}
    for name, path in MODS.items():
        if not name.startswith(("timeline", "geo")):
            continue
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                key = f"{rel}:{node.name}"
                out[key] = max(out.get(key, 0), node.end_lineno - node.lineno + 1)
    return out


def test_functions_stay_under_80_lines():
    lengths = _function_lengths()
    long_ = {k for k, n in lengths.items() if n > MAX_FUNCTION_LINES}
    assert sorted(long_ - LONG_FUNCTIONS_TO_SPLIT) == [], \
        f"functions over {MAX_FUNCTION_LINES} lines: split them into named pieces"
    assert sorted(LONG_FUNCTIONS_TO_SPLIT - long_) == [], \
        "split already: strike these from LONG_FUNCTIONS_TO_SPLIT"
