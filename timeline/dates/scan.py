"""Finding candidate spans: the grammar's rules compiled in order with their resolvers,
the trigger words that bound where rules are tried, the scan that runs the rules over those
windows only (same matches as a plain scan), and the longest-first choice among overlapping
candidates whose resolvers accept them.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Callable, Optional

from ..resources import (LOWER_KEEPS, Contained, OpeningIndex, Openers, alternatives, fold,
                         leftmost, needs, positions, prefix_tree, skipping, word_char, word_set)
from ..segment import WORD_RUN
from .lexicon import (CONTEXT, expand, GRAMMAR, joined_pattern, NOT_AT_WORD_START, RANGES, VOCAB,
                      WORD_START)
from .values import Ctx, Resolver, Value
from . import absolute, clock, durations, relative

# every resolver the grammar names, ``_r_<normaliser>``, from the modules that hold them
RESOLVERS: dict[str, "Resolver"] = {
    name: f for module in (absolute, clock, durations, relative)
    for name, f in vars(module).items() if name.startswith("_r_")}


def _normaliser(rule: dict) -> "Resolver":
    """The function ``_r_<normaliser>`` a rule names, or, for a rule that gives its type and
    value itself (a fixed expression such as "the near term"), one that returns them."""
    if "normaliser" in rule:
        return RESOLVERS["_r_" + rule["normaliser"]]
    fixed_type, fixed_value = rule["type"], rule["value"]
    return lambda m, ctx: Value(fixed_type, fixed_value, relative=fixed_value.endswith("_REF"))


def _compile_rules() -> list[tuple[re.Pattern, "Resolver"]]:
    """The grammar's rules in order, each with the function that normalises its matches."""
    rules = []
    for rule in GRAMMAR["rule"]:
        pattern = expand(joined_pattern(rule["pattern"]), GRAMMAR["patterns"])
        if rule["name"] not in NOT_AT_WORD_START:
            pattern = WORD_START + pattern
        rules.append((re.compile(pattern), _normaliser(rule)))
    return rules


@dataclass
class Span:
    start: int
    end: int
    rule: int
    match: Optional[re.Match]
    value: Optional[Value] = None


# Every expression the grammar knows contains one of these; the rules run only in windows
# around them, which skips most of a text (the tagger's main speed-up).
_TRIGGER = re.compile("(?i:" + prefix_tree(VOCAB["trigger_words"]) + ")|"
                      + CONTEXT["trigger"].pattern)
# the same scan in parts (``resources.leftmost``): the words case-sensitive on the text's fold
# (they are lower-case ASCII; else None and ``_TRIGGER`` scans), each other alternative apart
_TRIGGER_WORDS = re.compile(prefix_tree(VOCAB["trigger_words"])) if all(
    w.isascii() and w == w.lower() for w in VOCAB["trigger_words"]) else None
_TRIGGER_PARTS = [re.compile(a) for a in alternatives(CONTEXT["trigger"].pattern)]
_WINDOW = 70


def _triggers(text: str, low: Optional[str]) -> list[tuple[int, int]]:
    """The spans of ``_TRIGGER.finditer(text)`` (``low``: the text's fold, or None)."""
    spans = None if low is None or _TRIGGER_WORDS is None else \
        leftmost([(_words_finder(text, low), low)] + [(rx, text) for rx in _TRIGGER_PARTS])
    return spans if spans is not None else [m.span() for m in _TRIGGER.finditer(text)]


# the trigger words a substring search looks for: none that starts with another ("nowruz",
# "weekly"), as the search finds the shorter where it starts and the tree's match there takes
# the longer (the same spans); of them, those of word characters only are looked for in the
# words of a text, the others in it
_TRIGGER_SEARCHED = [w for w in VOCAB["trigger_words"]
                     if not any(v != w and w.startswith(v) for v in VOCAB["trigger_words"])]
_TRIGGER_HELD = Contained(w for w in _TRIGGER_SEARCHED if all(map(word_char, w)))
_TRIGGER_SPACED = [w for w in _TRIGGER_SEARCHED if not all(map(word_char, w))]


def _words_finder(text: str, low: str) -> Callable[[str, int], Optional[re.Match]]:
    """``_TRIGGER_WORDS.search`` in ``low`` as a function of (low, pos): where a word starts
    is found once by a substring search for each (the tree, searched, stops at nearly every
    letter) that the text's words hold (``resources.word_set``: a text holds few of them)
    or that is written over several words, and the tree's own match taken at the first
    such place from ``pos``."""
    words = _TRIGGER_SEARCHED
    if not any(x in text for x in LOWER_KEEPS):         # (``low`` is ``text.lower()``)
        words = _TRIGGER_SPACED + list(_TRIGGER_HELD.held(word_set(text, WORD_RUN)))
    starts = positions(low, words)

    def find(text: str, pos: int) -> Optional[re.Match]:
        k = bisect.bisect_left(starts, pos)
        return _TRIGGER_WORDS.match(text, starts[k]) if k < len(starts) else None
    return find


def _windows(text: str, low: Optional[str]) -> list[tuple[int, int]]:
    """Merged stretches of text around the triggers, cut at whitespace."""
    out: list[list[int]] = []
    n = len(text)
    for ts, te in _triggers(text, low):
        s, e = max(0, ts - _WINDOW), min(n, te + _WINDOW)
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    spans = []
    for s, e in out:
        while s > 0 and not text[s - 1].isspace():
            s -= 1
        while e < n and not text[e].isspace():
            e += 1
        spans.append((s, e))
    return spans


@dataclass
class _Scan:
    """A text's windows, and their pieces of its fold (``resources.fold``; none when it has
    none), made once for every pattern run in them."""
    text: str
    low: Optional[str]
    windows: list[tuple[int, int]]
    pieces: list[str]
    joined: str = ""                            # the pieces, each after a NUL
    opens: Optional[Openers] = None             # where each pattern can open

    def matches(self, k: int) -> list[re.Match]:
        """The matches of pattern ``k`` of ``_scanned()`` in each window: tried only at the
        words it can open with when they are known (``resources.openings``), else in the
        windows whose piece holds one of the strings each of its matches contains
        (``resources.needs``)."""
        rx, needed = _scanned()[k]
        if self.low is not None and _opening_index().indexed[k]:
            if self.opens is None:
                self.opens = _opening_index().openers(self.low, self.windows)
            return self.opens.matches(k, rx, self.text)
        windows = self.windows if needed is None or self.low is None else self._holding(needed)
        found: list[re.Match] = []
        for ws, we in windows:
            found += rx.finditer(self.text, ws, we)
        return found

    def _holding(self, needed: frozenset) -> list[tuple[int, int]]:
        """The windows whose piece holds one of ``needed`` (a string with no NUL is in the
        joined pieces only when it is in one of them)."""
        strs = [s for s in needed if "\0" in s or s in self.joined]
        return [w for w, piece in zip(self.windows, self.pieces)
                if any(s in piece for s in strs)] if strs else []


def scan_text(text: str) -> _Scan:
    low = fold(text)
    windows = _windows(text, low)
    pieces = [low[s:e] for s, e in windows] if low is not None else []
    return _Scan(text, low, windows, pieces, joined="".join("\0" + p for p in pieces))


def candidates(scan: _Scan) -> list[Span]:
    """Every rule's matches in the windows: most rules skip most windows."""
    out = []
    for i in range(len(_RULES)):
        for m in scan.matches(i):
            s, e = m.span()
            if e > s:
                out.append(Span(s, e, i, m))
    return out


def day_ranges(scan: _Scan) -> list[re.Match]:
    """The day ranges the scan found ("September 23 and 27", "from 1 to 3 October"): the
    matches of the range patterns, scanned after the grammar's rules."""
    return [m for k in range(len(_RULES), len(_scanned())) for m in scan.matches(k)]


def resolve(sp: Span, ctx: Ctx) -> Optional[Value]:
    """The span's rule applied; None when the date falls off the calendar (year 1 to 9999):
    "5000 years ago", "yesterday" of 0001-01-01."""
    try:
        return _RULES[sp.rule][1](sp.match, ctx)
    except (OverflowError, ValueError):
        return None


def select(cands: list[Span], taken: bytearray, ctx: Ctx) -> list[Span]:
    """Longest span first, earlier rule on ties; drop any that overlaps a kept one or that its
    resolver rejects (so a rejected long reading leaves room for a shorter one)."""
    kept = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, c.rule, c.start)):
        if any(taken[c.start:c.end]):
            continue
        if resolve(c, ctx) is None:
            continue
        kept.append(c)
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
    return kept


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1] in " \t\n,":
        e -= 1
    return s, e


# the grammar: (regex, resolver), tried in this order; longer spans win, then earlier rules
_RULES: list[tuple[re.Pattern, Resolver]] = _compile_rules()


@functools.lru_cache(maxsize=1)
def _rule_needs() -> list[Optional[frozenset]]:
    """Strings one of which each rule's every match holds, in lower case (None: not known);
    read from the rules' parses on first use rather than at import (20 ms)."""
    return [needs(rx, folded=True) for rx, _ in _RULES]


@functools.lru_cache(maxsize=1)
def _opening_index() -> OpeningIndex:
    """The words each pattern of ``_scanned()`` can open with (``resources.openings``)."""
    return OpeningIndex([rx for rx, _ in _scanned()], WORD_RUN)


@functools.lru_cache(maxsize=1)
def _scanned() -> list[tuple[re.Pattern, Optional[frozenset]]]:
    """Each rule's pattern as it is scanned (``resources.skipping``: the same matches), then
    the day ranges', with the strings its matches need; made on first use."""
    return [(skipping(rx), needed) for (rx, _), needed in zip(_RULES, _rule_needs())] + \
        [(skipping(rx), needed) for rx, needed in RANGES]
