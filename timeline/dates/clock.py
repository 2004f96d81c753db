"""Resolvers for times of day: clock times (12/24-hour, a.m./p.m., "noon",
"midnight"), sunrise/sunset, ranges of hours, and the hour a part of the day or a gloss
("8 a.m. local time") gives. Each ``_r_<name>`` is the normaliser a rule of ``grammar.toml``
names.
"""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Optional

from .lexicon import CONTEXT, dates_rx, HIGH_BEFORE, SMALL, SUN, TOD, VOCAB
from .tense import ctx_tense
from .values import Ctx, iso_day, number, Value


# "at dawn", "by nightfall" (the part of the day the sun names, ``lexicon.SUN``): only after
# a preposition or right before a day ("dawn Wednesday"; "Dawn", "sunset clause", "a pre-dawn
# raid" are no times)
_SUN_PREP = CONTEXT["sun_prep"]
_CLOCK_PREP = dates_rx("clock_prep_before")
_RANGE_END_AP = dates_rx("range_end_meridiem_after")
_CLOCK_RANGE_JOIN = dates_rx("clock_range_join")
_CLOCK_RANGE_OPENERS = frozenset(VOCAB["clock_range_openers"])


def _sun_time(m: re.Match, ctx: Ctx) -> Optional[Value]:
    if not (_SUN_PREP.search(ctx.text, max(0, m.start() - 8), m.start()) or
            _DOT_DAY_AFTER.match(ctx.text, m.end())):
        return None
    day = ctx.narrative or ctx.anchor
    if day is None:
        return Value("TIME", None, relative=True)
    return Value("TIME", f"{iso_day(day)}T{SUN[m.group('sun')]}", relative=True, day=day)


def _r_time(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """Clock times: ``9 a.m.``, ``10:35 p.m. EST``, ``14:30 GMT``, ``noon``/``midday``,
    ``midnight``."""
    g = m.groupdict()
    if g.get("sun"):
        return _sun_time(m, ctx)
    if g.get("word"):
        if HIGH_BEFORE.search(ctx.text[max(0, m.start() - 6):m.start()]):
            return None                                 # "High Noon", the film, the idiom
        hh, mi = (24, 0) if g["word"].lower() == "midnight" else (12, 0)
    else:
        hh, mi = int(g["h"]), int(g["mi"] or 0)
        ap, part = g.get("ap") or "", g.get("part") or ""
        clock = bool(g.get("oc")) and hh <= 12          # "3 o'clock": a clock time
        marked = bool(ap or part and hh <= 12)          # a.m./p.m., "4 in the morning"
        hh = _hour24(hh, ap, part)                      # ("10 at night": 22)
        # "at 14:30", "from 22:00", "until about 06:00" are times; "at 2.46 billion" is not
        if hh > 24 or (not marked and not clock and not g.get("tz") and
                       not _bare_clock(ctx, m)):
            return None
        if not marked and not clock and hh <= 12 and _RANGE_END_AP.match(ctx.text, m.end()):
            return None                                 # "from 3:15 to 5:15 p.m.": the range
            #                                             head reads it with the end's p.m.
    mod = "APPROX" if g.get("approx") else None
    if ctx.anchor is None:
        return Value("TIME", None, mod=mod, relative=True)
    day = ctx.narrative or ctx.anchor           # "at 10 p.m." falls on the day being told
    if g.get("word") and hh == 24 and day == ctx.anchor and \
            ctx_tense(ctx, m.start(), m.end()) == "past":
        day -= timedelta(days=1)                # "crashed about midnight", told that day: the
        #                                         midnight it began with, not its end to come
    opens = not g.get("word") and (bool(ap) or g.get("colon") == ":") and \
        not g.get("part") and not g.get("oc")   # "10 p.m.", "23:00": a range's start
    if not g.get("word") and \
            _past_midnight(ctx, m.start(), hh, marked or g.get("colon") == ":"):
        day += timedelta(days=1)                # "from 10 p.m. to 2 a.m.": the next day's
    if g.get("tz"):
        day += timedelta(days=_gloss_shift(ctx, m.start(), hh))     # "12.45 a.m. (2115 GMT)"
    sec = f":{g['sec']}" if g.get("sec") else ""            # "09:16:12": seconds as written
    return Value("TIME", f"{iso_day(day)}T{hh:02d}:{mi:02d}{sec}", mod=mod, relative=True,
                 day=day, clock=(m.start("h"), hh) if opens else None)


_DOT_DAY_AFTER = dates_rx("clock_dot_day_after")
_DOT_DAY_BEFORE = dates_rx("clock_dot_day_before")
_DOT_PART_AFTER = dates_rx("clock_dot_part_after")
_PRICE_BEFORE = dates_rx("clock_price_before")
WRITTEN_DAY_BEFORE = dates_rx("clock_written_day_before")     # (compose joins the two on it)


def _bare_clock(ctx: Ctx, m: re.Match) -> bool:
    """Is a clock time with no a.m./p.m. or zone a time? After a preposition of time, with a
    colon or an "h" ("at 14:30", "at 16h30"); with a dot, as amounts are written, only beside
    a day or a part of the day ("at 12.30 on Sunday", "Sunday at 23.30", "at 7.30 this
    morning"); after a market's verb only before the evening or the night, when markets are
    shut ("close at 22.00 tonight"; "closed at 12.30 on Friday", "traded at 12.45 this
    morning": a price). With a colon, also right after a date written with its year, as a
    page stamps its time ("Oct 18, 2016 09:16:12", "01 October 2018 - 15:44")."""
    hour = m.start("h")
    if m.group("colon") == ":" and \
            WRITTEN_DAY_BEFORE.search(ctx.text, max(0, hour - 40), hour):
        return True
    if not _CLOCK_PREP.search(ctx.text, max(0, hour - 64), hour):   # (it ends at the hour)
        return False
    if m.group("colon") != ".":
        return m.group("colon") in (":", "h")       # "at 14:30", "at 16h30"
    part = _DOT_PART_AFTER.match(ctx.text, m.end("mi"))
    lo = max(0, hour - 60)
    if _PRICE_BEFORE.search(ctx.text, lo, hour):
        return bool(part and (part.group("late") or part.group("late2")))
    return bool(part or _DOT_DAY_AFTER.match(ctx.text, m.end("mi")) or
                _DOT_DAY_BEFORE.search(ctx.text, lo, hour))


_CLOCK_GLOSS_GAP = dates_rx("clock_gloss_gap")


def _gloss_shift(ctx: Ctx, start: int, hh: int) -> int:
    """"The blast occurred at 12.45 a.m. (2115 GMT)": a clock time with a zone in brackets
    right after another clock time gives that time in another zone, within half a day of
    it: on the day before when its hour is more than 12 later, the day after when more than
    12 earlier ("7:17 pm (1117 GMT)" stays on its day). Days to move: -1, 0 or 1."""
    if ctx.clock is None or ctx.clock[1] > start or \
            not _CLOCK_GLOSS_GAP.match(ctx.text[ctx.clock[1]:start]):
        return 0
    diff = hh - ctx.clock[2]
    return -1 if diff > 12 else 1 if diff < -12 else 0


_MERIDIEM_OF_PART = VOCAB["meridiem_of_part"]


def _hour24(hh: int, ap: str = "", part: str = "") -> int:
    """The hour on the 24-hour clock of ``hh`` read on the 12-hour one, by its a.m./p.m. or
    else the part of the day after it ("in the morning", "at night"): one reading for every
    clock rule, so that "12 at night", "twelve o'clock at night" and "12 a.m." all say 00,
    "12 p.m." and "twelve in the afternoon" noon. An hour past twelve, or with neither, is
    as written ("14:30", "ten o'clock")."""
    half = ap.lower()[:1]
    if not half and part:
        half = _MERIDIEM_OF_PART.get(part.split()[-1].lower(), "")[:1]
    if hh > 12 or not half:
        return hh
    if half == "n":                                     # "at night": p.m., but 12 is midnight
        half = "a" if hh == 12 else "p"
    return hh % 12 + (12 if half == "p" else 0)


_MERIDIEM_OF_CODE = {TOD[w]: half for w, half in _MERIDIEM_OF_PART.items() if w in TOD}
_CLOCK_MARKED = dates_rx("clock_marked")


def part_hour(clock_text: str, hm: str, part: str) -> str:
    """"this afternoon at 3:20", "7:30 on Saturday evening", "tonight at 8 o'clock": a clock
    time written with no a.m./p.m. beside a part of the day (TIMEX3 code ``part``: AF, EV,
    NI, MO) takes its half of the day from it; evening and night only from 5 on ("Monday night
    at 1:30" stays 01:30). ``hm`` and the answer are "HH:MM"."""
    hh = int(hm[:2])
    half = _MERIDIEM_OF_CODE.get(part, "")
    if not half or _CLOCK_MARKED.search(clock_text) or not 1 <= hh <= 11 or \
            half == "night" and hh < 5:
        return hm
    return f"{_hour24(hh, half):02d}{hm[2:]}"


def opens_range(text: str, start: int) -> bool:
    """Is the word right before ``start`` one that opens a range joined by "and" ("between
    6:50 a.m. and 7:30 a.m.": ``clock_range_openers``)? Without it, "at 1 p.m. and 7 p.m."
    are two times."""
    spaced = start > 0 and text[start - 1].isspace()
    opener = text[max(0, start - 20):start].lower().split()[-1:] if spaced else []
    return bool(set(opener) & _CLOCK_RANGE_OPENERS)


def _past_midnight(ctx: Ctx, start: int, hh: int, clock: bool) -> bool:
    """Is a clock time the end of a range of hours that began later in the day ("from 10
    p.m. to 2 a.m.", "between 23:00 and 05:00")? Then the range runs past midnight. Its start
    is the last clock time told (``ctx.clock``), joined to this one by "to", "until", a
    dash, or "and" after "between"."""
    if not clock or ctx.clock is None:
        return False
    h_start, end, h0 = ctx.clock
    join = _CLOCK_RANGE_JOIN.match(ctx.text[end:start]) if end <= start else None
    if join is None:
        return False
    if join.group("join").lower() == "and" and not opens_range(ctx.text, h_start):
        return False                            # ("at 1 p.m. and 11 a.m.": two times)
    return h0 > hh


_CLOCK_WORD_HOURS = {"noon": 12, "midnight": 24}


def _r_clock_words(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"ten o'clock", "half past eleven", "a quarter past 6", "five minutes to midnight", "at
    three in the morning": the clock time the words give, on the day being told; without "in
    the morning"/"at night" the hour as written."""
    g = m.groupdict()
    word = (g["hw"] or g["hw2"] or g["hw3"] or g["hw4"] or g["hw5"]).lower()
    fr, to = (g["fr"] or "").lower(), (g["dir"] or "").lower() == "to"
    if fr == "half" and to:
        return None                                 # ("half to six" is no clock time)
    hh = _CLOCK_WORD_HOURS.get(word) or (int(word) if word.isdigit() else SMALL[word])
    mi = number(g["mins"] or g["mw"]) if g["mins"] or g["mw"] else \
        30 if fr == "half" else 15 if fr else 0
    if g["mins"] and not 0 < (mi or 0) < 60:
        return None                                 # ("60 minutes past": no clock time)
    if to:
        hh, mi = hh - 1 or 12, 60 - mi              # "a quarter to one": 12:45
    hh = _hour24(hh, g["ap"] or "", g["part"] or "")    # "nine o'clock at night", "six p.m."
    day = ctx.narrative or ctx.anchor
    if day is None:
        return Value("TIME", None, relative=True)
    if hh >= 24 and mi:                             # "a quarter past midnight": the next day
        day, hh = day + timedelta(days=1), hh - 24
    return Value("TIME", f"{iso_day(day)}T{hh:02d}:{mi:02d}", relative=True, day=day)


_PART_AT_BEFORE = dates_rx("part_at_before")


def _r_hour_before_day_part(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"at eight Sunday morning", "just after 9 Saturday night", "at 8 tonight" (and, for the
    rule that marks ``after``, "Saturday morning at 9"): the hour the part of the day beside
    it puts on the clock (in the morning: a.m.; at night: p.m., twelve midnight), on the day
    being told until compose joins the day beside it."""
    g = m.groupdict()
    part = g.get("part") or "night"                          # ("tonight")
    if "after" in g:
        part = _PART_AT_BEFORE.search(ctx.text, max(0, m.start() - 16), m.start()).group(1)
    h = m.group("h").lower()
    hh = int(h) if h.isdigit() else SMALL[h]
    if not (hh < 5 and _MERIDIEM_OF_PART.get(part.lower()) == "night"):
        hh = _hour24(hh, "", part)                  # ("Saturday night at 2": 02:00, as written)
    mod = "APPROX" if g.get("approx") else None
    day = ctx.narrative or ctx.anchor
    if day is None:
        return Value("TIME", None, mod=mod, relative=True)
    return Value("TIME", f"{iso_day(day)}T{hh % 24:02d}:00", mod=mod, relative=True, day=day)


def _r_clock_range_head(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"between [2] and 4 a.m.", "from [3:30] to six p.m.": the meridiem written after the
    range's end, a.m. for a start after the end's hour ("from 11 to 1 p.m."); on the day
    being told; before "noon" a morning hour ("from [9] to noon")."""
    if m.group("hn"):
        hh, mi = int(number(m.group("hn"))), m.group("mn")
    else:
        hh, h2 = int(number(m.group("h") or m.group("hw"))), int(number(m.group("h2")))
        pm = m.group("ap").lower().startswith("p") and (hh <= h2 or hh == 12)
        hh, mi = _hour24(hh, "pm" if pm else "am"), m.group("mi")
    day = ctx.narrative or ctx.anchor
    if day is None:
        return Value("TIME", None, relative=True)
    return Value("TIME", f"{iso_day(day)}T{hh:02d}:{mi or '00'}", relative=True, day=day)
