"""Resolvers for expressions that count from the anchor or from the date the text told
last: day words ("yesterday"), weekdays, "next/last/this <unit>", parts of days, ordinal
days, "the year"/"the week"/"the weekend", "the nth day", year ends. Each ``_r_<name>`` is
the normaliser a rule of ``grammar.toml`` names.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Optional

from .absolute import chronology_year, month_year
from .lexicon import (ANCHOR_OFFSETS, CONTEXT, dates_rx, expand, GRAMMAR, joined_pattern,
                      LONG_UNITS, MONTH_NUM, OF_AFTER, ORDINAL, PART_OF_DATE_AFTER, POS_MODS,
                      SEASON, SEASON_START, THE_YEAR_PREP, TOD, VOCAB, WEEKDAY_NUM, YEAR_END)
from .tense import (ctx_tense, finite_past, governing_verb, noun_modifier, past_progressive,
                    span_words, tenseless, told_past, verb_on, WILL)
from .values import (add_months, Ctx, in_reach, iso_day, iso_week, name_head_after,
                     NARRATIVE_REACH, nth_weekday, ordinal_number, shift_date, unit_value, valid,
                     Value, year_num)


_GENERIC_AGE = CONTEXT["generic_age"]
# "an overnight bag", "the overnight rate": "overnight" naming a kind, no night
_OVERNIGHT_KIND_AFTER = CONTEXT["overnight_kind_after"]


def _r_dayword(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """today / yesterday / tomorrow / tonight / last night / this morning (+ time of day)."""
    w = m.group("w").lower()
    if w in ("today", "tomorrow") and _GENERIC_AGE.match(ctx.text, m.end()):
        return None                  # "today's youth", "the world of tomorrow": an age, no day
    if w == "overnight" and not m.group("tod") and \
            _OVERNIGHT_KIND_AFTER.match(ctx.text, m.end()):
        return None                  # "an overnight bag", "the overnight rate": a kind, no night
    a = ctx.anchor
    tod = (m.group("tod") or "").lower()
    pm = (m.group("pm") or "").lower()
    shift = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "last night": -1,
             "this morning": 0, "this afternoon": 0, "this evening": 0,
             "the day before yesterday": -2, "the day after tomorrow": 2,
             "overnight": 0}[w]
    if w == "overnight" and not tod and a is not None and told_past(ctx, m.start(), m.end()):
        shift = -1                   # "shelled the town overnight": the night just ended, the
        #                              one "last night" names (TimeBank: "overnight losses")
    part = tod or {"tonight": "night", "last night": "night", "this morning": "morning",
                   "this afternoon": "afternoon", "this evening": "evening",
                   "overnight": "night"}.get(w, "")
    mod = {"early": "START", "late": "END"}.get(pm)
    if a is None:
        return Value("TIME" if part else "DATE", None, mod=mod, relative=True)
    d = a + timedelta(days=shift)
    if part:
        return Value("TIME", f"{iso_day(d)}T{TOD[part]}", mod=mod, relative=True, day=d)
    return Value("DATE", iso_day(d), mod=mod, relative=True, day=d)


def _r_mid_tod(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"by mid-afternoon", "mid-morning yesterday": that part of the day named, else of the
    day being told (TimeML gives no finer value than the part of the day); "in the early
    hours" (rule ``small_hours``, no day word) likewise."""
    w = (m.groupdict().get("w") or "").lower()
    base = ctx.anchor if w else (ctx.narrative or ctx.anchor)
    if base is None:
        return Value("TIME", None, relative=True)
    d = base + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(w, 0))
    return Value("TIME", f"{iso_day(d)}T{TOD[m.group('tod').lower()]}", relative=True, day=d)


# "later on Monday", "earlier Friday": later or earlier than the writer's now, so the weekday is
# the day of writing, the anchor's own or (an article dated a day late, a repost) the last one
_LATER_ON = CONTEXT["later_on"]
_AHEAD_OF_BEFORE = CONTEXT["ahead_of_before"]


def _weekday_date(wd: int, rel: str, ctx: Ctx, start: int, end: int) -> Optional[date]:
    """The day a weekday name denotes, by its modifier or by tense (see module doc)."""
    a = ctx.anchor
    if a is None:
        return None
    back = (a.weekday() - wd) % 7          # days since the most recent such weekday (0..6)
    fwd = (wd - a.weekday()) % 7           # days until the next (0..6)
    if rel in ("last", "past", "this past", "previous"):
        return a - timedelta(days=back or 7)
    if rel in ("next", "coming", "this coming", "following"):
        return a + timedelta(days=fwd or 7)
    if rel == "this":                     # this week's, unless the verb points the other way:
        d = a - timedelta(days=a.weekday() - wd)     # "will resume this Monday" told on a
        # Tuesday is the next one, as is "meets this Monday" (a present plans, as for weekdays)
        tense = ctx_tense(ctx, start, end, present="future") if d != a else ""
        if tense == "future" and d < a or tense == "past" and d > a:
            return a + timedelta(days=fwd) if d < a else a - timedelta(days=back)
        return d
    if back == 0:
        return a
    if possessive(ctx, end):
        if _AHEAD_OF_BEFORE.search(ctx.text, max(0, start - 30), start) or \
                _possessor_ahead(ctx, start, end):
            return a + timedelta(days=fwd)       # "ahead of Sunday's vote"
        return a - timedelta(days=back)          # "Tuesday's ruling": an event reported
    if _LATER_ON.search(ctx.text, max(0, start - 30), start):
        return a - timedelta(days=back)          # "later on Monday": the day of writing
    tense = ctx_tense(ctx, start, end, present="future")
    if tense != "future" and tenseless(ctx, start, end):
        return _listed_day(wd, ctx, start) or (a + timedelta(days=fwd) if fwd < back else
                                                 a - timedelta(days=back))
    if tense == "future" or tense == "near" and fwd < back:
        return a + timedelta(days=fwd)
    return a - timedelta(days=back)


def _listed_day(wd: int, ctx: Ctx, start: int) -> Optional[date]:
    """In a clause with no tense ("Lane closure Wednesday and Thursday", "Viewing hours Monday
    from 4-7 and Tuesday morning"), a weekday after a day told just before in its sentence is
    the first such weekday after that day (a list runs forward); None when none was told."""
    told = ctx.narrative
    if told is None or not in_reach(ctx, ctx.narrative_end, start):
        return None
    return told + timedelta(days=(wd - told.weekday()) % 7 or 7)


def _r_nth_weekday(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"the fourth Thursday in November": that day of the month's year (written, else picked
    as a bare month's by tense); "the last day of the month": of the month told, else the
    publication's ("next month": the one after it)."""
    nth = m.group("nth").lower()
    n = -1 if nth in ("last", "final") else ORDINAL[nth]
    rel = (m.group("rel") or "").lower()
    line_year = None if m.group("year") or rel else chronology_year(ctx, m.start())
    if rel:
        if ctx.anchor is None:
            return Value("DATE", None, relative=True)
        told = ctx.told if rel == "the" and ctx.told and ctx.told[1] >= 7 else None
        base = told[0] if told else ctx.anchor
        y, mon = add_months(base.year, base.month, ANCHOR_OFFSETS.get(rel, 0))
    else:
        mon = MONTH_NUM[m.group("mon").rstrip(".").lower()]
    if m.group("year"):
        y = year_num(m.group("year"), ctx.anchor)
    elif not rel:
        y = line_year or month_year(mon, ctx, m.start(), m.end())
        if y is None:
            return Value("DATE", None, relative=True)
    wd = m.group("wd").lower()
    if wd == "day":
        d = date(y, mon, n) if n > 0 else date(*add_months(y, mon, 1), 1) - timedelta(days=1)
        return Value("DATE", iso_day(d), relative=not m.group("year"), day=d)
    wd = WEEKDAY_NUM[wd]
    d = nth_weekday(y, mon, wd, n)
    a = ctx.anchor
    if not (m.group("year") or line_year or rel) and mon == a.month and d != a:  # which side
        tense = ctx_tense(ctx, m.start(), m.end())           # of the anchor the day falls
        if tense == "past" and ctx.parsed is not None:        # (a participle's is weak:
            verb = verb_on(ctx, m.start(), m.end())          # "celebrated on the fourth
            tense = tense if verb is not None and finite_past(verb) else ""   # Thursday")
        if (tense == "future") == (d < a) and tense:
            d = nth_weekday(y + (d < a) - (d > a), mon, wd, n)
    return Value("DATE", iso_day(d), relative=not m.group("year"), day=d)


def weekday_told(ctx: Ctx, start: int, end: int) -> bool:
    """Does a weekday's own clause say which one it is -- a verb's tense ("met on Monday",
    "will meet Monday"), "ahead of", "later on" -- rather than leave it to a default: a
    possessive's past under no past verb ("Tuesday's drill is meant to"; not "Monday's
    shooting left two dead"), a present with no cue ("the Thursday show is"), no verb at
    all (a listing)? (``discourse.agreeing_weekdays`` reads it.)"""
    if possessive(ctx, end):
        return bool(_AHEAD_OF_BEFORE.search(ctx.text, max(0, start - 30), start)) or \
            _possessor_ahead(ctx, start, end) or ctx_tense(ctx, start, end) == "past"
    return bool(_LATER_ON.search(ctx.text, max(0, start - 30), start)) or \
        ctx_tense(ctx, start, end) != "" or _noun_told_past(ctx, start, end)


def _noun_told_past(ctx: Ctx, start: int, end: int) -> bool:
    """A weekday that modifies a noun ("The Thursday announcement brought ...") whose verb,
    in the parse, is past: the default past reading of the weekday is what its clause tells."""
    words = span_words(ctx, start, end) if ctx.parsed is not None else None
    if words is None or not noun_modifier(words[1]):
        return False
    noun = words[1].head
    return ctx_tense(ctx, noun.idx, noun.idx + len(noun.text)) == "past"


def possessive(ctx: Ctx, end: int) -> bool:
    """Does a possessive 's follow the weekday ("Tuesday's ruling")?"""
    return ctx.text.startswith(("'s", "’s"), end)


def _possessor_ahead(ctx: Ctx, start: int, end: int) -> bool:
    """"Sunday's vote will be the first", "he will attend Saturday's summit", "a crowning
    will take place during Friday night's show": in the parse, the weekday's noun is the
    subject or object of a verb under "will"/"shall", or of a preposition on that verb (not a
    noun inside one: "the result of Sunday's vote will be announced")."""
    words = span_words(ctx, start, end) if ctx.parsed is not None else None
    if words is None or words[1].dep_ != "poss":
        return False
    noun = words[1].head
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head                    # (a noun's preposition: its head is no verb)
    elif noun.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return False
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in WILL for c in verb.children)


_RANGE_END_BEFORE = dates_rx("range_end_before")


def _range_end(ctx: Ctx, day: date, start: int, end: int) -> Optional[date]:
    """"returns on Thursday and runs through Sunday", "open from Monday to Friday": a weekday
    ``day`` after "until"/"through"/"to" ends a span that began on the day told just before
    in its sentence; read as a day before that start, it is the first such weekday after it.
    None to keep ``day``: no start told there, no contradiction ("bought from Sept. 14 to
    Thursday"), or a span told in the past that would end after the report ("early voting
    ran from Monday through Saturday", told on a Monday: the start is the one misread)."""
    told, told_end = ctx.narrative, ctx.narrative_end
    if told is None or day >= told or not in_reach(ctx, told_end, start) or \
            not _RANGE_END_BEFORE.search(ctx.text, max(0, start - 20), start):
        return None
    after = told + timedelta(days=(day.weekday() - told.weekday()) % 7 or 7)
    if ctx.anchor and after > ctx.anchor and ctx_tense(ctx, start, end) == "past" and \
            not _ongoing(ctx, start, end):
        return None
    return after


def _ongoing(ctx: Ctx, start: int, end: int) -> bool:
    """"(it said) it was closing from midday on Saturday until Sunday": a past progressive
    tells a span still running when it was told, which may end after the report (not "ran
    from Monday through Saturday", done)."""
    found = governing_verb(ctx, start, end) if ctx.parsed is not None else None
    return found is not None and past_progressive(found[1])


def _r_weekday(m: re.Match, ctx: Ctx) -> Optional[Value]:
    wd = WEEKDAY_NUM[m.group("wd").lower()]
    tod = (m.group("tod") or "").lower()
    pm = (m.group("pm") or "").lower()
    mod = {"early": "START", "late": "END"}.get(pm)
    if m.group("pl") or m.group("todpl"):                    # "Mondays", "Tuesday nights"
        return Value("SET", f"XXXX-WXX-{wd + 1}" + (f"T{TOD[tod]}" if tod else ""))
    rel = (m.group("rel") or "").lower()
    if rel == "the following" or rel == "the previous" or rel == "the next":
        base = ctx.narrative or ctx.anchor
        if base is None:
            return Value("DATE", None, relative=True)
        if rel == "the previous":
            d = base - timedelta(days=(base.weekday() - wd) % 7 or 7)
        else:
            d = base + timedelta(days=(wd - base.weekday()) % 7 or 7)
    else:
        d = _weekday_date(wd, rel, ctx, m.start(), m.end())
        if d is not None and not rel:
            ranged = _range_end(ctx, d, m.start(), m.end())
            ctx.weekdays[m.start("wd")] = (m.start(), m.end(), ranged is not None)
            d = ranged or d                                 # (its clause is read when needed)
    ctx.weekdays.setdefault(m.start("wd"), (m.start(), m.end(), True))    # "last Monday"
    if d is None:
        return Value("TIME" if tod else "DATE", None, mod=mod, relative=True)
    if tod:
        return Value("TIME", f"{iso_day(d)}T{TOD[tod]}", mod=mod, relative=True, day=d)
    return Value("DATE", iso_day(d), mod=mod, relative=True, day=d)


# "that same day", "the previous week": a unit counted from the date told last (→ offset)
_TOLD_OFFSETS = VOCAB["told_offsets"]
# "the next/the following/the previous decade" names a stretch of ten years from or up to the
# time being told (TimeML: DURATION P10Y, as "the past decade", "the coming decade"), not a
# calendar decade: the duration rule reads them
_SEQUENCE_RELS = frozenset(rel for rel, n in _TOLD_OFFSETS.items() if n)


_AT_BEFORE = CONTEXT["at_before"]


_FINAL_LAST = [[w] for w in VOCAB["final_last_before"]]


def _r_rel_unit(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """last/this/next week|month|year|quarter|weekend, earlier this month, later this year."""
    rel = m.group("rel").lower()
    rel = " ".join(rel.split())
    if rel == "last" and (ctx.text[max(0, m.start() - 8):m.start()].lower().split()[-1:] in
                          _FINAL_LAST or OF_AFTER.match(ctx.text, m.end())):
        return None                           # "the last week of June", "her last day in the
        #                                       post", "Last day of school": final, not previous
    unit = m.group("unit").lower()
    if rel == "last" and unit == "day":
        return None                           # "last day" is a final day ("last day to
        #                                       file"), never yesterday
    pos = (m.group("pos") or "").lower()
    mod = POS_MODS.get(pos.strip().rstrip("-")) if pos else None
    if pos.startswith("mid"):
        mod = "MID"
    if rel in ("the", "in the") and unit in TOD and not pos:
        return _told_part_of_day(m, ctx, unit, rel)
    if rel == "in the" and unit in TOD and pos in ("early", "late", "earlier", "later"):
        v = _told_part_of_day(m, ctx, unit, rel)      # "late in the evening": the evening
        if v is not None:                           # being told, its end (TimeML's mod)
            v.mod, v.span_start = mod, None
        return v
    if rel == "in the" and unit == "day" and pos in ("earlier", "later"):
        return _told_unit(ctx, unit, 0, mod)  # "earlier in the day": the day being told
    if rel == "the" and unit == "day" and pos.startswith("the ") and \
            not _AT_BEFORE.search(ctx.text, max(0, m.start() - 4), m.start()):
        return _told_unit(ctx, unit, 0, mod)  # "by the end of the day" (not the idiom "at")
    if rel in ("the", "in the"):
        # "the end of the year", "earlier in the month": the anchor's year/month/week
        if not pos or unit not in ("week", "month", "year", "decade", "century") or \
                (rel == "in the") != (pos in ("earlier", "later", "early", "late")):
            return None
        told = None if rel == "in the" else _told_period(ctx, unit, m.start(), m.end())
        if told is not None:                  # "In June 2020 ... By the end of the month"
            return Value("DATE", unit_value(told, unit, ctx), mod=mod, relative=True)
        rel = "last" if mod == "END" and _end_not_reached(ctx, unit, m) else "this"
    if unit in TOD:
        if pos or rel in ("this", "last", "past", "current", "coming", "this past",
                          "this coming", "next"):
            return None                       # "this morning"/"last night": day words
        base = ctx.narrative or ctx.anchor
        n = _TOLD_OFFSETS.get(rel, 0)
        if base is None:
            return Value("TIME", None, relative=True)
        d = base + timedelta(days=n)
        return Value("TIME", f"{iso_day(d)}T{TOD[unit]}", relative=True, day=d)
    if unit in LONG_UNITS and rel in _SEQUENCE_RELS:
        return None                           # "over the next decade": a DURATION (P10Y)
    if rel in _TOLD_OFFSETS:
        return _told_unit(ctx, unit, _TOLD_OFFSETS[rel], mod)
    a = ctx.anchor
    if a is None:
        return Value("DATE", None, mod=mod, relative=True)
    n = ANCHOR_OFFSETS.get(rel, 0)
    if unit == "weekend" and n == 0 and a.weekday() < 5 and rel != "this":
        n = 0
    if unit == "weekend" and rel == "last" and a.weekday() >= 5:
        n = -1
    d = shift_date(a, n, unit)
    if "half" in pos and unit == "year":                # the first half of next year: 2014-H1
        return Value("DATE", f"{d.year:04d}-H{1 if 'first' in pos else 2}", relative=True)
    return Value("DATE", unit_value(d, unit, ctx), mod=mod, relative=True)


def _r_before_last(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"the week before last", "the year after next", "the night before last": the unit two
    before (after) the publication's, as "last week" is one before it."""
    unit, a = m.group("unit").lower(), ctx.anchor
    n = -2 if m.group("ba").lower().startswith("before") else 2
    if unit == "night":
        d = a + timedelta(days=n) if a else None
        return Value("TIME", f"{iso_day(d)}TNI" if d else None, relative=True, day=d)
    if a is None:
        return Value("DATE", None, relative=True)
    return Value("DATE", unit_value(shift_date(a, n, unit), unit, ctx), relative=True)


# how far into a period its end is still too far ahead to have been reached in a past clause:
# "sales rose by the end of the year" told on Jan. 3 (or in June) is last year's end; near
# the end of the period the writer may mean the one closing
_EARLY_IN = {"year": lambda d: d.month <= 9, "month": lambda d: d.day <= 20,
             "week": lambda d: d.weekday() <= 2}


def _end_not_reached(ctx: Ctx, unit: str, m: re.Match) -> bool:
    """Is "the end of the year" (month, week) told in the past tense (in the parse) early in
    that period, so that only the last one's end can be meant?"""
    a = ctx.anchor
    if a is None or ctx.parsed is None or unit not in _EARLY_IN or not _EARLY_IN[unit](a):
        return False                # (cue words alone are too weak: "could ..., officials said")
    found = governing_verb(ctx, m.start(), m.end())
    verb = found[1] if found is not None else None
    while verb is not None:         # "could begin expanding by the end of the year"
        if any(c.tag_ == "MD" for c in verb.children):
            return False
        verb = verb.head if verb.dep_ == "xcomp" and verb.head != verb else None
    return ctx_tense(ctx, m.start(), m.end()) == "past"


def _told_period(ctx: Ctx, unit: str, start: int, end: int) -> Optional[date]:
    """The month or year a past narrative is telling, for "the end of the month" / "the start
    of the year" ("earlier in the year" stays the publication's): one named just before
    (within NARRATIVE_REACH) that lies before the publication's, in a clause told in the
    past; None leaves the publication's own."""
    if unit not in ("month", "year") or ctx.told is None or ctx.anchor is None or \
            start - ctx.told_end > NARRATIVE_REACH:
        return None
    d, digits = ctx.told
    key = (lambda x: (x.year, x.month)) if unit == "month" else (lambda x: (x.year, 0))
    if digits < (7 if unit == "month" else 4) or key(d) >= key(ctx.anchor):
        return None
    return d if ctx_tense(ctx, start, end) == "past" else None


# "in the morning", "during the night": that part of the day being told, after a preposition
_TOD_PREP_BEFORE = CONTEXT["tod_prep_before"]


def _told_part_of_day(m: re.Match, ctx: Ctx, unit: str, rel: str) -> Optional[Value]:
    """"fighting continued through the night", "they met in the afternoon": TimeML's part of
    the day (``TMO``, ``TNI``...) on the day being told. Not "the morning of May 3" (the date
    is the mention, as TimeBank tags it) nor "the night" without a preposition."""
    if OF_AFTER.match(ctx.text, m.end()) or rel == "the" and \
            not _TOD_PREP_BEFORE.search(ctx.text, max(0, m.start() - 12), m.start()):
        return None
    day = ctx.narrative or ctx.anchor
    if day is None:
        return Value("TIME", None, relative=True)
    return Value("TIME", f"{iso_day(day)}T{TOD[unit]}", relative=True, day=day,
                  span_start=m.start("rel") + (3 if rel == "in the" else 0))   # not "in"


def _part_of_day(day: Optional[date], unit: str, mod: Optional[str] = None) -> Value:
    """TimeML's part ``unit`` ("night": TNI) of ``day``, a relative TIME (no value without a
    day)."""
    if day is None:
        return Value("TIME", None, mod=mod, relative=True)
    return Value("TIME", f"{iso_day(day)}T{TOD[unit]}", mod=mod, relative=True, day=day)


def _r_part_of_day_pos(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"by late afternoon", "in the early evening": that part of the day being told, its
    first or last stretch (mod START / END / MID)."""
    pos = m.group("pos").lower()
    mod = "MID" if pos.startswith("mid") else POS_MODS.get(pos)
    return _part_of_day(ctx.narrative or ctx.anchor, m.group("tod").lower(), mod)


def _r_ordinal_date(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"on the 28th": that day of the month being told, or of the publication's month: the
    next such day in a clause that looks ahead, the last one in the past, else this month's."""
    day_n = int(m.group("day")) if m.group("day") else ordinal_number(m.group("dayw"))
    rel = (m.group("rel") or "").lower()
    a = ctx.anchor
    if a is None:
        return Value("DATE", None, relative=True)
    if ctx.told and ctx.told[1] >= 7 and not rel:
        base, n = ctx.told[0], 0                  # "In June 2012 ... On the 20th"
    else:
        base = a
        n = {"next": 1, "last": -1}.get(rel, 0)
        if not rel:
            tense = ctx_tense(ctx, m.start(), m.end())
            n = 1 if tense == "future" and day_n < a.day else \
                -1 if tense == "past" and day_n > a.day else 0
    y, mo = add_months(base.year, base.month, n)
    d = valid(y, mo, day_n)
    if d is None:
        return None
    return Value("DATE", iso_day(d), relative=True, day=d)


def _r_weekday_ordinal(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"Sunday the 21st": the day of that number that falls on that weekday, the nearest one
    in the month being told (the publication's when none is) or a month either side (a date
    further off names its month); without one (a slip of the writer's), the nearest day of
    that number."""
    day = m.groupdict().get("day")
    day_n = int(day) if day else ordinal_number(m.group("dayw"))
    wd = WEEKDAY_NUM[m.group("wd").lower()]
    if ctx.anchor is None:
        return Value("DATE", None, relative=True)
    base = ctx.told[0] if ctx.told and ctx.told[1] >= 7 else ctx.anchor
    days = [d for n in (0, -1, 1) if (d := valid(*add_months(base.year, base.month, n),
                                                 day_n)) is not None]
    days = [d for d in days if d.weekday() == wd] or days
    if not days:
        return None
    d = min(days, key=lambda d: abs((d - base).days))
    return Value("DATE", iso_day(d), relative=True, day=d)


def told_base(ctx: Ctx, unit: str, pos: Optional[int] = None) -> Optional[date]:
    """The date a narrative ``unit`` counts from: the last day told, or, for years and months,
    the last year or month told when it was named after that day ("In 2012 ... a year
    earlier") -- within NARRATIVE_REACH of ``pos`` when given -- else the publication date."""
    if unit in ("year", "month") and ctx.told and ctx.told[1] >= (4 if unit == "year" else 7) \
            and (pos is None or pos - ctx.told_end <= NARRATIVE_REACH):
        return ctx.told[0]
    return ctx.narrative or ctx.anchor


def _told_unit(ctx: Ctx, unit: str, n: int, mod: Optional[str] = None) -> Value:
    """The ``unit`` ``n`` units from the date being told ("that year", "the previous day").
    "In June 1998 ... later that year", "in 1988 ... that year": the last date named sets the
    year or month being told, even when it named no day; "last October ... that same day": a
    day of that month TimeML leaves unspecified (1998-10-XX)."""
    unknown_day = {4: "-XX-XX", 7: "-XX"}            # after a year, after a month
    if unit == "day" and n == 0 and ctx.told and ctx.told[1] in unknown_day:
        return Value("DATE", iso_day(ctx.told[0])[:ctx.told[1]] + unknown_day[ctx.told[1]],
                      mod=mod, relative=True)
    base = told_base(ctx, unit)
    if base is None:
        return Value("DATE", None, mod=mod, relative=True)
    d = shift_date(base, n, unit)
    return Value("DATE", unit_value(d, unit, ctx), mod=mod, relative=True,
                  day=d if unit == "day" else None)


def _r_told_year_part(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"March of that year", "June 3 the following year", "the summer of the same year": the
    month, day or season in the year told (or the one after or before it), not in the
    publication's: the year told by the mentions before it (``told_base``)."""
    base = told_base(ctx, "year", m.start())
    if base is None:
        return Value("DATE", None, relative=True)
    y = base.year + _TOLD_OFFSETS[" ".join(m.group("rel").lower().split())]
    if m.group("season"):
        return Value("DATE", f"{y:04d}-{SEASON[m.group('season').lower()]}", relative=True)
    mon = MONTH_NUM[m.group("mon").rstrip(".").lower()]
    d = valid(y, mon, int(m.group("day"))) if m.group("day") else None
    if d is not None:
        return Value("DATE", iso_day(d), relative=True, day=d)
    return None if m.group("day") else Value("DATE", f"{y:04d}-{mon:02d}", relative=True)


def _r_told_month(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"the following March", "the previous winter": the first such month (season, by the
    month it starts) after (before) the date told; after a year told alone ("In 1945 ... the
    following spring"), the one in the next (previous) year."""
    after = _TOLD_OFFSETS["the " + m.group("rel").lower()] > 0
    season = SEASON[m.group("season").lower()] if m.group("season") else None
    mon = SEASON_START[season] if season else MONTH_NUM[m.group("mon").rstrip(".").lower()]
    year_only = ctx.told is not None and ctx.told[1] == 4 and \
        m.start() - ctx.told_end <= NARRATIVE_REACH
    base = told_base(ctx, "year" if year_only else "month", m.start())
    if base is None:
        return Value("DATE", None, relative=True)
    if year_only:
        y = base.year + (1 if after else -1)
    else:
        y = base.year + (mon <= base.month if after else -(mon >= base.month))
    return Value("DATE", f"{y:04d}-{season or f'{mon:02d}'}", relative=True)


def _r_day_beside(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"the day before", "the year after": the unit next to the date being told; "the night
    before": the night of the day before."""
    unit, n = m.group("unit").lower(), -1 if m.group("ba").lower() == "before" else 1
    if unit in TOD:
        day = ctx.narrative or ctx.anchor
        return _part_of_day(day + timedelta(days=n) if day else None, unit)
    return _told_unit(ctx, unit, n)


_TITLE_OF_BEFORE = dates_rx("title_of_before")
_AWARD_HEADS = frozenset(VOCAB["award_heads"])


def _award_title(m: re.Match, ctx: Ctx) -> bool:
    """Is "the year" the end of an award's name: any capitalised noun and "of" before a
    capitalised "the Year" ("Citizen of the Year", ``title_of_before``), or a head of
    vocabulary [award_heads] written in lower case ("Canada's athlete of the year")?"""
    s = m.start()
    if m.group(0).endswith("Year") and _TITLE_OF_BEFORE.search(ctx.text, max(0, s - 40), s):
        return True
    head = ctx.text[max(0, s - 24):s].split()
    return bool(head[-2:-1]) and head[-1].lower() == "of" and head[-2].lower() in _AWARD_HEADS


def _r_the_year(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"for the year ended June 30": a one-year period; "for the year": the year under
    discussion, an earlier one just told (within the narrative reach), else the publication's;
    an award's name ("Player of the Year") none."""
    if not THE_YEAR_PREP.search(ctx.text[max(0, m.start() - 12):m.start()]) or \
            _award_title(m, ctx):
        return None
    if YEAR_END.match(ctx.text, m.end()) or (m.group("q") or "").lower() == "fiscal":
        return Value("DURATION", "P1Y")
    a = ctx.anchor
    if a is None:
        return Value("DATE", None, relative=True)
    told = told_base(ctx, "year", m.start())      # "In 2019 ... For the year": 2019
    y = told.year if told.year < a.year else a.year  # (not a target: "by 1992 ... the year")
    return Value("DATE", f"{y:04d}", relative=True)


# from this month on, "the new year" is the next one ("a deal in the new year" in December)
_NEW_YEAR_FROM_MONTH = 7


def _r_new_year(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"in the new year": the year about to begin, or just begun, at the time told."""
    base = told_base(ctx, "month", m.start())
    if base is None:
        return Value("DATE", None, relative=True)
    y = base.year + (base.month >= _NEW_YEAR_FROM_MONTH)
    return Value("DATE", f"{y:04d}", relative=True)


def _r_the_week(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"for the week", "the week's session": the week being told; nothing elsewhere ("once
    during the week" may be any week)."""
    before = ctx.text[max(0, m.start() - 12):m.start()]
    if not (THE_YEAR_PREP.search(before) or possessive(ctx, m.end())):
        return None
    if YEAR_END.match(ctx.text, m.end()):
        return Value("DURATION", "P1W")           # "in the week to Sunday": a week's span
    day = ctx.narrative or ctx.anchor
    return Value("DATE", iso_week(day) if day else None, relative=True)


_NTH_UNIT_WEEKDAY_AFTER = CONTEXT["nth_unit_weekday_after"]
_NTH_UNIT_OF_CALENDAR = CONTEXT["nth_unit_of_calendar"]
# the units an ordinal counts as a stretch lived, not a day: a first one is an opening stretch
# (mostly told looking back), and no count of them dates a happening (``counted_stretch``)
_STRETCH_UNITS = ("week", "weekend", "month")
_NTH_UNIT = re.compile(expand(joined_pattern(next(
    r["pattern"] for r in GRAMMAR["rule"] if r["name"] == "nth_unit")), GRAMMAR["patterns"]))


def counted_stretch(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` an ordinal count of weeks, weekends or months as rule
    ``nth_unit`` reads one ("its sixth month", "the 11th consecutive weekend")? It tells how
    long a situation has gone on: the event layer dates no happening by it (a count of days,
    "a fourth straight day", names the day itself)."""
    m = _NTH_UNIT.match(text, start)
    return m is not None and m.end() == end and m.group("unit").lower() in _STRETCH_UNITS


def _r_nth_unit(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"its third day", "the third night in a row", "the 11th consecutive weekend", "is in its
    sixth month": the day (night, weekend, week, month) the count has reached -- the weekday
    named after it in its clause, else the publication's in the present ("it is the second
    day of"), else the one being told. Nothing in a clause about what is coming (which one is
    unknown), before "of March" (a part of that month, told by the month's rules), "of
    Hanukkah" (that feast's day) or a name's head ("the Seventh Day Adventist Church"); no
    first week or month (an opening stretch, mostly told looking back) and no month told in
    the past ("for the 16th consecutive month": a statistic's, reported weeks later)."""
    s, e = m.start(), m.end()
    tense = ctx_tense(ctx, s, e, present="present")
    unit, nth = m.group("unit").lower(), m.group("nth").lower()
    if PART_OF_DATE_AFTER.match(ctx.text, e) or _NTH_UNIT_OF_CALENDAR.match(ctx.text, e) or \
            name_head_after(ctx.text, e) or tense == "future" or \
            unit in _STRETCH_UNITS and nth in ("first", "1st") or \
            unit == "month" and tense != "present":
        return None
    wd = _NTH_UNIT_WEEKDAY_AFTER.match(ctx.text, e)
    day = _weekday_date(WEEKDAY_NUM[wd.group("wd").lower()], "", ctx, wd.start("wd"),
                        wd.end("wd")) if wd else ctx.anchor if tense == "present" else \
        told_base(ctx, unit, s)     # ("for the third day in a row on Monday": that Monday)
    if unit == "night":
        return _part_of_day(day, unit)
    if day is None:
        return Value("DATE", None, relative=True)
    if unit == "weekend":
        return Value("DATE", weekend_of(day), relative=True)
    return Value("DATE", unit_value(day, unit, ctx), relative=True,
                 day=day if unit == "day" else None)


_YEAR_END_BEFORE = CONTEXT["year_end_before"]


def _r_year_end(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"by year end", "by month-end", "at midweek", "in mid-year": the anchor's year (month,
    quarter, week) at its end or middle (TimeML: the unit with mod END, MID); after a
    preposition only ("year-end bonuses" dates nothing)."""
    if not _YEAR_END_BEFORE.search(ctx.text, max(0, m.start() - 10), m.start()):
        return None
    mod = "END" if m.group("unit") else "MID"
    if ctx.anchor is None:
        return Value("DATE", None, mod=mod, relative=True)
    unit = (m.group("unit") or m.group("munit")).lower()
    return Value("DATE", unit_value(ctx.anchor, unit, ctx), mod=mod, relative=True)


def _r_the_weekend(m: re.Match, ctx: Ctx) -> Optional[Value]:
    a = ctx.anchor
    if a is None:
        return Value("DATE", None, relative=True)
    return Value("DATE", weekend_of(a, ctx_tense(ctx, m.start(), m.end()) == "future"),
                 relative=True)


def weekend_of(d: date, ahead: bool = False) -> str:
    """The weekend seen from ``d``: its own on a Saturday or Sunday or looking ahead, else
    the one just past ("over the weekend" told on a Monday)."""
    d = d if d.weekday() >= 5 or ahead else d - timedelta(weeks=1)
    return iso_week(d) + "-WE"


def _r_weekends(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"on weekends", "at weekends": every weekend."""
    return Value("SET", "XXXX-WXX-WE")
