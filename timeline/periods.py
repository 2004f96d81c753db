"""The calendar days a TIMEX3 value covers: a month-precision date is a month long, a
season or quarter its months, a range runs to its end. Plain date arithmetic (no pandas), so
the store, the store-side views and the dashboard's frame compute spans alike."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Optional

from .resources import pattern

_PATTERNS = Path(__file__).parent / "data" / "dates" / "dates_patterns.toml"
_DAY = pattern(_PATTERNS, "value_day")
_MONTH = pattern(_PATTERNS, "value_month")
_WEEK = pattern(_PATTERNS, "value_week")
_QUARTER = pattern(_PATTERNS, "value_quarter")
_SEASON = pattern(_PATTERNS, "value_season")
_HALF = pattern(_PATTERNS, "value_half")
_YEAR = pattern(_PATTERNS, "value_year")
_SEASONS = {"SP": (3, 6), "SU": (6, 9), "FA": (9, 12), "AU": (9, 12), "WI": (12, 15)}


def _add_months(year: int, month: int, n: int) -> date:
    m = month - 1 + n
    return date(year + m // 12, m % 12 + 1, 1)


def span(value: Optional[str]) -> Optional[tuple[date, date]]:
    """The days a TIMEX3 date value covers, as ``[first, last]`` inclusive; None when the
    value names no calendar period (``PAST_REF``, ``P3D``, ``XXXX-09-27``, null)."""
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _MONTH.match(value):
            first = date(int(m[1]), int(m[2]), 1)
            return first, _add_months(first.year, first.month, 1) - timedelta(days=1)
        if m := _WEEK.match(value):
            first = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return first, first + timedelta(days=6)
        if m := _QUARTER.match(value):
            q = int(m[2])
            first = date(int(m[1]), 3 * q - 2, 1)
            return first, _add_months(first.year, first.month, 3) - timedelta(days=1)
        if m := _SEASON.match(value):
            a, b = _SEASONS[m[2]]
            first = _add_months(int(m[1]), 1, a - 1)
            return first, _add_months(int(m[1]), 1, b - 1) - timedelta(days=1)
        if m := _HALF.match(value):
            first = date(int(m[1]), 1 if m[2] == "1" else 7, 1)
            return first, _add_months(first.year, first.month, 6) - timedelta(days=1)
        if m := _YEAR.match(value):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    except ValueError:       # 2020-02-31, week 54: not a calendar period
        return None
    return None


def event_span(value: Optional[str], end: Optional[str] = None) -> Optional[tuple[date, date]]:
    """The span of a date, stretched to the end of a range when ``end`` is given."""
    first = span(value)
    if first is None:
        return None
    last = span(end) if end else None
    if last and last[1] > first[1]:
        return first[0], last[1]
    return first
