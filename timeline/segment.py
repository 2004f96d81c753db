"""Sentence segmentation for news text.

News breaks the assumptions of general splitters in known ways, handled here by rules rather
than a model so that offsets stay exact and nothing depends on the parser:

- a line break ends a sentence (headlines, bylines, captions and list items sit on their
  own lines, and some sites put one sentence a line), except a break inside a sentence of
  hard-wrapped wire copy: the line has no closing punctuation and either the next line goes
  on in lower case ("as\nlooting turned deadly") or the line's last sentence began inside it
  ("over the death toll. President\nBenigno Aquino said"), which no heading does;
- a period after an abbreviation (``Gen.``, ``Sept. 27``, ``U.S. officials``, initials) does
  not end a sentence; a period after a dotted acronym does when the next word is a typical
  sentence opener ("... sanctions on the U.S. The ministry ...");
- closing quotes and brackets after the full stop belong to the sentence they close;
- a dateline (``BAKU –``, ``BEIRUT, LEBANON (5:45 P.M.) –``,
  ``YEREVAN (UrduPoint News / Sputnik - 07th October, 2020)``) is split off as its own span so
  that evidence sentences start where the story starts.

``is_heading`` tells the events stage which spans are headlines, decks or bylines (one line
with no closing punctuation), which report nothing on their own.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from .resources import pattern, words

# The knowledge (abbreviations, sentence openers, datelines, …) is in that file, each entry
# with examples; the rules below only combine it.
PATTERNS = Path(__file__).parent / "data" / "segment_patterns.toml"
_ABBREV = words(PATTERNS, "abbreviation")
_MONTHS = words(PATTERNS, "month_abbreviation")
_OPENERS = words(PATTERNS, "sentence_opener")
_CANDIDATE = pattern(PATTERNS, "candidate")
_DATELINE = pattern(PATTERNS, "dateline")
_WORD_BEFORE = pattern(PATTERNS, "word_before_stop")
_WORD_AFTER = pattern(PATTERNS, "word_after_stop")
_SOFT_BREAK = pattern(PATTERNS, "soft_break")
_CLOSING = pattern(PATTERNS, "closing_punctuation")
_CREDIT = pattern(PATTERNS, "bracketed_credit")
# a run of word characters: the words of a text, which the stages after it look up
WORD_RUN = pattern(PATTERNS, "word_run")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence, stripped of surrounding white space."""
    return list(iter_sentences(text))


def iter_sentences(text: str) -> Iterator[tuple[int, int]]:
    """``sentences`` one at a time, in order: a caller after the sentence at an offset stops
    there instead of splitting the rest of a long paragraph."""
    spans: list[tuple[int, int]] = []
    for start, end in _lines(text):
        start = _dateline(text, start, end, spans)
        pos = start
        for m in _CANDIDATE.finditer(text, start, end):
            if _is_boundary(text, m.start(), m.end()):
                _add(text, pos, m.end(), spans)
                pos = m.end()
                yield from spans
                spans.clear()
        _add(text, pos, end, spans)
        yield from spans
        spans.clear()


def _lines(text: str):
    """(start, end) of each non-empty line of ``text``, a line wrapped inside a sentence
    taken together with the lines it goes on in (``_wrapped``)."""
    start, n = 0, len(text)
    while start < n:
        end = text.find("\n", start)
        end = n if end < 0 else end
        while end < n and _wrapped(text, start, end):
            nxt = text.find("\n", end + 1)
            end = n if nxt < 0 else nxt
        if end > start:
            yield start, end
        start = end + 1


def _wrapped(text: str, start: int, end: int) -> bool:
    """Whether the line break at ``end`` falls inside a sentence: the line (from ``start``)
    has no closing punctuation, the next line is not blank and goes on in lower case, or the
    line's last sentence started inside the line after a full stop (a heading never does)."""
    line = text[start:end].rstrip()
    nxt = text[end + 1:end + 2]
    if not line or not nxt.strip() or _CLOSING.search(line) or _CREDIT.search(line):
        return False
    if nxt.islower():
        return True
    return nxt.isupper() and any(_is_boundary(text, m.start(), m.end())
                                 for m in _CANDIDATE.finditer(text, start, end))


def _dateline(text: str, start: int, end: int, spans: list) -> int:
    """Split a leading dateline off the paragraph; return where the story starts."""
    line = text[start:end]
    m = _DATELINE.match(line)
    if not m or m.end() >= len(line):
        return start
    head = line[:m.end()]
    rest = line[m.end():]
    # a dateline needs a separator (dash or parenthesis) and a sentence after it
    if not head.rstrip().endswith(("–", "—", "-", ")")) \
            or not (rest[:1] in ('"', "“", "‘") or "A" <= rest[:1] <= "Z"):
        return start
    _add(text, start, start + m.end(), spans)
    return start + m.end()


def _is_boundary(text: str, stop: int, after: int) -> bool:
    """Whether the punctuation run ``text[stop:after]`` ends a sentence."""
    if text[stop] != ".":
        return True
    m = _WORD_BEFORE.search(text, max(0, stop - 20), stop)
    if not m:
        return True
    word = m.group(1)
    nxt = _WORD_AFTER.match(text, after, after + 40)
    nxt_word = nxt.group(1) if nxt else ""
    low = word.lower()
    if low in _ABBREV:
        return False
    if low in _MONTHS:
        return not nxt_word[:1].isdigit()
    if len(word) == 1 and word.isupper():           # an initial: "Donald J. Trump"
        return False
    if "." in word:                                 # U.S. / U.N. / a.m.
        return nxt_word.lower() in _OPENERS
    return True


# No news sentence comes near this (the longest in the dev sets is under 400 characters);
# text without breaks is cut here so that every per-sentence step works on a bounded window.
MAX_SENTENCE = 1000


def _add(text: str, start: int, end: int, spans: list) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = _cut(text, start, start + MAX_SENTENCE)
        _add(text, start, cut, spans)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))


def _cut(text: str, start: int, limit: int) -> int:
    """Where to cut an over-long sentence: after the last clause mark (comma, semicolon, dash)
    in its final third, else at the last white space, else hard at ``limit``."""
    floor = start + (limit - start) * 2 // 3
    best = space = None
    for m in _SOFT_BREAK.finditer(text, floor, limit):
        if m.group(0)[0].isspace():
            space = m.start()
        else:
            best = m.start() + 1
    return best or space or limit


def line_around(text: str, s: int, e: int) -> tuple[int, int]:
    """(start, end) of the line(s) holding ``text[s:e]``, without their line breaks."""
    le = text.find("\n", e)
    return text.rfind("\n", 0, s) + 1, len(text) if le < 0 else le


def is_heading(text: str, span: tuple[int, int]) -> bool:
    """A headline, deck, byline or dateline: a whole line without closing punctuation.

    Photo captions often lack a full stop too but carry a credit in brackets
    (``[Kerem Kocalar/ Anadolu Agency]``) or a date at the end; those are kept.
    """
    s, e = span
    line_start, line_end = line_around(text, s, e)
    line = text[line_start:line_end].strip()
    if text[s:e].strip() != line:
        # part of a longer line: only a split-off dateline counts as heading
        return s == line_start and bool(_DATELINE.fullmatch(text[s:e] + " "))
    if _CLOSING.search(line) or _CREDIT.search(line):
        return False
    return True


def is_standfirst(text: str, span: tuple[int, int]) -> bool:
    """A deck/standfirst: a whole line right under a headline in the article's first block,
    with a byline or date line still to come in that block ("Headline / Deck. / Caption /
    Byline / Date"). It restates the story told below, so it reports nothing of its own.
    A line of wrapped body text (``_wrapped``) is no byline."""
    s, e = span
    ls, le = line_around(text, s, e)
    if text[ls:le].strip() != text[s:e].strip() or "\n\n" in text[:ls].strip("\n"):
        return False
    if ls == 0:
        return False
    ps = text.rfind("\n", 0, ls - 1) + 1
    if not is_heading(text, (ps, ls - 1)) or not text[ps:ls - 1].strip():
        return False
    block_end = text.find("\n\n", le)
    block_end = len(text) if block_end < 0 else block_end
    pos, seen = le + 1, 0
    while pos < block_end and seen < 3:
        nxt = text.find("\n", pos)
        nxt = block_end if nxt < 0 or nxt > block_end else nxt
        if text[pos:nxt].strip() and not _wrapped(text, pos, nxt) \
                and not _wrapped(text, text.rfind("\n", 0, pos - 1) + 1, pos - 1) \
                and is_heading(text, (pos, nxt)):
            return True
        pos, seen = nxt + 1, seen + 1
    return False
