"""Corroboration: events of different articles that report the same happening.

Two events corroborate each other when they come from different articles and

- have the same type (``casualties`` counts as the same happening as an ``attack``);
- have compatible dates: the same value at the coarser precision of the two, overlapping
  ranges, or, when a date only stands in for the publication day (``basis: "reported"``), the
  other date falls on or before it within ``REPORTED_WINDOW_DAYS`` (a report comes after what
  it reports);
- and share where or who: locations within ``NEAR_KM`` (or the same country when one is a
  country), or a shared canonical actor name that is not merely a country.

Each event gets the ids of its corroborating events in ``corroborated_by`` and its confidence
raised by a share of its remaining doubt per independent article. Inputs are not modified.
"""
from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta
from typing import Optional

from .model import Event, EventDate

NEAR_KM = 50.0
REPORTED_WINDOW_DAYS = 14
BOOST = 0.3
_SAME_HAPPENING = {"casualties": "attack"}
_KM_PER_DEGREE_LAT = 6371.0 * math.pi / 180     # a great circle is never shorter


def corroborate(events: list[Event]) -> list[Event]:
    """The events, each with ``corroborated_by`` filled and confidence raised."""
    by_type: dict[str, list[int]] = {}
    for i, ev in enumerate(events):
        by_type.setdefault(kind(ev.event_type), []).append(i)
    links: dict[int, set[int]] = {i: set() for i in range(len(events))}
    for idx in by_type.values():
        for n, i in enumerate(idx):
            for j in idx[n + 1:]:
                if same_happening(events[i], events[j]):
                    links[i].add(j)
                    links[j].add(i)
    out = []
    for i, ev in enumerate(events):
        others = sorted({events[j].event_id for j in links[i]} | set(ev.corroborated_by))
        conf = boosted(ev.confidence, len({events[j].article_id for j in links[i]}))
        out.append(replace(ev, corroborated_by=others, confidence=conf)
                   if others != ev.corroborated_by else ev)
    return out


def boosted(confidence: float, articles: int) -> float:
    """Confidence raised by a share of its remaining doubt per independent article."""
    conf = confidence
    for _ in range(articles):
        conf += (1 - conf) * BOOST
    return round(min(conf, 0.99), 3) if articles else confidence


def unboosted(confidence: float, articles: int) -> float:
    """The extraction's confidence behind ``boosted`` (for stores written before the base
    confidence was kept; exact up to rounding, and below the 0.99 cap)."""
    return round(1 - (1 - confidence) / (1 - BOOST) ** articles, 3) if articles else confidence


def link_window(ev: Event) -> Optional[tuple[int, int]]:
    """The days (ordinals, inclusive) an event can match another's date in: its span, reaching
    ``REPORTED_WINDOW_DAYS`` back when the date only stands for the report. Two events whose
    windows do not overlap are never ``dates_compatible``: the store's blocking key."""
    s = _span(ev.date) if ev.date else None
    if s is None:
        return None
    lo, hi = s[0].toordinal(), s[1].toordinal()
    return (lo - REPORTED_WINDOW_DAYS if ev.date.basis == "reported" else lo), hi


def kind(event_type: str) -> str:
    """The happening an event type counts as for corroboration."""
    return _SAME_HAPPENING.get(event_type, event_type)


def same_happening(a: Event, b: Event) -> bool:
    if a.article_id == b.article_id or kind(a.event_type) != kind(b.event_type):
        return False
    if not dates_compatible(a.date, b.date):
        return False
    return places_near(a, b) or bool(_actors(a) & _actors(b))


def _span(d: EventDate) -> Optional[tuple[date, date]]:
    """First and last day a TIMEX3 date covers (day, month, year; weeks are ISO weeks)."""
    try:
        v = d.value
        if d.precision == "day":
            lo = date.fromisoformat(v[:10])
            hi = date.fromisoformat(d.end[:10]) if d.end and len(d.end) >= 10 else lo
        elif d.precision == "week":
            y, w = v.split("-W")
            lo = date.fromisocalendar(int(y), int(w[:2]), 1)
            hi = lo + timedelta(days=6)
        elif d.precision == "month":
            y, m = int(v[:4]), int(v[5:7])
            lo = date(y, m, 1)
            hi = (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1))
        else:
            lo, hi = date(int(v[:4]), 1, 1), date(int(v[:4]), 12, 31)
        return lo, hi
    except (ValueError, TypeError, IndexError):
        return None


def dates_compatible(a: Optional[EventDate], b: Optional[EventDate]) -> bool:
    if a is None or b is None:
        return False
    sa, sb = _span(a), _span(b)
    if sa is None or sb is None:
        return False
    if a.basis == "reported" and b.basis == "reported":
        return abs((sa[0] - sb[0]).days) <= 1
    if a.basis == "reported":
        return sa[0] - timedelta(days=REPORTED_WINDOW_DAYS) <= sb[1] and sb[0] <= sa[0]
    if b.basis == "reported":
        return sb[0] - timedelta(days=REPORTED_WINDOW_DAYS) <= sa[1] and sa[0] <= sb[0]
    return sa[0] <= sb[1] and sb[0] <= sa[1]


def places_near(a: Event, b: Event) -> bool:
    la, lb = a.location, b.location
    if la is None or lb is None or la.lat is None or lb.lat is None:
        return False
    if "country" in (la.feature, lb.feature):
        return la.country is not None and la.country == lb.country
    if abs(la.lat - lb.lat) * _KM_PER_DEGREE_LAT > NEAR_KM:    # cheap and exact: no nearer
        return False
    return _km(la.lat, la.lon, lb.lat, lb.lon) <= NEAR_KM


def _actors(e: Event) -> set[str]:
    return {a.name.lower() for a in e.actors if a.category != "state" and a.name}


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
