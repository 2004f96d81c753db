"""NER places: a GPE, LOC or FAC span trimmed to the place name inside it (no ``the``, possessive,
``province`` or office word), dropped when it is the article's person or organisation, a common
word or a facility the gazetteer lacks; and an unknown NER "place" that names an institution or
joins two places, split into the places inside it.
"""
from __future__ import annotations

from typing import Optional

from timeline.model import Entity

from ..gazetteer import FEATURE, NAME, POP, abbrev_key, key
from .lexicon import (CONNECTORS, DIRECTIONS, DIRECTION_RE, GENERIC_SUFFIX, INITIALS_RE,
                      INSTITUTION, LEADING_THE, LOWER_SUFFIX, MONTHS, NATURAL_WORDS,
                      NOT_PLACE_WORDS, OFFICE_TYPE_RE, PLACE_TYPES, SITE_NOUNS, SPACE_CAP,
                      STRONG_POP, WORD_RE)
from .matches import site_part
from .names import Candidate, _demonyms, dotted, major, place_framed
from .reading import Reading


def _ner_span_text(r: Reading, e: Entity) -> tuple[int, str]:
    """The place name inside an NER span: no ``the``, possessive, trailing comma or dot."""
    s, t = e.start, e.text
    m = LEADING_THE.match(t)
    if m:
        s += m.end()
        t = t[m.end():]
    if t.endswith(("'s", "’s")):
        t = t[:-2]
    t = t.rstrip(" ,")
    if t.endswith(".") and not r.gz.names.get(abbrev_key(t)) \
            and not INITIALS_RE.match(t[:-1]):
        t = t[:-1]
    return s, t


def ner_candidate(r: Reading, e: Entity) -> Optional[Candidate]:
    """An NER place (GPE, LOC; FAC when the gazetteer knows it), or None."""
    gz, text = r.gz, r.text
    s, t = _ner_span_text(r, e)
    if not t or not t[0].isupper() or t.lower() in DIRECTIONS or key(t) in MONTHS:
        return None
    g = LOWER_SUFFIX.search(t)
    if g and gz.ids(t[:g.start()]):
        # ``Kermanshah province``, ``Fargo city administrator``: the name is the place, the
        # lower-case generic word is not part of it
        t = t[:g.start()]
    ids = gz.ids(t) or gz.fold_ids(t)
    g = OFFICE_TYPE_RE.search(t)
    if g and SPACE_CAP.match(text[s + len(t):s + len(t) + 2]) and gz.ids(t[:g.start()]) \
            and (not ids or key(gz.entries[ids[0]][NAME]) != key(t)):
        # ``Fargo City Commissioner``: the type word belongs to the office, unless the
        # gazetteer's own name of the place has it (``Kansas City Star``)
        t = t[:g.start()]
        ids = gz.ids(t)
    if not ids:
        g = GENERIC_SUFFIX.search(t)
        if g:  # ``Aleppo Province``: the admin entry of the name, else the name itself
            base = gz.ids(t[:g.start()])
            ids = tuple(sorted(base, key=lambda i: gz.entries[i][FEATURE] != "admin"))
    if not ids and " " in t and t.split()[-1] in SITE_NOUNS and e.label in ("FAC", "LOC", "GPE"):
        # ``Independence Square``, ``Galata Bridge``: a site, placed at its city if one is named
        return Candidate(s, s + len(t), t, (), source="site", strong=True, label=e.label)
    if (e.label == "FAC" or any(ch.isdigit() for ch in t)) and not ids:
        return None   # an unknown facility; ``M23``, ``G7``: a group's or a meeting's name
    if ids and site_part(t) and gz.entries[ids[0]][FEATURE] in ("city", "locality") \
            and gz.entries[ids[0]][POP] < STRONG_POP:
        return None  # ``the East Gate`` of an airport, not Eastgate, Washington
    if ids and " " not in t and key(t) in r.stops and not any(
            gz.entries[i][FEATURE] in ("country", "admin", "region")
            or gz.entries[i][POP] >= STRONG_POP for i in ids[:3]):
        # ``the Valley``, ``Lincoln``: a common noun or a famous person's name the model
        # called a place, meaning no town of it (Valley, Alabama) unless a big one
        return None
    if t in r.person_words and not place_framed(text, s, s + len(t), gz) and not any(
            major(gz.entries[i]) for i in ids[:1]):
        return None  # ``Nelson said``, ``President Saakashvili``: the article's person
    if not ids and t in _demonyms():
        # ``Sri Lankan``: the demonym rule below places it when demonyms count as places;
        # otherwise ``Ukrainian drones`` names no place (nor the unknown-place fallback's)
        return None
    d = DIRECTION_RE.match(t)
    if not ids and d:
        # ``Northeast Georgia``, ``North Queensland``, ``Western Canada``: an area the
        # gazetteer does not name is tagged as the state or country it is part of
        base = gz.ids(t[d.end():])
        if base and gz.entries[base[0]][FEATURE] in ("country", "admin"):
            s, t, ids = s + d.end(), t[d.end():], base
    if t in r.org_names and not place_framed(text, s, s + len(t), gz) and not any(
            gz.entries[i][FEATURE] in ("country", "admin", "region") or gz.entries[i][POP] >= 1000
            for i in ids[:3]):
        return None  # ``United Way``, ``Titan``: the article's organisation, a hamlet at most
    return Candidate(s, s + len(t), t, ids, source="ner", strong=True, label=e.label)


def place_ner_spans(r: Reading, ner_spans: list[Candidate]) -> None:
    """NER places the gazetteer knows are places; an unknown one whose other words name an
    institution or join two places is the places inside it."""
    gz, text = r.gz, r.text
    for c in ner_spans:
        if c.ids:
            r.accept(c)
            continue
        if c.source == "site":
            r.chosen.append(c)
            continue
        inner = [g for g in r.scanned if g.start >= c.start and g.end <= c.end and not g.folded]
        rest = text[c.start:c.end]
        for g in sorted((g for g in inner if key(g.text) not in r.stops), key=lambda g: -g.start):
            rest = rest[:g.start - c.start] + " " + rest[g.end - c.start:]
        # ``Guernsey County Common Pleas Court``, ``North Las Vegas Police Department``,
        # ``United Way of America``, ``Norman to D.C``: an unknown NER "place" whose other words
        # name an institution (or that joins two places) is the places inside it
        inst = any((w.rstrip("'’s") in INSTITUTION and w not in PLACE_TYPES) or w in NOT_PLACE_WORDS
                   or (w.islower() and w not in CONNECTORS)    # ``Russia as Chechen``
                   for w in WORD_RE.findall(rest))
        if inst:
            inner = [g for g in inner if key(g.text) not in r.stops or dotted(g.text, gz)]
        natural = rest.split() and all(w in NATURAL_WORDS for w in rest.split())
        if natural and len(inner) == 1:
            c.ids = inner[0].ids   # ``the Naugatuck River``: placed at the place it is named after
        if inner and not natural and (inst or all(len(g.text) >= 0.6 * len(c.text) for g in inner)):
            r.chosen.extend(inner)
            r.accepted_keys.update(key(g.text) for g in inner)
        else:
            r.chosen.append(c)
