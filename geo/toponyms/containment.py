"""Where a place the gazetteer lacks or only approximates lies: a named place with no entry (``the
village of Akhur``, ``Wichita Drive``) takes the point of the place containing it, a county placed
at its state's centre moves to the article's town in that state, and a direction word before a
country (``northern Chad``) makes the mention that part of the country, at its own point.
"""
from __future__ import annotations

from collections import Counter

from timeline.model import Doc, PlaceMention

from ..country_parts import part_point
from ..gazetteer import CC, FEATURE, Gazetteer, LAT, LON, key
from .lexicon import _pattern
from .names import Candidate


PART_RE = _pattern("part_re")


def country_part(text: str, out: list[PlaceMention], gz: Gazetteer) -> None:
    """``northern Chad``, ``north-east Syria``, ``central Ukraine``: a lower-case direction word
    right before a country makes the mention that part of the country: a region named as
    written, at the point of the gazetteer's entry of that name when it has one (``western
    Libya``), else where the country's own regions put it (``country_parts.part_point``)."""
    for p in out:
        if p.feature != "country" or not p.country or p.lat is None:
            continue
        m = PART_RE.search(text, max(0, p.start - 20), p.start)
        if not m:
            continue
        written = text[m.start():p.end]
        curated = [i for i in gz.ids(written) if gz.entries[i][CC] == p.country
                   and gz.entries[i][FEATURE] in ("region", "admin")]
        point = part_point(gz, p.country, m.group(1), m.group(2) or m.group(3)) \
            if not curated else None
        if curated:    # the gazetteer names that part (``western Libya``: Tripolitania)
            p.lat, p.lon = gz.entries[curated[0]][LAT], gz.entries[curated[0]][LON]
        elif point:
            p.lat, p.lon = point
        else:
            continue
        p.start = m.start()
        p.text = text[p.start:p.end]
        p.name = p.text
        p.feature = "region"


def place_approx(out: list[PlaceMention], admin1: dict) -> None:
    """Entries with approximate coordinates (geonameid -1: US counties placed at their state's
    centre) move to the nearest-in-text town the article names in the same state."""
    for p in out:
        if p.geonameid != -1:
            continue
        p.geonameid = None
        same = [q for q in out if q.geonameid not in (-1, None) or q.feature in ("city", "locality")]
        same = [q for q in same if q.country == p.country and q.feature in ("city", "locality")
                and admin1.get(id(q)) == admin1.get(id(p))]
        if same:
            q = min(same, key=lambda q: abs(q.start - p.start))
            p.lat, p.lon = q.lat, q.lon


# What may contain a place the gazetteer lacks: any settlement or region; a site only a town
_CONTAINERS = {False: ("city", "admin", "locality", "region"), True: ("city", "locality")}


def contain_unknown(doc: Doc, cands: list[Candidate], out: list[PlaceMention]) -> None:
    """A named place the gazetteer lacks (``the village of Akhur``, ``Wichita Drive``) takes the
    coordinates of the containing place the same sentence names (``Afrin``), else the place the
    two sentences before name last, with that place's coarser feature. One sense per
    discourse: a later mention of the same name takes what its first placed mention took
    (``the village of Igoeti`` near ``Gori``; then ``arrived in Igoeti`` after ``Moscow``)."""
    named = Counter(q.country for q in out if q.country and q.lat is not None)
    main = named.most_common(1)[0][0] if named else None    # the story's country
    placed: dict[str, PlaceMention] = {}
    for c, p in zip(cands, out):
        if p.lat is not None or c.source not in ("container", "ner", "street", "gaz", "site") \
                or (c.label == "FAC" and c.source != "site"):
            continue
        first = placed.get(key(c.text))
        if first is not None:
            p.lat, p.lon, p.country, p.feature, p.score = \
                first.lat, first.lon, first.country, first.feature, first.score
            continue
        sent = next(((s, e) for s, e in doc.sentences if s <= p.start < e), (0, len(doc.text)))
        near = [q for q in out if q is not p and q.lat is not None and sent[0] <= q.start < sent[1]
                and q.feature in _CONTAINERS[c.source == "site"]]
        if not near:
            # ``the district’s Duyarli village``: the place the two sentences before name last,
            # in the story's own country when one of them is (``Igoeti`` in a story about
            # Georgia after ``Moscow`` said something)
            prev = [s for s in doc.sentences if s[1] <= sent[0]][-2:]
            lo = prev[0][0] if prev else sent[0]
            near = [q for q in out if q is not p and q.lat is not None and lo <= q.start < sent[0]
                    and q.feature in _CONTAINERS[c.source == "site"][:3] and q.country]
            home = [q for q in near if q.country == main]
            near = (home or near)[-1:]
        if not near:
            continue
        # the nearest town named in the sentence, else the nearest region
        box = min(near, key=lambda q: (q.feature not in ("city", "locality"), abs(q.start - p.start)))
        p.lat, p.lon, p.country = box.lat, box.lon, box.country
        p.feature = "region" if box.feature in ("admin", "region") else box.feature
        p.feature = "landmark" if c.source == "site" else p.feature
        p.score = 0.3
        placed[key(c.text)] = p
    for c, p in zip(cands, out):   # an earlier mention with no place before it (``Palma``)
        first = placed.get(key(c.text)) if p.lat is None else None
        if first is not None:
            p.lat, p.lon, p.country, p.feature, p.score = \
                first.lat, first.lon, first.country, first.feature, first.score
