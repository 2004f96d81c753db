"""Named regular expressions and word lists kept as data, HeidelTime-style.

A pattern file (``*patterns.toml`` under ``timeline/data`` or ``geo/data``) holds one table per
pattern::

    [clock]
    why = "A time of day: 14:30, 9.15 pm, 06:00 GMT."
    pattern = '''\\d{1,2}[:.]\\d{2}(?:\\s*{meridiem})?'''
    flags = "i"                       # optional: any of i, x, m, s
    examples = ["at 14:30 local time"] # each must match (tests/test_resources.py)
    counter = ["in 2020"]             # optional: each must not match

or, for a word class, ``words = [...]`` instead of ``pattern`` (compiled to a whole-word
alternation, longest first). ``{name}`` in a pattern is replaced by the named entry of the same
file, so sub-patterns are written once (HeidelTime's ``%reMonth``). The engines load a file once
and ask for patterns by name; a new expression is a resource edit with its example, not code.
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

_FLAGS = {"i": re.I, "x": re.X, "m": re.M, "s": re.S}
_REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


@dataclass(frozen=True)
class NamedPattern:
    """One entry of a pattern file, compiled, with the examples that test it."""
    name: str
    regex: re.Pattern
    why: str
    examples: tuple[str, ...]
    counter: tuple[str, ...]


@functools.lru_cache(maxsize=None)
def read_toml(path: Path) -> dict:
    """A TOML resource file, parsed once per process."""
    with Path(path).open("rb") as f:
        return tomllib.load(f)


def alternation(words) -> str:
    """A whole-word regex source matching any of ``words`` (escaped, longest first, so
    ``cease-fire`` wins over ``cease``)."""
    alts = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in alts) + r")(?![\w-])"


def _source(table: dict, name: str, seen: tuple[str, ...] = ()) -> str:
    """The regex source of entry ``name`` with its ``{sub}`` references expanded."""
    if name in seen:
        raise ValueError(f"pattern {name!r} refers to itself through {' > '.join(seen)}")
    entry = table[name]
    if "words" in entry:
        return alternation(entry["words"])

    def expand(m: re.Match) -> str:
        ref = m.group(1)
        return f"(?:{_source(table, ref, seen + (name,))})" if ref in table else m.group(0)
    return _REF.sub(expand, entry["pattern"])


@functools.lru_cache(maxsize=None)
def read_patterns(path: Path) -> dict[str, NamedPattern]:
    """Every pattern of a pattern file, compiled once per process."""
    table = read_toml(Path(path))
    out = {}
    for name, entry in table.items():
        flags = 0
        for f in entry.get("flags", ""):
            flags |= _FLAGS[f]
        try:
            regex = re.compile(_source(table, name), flags)
        except re.error as e:
            raise ValueError(f"{path}: pattern {name!r} does not compile: {e}") from None
        out[name] = NamedPattern(name, regex, entry.get("why", ""),
                                 tuple(entry.get("examples", ())), tuple(entry.get("counter", ())))
    return out


def pattern(path: Path, name: str) -> re.Pattern:
    """The compiled pattern ``name`` of a pattern file."""
    return read_patterns(Path(path))[name].regex
