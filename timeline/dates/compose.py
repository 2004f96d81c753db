"""What is made of the mentions once resolved: day ranges ("April 24 and 25",
"24-26 March"), a day joined to its time, ranges of clock times, a year shared by
coordinated months, position modifiers ("early March"), and a date repeated later in the
text. Runs after every span has been normalised, in ``find_dates``; two steps run during
normalisation: the day ranges settled before the grammar's candidates (``range_spans``) and
what each kept mention tells the ones after it (``note_told``: the narrative's day, the last date
and clock time told, the quarter under discussion).
"""
from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import replace
from datetime import date, timedelta
from typing import Optional

from ..model import DateMention
from ..periods import span as period_span
from .absolute import chronology_year, day_month_year, REL_BEFORE
from .clock import opens_range, part_hour, WRITTEN_DAY_BEFORE
from .lexicon import (CLOCK_VALUE, CONTEXT, dates_rx, DAY_TIME_JOIN, DAY_VALUE, HOLIDAYS,
                      MID_SENTENCE, MONTH_NUM, ORD_SUFFIX, ORDINAL, PART_DIRS, POS_MODS,
                      QUARTER_VALUE, RANGE_DAYS_MD, SINCE_BEFORE, SUN, TOD, TOLD, UNITS, VOCAB,
                      WEEKDAY_NUM, WEEKDAY_RX)
from .scan import Span
from .tense import told_past, will_clause
from .values import (add_months, Ctx, duration, duration_sum, iso_day, iso_week, name_head_after,
                     number, quarter, shift_date, unit_value, valid, Value, year_num)


_RANGE_JOIN = CONTEXT["range_join"]
_RANGE_KW = CONTEXT["range_kw"]
_WEEK_OF = CONTEXT["week_of"]
_POS_BEFORE = CONTEXT["pos_before"]


def _day_range(m: re.Match, ctx: Ctx) -> Optional[tuple[Value, int, int]]:
    """``between September 23 and 27`` / ``from 1 to 3 October`` → start value, end kept."""
    sep = m.group("sep").lower()
    if sep == "and" and not m.group("kw"):
        return _bare_day(m, ctx)
    if sep in ("to", "until", "till") and not m.group("kw") and \
            m.re.pattern == RANGE_DAYS_MD.pattern:
        return None                           # ("cut on July 3 to 15 percent"; not "12 to
        #                                       16 September", a range however written)
    mon = MONTH_NUM[m.group("mon").rstrip(".").lower()]
    d1, d2 = int(m.group("d1")), int(m.group("d2"))
    if d2 <= d1:
        return None
    if m.group("year"):
        y = year_num(m.group("year"), ctx.anchor)
        a, b = valid(y, mon, d1), valid(y, mon, d2)
        rel = False
    else:
        a = day_month_year(d1, mon, ctx, m.start(), m.end())
        b = valid(a.year, mon, d2) if a else None
        rel = True
    if ctx.anchor is None and rel:
        first = "d1" if m.start("d1") < m.start("mon") else "mon"
        return Value("DATE", None, relative=True), m.start(first), m.end()
    if not a or not b:
        return None
    first = "the" if m.groupdict().get("the") else "d1"     # "the 13th to the 15th of July"
    start = min(m.start("mon"), m.start(first))
    return Value("DATE", iso_day(a), relative=rel, end_value=iso_day(b), day=a), start, m.end()


def _bare_day(m: re.Match, ctx: Ctx) -> Optional[tuple[Value, int, int]]:
    """"April 24 and 25", "24 and 25 April": two dates (TimeML tags each); the day written
    without its month is returned here, in the month and year of the other, which the rules
    find on their own."""
    md = m.re.pattern == RANGE_DAYS_MD.pattern
    bare, named = ("d2", "d1") if md else ("d1", "d2")
    mon = MONTH_NUM[m.group("mon").rstrip(".").lower()]
    if m.group("year"):
        y: Optional[int] = year_num(m.group("year"), ctx.anchor)
    else:
        d = day_month_year(int(m.group(named)), mon, ctx, m.start(), m.end())
        y = d.year if d else None
    if y is None:
        return (Value("DATE", None, relative=True), *m.span(bare)) if ctx.anchor is None \
            else None
    day = valid(y, mon, int(m.group(bare)))
    if day is None:
        return None
    s, e = m.span(bare)                       # with its "the" and ordinal suffix: "the 2nd"
    if bare == "d1" and m.groupdict().get("the"):
        s = m.start("the")
    e += 2 if ORD_SUFFIX.fullmatch(m.string[e:e + 2].lower()) else 0
    if md and m.group("year"):
        e = m.end()                           # "May 3 and 5, 2019": "5, 2019"
    return Value("DATE", iso_day(day), relative=not m.group("year"), day=day), s, e


def range_spans(ranges: list[re.Match], ctx: Ctx, taken: bytearray) -> list[Span]:
    """The day ranges that resolve, longest first, each marked ``taken``: they own their
    parts ("September 23 and 27"), so they are settled before the grammar's candidates."""
    spans: list[Span] = []
    for m in sorted(ranges, key=lambda m: (m.start() - m.end(), m.start())):
        if any(taken[m.start():m.end()]):
            continue
        res = _day_range(m, ctx)
        if res is None:
            continue
        value, vs, ve = res
        spans.append(Span(vs, ve, -1, None, value))
        taken[vs:ve] = b"\x01" * (ve - vs)
    return spans


def note_told(ctx: Ctx, v: Value, s: int, e: int) -> None:
    """What a mention kept at ``s``-``e`` tells the mentions after it: the narrative's day
    (not "since Feb. 11": a state's start), the last clock time, the last date told and
    written with its year, the quarter under discussion."""
    text = ctx.text
    if WEEKDAY_RX.fullmatch(text[s:e]) and _WEEK_RELATIVE_AFTER.match(text[e:e + 30]):
        return                                  # "Monday of the following week": the week
        #                                         places the weekday, not the weekday the week
    step = _day_beside(text, s)                 # "the day before last Tuesday": Monday
    if v.day is not None and (v.type in ("DATE", "TIME") or v.point) and \
            not SINCE_BEFORE.search(text, max(0, s - 8), s):
        ctx.narrative, ctx.narrative_end = v.day + timedelta(days=step), e
    if v.clock is not None:
        ctx.clock = (v.clock[0], e, v.clock[1])
    told = v.value if v.type == "DATE" else v.point    # "Three years later": that year
    if step and told and len(told) == 10 and TOLD.match(told):
        told = iso_day(date.fromisoformat(told) + timedelta(days=step))
    if told and TOLD.match(told):
        y, mo, dd = (told + "-01-01")[:10].split("-")
        joined = _told_with(ctx, told, s)       # "April 18 this year": that day
        ctx.told = joined or (date(int(y), int(mo), int(dd)), len(told))
        if joined and joined[1] == 10:
            ctx.narrative = joined[0]
        ctx.told_end = e
        if not v.relative and len(told) >= 7:
            ctx.written = (ctx.told[0], len(told), e)
    if v.value and QUARTER_VALUE.match(v.value) and not v.compare and \
            _reported_quarter(v.value, ctx.anchor, text[s:e]):
        ctx.last_quarter = (e, v.value)


def _told_with(ctx: Ctx, told: str, start: int) -> Optional[tuple[date, int]]:
    """"April 18 this year", "on March 3 last year": a year (month) right after the day
    (month) told before it is that date's year, one date in two mentions: the date it
    makes, told with its precision (for "that day" after it); None otherwise."""
    t = ctx.told
    if t is None or len(told) >= t[1] or ctx.text[ctx.told_end:start].strip(" ,"):
        return None
    d = valid(int(told[:4]), int(told[5:7]) if len(told) >= 7 else t[0].month, t[0].day)
    return (d, t[1]) if d else None


_TITLE_WORDS = CONTEXT["title_words"]
_CLOCK_DAY_COMMA_GAP = dates_rx("clock_day_comma_gap")
_WEEK_RELATIVE_AFTER = dates_rx("week_relative_after")
_WEEKDAY_GAP = dates_rx("weekday_date_gap")
_OF_GAP = dates_rx("of_gap")
_IN_YEAR_VALUE = dates_rx("value_in_year")
_WRITTEN_YEAR = dates_rx("written_year")
_YEAR_RELATIVE = dates_rx("year_relative_text")
_WEEK_RELATIVE = dates_rx("week_relative_text")
_WEEK_WEEKDAY_GAP = dates_rx("week_weekday_gap")
_WEEK_VALUE = dates_rx("value_week")
_DAY_NAME_LEADS = frozenset(VOCAB["day_name_leads"])


def same_day_again(ms: list[DateMention], ctx: Ctx) -> list[DateMention]:
    """"On October 1 last year, 40 protesters were killed ... 'The army killed lots of people
    on October 1'": a day and month named again without a year is the day named before with
    one (the last such), not the nearest October 1 -- unless the clause looks ahead or the
    mention places it itself ("October 1 last year")."""
    days: dict[str, str] = {}
    out = []
    for m in ms:
        v = m.value
        if m.type == "DATE" and v and DAY_VALUE.fullmatch(v):
            earlier = days.get(v[5:])
            if earlier and earlier != v and m.relative and names_month(m.text) and \
                    not _WRITTEN_YEAR.search(m.text) and "year" not in m.text.lower() \
                    and not REL_BEFORE.search(ctx.text, max(0, m.start - 12), m.start) \
                    and not will_clause(ctx, m.start, m.end) \
                    and not chronology_year(ctx, m.start):  # (a chronology's line sets it)
                m = replace(m, value=earlier)
            days[v[5:]] = m.value
        out.append(m)
    return out


def names_month(text: str) -> bool:
    """Does a mention write a month's name ("October 1", "Oct. 1"), not "today", "Monday"?"""
    return any(w.strip(".,").lower() in MONTH_NUM for w in text.split())


def _ends_holiday(text: str, s: int, end: int) -> bool:
    """Does a holiday's name (vocabulary ``holidays``) end at ``end``? Its time word is the
    holiday's own ("Holy Week", "Bonfire Night"), no title's."""
    words = text[s:end].lower().replace("\u2019", "'").split()
    return any(" ".join(words[i:]) in HOLIDAYS for i in range(len(words)))


def titled(text: str, s: int, e: int) -> bool:
    """A capitalised time word inside a mention ("ABC's This Week", "60 Minutes") or starting
    one in mid-sentence ("VOA Today"), a capitalised one before a name's head ("the Sunday
    Times", "the Winter Olympics"), or a weekday after a word that names it ("Bloody Sunday"):
    a show, paper or event's name, not a time."""
    for w in _TITLE_WORDS.finditer(text, s, e):
        if _ends_holiday(text, s, w.end()):
            continue
        if w.start() > s or MID_SENTENCE.search(text, max(0, s - 3), s):
            return True
    if WEEKDAY_RX.fullmatch(text, s, e) and text[max(0, s - 12):s].split()[-1:] and \
            text[max(0, s - 12):s].split()[-1] in _DAY_NAME_LEADS:
        return True                           # "Bloody Sunday", "Super Tuesday": a day's name
    if not text[e - 1:e].isalpha() or not text[s:e].split()[-1][:1].isupper() or not (
            text[s:s + 4].lower() == "the " or text[max(0, s - 4):s].lower() == "the "):
        return False                          # (not "said Tuesday Express Scripts would")
    return text[e:e + 1] == " " and name_head_after(text, e)


def _reported_quarter(value: str, anchor: Optional[date], mention: str) -> bool:
    """Can this quarter be the one an earnings story reports on? Not a fiscal quarter (its
    calendar quarter is unknown) and not one still running or ahead of the publication."""
    if "fiscal" in mention.lower():
        return False
    return anchor is None or value < f"{anchor.year:04d}-Q{quarter(anchor)}"


def compose_mentions(text: str, ms: list[DateMention]) -> list[DateMention]:
    """Join neighbours that make one expression: ``Thursday, 01 October 2020``,
    ``9 a.m. Tuesday``, ``Monday at 9 a.m.``, ``October 5 to October 9``; attach
    ``early``/``late``/``the end of`` modifiers."""
    out: list[DateMention] = []
    for m in ms:
        if out:
            prev = out[-1]
            gap = text[prev.end:m.start]
            joined = _join(text, prev, m, gap)
            if joined is not None:
                out[-1] = joined
                if joined.end < m.end:       # a range of two complete dates: both stay
                    out.append(m)
                continue
        out.append(m)
    for i, m in enumerate(out):
        beside = _beside(text, m, out[i - 1].end if i else 0) or \
            (_every_also(text, out[i - 1], m) if i else None)
        shared = _every_also(text, m, out[i - 1], back=True) if i and not beside else None
        out[i - 1] = shared or out[i - 1]      # "Monday and Tuesday nights": both SETs
        if beside is not None:
            out[i] = beside
            continue
        wk = _WEEK_OF.search(text, max(0, m.start - 30), m.start)
        if wk and m.type == "DATE" and m.value and DAY_VALUE.fullmatch(m.value):
            out[i] = m = DateMention(wk.start(), m.end, text[wk.start():m.end], type="DATE",
                                     value=iso_week(date.fromisoformat(m.value)) +
                                     ("-WE" if wk.group("we") else ""),
                                     relative=m.relative)
            continue
        positioned = _positioned(text, m)
        if positioned is not None:
            out[i] = positioned
    # a part composed over its neighbour ("the second half" + "of the 20th century") holds it
    return [m for m, n in zip(out, out[1:] + [None])
            if n is None or not (n.start <= m.start and m.end <= n.end)]


_CLOCK_RANGE_GAP = dates_rx("clock_range_gap")
_DURATION_SUM_GAP = dates_rx("duration_sum_gap")


def names_day(text: str) -> bool:
    """Does a mention write a weekday or a month ("7:30 a.m. Wednesday", "Thursday, April 2")?"""
    return WEEKDAY_RX.search(text) is not None or names_month(text)


def range_day(text: str, ms: list[DateMention]) -> list[DateMention]:
    """"from 8:30 a.m. to 12:30 p.m. Saturday", "between 6:50 a.m. and 7:30 a.m. Wednesday":
    a range of hours that writes its day once, after its end, starts on that day too (not on
    the day being told before it). A start later in the day than the end is left as it is
    ("10 p.m. to 2 a.m. Saturday": which night is not written)."""
    out = list(ms)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        gap = text[a.end:b.start]
        if not (_is_clock(a) and b.type == "TIME" and CLOCK_VALUE.search(a.value) and
                CLOCK_VALUE.search(b.value or "") and _CLOCK_RANGE_GAP.match(gap)):
            continue
        if gap.strip().lower() == "and" and not opens_range(text, a.start):
            continue                          # ("at 1 p.m. and 7 p.m. Friday": two times)
        if names_day(a.text) or not names_day(b.text) or a.value[10:] > b.value[10:]:
            continue
        out[i] = replace(a, value=b.value[:10] + a.value[10:])
    return out


def _is_range(text: str, a: DateMention, b: DateMention) -> bool:
    """Are ``a`` and ``b`` the ends of one range ("from May to September", "between 2014 and
    2018", "Oct. 5-9")?"""
    gap = text[a.end:b.start]
    return bool(_RANGE_JOIN.fullmatch(gap)) and \
        (_RANGE_KW.search(text, max(0, a.start - 10), a.start) is not None or gap.strip() in "-–—")


_COORDINATION_GAP = dates_rx("coordination_gap")
_MONTH_OR_SEASON = dates_rx("value_month_or_season")
_DAY_IN_MONTH = dates_rx("value_day_in_month")


def _year_sharer(value: Optional[str]) -> Optional[re.Match]:
    """A month, season or day value, the kinds a year written once is shared by."""
    return _MONTH_OR_SEASON.match(value or "") or _DAY_IN_MONTH.match(value or "")


def shared_year(text: str, ms: list[DateMention]) -> list[DateMention]:
    """"January and February 2008", "the late spring or early summer of 2010", "May 3 and 5,
    2019": two months, seasons or days joined into one expression that writes its year once,
    after the last; the others have that year too (the one before it in a range that turns the
    year: "December to March 2009", "between Dec. 28 and Jan. 3, 2016"), not the one their
    tense would give them alone. A comma joins only inside a list the year reached ("January,
    February and March 2019"); a day written with its weekday keeps the year the weekday fixes."""
    out = list(ms)
    shared = set()
    for i in range(len(out) - 1, 0, -1):
        a, b = out[i - 1], out[i]
        gap = _COORDINATION_GAP.match(text[a.end:b.start])
        if gap is None:                     # (most neighbours: the values are not read)
            continue
        ka, kb = _year_sharer(a.value), _year_sharer(b.value)
        if ka is None or kb is None or _WRITTEN_YEAR.search(a.text) or \
                not (_WRITTEN_YEAR.search(b.text) or i in shared) or \
                len(a.value) != len(b.value) or gap.group("list") == "," and i not in shared \
                or WEEKDAY_RX.search(a.text):
            continue
        shared.add(i - 1)
        year = int(b.value[:4])
        if gap.group("range") or gap.group("list") == "and" and opens_range(text, a.start):
            if ka.group("m") is None or kb.group("m") is None:
                continue                      # (a range of seasons crosses winter's year)
            year -= ka.group("m") > kb.group("m")
        end = a.end_value
        if end and end[:4] == a.value[:4] and end != b.value:   # its own end ("Aug. 10-12")
            end = f"{year:04d}{end[4:]}"
        out[i - 1] = replace(a, value=f"{year:04d}{a.value[4:]}", end_value=end)
    return out


def range_in_order(text: str, ms: list[DateMention], ctx: Ctx) -> list[DateMention]:
    """"ran from May to December" told in August, "will run from May to December": a range of
    two months (days) that writes no year ends after it starts. Read alone, each by its
    tense, the end may fall before the start (last December, next May). A range told as done
    (both read before the report, or the start's verb in the past) keeps its end and the
    start moves back before it; else the end moves on after the start."""
    if ctx.anchor is None:
        return ms
    out = list(ms)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        gap = _COORDINATION_GAP.match(text[a.end:b.start])
        if gap is None:
            continue
        ka, kb = _year_sharer(a.value), _year_sharer(b.value)
        if not (gap.group("range") or opens_range(text, a.start)) or \
                not (ka and ka.group("m") and kb and kb.group("m")) or \
                len(a.value) != len(b.value) or a.value <= b.value or \
                _WRITTEN_YEAR.search(a.text + " " + b.text) or \
                not (names_month(a.text) and names_month(b.text)) or \
                WEEKDAY_RX.search(a.text + " " + b.text):        # (weekdays: span_starts)
            continue
        ya, yb, sa, sb = int(a.value[:4]), int(b.value[:4]), a.value[4:], b.value[4:]
        now = ctx.anchor.isoformat()[:len(b.value)]
        if b.value <= now and (a.value <= now or told_past(ctx, a.start, a.end)):
            out[i] = replace(a, value=f"{yb - (sa > sb):04d}{sa}")
        else:
            out[i + 1] = replace(b, value=f"{ya + (sb < sa):04d}{sb}")
    return out


def _positioned(text: str, m: DateMention) -> Optional[DateMention]:
    """"early 1990s", "the end of June" (mod), "the first half of 2014" (2014-H1), "the first
    hours of the new year": hours fall on one day, the first (last) of the period (2019-01-01)."""
    pb = _POS_BEFORE.search(text, max(0, m.start - 28), m.start)
    if not (pb and m.mod is None and m.type == "DATE" and m.value and
            (len(m.value) <= 7 or "-W" in m.value)):
        return None
    p = pb.group("p").lower().rstrip("-")
    value, end_value = m.value, m.end_value
    mod = POS_MODS.get(p, "MID" if p.startswith("mid") else None)
    days = period_span(m.value) if "hours" in p else None
    word = p.split()[1] if p.endswith("week of") else ""
    nth = ORDINAL.get(word, 0) if word not in PART_DIRS else 0
    if 1 < nth < 5 and len(m.value) == 7:    # "the second week of March": the week of the 11th
        y, mo = map(int, m.value.split("-"))
        value, end_value, mod = iso_week(date(y, mo, 7 * nth - 3)), None, None
    elif "half" in p and len(m.value) == 4 and m.value.isdigit():
        value, end_value, mod = f"{m.value}-H{1 if 'first' in p else 2}", None, None
    elif days is not None:
        value, end_value = iso_day(days[0] if mod == "START" else days[1]), None
    return DateMention(pb.start(), m.end, text[pb.start():m.end], type=m.type, value=value,
                       end_value=end_value, mod=mod, relative=m.relative)


def _every_also(text: str, a: DateMention, m: DateMention,
                back: bool = False) -> Optional[DateMention]:
    """"every Tuesday and Thursday", "each Monday and Friday night": a weekday ``m``
    coordinated after a weekday SET ``a`` shares its "every" (XXXX-WXX-4), not the next or
    last such day; ``back``: before a plural one ("Monday and Tuesday nights", XXXX-WXX-1TNI).
    None unless so."""
    gap = _COORDINATION_GAP.match(text[m.end:a.start] if back else text[a.end:m.start])
    if not (gap and gap.group("list") and a.type == "SET" and a.value and
            a.value.startswith("XXXX-WXX-") and m.type in ("DATE", "TIME") and m.value and
            WEEKDAY_RX.fullmatch(m.text.split()[0]) and
            (not back or a.text.endswith("s"))):
        return None
    wd = WEEKDAY_NUM[m.text.split()[0].lower()]
    part = a.value[10:] if back else m.value[10:] if m.type == "TIME" else ""
    return replace(m, type="SET", value=f"XXXX-WXX-{wd + 1}{part}", relative=False)


_BESIDE_BEFORE = CONTEXT["beside_before"]
# the digits of a value a unit next to it needs: a day for "the day/week after", a month...
_BESIDE_DIGITS = {"day": 10, "week": 10, "month": 7, "year": 4}


def _beside_words(text: str, lo: int, s: int) -> Optional[tuple[int, str, int]]:
    """"the day after", "the year before" ending right at ``s`` (searched from ``lo``): where
    the words start, their unit, and the step they make (1 after, -1 before); else None."""
    bb = _BESIDE_BEFORE.search(text, max(lo, s - 20), s)
    if not bb:
        return None
    return bb.start(), bb.group("unit").lower(), 1 if bb.group("ba").lower() == "after" else -1


def _day_beside(text: str, s: int) -> int:
    """The step of "the day before"/"the day after" right before ``s`` (the join ``_beside``
    makes later, told now so that "the next morning" after it counts from that day), else 0."""
    words = _beside_words(text, 0, s)
    return words[2] if words and words[1] == "day" else 0


def _beside(text: str, m: DateMention, free_from: int) -> Optional[DateMention]:
    """"the day after Christmas" (2023-12-26), "the year before 2008" (2007): the unit next
    to the date ``m`` names, as one mention; None when no such words precede it (or another
    mention holds them) or ``m`` is coarser than the unit."""
    words = _beside_words(text, free_from, m.start)
    if not words or m.type != "DATE" or not m.value or not TOLD.match(m.value) or \
            len(m.value) < _BESIDE_DIGITS[words[1]]:
        return None
    start, unit, step = words
    y, mo, dd = (m.value + "-01-01")[:10].split("-")
    d = shift_date(date(int(y), int(mo), int(dd)), step, unit)
    return DateMention(start, m.end, text[start:m.end], type="DATE",
                       value=unit_value(d, unit, None), relative=True)


def _is_clock(m: DateMention) -> bool:
    """A time of day that a neighbouring day completes: "9 a.m. Tuesday", "dawn on Tuesday"."""
    return m.type == "TIME" and m.value is not None and m.relative and \
        (CLOCK_VALUE.search(m.value) is not None or
         m.text.lower().endswith(tuple(SUN)) or _bare_part_of_day(m.text))


# the words of "overnight", "the night", "the early morning": a part of no day named, which a
# day beside it completes ("overnight Saturday", "through the night on Tuesday")
_PART_OF_DAY_LEAD = frozenset(VOCAB["part_of_day_leads"])


def _bare_part_of_day(text: str) -> bool:
    words = text.lower().split()                # ("the early hours": a part of two words)
    part = next((i for i in range(len(words)) if " ".join(words[i:]) in TOD), None)
    return part is not None and all(w in _PART_OF_DAY_LEAD for w in words[:part])


_OFFSET_FROM_GAP = dates_rx("offset_from_gap")
_BARE_PLURAL_BEFORE = CONTEXT["bare_plural_before"]
_OFFSET_RANGE_AFTER = dates_rx("offset_range_after")
_WHOLE_UNITS = dates_rx("value_duration_units")


_OFFSET_POST_END = dates_rx("offset_post_end")
_MONTH_VALUE = dates_rx("value_month")
_EARLIER_AFTER = dates_rx("earlier_after")
_PERIOD_ENDED_GAP = dates_rx("period_ended_gap")


def _sum_offset(a: DateMention, b: DateMention, span: tuple) -> Optional[DateMention]:
    """"two weeks and two days ago", "three years and two months ago", "a year and six
    months from now": the date ``b`` names ("two days ago") moved by the larger units of
    the duration ``a`` written before it, at ``b``'s granularity; None unless the units fall."""
    post = _OFFSET_POST_END.search(b.text)
    words = b.text.lower().split()
    at = next((i for i, w in enumerate(words) if w.rstrip("s") in UNITS), None)
    count = number(" ".join(words[:at])) if at else None
    if not (post and count and b.value) or a.point or b.mod:
        return None
    own = duration(count, words[at].rstrip("s"))
    value = _summed(b.value, a.value, own, -1 if post.group("ago") else 1)
    return value and DateMention(*span, type="DATE", value=value, mod=a.mod, relative=True)


def _summed(value: str, larger: Optional[str], own: str, sign: int) -> Optional[str]:
    """The date that ``value`` (reached by moving ``own`` from some day) is when the move is
    ``larger`` + ``own``, the larger units first ("a year and two days later" than Feb. 27,
    2019: Feb. 29, 2020); None unless the units fall or for values of other shapes."""
    total = duration_sum(larger, own)
    base = total and _moved(value, own, -sign)
    return base and _moved(base, total, sign)


def _moved(value: str, dur: str, sign: int) -> Optional[str]:
    """The day, week or month ``value`` moved ``sign`` times the whole units of ``dur`` (a
    day kept within its month: 2024-03-29 a month back is 2024-02-29), at its granularity;
    None for other values, or a month moved by days."""
    n = {k: int(v or 0) for k, v in _WHOLE_UNITS.match(dur).groupdict().items()}
    months, days = sign * (12 * n["Y"] + n["M"]), sign * (7 * n["W"] + n["D"])
    if DAY_VALUE.fullmatch(value) or _WEEK_VALUE.fullmatch(value):
        d = date.fromisoformat(value) if DAY_VALUE.fullmatch(value) else \
            date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
        y, mo = add_months(d.year, d.month, months)
        d = date(y, mo, min(d.day, monthrange(y, mo)[1])) + timedelta(days=days)
        return iso_day(d) if DAY_VALUE.fullmatch(value) else iso_week(d)
    if _MONTH_VALUE.fullmatch(value) and not days:
        y, mo = add_months(int(value[:4]), int(value[5:7]), months)
        return f"{y:04d}-{mo:02d}"
    return None


def _quarter_ended(a: DateMention, b: DateMention, gap: str) -> Optional[DateMention]:
    """"the quarter ended Sept. 30", "the quarter ending in June": the quarter that day or
    month falls in, not the last one reported (``b`` stays a mention of its own)."""
    if _PERIOD_ENDED_GAP.fullmatch(gap) and a.type == b.type == "DATE" and \
            " ".join(a.text.lower().split()) == "the quarter" and b.value and \
            (DAY_VALUE.fullmatch(b.value) or _MONTH_VALUE.fullmatch(b.value)):
        return replace(a, value=f"{b.value[:4]}-Q{(int(b.value[5:7]) - 1) // 3 + 1}")
    return None


def _days_after(dur: Optional[str], day: Optional[str]) -> Optional[str]:
    """The day ``dur`` (whole days or weeks: "P1W", "P10D") after ``day`` (ISO), as "a week
    from Friday" names it; None for other durations ("a month from Friday" is rare, vague)."""
    m = _WHOLE_UNITS.match(dur or "")
    if m is None or not day or any(m.group(k) for k in ("Y", "M", "H", "TM", "S")):
        return None
    n = int(m.group("D") or 0) + 7 * int(m.group("W") or 0)
    return iso_day(date.fromisoformat(day) + timedelta(days=n)) if n else None


def _on_weekday(day: str, weekday: str) -> bool:
    """Whether the ISO ``day`` falls on the named ``weekday`` ("Tuesday", "Tues.")."""
    wd = WEEKDAY_NUM.get(weekday.lower().rstrip("."))
    return wd is not None and date.fromisoformat(day).weekday() == wd


def _join(text: str, a: DateMention, b: DateMention, gap: str) -> Optional[DateMention]:
    span = (a.start, b.end, text[a.start:b.end])
    day_like = lambda x: x.type == "DATE" and x.value is not None and len(x.value) == 10
    # "Monday night" (2018-12-31TNI) is a day for a clock time beside it: "8 p.m. Monday night"
    part_day = lambda x: x.type == "TIME" and x.value is not None and len(x.value) == 13 and \
        x.value[11:].isalpha()
    # weekday, then its full date: "Thursday, 01 October 2020"
    # ("last Tuesday, March 10", "this coming Sunday, March eighth": a weekday told with its
    # modifier, when the written date falls on it: the writer's date, not the count)
    if _WEEKDAY_GAP.fullmatch(gap) and a.type == "DATE" and day_like(b) and \
            (WEEKDAY_RX.fullmatch(a.text) or WEEKDAY_RX.fullmatch(a.text.split()[-1]) and
             _on_weekday(b.value, a.text.split()[-1])) and \
            (any(ch.isdigit() for ch in b.text) or names_month(b.text)):
        return DateMention(*span, type="DATE", value=b.value, relative=b.relative)
    # clock time + day, day + clock time; a date written with its year, then a dash and its
    # colon clock, is a page's stamp ("01 October 2018 - 15:44"; a bar parts two fields of
    # the page, each tagged apart: "Jul 16 2016 | 4:34 PM")
    stamp = day_like(a) and not a.relative and ":" in b.text and "|" not in gap and \
        WRITTEN_DAY_BEFORE.search(text, a.start, b.start)
    if DAY_TIME_JOIN.fullmatch(gap) and len(gap) < 6 or stamp or \
            _CLOCK_DAY_COMMA_GAP.fullmatch(gap) and _is_clock(a):
        clock, day = (a, b) if _is_clock(a) else (b, a) if _is_clock(b) else (None, None)
        if clock and day and (day_like(day) or part_day(day) and CLOCK_VALUE.search(clock.value)
                              or (day.value is None and day.type == "DATE")):
            hm = clock.value.split("T")[1]
            if part_day(day) and CLOCK_VALUE.search(clock.value):
                hm = part_hour(clock.text, hm, day.value[11:])     # "this afternoon at 3:20"
            value = f"{day.value[:10]}T{hm}" if day.value else None
            return DateMention(*span, type="TIME", value=value, mod=clock.mod,
                               relative=day.relative)
    # "in June last year", "on March 3 this year", "the third quarter of last year": the
    # month, day, quarter, half or season in that year
    if _OF_GAP.fullmatch(gap) and a.type == b.type == "DATE" and \
            a.value and b.value and _IN_YEAR_VALUE.fullmatch(a.value) and \
            not _WRITTEN_YEAR.search(a.text) and _YEAR_RELATIVE.fullmatch(b.text):
        return DateMention(*span, type="DATE", value=b.value[:4] + a.value[4:],
                           relative=True)
    # "two hours and 45 minutes", "three years, six months": one duration, its units falling
    # ("two years and three months later": the point the last part reaches, moved by the rest)
    if a.type == b.type == "DURATION" and _DURATION_SUM_GAP.fullmatch(gap) and \
            not (b.mod or a.point):
        value = duration_sum(a.value, b.value)
        point = b.point and _summed(b.point, a.value, b.value,
                                    -1 if _EARLIER_AFTER.match(text, b.end) else 1)
        if value and (point or not b.point):
            return DateMention(*span, type="DURATION", value=value, mod=a.mod, point=point,
                               relative=b.relative)
    # "two weeks and two days ago": the date the whole sum away
    if a.type == "DURATION" and b.type == "DATE" and _DURATION_SUM_GAP.fullmatch(gap) and \
            (summed := _sum_offset(a, b, span)):
        return summed
    if (ended := _quarter_ended(a, b, gap)) is not None:
        return ended
    # "Wednesday next week", "Friday of last week": that weekday of that week
    if _OF_GAP.fullmatch(gap) and a.type == b.type == "DATE" and WEEKDAY_RX.fullmatch(a.text) \
            and _WEEK_RELATIVE.fullmatch(b.text) and (wk := _WEEK_VALUE.match(b.value or "")):
        day = date.fromisocalendar(int(wk[1]), int(wk[2]), WEEKDAY_NUM[a.text.lower()] + 1)
        return DateMention(*span, type="DATE", value=day.isoformat(), relative=True)
    # "next week Wednesday", "last week on Tuesday": the same, the week written first
    if _WEEK_WEEKDAY_GAP.fullmatch(gap) and a.type == b.type == "DATE" and \
            WEEKDAY_RX.fullmatch(b.text) and _WEEK_RELATIVE.fullmatch(a.text) and \
            (wk := _WEEK_VALUE.match(a.value or "")) and \
            (wd := WEEKDAY_NUM.get(b.text.lower().rstrip("."))) is not None:
        day = date.fromisocalendar(int(wk[1]), int(wk[2]), wd + 1)
        return DateMention(*span, type="DATE", value=day.isoformat(), relative=True)
    # "a week from Friday", "two weeks from next Tuesday": that day plus the duration (not
    # "for thirteen weeks from January 4", "five days from Monday to Friday": a length)
    if _OFFSET_FROM_GAP.fullmatch(gap) and a.type == "DURATION" and day_like(b) and \
            not (a.mod or names_month(b.text) or _OFFSET_RANGE_AFTER.match(text, b.end) or
                 _BARE_PLURAL_BEFORE.search(text, max(0, a.start - 14), a.start)):
        day = _days_after(a.value, b.value)
        if day:
            return DateMention(*span, type="DATE", value=day, relative=True)
    # "October 5 to October 9", "from 2019 to 2021"
    if a.type == b.type == "DATE" and a.value and b.value and len(a.value) == len(b.value) \
            and a.value < b.value and a.end_value is None and _is_range(text, a, b):
        return DateMention(a.start, a.end, a.text, type="DATE", value=a.value,
                           end_value=b.value, mod=a.mod, relative=a.relative)
    return None
