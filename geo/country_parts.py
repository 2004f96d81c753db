"""Where readers put a part of a country named by a direction (``southern Mexico``,
``north-east Syria``, ``central Philippines``).

Issue 12: a directional region is the region of the country, at its own point. The point comes
from the country's admin-1 regions (their centres in the gazetteer), not from its outline's
bounding box: a box puts ``southern Mexico`` in the middle-west (18.7, -101.5), where the
regions say Chiapas, Oaxaca, Guerrero and Tabasco (17.5, -95), and it cannot tell that
Mexico runs diagonally or that the Philippines are islands. Regions are where the country is
divided and lived in, so their centres follow its shape.

- ``north``/``south``/``east``/``west`` and their pairs: the regions at the far end along
  that direction, the mean of two readings of "far end" (those within the last ``SPREAD`` of
  the spread of the centres, and the ``SHARE`` of regions furthest that way: the first alone
  overweights one remote region, the second a crowd of small ones);
- ``central``: the ``SHARE`` of regions nearest the mean of all centres.

The fractions were chosen on 70 directional regions of 35 countries against the points an
atlas gives them (``tests/test_regions.py``): median error 88 km, against 181 km for the box.

Overseas regions (French Guiana for France, Hawaii for the US) are left out: centres further
than ``OVERSEAS`` times the median distance from the median centre. A country with fewer than
``MIN_REGIONS`` regions in the gazetteer falls back to its main outline's box
(``borders.main_box``), ``BOX_FRACTION`` of the way across.
"""
from __future__ import annotations

import functools
import math
from typing import Optional

from .borders import main_box
from .gazetteer import CC, FEATURE, LAT, LON, Gazetteer, km

SPREAD = 0.25           # the far quarter of the spread of the centres along the direction
SHARE = 0.2             # the fifth of the regions furthest that way (or nearest the middle)
OVERSEAS = 4.0          # median distances from the median centre beyond which a region is overseas
MIN_REGIONS = 3
BOX_FRACTION = {"north": 0.8, "south": 0.2, "east": 0.8, "west": 0.2}
_NS = {"north": 1.0, "south": -1.0}
_EW = {"east": 1.0, "west": -1.0}

Point = tuple[float, float]


def _mean(pts: list[Point]) -> Point:
    return sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)


def _median(values: list[float]) -> float:
    s = sorted(values)
    return s[len(s) // 2]


def _home(pts: list[Point]) -> list[Point]:
    """The centres less overseas ones (see ``OVERSEAS``)."""
    if len(pts) < MIN_REGIONS:
        return pts
    mid = (_median([p[0] for p in pts]), _median([p[1] for p in pts]))
    far = OVERSEAS * _median([km(*p, *mid) for p in pts])
    return [p for p in pts if km(*p, *mid) <= far]


@functools.lru_cache(maxsize=2)
def admin_centres(gz: Gazetteer) -> dict[str, list[Point]]:
    """``country code -> [(lat, lon)]``: the centres of its admin regions in the gazetteer,
    overseas ones left out."""
    by_columns = getattr(gz.entries, "points_by_country", None)   # a loaded index
    pts: dict = by_columns("admin") if by_columns else {}
    for e in gz.entries if not by_columns else ():                  # an index built in memory
        if e[FEATURE] == "admin" and e[CC]:
            pts.setdefault(e[CC], []).append((e[LAT], e[LON]))
    return {cc: _home(ps) for cc, ps in pts.items()}


def _far_end(pts: list[Point], ns: Optional[str], ew: Optional[str]) -> Point:
    """The mean of the two readings of the regions at the far end (module docstring)."""
    dy, dx = _NS.get(ns or "", 0.0), _EW.get(ew or "", 0.0)
    norm = math.hypot(dy, dx)
    c = math.cos(math.radians(_mean(pts)[0]))
    along = [(p[0] * dy + p[1] * c * dx) / norm for p in pts]
    lo, hi = min(along), max(along)
    by_spread = [p for p, a in zip(pts, along) if a >= hi - SPREAD * (hi - lo)]
    order = sorted(range(len(pts)), key=lambda i: -along[i])
    by_share = [pts[i] for i in order[:max(1, round(SHARE * len(pts)))]]
    return _mean([_mean(by_spread), _mean(by_share)])


def _middle(pts: list[Point]) -> Point:
    """The mean of the ``SHARE`` of regions nearest the mean of all centres."""
    centre = _mean(pts)
    near = sorted(pts, key=lambda p: km(*p, *centre))
    return _mean(near[:max(1, round(SHARE * len(pts)))])


def part_point(gz: Gazetteer, cc: str, ns: Optional[str], ew: Optional[str]) -> Optional[Point]:
    """Where readers put the part of country ``cc`` that lies ``ns``/``ew`` (``north``,
    ``south``; ``east``, ``west``; both None: ``central``), rounded to 4 decimals; None when
    the gazetteer knows neither its regions nor its outline."""
    pts = admin_centres(gz).get(cc, [])
    if len(pts) >= MIN_REGIONS:
        lat, lon = _far_end(pts, ns, ew) if ns or ew else _middle(pts)
    else:
        box = main_box(cc)
        if box is None:
            return None
        la0, la1, lo0, lo1 = box
        lat = la0 + BOX_FRACTION[ns] * (la1 - la0) if ns else (la0 + la1) / 2
        lon = lo0 + BOX_FRACTION[ew] * (lo1 - lo0) if ew else (lo0 + lo1) / 2
    return round(lat, 4), round(lon, 4)
