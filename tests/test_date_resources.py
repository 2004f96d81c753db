"""The worked examples in the date grammar's resource files run as tests (issue 10, item 2)."""
from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from timeline.dates import find_dates

RESOURCES = Path(__file__).resolve().parents[1] / "timeline" / "data" / "dates"


def _examples(name: str) -> list:
    data = tomllib.loads((RESOURCES / name).read_text(encoding="utf-8"))
    return [pytest.param(ex, id=f"{table}-{i}-{ex['expr']}")
            for table, rows in data.items() for i, ex in enumerate(rows)]


def _parse(text: str):
    """The pipeline's parse of ``text``, or None without the spaCy model."""
    from timeline import nlp

    return nlp.parse(text) if nlp.model() is not None else None


@pytest.mark.parametrize("ex", _examples("examples.toml"))
def test_examples(ex):
    """Each example holds on the pipeline's path (with the parse) and, unless it needs the
    parse to decide the tense, without it too."""
    anchor = date.fromisoformat(ex["anchor"])
    parsed = _parse(ex["text"])
    if parsed is None and ex.get("parse"):
        pytest.skip("spaCy model absent")
    runs = ([parsed] if parsed is not None else []) + ([] if ex.get("parse") else [None])
    for parsed in runs:
        found = [m for m in find_dates(ex["text"], anchor, parsed=parsed) if m.text == ex["expr"]]
        assert found, f"{ex['expr']!r} not found in {ex['text']!r} (parse={parsed is not None})"
        m = found[0]
        assert (m.type, m.value) == (ex["type"], ex["value"])
        if "point" in ex:
            assert m.point == ex["point"]
