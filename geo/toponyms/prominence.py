"""Prominence: a country, a national capital or a world city is what a bare name means in world news.
The document context, the namesake gates and the off-story test all ask it, so it sits below them.
"""
from __future__ import annotations

import functools

from ..gazetteer import FEATURE, Gazetteer, NAME, POP, fold, key
from .weights import WORLD_CITY_POP


def _prominent(i: int, gz: Gazetteer) -> bool:
    """A country, a national capital or a world city: what a bare name means in world news."""
    e = gz.entries[i]
    return e[FEATURE] == "country" or i in gz.capitals or (
        e[FEATURE] == "city" and e[POP] >= WORLD_CITY_POP)


@functools.lru_cache(maxsize=1 << 12)
def _prominent_sense(k: str, i: int, gz: Gazetteer) -> bool:
    """Name ``k`` means prominent place ``i`` by its own name (or a country's alias), or a
    spelling of it (``Odessa`` for Odesa: the same transliteration-folded key), not by one of
    the many alternate names GeoNames lists (Paris is also ``Bali`` in some language). Cached:
    the context and the gate ask it of the same name and entry up to three times."""
    e = gz.entries[i]
    return _prominent(i, gz) and (e[FEATURE] == "country" or key(e[NAME]) == k
                                  or fold(e[NAME]) == fold(k))
