"""Words an article uses for people and organisations: the surnames of PERSON entities, the name
after a title (``President Saakashvili``), a lone word beside a verb of speech (``Nelson said``),
and the names the model reads as organisations. One sense per discourse: a bare mention of such a
word is that person or organisation unless the text frames it as a place, so recognition reads
these before it judges a gazetteer match.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from timeline.resources import finditer, matches_at, prefix_tree

from ..gazetteer import FEATURE, Gazetteer, POP
from .lexicon import LEADING_THE, LOCATIVE, STRONG_POP, TITLES, _pattern
from .names import major, prev_word, tokens


PERSON_CUE_RES = (
    # a title before a name: ``President Saakashvili``, ``Capt. Roy A. Nelson``, ``coach Ripley``
    re.compile(r"\b(?i:" + prefix_tree({t.lower() for t in TITLES}) + r")\.?\s+"
               r"((?:[A-Z][a-z'’]+\.?\s+|[A-Z]\.\s+){0,2}[A-Z][a-z'’]+)\b(?!\s+[A-Z])"),
    # a lone capitalised word next to a verb of speech: ``Nelson said``, ``said Welch``
    _pattern("person_before_speech"),
    _pattern("person_after_speech"),
    # a first name, a middle initial and a surname: ``Tyrise M. Bell``, ``George W. Bush``
    _pattern("person_middle_initial"),
)


_TITLES_LOWER = frozenset(t.lower() for t in TITLES)


def _title_cues(text: str, toks: list) -> list:
    """``finditer`` of the title cue (``PERSON_CUE_RES[0]``), tried only where a match can
    start: its title is a whole word (a word boundary before it, a dot or a space after it), so
    a word of the article's tokens spelling a title (any non-ASCII word too: case folding beyond
    ASCII is left to ``re``), or a word after an apostrophe inside a token (``O'Gov.``). The
    case-insensitive alternation is otherwise tried at every character of the article."""
    rx = PERSON_CUE_RES[0]
    low = text.lower()
    if len(low) == len(text):    # (no letter lower-cased to two: the offsets hold)
        starts = [s for s, e in toks if (w := low[s:e]) in _TITLES_LOWER or not w.isascii()]
    else:
        starts = [s for s, e in toks if text[s:e].lower() in _TITLES_LOWER
                  or not text[s:e].isascii()]
    for mark in ("'", "’"):
        at = text.find(mark)
        while at >= 0:
            starts.append(at + 1)
            at = text.find(mark, at + 1)
    return matches_at(rx, text, sorted(starts), [(0, len(text))])


def _person_words(text: str, ents: list, gz: Gazetteer, toks: Optional[list] = None) -> set:
    """Words the article uses as a person's name: the later words of multi-word PERSON entities
    (``Jones`` after ``Tim Jones``), the surname after a title, a lone word before or after a
    verb of speech. One sense per discourse: every bare mention of such a word is that person
    unless the text frames it as a place (see ``place_framed``)."""
    # a town or region the model itself tags as a place twice or more (``Idlib`` in a PERSON
    # entity ``Maarat al-Numan Idlib``) is not taken for a surname (hamlets are: ``Brunson``)
    placed = Counter(e.text for e in ents if e.label in ("GPE", "LOC"))

    personal = Counter(w.rstrip(".,") for e in ents if e.label == "PERSON" for w in e.text.split())

    def surname(w: str) -> bool:
        return placed[w] < max(2, personal[w] + 1) or not any(
            gz.entries[i][FEATURE] in ("admin", "region", "country") for i in gz.ids(w)[:3])

    out = {w.rstrip(".,") for e in ents if e.label == "PERSON" and " " in e.text.strip()
           for w in e.text.split()[1:] if surname(w.rstrip(".,"))}
    toks = tokens(text) if toks is None else toks
    for n, rx in enumerate(PERSON_CUE_RES):
        for m in (_title_cues(text, toks) if n == 0 else finditer(rx, text)):
            w = m.group(1).split()[-1]
            if m.group(1).lower() in TITLES or w in out:
                continue
            if n == 3 and any(major(gz.entries[i]) for i in gz.ids(w)[:1]):
                continue  # ``Lyndon B. Johnson`` names a person; ``Georgia`` stays a state
            if n in (1, 2) and (prev_word(text, m.start(1)) in LOCATIVE or any(
                    gz.entries[i][POP] >= STRONG_POP or gz.entries[i][FEATURE] != "locality"
                    for i in gz.ids(w)[:3])):
                continue  # ``Tbilisi says``, ``from Brampton said``: a place speaking
            out.add(w)
    return out


def _org_names(ents: list) -> set:
    """Names the model reads as an organisation somewhere in the article: a whole ORG entity
    (``United Way``), or the words that open a longer one (``Titan`` of ``Titan Operating``,
    ``United Way`` of ``United Way of Metropolitan Atlanta``). One sense per discourse: a bare
    mention the model calls a place elsewhere is that organisation, unless the gazetteer knows
    a real place of the name or the text frames it as one."""
    out = set()
    for e in ents:
        if e.label != "ORG":
            continue
        t = LEADING_THE.sub("", e.text).strip()
        words = t.split()
        out.add(t)
        for n in range(1, len(words)):
            if words[n][:1].isupper() or words[n] in ("of", "for", "and", "&"):
                out.add(" ".join(words[:n]))
    return out
