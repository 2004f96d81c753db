"""Document context (``DocContext``): what the whole article says about where it is, read once before
any name is resolved (the countries and regions it names, the qualifiers after names, its demonyms
and the people the story is about, the US local-news lean, the points its names may mean), and the
tests against it: a place of a named country or region, or near another of the story's places
(``in_context``, ``in_region``). Also prominence (``_prominent``, ``prominent_sense``): a
country, a national capital or a world city is what a bare name means in world news; the context,
the namesake gates and the off-story test all ask it.
"""
from __future__ import annotations

import functools
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from timeline.resources import finditer

from ..gazetteer import ADM1, CC, FEATURE, Gazetteer, LAT, LON, NAME, POP, fold, key, km
from .lexicon import REGION_WRITTEN_RE
from .names import _demonyms, demonyms_written
from .us_news import _us_local
from .weights import (DEMONYM_GATE_MIN, DEMONYM_MAX, FOREIGN_MIN, NEAR_BAND, NEAR_KM,
                      W_DEMONYM, WORLD_CITY_POP)


def _prominent(i: int, gz: Gazetteer) -> bool:
    """A country, a national capital or a world city: what a bare name means in world news."""
    e = gz.entries[i]
    return e[FEATURE] == "country" or i in gz.capitals or (
        e[FEATURE] == "city" and e[POP] >= WORLD_CITY_POP)


@functools.lru_cache(maxsize=1 << 12)
def prominent_sense(k: str, i: int, gz: Gazetteer) -> bool:
    """Name ``k`` means prominent place ``i`` by its own name (or a country's alias), or a
    spelling of it (``Odessa`` for Odesa: the same transliteration-folded key), not by one of
    the many alternate names GeoNames lists (Paris is also ``Bali`` in some language). Cached:
    the context and the gate ask it of the same name and entry up to three times."""
    e = gz.entries[i]
    return _prominent(i, gz) and (e[FEATURE] == "country" or key(e[NAME]) == k
                                  or fold(e[NAME]) == fold(k))


@dataclass
class DocContext:
    """What the whole article says about where it is, weighing every ambiguous name in it."""

    named: set = field(default_factory=set)       # countries {(cc, "")} and regions {(cc, adm1)}
    quals: dict = field(default_factory=dict)     # name key -> qualifiers written after it
    cue_mass: Counter = field(default_factory=Counter)  # country -> pseudo-names (US cues, demonyms)
    us_local: bool = False                         # US local news (the lean fires)
    region_written: set = field(default_factory=set)  # ``Washington state``: the region meant
    # (name key, lat, lon) of the senses of the other names that may be meant: the prominent
    # ones of a name that has any, else all (``St. Thomas`` makes ``London`` Ontario's)
    anchors: list = field(default_factory=list)
    demonym_cc: set = field(default_factory=set)   # the people the story is about (``_demonym_context``)
    the_names: set = field(default_factory=set)    # names written after ``the`` (``the Rio Grande``)


def _demonym_context(text: str) -> tuple[Counter, set]:
    """From one scan of the demonyms written: country -> pseudo-names (``Chadian troops``; one
    ``W_DEMONYM`` per distinct demonym, capped at ``DEMONYM_MAX``), and the people the story is
    about: countries whose demonyms are written at least ``DEMONYM_GATE_MIN`` times (``Lebanese
    troops ... the Lebanese army``), whose real cities may be meant by a name a capital
    elsewhere also has. Once is an aside (``Canadian officials in London``)."""
    dem = _demonyms()
    written = Counter(name for _, _, name in demonyms_written(text))
    mass: Counter = Counter()
    mentions: Counter = Counter()
    for name, n in written.items():
        cc = dem[name][1]
        if cc:
            mass[cc] += W_DEMONYM
            mentions[cc] += n
    return (Counter({cc: min(v, DEMONYM_MAX) for cc, v in mass.items()}),
            {cc for cc, n in mentions.items() if n >= DEMONYM_GATE_MIN})


def _doc_context(text: str, cand_ids: dict, quals: dict, gz: Gazetteer) -> DocContext:
    """Countries and regions the article names outright, qualifiers, and the pseudo-names its
    conventions (US local news) and demonyms are worth."""
    ents = gz.entries
    ctx = DocContext(quals=quals)
    big: Counter = Counter()     # country -> its countries and admin-1 regions named
    for k, ids in cand_ids.items():
        top = ents[ids[0]]
        for i in ids[:3] if top[FEATURE] in ("country", "admin") else ():
            # a name that means a country or region first (``Georgia``: either); not a city
            # that shares its region's name (``Moscow``)
            e = ents[i]
            if e[FEATURE] in ("country", "admin") and e[CC] and (key(e[NAME]) == k or i == ids[0]):
                ctx.named.update({(e[CC], e[ADM1] if e[FEATURE] == "admin" else ""), (e[CC], "")})
        if top[CC] and top[FEATURE] in ("country", "admin"):
            big[top[CC]] += 1
        prominent = [i for i in ids[:8] if prominent_sense(k, i, gz)]
        for i in prominent or ids:
            if ents[i][FEATURE] in ("city", "locality", "admin"):
                ctx.anchors.append((k, ents[i][LAT], ents[i][LON]))
    for q in quals.values():
        ctx.named.update(q)
        ctx.named.update((cc, "") for cc, _ in q)
    ctx.cue_mass, ctx.demonym_cc = _demonym_context(text)
    foreign = sum(v for cc, v in big.items() if cc != "US")
    # (the cues are read only where the foreign names leave the lean possible)
    if (foreign < FOREIGN_MIN or foreign <= big["US"]) and (us_w := _us_local(text)):
        ctx.us_local = True
        ctx.cue_mass["US"] += us_w
    ctx.region_written = {key(m.group(1) or m.group(2)) for m in finditer(REGION_WRITTEN_RE, text)}
    ctx.anchors.sort(key=_latitude)    # ``in_region`` reads a band of latitudes
    return ctx


def in_context(k: str, e: tuple, ctx: DocContext) -> bool:
    """The story names ``e``'s country or region, or another of its places is near ``e``."""
    return (e[CC], "") in ctx.named or in_region(k, e, ctx)


def in_region(k: str, e: tuple, ctx: DocContext) -> bool:
    """The story names ``e``'s admin-1 region, or another of its places is near ``e``."""
    if (e[CC], e[ADM1]) in ctx.named:
        return True
    anchors, lat = ctx.anchors, e[LAT]
    for j in range(bisect_left(anchors, lat - NEAR_BAND, key=_latitude), len(anchors)):
        k2, la, lo = anchors[j]
        if la > lat + NEAR_BAND:
            return False
        if k2 != k and abs(la - lat) < 1.5 and km(lat, e[LON], la, lo) < NEAR_KM:
            return True
    return False


def _latitude(point: tuple) -> float:
    return point[1]
