"""What one article tells of its own times, read across its mentions once each is made: a
timetable's hours recur (TimeML SETs, not days of this week), a clock time whose clause
names its day only after it falls on that day, a span of weekdays starts before it ends,
and a weekday that its own clause leaves open is the one the article names elsewhere by
that weekday. Runs in ``find_dates``: the first two before ``compose`` joins days and
times, the others after.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Optional

from ..model import DateMention
from .compose import names_day, names_month
from .lexicon import (CLOCK_VALUE, dates_rx, DAY_TIME_JOIN, DAY_VALUE, SENT_CUT, WEEKDAY_NUM,
                      WEEKDAY_RX)
from .relative import possessive, weekday_told
from .tense import acts_as_verb, span_words
from .values import Ctx

_WEEKDAY_SPAN_GAP = dates_rx("weekday_span_gap")


def _list_ends(text: str) -> list[int]:
    """Where each sentence ends; a semicolon that only separates the items of one list
    ("noon to 10 p.m. Saturday; and noon to 9 p.m. Sunday") ends none."""
    return [m.end() for m in SENT_CUT.finditer(text) if m.group() != ";"] + [len(text)]


def _by_sentence(text: str, ms: list[DateMention]) -> list[list[int]]:
    """The indices of ``ms`` (sorted by start), sentence by sentence."""
    ends, groups, k = _list_ends(text), [], 0
    for end in ends:
        group = []
        while k < len(ms) and ms[k].start < end:
            group.append(k)
            k += 1
        if group:
            groups.append(group)
    return groups


def _is_bare_clock(m: DateMention) -> bool:
    """A clock time that names no day ("10 a.m.", "noon"): its day comes from elsewhere."""
    return m.type == "TIME" and m.value is not None and \
        CLOCK_VALUE.search(m.value) is not None and not names_day(m.text)


def _is_bare_weekday(m: DateMention) -> bool:
    return m.type == "DATE" and WEEKDAY_RX.fullmatch(m.text) is not None


def _is_weekly(m: DateMention) -> bool:
    """A weekly set: "Wednesdays", "Tuesday nights" (XXXX-WXX-3)."""
    return m.type == "SET" and (m.value or "").startswith("XXXX-WXX")


def _recurs(text: str, ms: list[DateMention], group: list[int]) -> bool:
    """Does a sentence give hours that recur: a clock time beside a span of weekdays
    ("10 a.m. to 5 p.m. Monday through Friday") or a weekly set ("at noon on Wednesdays",
    "open Saturdays 9 to noon"), with no date written ("Saturday, March 28")?"""
    if not any(_is_bare_clock(ms[k]) for k in group) or \
            any(ms[k].type == "DATE" and names_month(ms[k].text) for k in group):
        return False
    if any(_is_weekly(ms[k]) for k in group):
        return True
    return any(_is_bare_weekday(ms[a]) and _is_bare_weekday(ms[b]) and
               _WEEKDAY_SPAN_GAP.match(text[ms[a].end:ms[b].start]) is not None
               for a, b in zip(group, group[1:]))


def timetable(text: str, ms: list[DateMention]) -> list[DateMention]:
    """Opening hours ("The library is open from 7:30 a.m.-9:30 p.m. Monday through
    Thursday, 7:30 a.m.-3:30 p.m. Friday"): every weekday and clock time of the sentence
    recurs, a TimeML SET (XXXX-WXX-1, XXXX-XX-XXT07:30), not a day of the coming week."""
    if not any(_is_bare_clock(m) for m in ms) or not any(_is_weekly(m) for m in ms) and \
            sum(_is_bare_weekday(m) for m in ms) < 2:
        return ms                             # (most articles: no sentence to split)
    out = list(ms)
    for group in _by_sentence(text, out):
        if not _recurs(text, out, group):
            continue
        for k in group:
            m = out[k]
            if _is_bare_weekday(m):
                wd = WEEKDAY_NUM[m.text.lower()] + 1
                out[k] = replace(m, type="SET", value=f"XXXX-WXX-{wd}", relative=False)
            elif _is_bare_clock(m):
                out[k] = replace(m, type="SET", value="XXXX-XX-XX" + m.value[10:], relative=False)
    return out


def _clause_verb(ctx: Ctx, m: DateMention) -> Optional[int]:
    """The index of the verb a mention's words hang on in the parse, None when no verb."""
    words = span_words(ctx, m.start, m.end)
    if words is None:
        return None
    t = words[1]
    while not acts_as_verb(t):
        if t.head == t:
            return None
        t = t.head
    return t.i


def day_after_clock(text: str, ms: list[DateMention], ctx: Ctx) -> list[DateMention]:
    """"A 2 p.m. performance will take place May 3": a clock time with no day told before
    it in its sentence falls on the day its clause names after it (same verb in the parse),
    not on the day the article told last (May 7 a sentence before). Needs the parse."""
    if ctx.parsed is None or not any(_is_bare_clock(m) for m in ms):
        return ms
    out = list(ms)
    for group in _by_sentence(text, out):
        for i, k in enumerate(group[:-1]):
            m, nxt = out[k], out[group[i + 1]]
            if not _is_bare_clock(m) or any(_day_of(out[j]) for j in group[:i]):
                continue
            if nxt.type != "DATE" or not DAY_VALUE.fullmatch(nxt.value or "") or \
                    nxt.value == m.value[:10] or DAY_TIME_JOIN.fullmatch(text[m.end:nxt.start]):
                continue                      # (a day right beside it: compose joins them)
            verb = _clause_verb(ctx, m)
            if verb is not None and verb == _clause_verb(ctx, nxt):
                out[k] = replace(m, value=nxt.value + m.value[10:])
    return out


def span_starts(text: str, ms: list[DateMention]) -> list[DateMention]:
    """"early voting, which ran from Monday through Saturday" (told on a Monday): a span of
    weekdays told as done whose end was read before its start (``relative._range_end``
    keeps an end that the past tense puts before the report) starts on the first such
    weekday before that end, not on the report's own Monday."""
    out = list(ms)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if not (_is_bare_weekday(a) and _is_bare_weekday(b)) or \
                _WEEKDAY_SPAN_GAP.match(text[a.end:b.start]) is None:
            continue
        start, end = _day_of(a), _day_of(b)
        if start is not None and end is not None and end < start:
            back = (end.weekday() - WEEKDAY_NUM[a.text.lower()]) % 7
            out[i] = replace(a, value=(end - timedelta(days=back)).isoformat())
    return out


def _day_of(m: DateMention) -> Optional[date]:
    """The day a DATE or TIME mention's value starts with, else None."""
    if m.type not in ("DATE", "TIME") or not m.value or len(m.value) < 10:
        return None
    try:
        return date.fromisoformat(m.value[:10])
    except ValueError:
        return None


def _weekday_reads(ms: list[DateMention], ctx: Ctx) -> list[tuple[int, str, date, tuple]]:
    """(index, weekday, day, (start, end, decided)) of each mention read from a weekday,
    for the weekdays the article reads as more than one day."""
    read = []
    for k, m in enumerate(ms):
        w, day = WEEKDAY_RX.search(m.text), _day_of(m)
        how = ctx.weekdays.get(m.start + w.start()) if w is not None else None
        if how is not None and day is not None:
            written = names_month(m.text[w.end():])        # "Saturday, March 14"
            read.append((k, w.group(), day, how[:2] + (how[2] or written,)))
    days: dict[str, set[date]] = {}
    for _, name, day, _ in read:
        days.setdefault(name, set()).add(day)
    return [r for r in read if len(days[r[1]]) > 1]


def agreeing_weekdays(ms: list[DateMention], ctx: Ctx) -> list[DateMention]:
    """A weekday whose own clause left it open (no tense: "Tickets for the Thursday show
    are $15", a verbless listing, a possessive under no past verb: "Wednesday's drill is
    meant to") is the day the article names by that weekday where its clause decides
    ("begins on Thursday", "will be held Tuesday", "Saturday, March 14") -- when those agree
    on one day a week from its default. A possessive names an event, so it follows only
    another possessive ("Wednesday's drill will"), not "will appear in court Monday"."""
    if len(ctx.weekdays) < 2:
        return ms                             # (most articles: one weekday or none)
    decided: dict[tuple[str, bool], set[date]] = {}
    open_: list[tuple[int, tuple[str, bool], date]] = []
    for k, name, day, (start, end, told) in _weekday_reads(ms, ctx):
        key = (name, possessive(ctx, end))
        if told or weekday_told(ctx, start, end):
            decided.setdefault(key, set()).add(day)
            decided.setdefault((name, False), set()).add(day)
        else:
            open_.append((k, key, day))
    out = list(ms)
    for k, key, day in open_:
        told_days = decided.get(key, set())
        if len(told_days) == 1 and abs((next(iter(told_days)) - day).days) == 7:
            m = out[k]
            out[k] = replace(m, value=next(iter(told_days)).isoformat() + m.value[10:])
    return out
