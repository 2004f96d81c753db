"""What a resolver returns (``Value``) and reads (``Ctx``: text, anchor, parse and what
the text told so far, and how far that reaches), and the small helpers every resolver shares:
ISO days and weeks, calendar arithmetic (months, shifts by a unit, the nth weekday), a day's
value at a unit's granularity, quarters, year and number words, TIMEX3 durations, the
sentence around a span and the quarter under discussion. Kept apart so that the resolvers,
the scan and the composition all build on the same records without importing each other.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable, Optional

from ..config import Settings
from .lexicon import dates_rx, ORDINAL_FIGURE, ORDINAL_NUM, SMALL, TENS, UNITS, VAGUE, VOCAB


# ---------------------------------------------------------------------------------------
# What a resolver returns and the context it reads
# ---------------------------------------------------------------------------------------
@dataclass
class Value:
    type: str
    value: Optional[str]
    mod: Optional[str] = None
    relative: bool = False
    end_value: Optional[str] = None
    day: Optional[date] = None          # the day it denotes, when day precision (narrative)
    compare: bool = False               # a year-ago comparison: not the quarter under discussion
    point: Optional[str] = None         # an anchored duration's reach ("two days later")
    span_end: Optional[int] = None      # where the mention ends, when short of the match
    span_start: Optional[int] = None    # where it starts, when after the match's start
    clock: Optional[tuple[int, int]] = None  # a clock time that may open a range of hours:
    #                                          (where its hour starts, its 24-hour hour)


@dataclass
class Ctx:
    text: str
    anchor: Optional[date]
    settings: Settings
    narrative: Optional[date] = None    # last day-precision date named in the text
    narrative_end: int = 0              # where it ends
    parsed: object = None               # spaCy Doc of ``text``: tense from the governing verb
    told: Optional[tuple[date, int]] = None   # last date named (day, digits of precision)
    last_quarter: Optional[tuple[int, str]] = None   # (offset, value) of the last quarter named
    told_end: int = 0                   # where the last date told ends
    written: Optional[tuple[date, int, int]] = None  # last month or day written with its year:
    #                                                  (day, digits of precision, end offset)
    words: dict = field(default_factory=dict)   # (start, end) → the parse's words there
    governors: dict = field(default_factory=dict)  # (start, end) → governing_verb's answer
    clock: Optional[tuple[int, int, int]] = None  # last clock time told that may open a
    #                                  range of hours: (its hour's start, its end, its hour)
    weekdays: dict = field(default_factory=dict)  # where a weekday's name starts → (its
    #                       match's start, end, whether a modifier or a span decided it); else
    #                       ``relative.weekday_told`` reads its clause if the article needs it
    leads: Optional[list] = None        # the chronology lines' leads (absolute.chronology_year)


_SPAN_REACH = 60                    # how far back in its sentence a span's start is looked for


def in_reach(ctx: Ctx, told_end: int, start: int) -> bool:
    """Is a mention told at ``told_end`` just before ``start`` in the same sentence (within
    ``_SPAN_REACH``), close enough to be read with it ("In 2014, ... on March 5", "from
    Thursday ... through Sunday")?"""
    return 0 <= start - told_end <= _SPAN_REACH and ". " not in ctx.text[told_end:start]


# how far back a month written with its year still sets the year of a bare month after it:
# about two sentences of news prose, the reach of a narrative passage
NARRATIVE_REACH = 300


Resolver = Callable[[re.Match, Ctx], Optional[Value]]

# ---------------------------------------------------------------------------------------
# Small date helpers
# ---------------------------------------------------------------------------------------

def iso_day(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def quarter(d: date) -> int:
    return (d.month - 1) // 3 + 1


def valid(y: int, m: int, d: int) -> Optional[date]:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def unit_value(d: date, unit: str, ctx: Ctx) -> str:
    """``d`` expressed at the granularity of ``unit`` (week → ISO week, ...)."""
    if unit == "day":
        return iso_day(d)
    if unit in ("week", "weekend"):
        return iso_week(d) + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "quarter":
        return f"{d.year:04d}-Q{quarter(d)}"
    if unit == "decade":
        return f"{d.year // 10:03d}"
    if unit == "century":
        return f"{d.year // 100:02d}"
    return f"{d.year:04d}"


def shift_date(d: date, n: int, unit: str) -> date:
    if unit == "day":
        return d + timedelta(days=n)
    if unit in ("week", "weekend"):
        return d + timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit] * n
    y, mo = add_months(d.year, d.month, months)
    return valid(y, mo, min(d.day, 28)) or date(y, mo, 1)


def nth_weekday(y: int, month: int, wd: int, n: int, from_day: int = 1) -> date:
    """The n-th (n=-1: last) weekday ``wd`` of a month, counted from day ``from_day``."""
    if n > 0:
        first = date(y, month, from_day)
        return first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
    nxt = date(y + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return nxt - timedelta(days=(nxt.weekday() - wd) % 7)


def year_num(s: str, anchor: Optional[date]) -> int:
    """A written year: ``1998``, ``'98`` (the century nearest the anchor), ``nineteen
    ninety-eight``."""
    if s[0].isalpha():
        return spelled_year_num(s)
    if s[0] in "'’" or len(s) == 2:             # "'98", "FY23"
        yy = int(s[-2:])
        base = (anchor.year if anchor else 2000)
        cands = [c * 100 + yy for c in (base // 100 - 1, base // 100, base // 100 + 1)]
        return min(cands, key=lambda c: abs(c - base))
    return int(s)


_SCALES = {"hundred": 100, "thousand": 1000}


def number(s: str) -> Optional[float]:
    """``"three"``/``"twenty-four"``/``"two hundred and fifty"``/``"48"`` → number; None for
    vague quantities."""
    s = s.lower().strip()
    if s in VAGUE:
        return None
    if s[0].isdigit():
        if "/" in s:                                # "1/2 hour"
            num, den = s.split("/")
            return int(num) / int(den)
        v = float(s.replace(",", ""))
        return int(v) if v.is_integer() else v
    if s in SMALL:
        return SMALL[s]
    parts = s.replace("-", " ").split(" ")
    if len(parts) >= 2 and parts[1] in _SCALES and parts[0] in SMALL:
        rest = number(" ".join(parts[3:])) if parts[2:3] == ["and"] and parts[3:] else 0
        return SMALL[parts[0]] * _SCALES[parts[1]] + (rest or 0)    # "two hundred and fifty"
    if parts[0] in TENS:
        return TENS[parts[0]] + (SMALL.get(parts[1], 0) if len(parts) > 1 else 0)
    return None


def ordinal_figure(word: str) -> Optional[int]:
    """"75th" 75, "3rd" 3: the number an ordinal in figures gives (its suffix as the grammar's
    ORD_SUFFIX writes it, lower case); None for another word ("75", "fifth")."""
    fig = ORDINAL_FIGURE.fullmatch(word)
    return int(fig.group(1)) if fig else None


def ordinal_number(word: str) -> Optional[int]:
    """"fifth" 5, "twenty-third" 23, "3rd" 3: the number an ordinal gives; None for another
    word."""
    word = word.lower()
    if word[:1].isdigit():
        return ordinal_figure(word)
    *tens, last = word.replace("-", " ").split(" ")
    if last not in ORDINAL_NUM or (tens and tens[0] not in TENS):
        return None
    return (TENS[tens[0]] if tens else 0) + ORDINAL_NUM[last]


def _fmt_num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


# half of a unit in the next unit down: letter → (amount, letter, time part?)
_HALF = {"Y": (6, "M", False), "D": (12, "H", True), "H": (30, "M", True), "M": (15, "D", False)}


def duration(n: Optional[float], unit: str) -> str:
    """TIMEX3 duration: ``PT48H``, ``P3Y``, ``P20Y`` for two decades, ``PXY`` when vague; a
    half or quarter unit goes down to the next unit, as ISO 8601 has no fractions there
    (``P2Y6M``, ``PT1H15M``)."""
    is_time, letter, mult, _ = UNITS[unit]
    if n is None:
        return f"P{'T' if is_time else ''}X{letter}"
    whole, frac = int(n), n - int(n)
    lower, low_letter, time_low = _HALF.get(letter, (0, "", False)) \
        if not is_time or letter != "M" else (30, "S", True)
    lower = lower * 2 * frac                # a half or a quarter, when whole in the unit below
    if frac and mult == 1 and lower and float(lower).is_integer():
        lower = int(lower)
        head = f"{whole}{letter}" if whole else ""
        if is_time or (time_low and not head):
            return f"PT{head}{lower}{low_letter}"
        return f"P{head}{'T' if time_low else ''}{lower}{low_letter}"
    return f"P{'T' if is_time else ''}{_fmt_num(n * mult)}{letter}"


_DURATION_UNITS = dates_rx("value_duration_units")
_UNIT_ORDER = ("Y", "M", "W", "D", "H", "TM", "S")


def duration_sum(a: Optional[str], b: Optional[str]) -> Optional[str]:
    """One duration of two written unit by unit, largest first ("two hours and 45 minutes":
    PT2H + PT45M = PT2H45M); None unless every unit of ``b`` is smaller than those of ``a``.
    Weeks beside days become days: ISO 8601 does not mix them."""
    ma, mb = _DURATION_UNITS.match(a or ""), _DURATION_UNITS.match(b or "")
    if not (ma and mb):
        return None
    pa = {k: int(v) for k, v in ma.groupdict().items() if v}
    pb = {k: int(v) for k, v in mb.groupdict().items() if v}
    if not (pa and pb) or max(map(_UNIT_ORDER.index, pa)) >= min(map(_UNIT_ORDER.index, pb)):
        return None
    parts = {**pa, **pb}
    if "W" in parts and len(parts) > 1:
        parts["D"] = parts.get("D", 0) + 7 * parts.pop("W")
    date_part = "".join(f"{parts[k]}{k}" for k in ("Y", "M", "W", "D") if k in parts)
    time_part = "".join(f"{parts[k]}{k[-1]}" for k in ("H", "TM", "S") if k in parts)
    return f"P{date_part}" + (f"T{time_part}" if time_part else "")


_SPELLED_UNITS = VOCAB["spelled_year_units"]


def spelled_year_num(s: str) -> int:
    words = s.lower().replace("-", " ").split()
    if words[0] == "nineteen":
        return 1900 + TENS[words[1]] + (_SPELLED_UNITS.get(words[2], 0) if len(words) > 2 else 0)
    return 2000 + int(number(words[-1]) or 0 if words[-1] != "thousand" else 0)


def quarter_context(ctx: Ctx, pos: int, window: int = 0) -> Optional[tuple[int, int]]:
    """(year, quarter) under discussion when a financial report compares quarters: the last
    quarter named nearby, else the last complete quarter if the sentence talks of quarters.
    TimeML then gives "a year ago" the quarter's granularity (``1988-Q3``)."""
    if ctx.last_quarter and pos - ctx.last_quarter[0] < 400:
        v = ctx.last_quarter[1]
        return int(v[:4]), int(v[-1])
    if ctx.anchor and ("quarter" in _sentence(ctx.text, pos).lower() or
                       window and "quarter" in ctx.text[max(0, pos - window):pos].lower()):
        k = ctx.anchor.year * 4 + quarter(ctx.anchor) - 2
        return k // 4, k % 4 + 1
    return None


def _sentence(text: str, pos: int) -> str:
    s = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos))
    e = text.find(". ", pos)
    return text[s + 1: e if e >= 0 else len(text)]


_NAME_HEADS = frozenset(VOCAB["name_heads"])


def name_head_after(text: str, e: int) -> bool:
    """Is the word after ``e`` a name's head ("Times", "Olympics": ``name_heads``)?"""
    nxt = text[e:e + 20].split(None, 1)
    return bool(nxt) and nxt[0].strip(",.;:") in _NAME_HEADS
