"""The candidate record (``Candidate``) and what the text around a name says of it, asked by
recognition and resolution alike: the article's word spans, the word before a name, a qualifier
after it (``Alexandria, La.``), a place frame (``in X``, ``the outskirts of X``), dotted
abbreviations, stop words, the demonym table and where demonyms are written, and the key that
groups a candidate's mentions (one sense per discourse). It sits below both halves so that neither
imports the other.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Optional

from timeline.resources import finditer, prefix_tree

from ..demonyms import demonyms
from ..gazetteer import ADM1, CC, FEATURE, Gazetteer, POP, abbrev_key, key
from .lexicon import (COMMON, DIRECTION_ADJECTIVES, INITIALS_RE, LOCATIVE, MONTHS, PREV_WORD_RE,
                      QUALIFIER_AFTER, QUALIFIER_IN, SENTENCE_END_RE, TITLES, TOKEN_RE, _pattern)


@dataclass
class Candidate:
    """A span that may be a place, and what made us think so."""

    start: int
    end: int
    text: str
    ids: tuple = ()
    source: str = "gaz"             # gaz, ner, street, container, demonym
    strong: bool = False            # trusted without NER support
    label: str = ""                 # the NER label covering it, if any
    fixed: Optional[tuple] = None   # (name, lat, lon, cc, feature) decided outside the gazetteer
    folded: bool = False            # matched only by the transliteration-folding key


@functools.lru_cache(maxsize=1)
def _demonyms() -> dict:
    """Demonym as written → (place, ISO2 or None), from the one table ``geo.demonyms``."""
    return {d.form: (d.place, d.country or None) for d in demonyms().values()}


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset:
    try:
        from spacy.lang.en.stop_words import STOP_WORDS
    except Exception:
        STOP_WORDS = set()
    return frozenset(STOP_WORDS) | MONTHS | COMMON | TITLES | DIRECTION_ADJECTIVES | {"pct", "no", "ms"}


def tokens(text: str) -> list[tuple[int, int]]:
    """Word spans, a possessive ``'s`` cut off (``Martha's`` is ``Martha``)."""
    spans = list(map(re.Match.span, TOKEN_RE.finditer(text)))
    cut = []        # (index, span) of the words ending in a possessive, found by bisection
    for mark in ("'s", "’s"):
        at = text.find(mark)
        while at >= 0:
            j = bisect_left(spans, (at + 2,)) - 1      # the last word starting before its end
            if j >= 0 and spans[j][1] == at + 2 and at - spans[j][0] > 0:
                cut.append((j, (spans[j][0], at)))
            at = text.find(mark, at + 1)
    for j, span in cut:
        spans[j] = span
    return spans


def prev_word(text: str, start: int) -> str:
    """The word right before ``start`` (lower-case, no final dot), or "" when a comma or
    semicolon comes between (``Orchard St., Alexandria``: not a title before Alexandria)."""
    return _last_word(text[max(0, start - 30):start])


@functools.lru_cache(maxsize=4096)
def _last_word(before: str) -> str:
    """``prev_word`` of the 30 characters before a mention: the rules ask it of the same
    mention several times, and of the same words across articles (``in``, ``the town of``);
    keyed by those characters, so that the cache holds no article."""
    m = PREV_WORD_RE.search(before)
    return m.group(1).lower().rstrip(".") if m else ""


def sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start]
    return start == 0 or before.strip() == "" and ("\n" in before or start < 3) or \
        bool(SENTENCE_END_RE.search(text[max(0, start - 4):start]))


def major(e: tuple) -> bool:
    """A country, or an admin-1 region with a real population (not the floor given to regions
    outside the US): names too big to be taken for a person's (``Georgia``, not ``Nelson``)."""
    return e[FEATURE] == "country" or (e[FEATURE] == "admin" and e[POP] > 200_000)


OF_FRAME_RE = _pattern("of_frame_re")


def place_framed(text: str, start: int, end: int, gz: Gazetteer) -> bool:
    """``in X``, ``X, Ga.``, ``the airport of X``, ``the outskirts of X``, ``south of X``: the
    text itself says X is a place."""
    return prev_word(text, start) in LOCATIVE or qualifier(text, end, gz) is not None \
        or OF_FRAME_RE.search(text, max(0, start - 40), start) is not None


def dotted(name: str, gz: Gazetteer) -> bool:
    """``U.S.``, ``D.C.``, ``S.C.``: an abbreviation written with dots is never the stop word its
    letters spell (``us``)."""
    return "." in name and (INITIALS_RE.match(name.rstrip(".")) is not None
                            or bool(gz.names.get(abbrev_key(name))))


def qualifier(text: str, end: int, gz: Gazetteer) -> Optional[set]:
    """Countries/states written right after a name: ``Alexandria, La.``, ``Tripoli, Lebanon``,
    ``Tripoli in northern Lebanon``."""
    m = QUALIFIER_AFTER.match(text[end:end + 40]) or QUALIFIER_IN.match(text[end:end + 50])
    if not m:
        return None
    q = m.group(1).strip()
    for cut in range(len(q), 0, -1):
        sub = q[:cut].rstrip(" ,")
        if not sub or (q[len(sub):].lstrip(" ")[:1].isupper() and not sub.endswith(".")):
            # ``Malang, East Java``: the qualifier is the whole name, not ``East`` (Cameroon's
            # region); ``Springfield, Ill. Police`` keeps its dotted abbreviation
            continue
        ids = gz.names.get(abbrev_key(sub), ()) or gz.names.get(key(sub), ())
        places = [gz.entries[i] for i in ids if gz.entries[i][FEATURE] in ("country", "admin")]
        if places:
            out = set()
            for p in places:
                out.add((p[CC], p[ADM1] if p[FEATURE] == "admin" else ""))
                if p[FEATURE] == "admin" and p[CC] != "US":
                    # the two sources code admin-1 regions alike only in the US (GeoNames
                    # numbers Ontario 08, countrystatecity writes ON): elsewhere the country
                    # is what a region qualifier can check (``Hyderabad, Sindh``)
                    out.add((p[CC], ""))
            return out
    return None


@functools.lru_cache(maxsize=1)
def _demonym_re() -> re.Pattern:
    return re.compile(r"\b(" + prefix_tree(_demonyms()) + r")\b")


@functools.lru_cache(maxsize=4)
def demonyms_written(text: str) -> tuple:
    """``(start, end, demonym)`` of every demonym written in ``text``: one scan of an article
    serves recognition (``demonyms_datelines_streets``) and resolution (``_demonym_context``)."""
    return tuple((m.start(1), m.end(1), m.group(1)) for m in finditer(_demonym_re(), text))


def ids_of(c: Candidate, gz: Gazetteer) -> tuple:
    dem = _demonyms()
    if c.source == "demonym" and c.text in dem:
        place, cc = dem[c.text]
        ids = gz.ids(place)
        return tuple(i for i in ids if not cc or gz.entries[i][CC] == cc) or ids
    return c.ids


def name_key(c: Candidate) -> str:
    return key(c.text) if c.source != "demonym" else key(_demonyms()[c.text][0])
