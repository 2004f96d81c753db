"""Resolvers for expressions that name their calendar unit: written dates (day month
year, ISO, numeric), months and their year, years and year ranges, spelled years, holidays
(fixed, Easter-based and lunar tables), decades, centuries, seasons, quarters, halves and
ISO weeks. Each ``_r_<name>`` is the normaliser a rule of ``grammar.toml`` names; the
helpers here pick the year a bare month or day belongs to.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import re
from datetime import date, timedelta
from typing import Optional

from .lexicon import (AMBIGUOUS_MONTHS, ANCHOR_OFFSETS, ARTICLE_BEFORE, CONTEXT, COUNT_NOUNS,
                      dates_rx, HOLIDAYS, load_toml, MID_SENTENCE, MONTH_NOUN_AFTER, MONTH_NUM,
                      OF_AFTER, ORDINAL, PAST_MONTH_BEFORE, POS_MODS, SEASON, SEASON_ORDER,
                      SEASON_START, SMALL, SPEECH_VERBS, SPELLED_YEAR_PREP, VOCAB, WEEKDAY_NUM)
from .tense import (ctx_tense, finite_past, futurate, governing_verb, hung_on, NEAREST_DAYS,
                    NEAREST_MONTHS, noun_modifier, span_words, verb_on, will_clause)
from .values import (Ctx, in_reach, iso_day, iso_week, name_head_after, NARRATIVE_REACH,
                     nth_weekday, ordinal_figure, ordinal_number, quarter, quarter_context,
                     spelled_year_num, valid, Value, year_num)


def month_year(mon: int, ctx: Ctx, start: int, end: int, cue: str = "") -> Optional[int]:
    """Year of a month named without one: by tense, else the nearest to the anchor."""
    a = ctx.anchor
    if a is None:
        return None
    tense = cue or ctx_tense(ctx, start, end, present=_present_reading(ctx, start, end))
    diff = mon - a.month
    # a past verb puts the month in the last twelve, a future one in the next twelve; the
    # month just after (before) the anchor's is taken for a misread tense, not a year off
    if tense == "past":
        verb = None if cue else verb_on(ctx, start, end) or _part_verb(ctx, start, end)
        strict = cue or verb is not None and finite_past(verb)   # "began in April",
        #                                                            "was signed in June"
        return a.year if diff <= (0 if strict else 1) else a.year - 1
    if tense == "future":
        verb = verb_on(ctx, start, end) if diff == -1 else None
        if diff == -1 and (will_clause(ctx, start, end, intent=True) or
                           verb is not None and futurate(verb)):
            return a.year + 1            # "will vote in February", "ends in May" (in June)
        return a.year if diff >= (0 if cue else -1) else a.year + 1
    if diff > NEAREST_MONTHS:
        return a.year - 1
    if diff < -NEAREST_MONTHS:
        return a.year + 1
    return a.year


_PART_BEFORE = CONTEXT["pos_before"]


def _part_verb(ctx: Ctx, start: int, end: int):
    """The verb a month's part ("the end of March", "the first week of May") hangs on in the
    parse: the month is the part noun's "of" object, the noun carries the clause's tense
    ("came at the end of March" told in February is last year's, the whole month ahead)."""
    if ctx.parsed is None or not _PART_BEFORE.search(ctx.text, max(0, start - 28), start):
        return None
    words = span_words(ctx, start, end)
    of = words[1].head if words is not None else None
    if of is None or of.lower_ != "of" or not of.head.tag_.startswith("NN"):
        return None
    part = of.head
    return verb_on(ctx, part.idx, part.idx + len(part))


def _present_reading(ctx: Ctx, start: int, end: int) -> str:
    """How a present verb above a bare month reads it: "event" (a timetable: "the trial opens
    in November" is the next November) when the month hangs on the verb, straight or through
    a preposition; "" (the nearest month) when the parse puts it inside a noun phrase below
    the verb ("the report shows 324,000 looking for work, 4,000 more than in January")."""
    if ctx.parsed is None or governing_verb(ctx, start, end) is None:
        return "event"
    return "event" if hung_on(ctx, start, end) is not None else ""


_WEEKDAY_BEFORE = dates_rx("weekday_before")


def day_month_year(day: int, mon: int, ctx: Ctx, start: int, end: int) -> Optional[date]:
    """A day and month without a year: nearest occurrence, tense breaking ties far off; under
    "will" (in the parse) the next one however near the last ("will report on Jan. 30"); on a
    verb told as done the last one however near the next ("was born June 13",
    ``_told_done``); a weekday written before it ("Sunday, Feb. 10") picks the near one on
    that weekday."""
    a = ctx.anchor
    if a is None:
        return None
    cands = [d for d in (valid(a.year + k, mon, day) for k in (-1, 0, 1)) if d]
    if not cands:
        return None
    wd = _WEEKDAY_BEFORE.search(ctx.text, max(0, start - 16), start)
    wd_n = next(n for w, n in WEEKDAY_NUM.items() if w.startswith(wd.group(1).lower())) \
        if wd else None                     # (an abbreviation is a full name's start)
    agree = [d for d in cands if d.weekday() == wd_n and abs((d - a).days) <= NEAREST_DAYS]
    if len(agree) == 1:
        return agree[0]
    best = min(cands, key=lambda d: abs((d - a).days))
    if best < a and will_clause(ctx, start, end):
        return min(d for d in cands if d >= a)        # "will report on Jan. 30" (in March)
    if best > a and (_told_done(ctx, start, end) or _period_end_past(ctx, start, end)):
        return max(d for d in cands if d <= a)      # "was born June 13" (in May): the last
    if abs((best - a).days) > NEAREST_DAYS:
        tense = ctx_tense(ctx, start, end)
        if tense == "past":
            past = [d for d in cands if d <= a]
            best = max(past) if past else best
        elif tense == "future":
            fut = [d for d in cands if d >= a]
            best = min(fut) if fut else best
    return best


def _told_done(ctx: Ctx, start: int, end: int) -> bool:
    """Is a day told as done however near ahead of the anchor it falls: it hangs straight on
    a verb of its own clause told in the past ("was born June 13", "signed the bill on June
    13", "had met on June 13"), not a plan ("was scheduled for", "was closing on"), nor a verb
    of saying: what is said is said by the report, so a day ahead hung on "said" is the
    parse's misreading of a day of what was said ("a fundraiser ... May 1, Kehoe said").
    Not ``tense.told_past``, which asks only whether the time is told as past: here the
    event must be told as having happened (``finite_past``: no "would have met", no "was
    closing on", no "a deal signed"), as it overrules the calendar's nearest day."""
    verb = verb_on(ctx, start, end)
    return verb is not None and finite_past(verb) and verb.lower_ not in SPEECH_VERBS and \
        ctx_tense(ctx, start, end) == "past"


# "fell in the 12 months to June", "rose in the three months ended June 30"
_PERIOD_TO_BEFORE = CONTEXT["period_to_before"]


def _period_end_past(ctx: Ctx, start: int, end: int) -> bool:
    """Is a month or day the end of a period of statistics told in the past ("rose in the
    year to June", "fell in the three months ended June 30")? The figures are out, so the
    period's end has come: the last such month or day, however near the next one is."""
    return bool(_PERIOD_TO_BEFORE.search(ctx.text, max(0, start - 32), start)) and \
        ctx_tense(ctx, start, end) == "past"


REL_BEFORE = CONTEXT["rel_before"]


# dateparser normalises the absolute dates the grammar finds (issue 10, item 5); the grammar
# keeps recognition, anchoring and typing. Measured on TimeBank (bench dates): dateparser agrees
# with the grammar on 168 of the 172 strings and cannot read 4 (the grammar's value stays),
# so value F1 is unchanged, at about 7% of the tagger's time.
_DP_PERIOD_DIGITS = {"day": 10, "month": 7, "year": 4}


@functools.lru_cache(maxsize=3)
def _date_parser(order: str):
    """One DateDataParser per date order. Imported lazily: 1.3 s cold start, paid only by a
    text that names an absolute date."""
    from dateparser.date import DateDataParser
    # only the absolute-date parser: the strings are absolute, and the others cost 30% more
    return DateDataParser(languages=["en"], settings={"DATE_ORDER": order,
                                                      "PREFER_DAY_OF_MONTH": "first",
                                                      "PARSERS": ["absolute-time"]})


@functools.lru_cache(maxsize=4096)
def _dateparser_read(order: str, written: str) -> tuple[Optional[date], Optional[str]]:
    """dateparser's day and period for ``written``: about 5 ms a call, and a corpus writes the
    same absolute dates again and again, so each string is read once."""
    data = _date_parser(order).get_date_data(written)
    return (data.date_obj.date() if data.date_obj is not None else None), data.period


def _absolute(written: str, v: Optional[Value], ctx: Ctx) -> Optional[Value]:
    """The grammar's value of an absolute date, as dateparser normalises ``written``; the
    grammar's own when dateparser cannot read it or reads another precision."""
    if v is None or v.value is None:
        return v
    d, period = _dateparser_read(ctx.settings.date_order, written)
    digits = _DP_PERIOD_DIGITS.get(period or "")
    if d is None or digits != len(v.value):
        return v
    value = f"{d.year:04d}-{d.month:02d}-{d.day:02d}"[:digits]
    return Value(v.type, value, day=d if digits == 10 else None)


def _r_date_dmy(m: re.Match, ctx: Ctx) -> Optional[Value]:
    g = m.groupdict()
    if g.get("dayw") and m.start("mon") < m.start("dayw") and \
            _names_person(ctx, m.start("mon"), m.end("mon")):
        return None                                 # "Theresa May first said": a name
    mon = MONTH_NUM[g["mon"].rstrip(".").lower()]
    day = int(g["day"]) if g.get("day") else ordinal_number(g["dayw"])
    if g.get("year"):
        d = valid(year_num(g["year"], ctx.anchor), mon, day)
        return _absolute(m.group(0), Value("DATE", iso_day(d), day=d) if d else None, ctx)
    first = min(m.start("mon"), m.start("day")) if g.get("day") else m.start()
    d = day_month_year(day, mon, ctx, first, m.end())    # (after "Sat, ": its weekday)
    rel = REL_BEFORE.search(ctx.text, max(0, m.start() - 12), m.start())
    clause_year = None if rel or d is None else _clause_year(ctx, m.start(), m.end())
    if clause_year:                              # "In 2014, rebels attacked on March 5"
        d = valid(clause_year, mon, day) or d
        return Value("DATE", iso_day(d), relative=True, day=d)
    told_year = None if rel or d is None else \
        _narrative_year(mon, ctx, m.start(), m.end(), "", day)
    if told_year and (ctx.written[1] == 10 or abs((d - ctx.anchor).days) > NEAREST_DAYS):
        d = valid(told_year, mon, day) or d    # "3 March 2019 ... on 5 March" (not a day
        #                                         near publication after "August 1988")
    if d and rel and ctx.anchor:                 # "last Oct. 23", "next March 1"
        past = rel.group(1).lower() in ("last", "this past")
        if past and d > ctx.anchor or not past and d < ctx.anchor:
            d = valid(d.year + (-1 if past else 1), mon, day) or d
    if ctx.anchor is None:
        return Value("DATE", None, relative=True)
    return Value("DATE", iso_day(d), relative=True, day=d) if d else None


def _r_month_year(m: re.Match, ctx: Ctx) -> Optional[Value]:
    mon = MONTH_NUM[m.group("mon").rstrip(".").lower()]
    y = year_num(m.group("year"), ctx.anchor)
    return _absolute(m.group(0), Value("DATE", f"{y:04d}-{mon:02d}"), ctx)


_MONTH_CUE_BEFORE = CONTEXT["month_cue_before"]


def _names_person(ctx: Ctx, start: int, end: int) -> bool:
    """Is a month word a person's name in the parse: inside a PERSON entity ("said Jason
    January"), the subject of a verb of saying ("January said the permits are free"), or the
    source after "according to" ("according to January")? A month says nothing."""
    words = span_words(ctx, start, end) if ctx.parsed is not None else None
    if words is None:
        return False
    w = words[1]
    return w.ent_type_ == "PERSON" or w.dep_ == "nsubj" and w.head.lower_ in SPEECH_VERBS or \
        w.dep_ == "pobj" and w.head.lower_ == "to" and w.head.head.lower_ == "according"


def _r_month(m: re.Match, ctx: Ctx) -> Optional[Value]:
    name = m.group("mon")
    before = ctx.text[max(0, m.start() - 14):m.start()]
    rel = (m.group("rel") or "").lower()
    if not rel and name in AMBIGUOUS_MONTHS and \
            not _MONTH_CUE_BEFORE.search(before) and not (
                ARTICLE_BEFORE.search(before) and
                MONTH_NOUN_AFTER.match(ctx.text[m.end():m.end() + 16])):
        return None                # "a June agreement": a month; "the March" alone: a march
    if not rel and m.start() > 0 and ctx.text[m.start() - 1] not in " \t\n(-–,\"“'‘":
        return None
    if not rel and _names_person(ctx, m.start(), m.end()):
        return None                # "said Jason January", "January said", "according to January"
    mon = MONTH_NUM[name.rstrip(".").lower()]
    a = ctx.anchor
    if a is None:
        return Value("DATE", None, relative=True)
    if rel in ("last", "past", "this past"):
        y = a.year if mon < a.month else a.year - 1
    elif rel in ("next", "coming", "this coming"):
        y = a.year if mon > a.month else a.year + 1
    elif rel == "this":
        y = a.year
    else:
        cue = "past" if PAST_MONTH_BEFORE.search(before) or \
            _period_end_past(ctx, m.start(), m.end()) else ""
        y = _clause_year(ctx, m.start(), m.end()) or \
            _narrative_year(mon, ctx, m.start(), m.end(), cue) or \
            month_year(mon, ctx, m.start(), m.end(), cue)
    return Value("DATE", f"{y:04d}-{mon:02d}", relative=True)


_CHRONOLOGY_LEAD = dates_rx("chronology_line_lead")


def chronology_year(ctx: Ctx, start: int) -> Optional[int]:
    """The year of a chronology's line the span stands in ("1789 - ... naming November 26",
    "1939 - Roosevelt moves Thanksgiving Day one week earlier"): a line led by a year, or a
    day or season of one, and a dash. A date told there without a year is in that year."""
    if ctx.leads is None:
        ctx.leads = _chronology_leads(ctx.text)
    i = bisect.bisect_right(ctx.leads, start, key=lambda lead: lead[0]) - 1
    if i < 0:
        return None
    _, lead_end, line_end, year = ctx.leads[i]
    return year if lead_end <= start <= line_end else None


def _chronology_leads(text: str) -> list[tuple[int, int, int, Optional[int]]]:
    """The lines of ``text`` led by a chronology's date and a dash, found once per text (a
    mention then finds its line by bisection instead of rereading the line up to itself,
    which was quadratic on a long one-line text): (line start, lead end, line end, the lead's
    year, None when the word before it is no month or season: "The 1789 - ")."""
    leads, line = [], 0
    while line <= len(text):
        end = text.find("\n", line)
        end = len(text) if end < 0 else end
        lead = _CHRONOLOGY_LEAD.match(text, line, end)
        if lead:
            word = (lead.group("word") or "").rstrip(".").lower()
            year = int(lead.group("year")) if not word or word in MONTH_NUM or word in SEASON \
                else None
            leads.append((line, lead.end(), end, year))
        line = end + 1
    return leads


def _clause_year(ctx: Ctx, start: int, end: int) -> Optional[int]:
    """The year told just before in the same clause: "In 2014, the rebels attacked the town
    on March 5", "Last year she married in June": the year and the day (month) hang on one
    verb in the parse, so the day is in that year. Not "The firm, founded in 2015, reported
    on March 5" (two verbs: the year is background), nor a year told in another sentence."""
    line_year = chronology_year(ctx, start)
    if line_year:
        return line_year                    # "1789 - ... naming November 26 a day of"
    t = ctx.told
    if ctx.parsed is None or t is None or t[1] != 4 or not in_reach(ctx, ctx.told_end, start):
        return None
    mine = hung_on(ctx, start, end)
    if mine is None:
        return None
    theirs = hung_on(ctx, ctx.told_end - 4, ctx.told_end)
    return t[0].year if theirs is not None and theirs.i == mine.i else None


def _narrative_year(mon: int, ctx: Ctx, start: int, end: int, cue: str,
                    dom: int = 0) -> Optional[int]:
    """"In March 2022 the minister was charged ... In October he resigned" (a 2024 story):
    a bare month (or day ``dom`` of it) later in the year of a month just written with an
    earlier year, told in the past tense, falls in that year, while the story is still in
    that year: the written date is the last one told, or a later month or day of its year
    told since ("On March 3, 2019 ... In April ... In October"). Only a written month or day
    sets it (a bare year is too often background: "founded in 2015 ... In October, sales
    fell" is this October), and not "later that year" (the story moved on)."""
    w, a, t = ctx.written, ctx.anchor, ctx.told
    if w is None or a is None or t is None or start - ctx.told_end > NARRATIVE_REACH:
        return None                     # too far back
    if t != (w[0], w[1]) and not (t[1] >= 7 and t[0].year == w[0].year and t[0] >= w[0]):
        return None
    day = t[0]
    if day.year >= a.year or (mon, dom) <= (day.month, day.day if t[1] == 10 else 0):
        return None
    tense = cue or ctx_tense(ctx, start, end, present=_present_reading(ctx, start, end))
    return day.year if tense == "past" else None


def _r_iso(m: re.Match, ctx: Ctx) -> Optional[Value]:
    d = valid(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if d is None:
        return None
    if m.group("hh"):
        sec = f":{m.group('sec')}" if m.group("sec") else ""
        return Value("TIME", f"{iso_day(d)}T{m.group('hh')}:{m.group('mi')}{sec}", day=d)
    return Value("DATE", iso_day(d), day=d)


def _r_numeric(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """``05/10/2020`` in the configured order; impossible orders fall back to the other.
    Dotted numbers after a version word or a name are a release, no date ("version 1.5.30",
    "Firefox 3.6.12")."""
    if m.group("sep") == "." and _release_before(ctx.text, m.start()):
        return None
    a, b, c = m.group("a"), m.group("b"), m.group("c")
    order = ctx.settings.date_order
    if len(a) == 4:
        y, mo, d = int(a), int(b), int(c)
    else:
        y = year_num(c if len(c) == 4 else "'" + c, ctx.anchor)
        mo, d = (int(a), int(b)) if order == "MDY" else (int(b), int(a))
        if mo > 12 and d <= 12:
            mo, d = d, mo
    dd = valid(y, mo, d)
    return _absolute(m.group(0), Value("DATE", iso_day(dd), day=dd) if dd else None, ctx)


_YEAR_REJECT_BEFORE = CONTEXT["year_reject_before"]
_YEAR_NEXT_WORD = dates_rx("year_next_word")
_YEAR_NUMBER_AFTER = dates_rx("year_number_after")
_YEAR_STREET_AFTER = dates_rx("year_street_after")
_YEAR_OPENING_PREP = dates_rx("year_opening_prep")
_COUNT_MODIFIERS = frozenset(VOCAB["count_modifiers"])
_YEAR_NAME_BEFORE = dates_rx("year_name_before")
_YEAR_LEAD_WORDS = frozenset(VOCAB["year_lead_words"]).union(
    MONTH_NUM, WEEKDAY_NUM, SEASON)


def _names_product(ctx: Ctx, start: int, end: int) -> bool:
    """"run Windows 2000", "36 Mirage 2000 jets": a capitalised word inside the sentence just
    before a year-like number, no date word, makes the number part of a name -- unless a
    preposition comes before it or an event's head after it ("at Euro 2012", "the London 2012
    Olympics": the year the event was held)."""
    name = _YEAR_NAME_BEFORE.search(ctx.text, max(0, start - 30), start)
    if not name or name.group("name").lower() in _YEAR_LEAD_WORDS or \
            (name.group("prev") or "") in _YEAR_LEAD_WORDS:
        return False                # ("at Euro 2012", "of Wimbledon 2012": an event's year)
    return not name_head_after(ctx.text, end)


def _release_before(text: str, start: int) -> bool:
    """Does a version word ("version", "model", "No.") or a name ("Firefox") stand just
    before a number at ``start`` (the contexts ``year_reject_before``, ``year_name_before``)?"""
    if _YEAR_REJECT_BEFORE.search(text[max(0, start - 12):start]):
        return True
    name = _YEAR_NAME_BEFORE.search(text, max(0, start - 30), start)
    return bool(name) and name.group("name").lower() not in _YEAR_LEAD_WORDS


# vehicle makes: a year just before one is its model year ("a 2003 Honda Accord")
_VEHICLE_MAKES = frozenset(VOCAB["vehicle_makes"])


def _dated_by_prep(before: str) -> bool:
    """Does a preposition of time stand just before the year ("in 2009 Ford sold fewer
    trucks", "Since 2007 Toyota has led")? Then the year dates the clause, whatever name
    follows it; after an article or a possessive it is part of a noun phrase."""
    words = before.split()
    return bool(words) and words[-1].lower() in _YEAR_LEAD_WORDS and words[-1].lower() != "the"


def _r_year(m: re.Match, ctx: Ctx) -> Optional[Value]:
    before = ctx.text[max(0, m.start() - 12):m.start()]
    if _YEAR_REJECT_BEFORE.search(before):
        return None
    after = ctx.text[m.end():m.end() + 20]
    nxt = _YEAR_NEXT_WORD.match(after)
    if nxt and nxt.group(1).lower() in _COUNT_MODIFIERS:      # "2000 more troops", "1500
        nxt = _YEAR_NEXT_WORD.match(ctx.text, m.end() + nxt.end(), m.end() + 40) or nxt  # new
    if nxt and nxt.group(1).lower() in COUNT_NOUNS and not _YEAR_OPENING_PREP.search(before):
        return None                       # "2000 migrants", but "In 1999 protesters marched"
    if nxt and nxt.group(1).lower() in _VEHICLE_MAKES and not _dated_by_prep(before):
        return None                       # "a 1996 Oldsmobile 88": a model year, no date
    if _YEAR_NUMBER_AFTER.match(after) or _YEAR_STREET_AFTER.match(ctx.text[m.end():m.end() + 50]):
        return None                       # "1998-$2,000", "1600 Pennsylvania Avenue"
    if _names_product(ctx, m.start(), m.end()):
        return None                       # "Windows 2000", "Mirage 2000": a name
    g = m.groupdict()
    y = year_num(g["year"] or g.get("fy") or g.get("yfirst"), ctx.anchor)
    if not 1000 <= y <= 2099:
        return None
    return Value("DATE", f"{y:04d}")


def _r_year_range(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """``1990-95``, ``2019–2021``: the first year, the last kept as ``end_value``."""
    y1 = int(m.group("year"))
    y2s = m.group("y2")
    y2 = int(y2s) if len(y2s) == 4 else y1 // 100 * 100 + int(y2s)
    if not y1 < y2 <= y1 + 100 or _r_year(m, ctx) is None:
        return None
    return Value("DATE", f"{y1:04d}", end_value=f"{y2:04d}")


def _r_spelled_year(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """``nineteen ninety-six``, ``the year two thousand``, ``two thousand and one``."""
    g = m.groupdict()
    if not g.get("tens") and not m.group(0).lower().startswith("the year") and \
            not SPELLED_YEAR_PREP.search(ctx.text[max(0, m.start() - 8):m.start()]):
        return None                                  # "two thousand" is mostly a count
    written = m.group(0)
    if written.lower().startswith("the year"):
        written = written[len("the year"):].lstrip()
    y = spelled_year_num(written)
    return Value("DATE", f"{y:04d}")


def _easter(y: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    return date(y, month, (h + l - 7 * m + 114) % 31 + 1)


def _orthodox_easter(y: int) -> date:
    """Orthodox Easter Sunday: the Julian computus (Meeus), its Julian day then written on the
    Gregorian calendar (13 days on in 1900-2099)."""
    d = (19 * (y % 19) + 15) % 30
    e = (2 * (y % 4) + 4 * (y % 7) - d + 34) % 7
    julian = date(y, (d + e + 114) // 31, (d + e + 114) % 31 + 1)
    return julian + timedelta(days=y // 100 - y // 400 - 2)


def _holiday_date(name: str, y: int) -> date:
    """The day of a holiday in year ``y``, by its rule in the vocabulary."""
    rule = HOLIDAYS[name]
    if "easter" in rule:
        return _easter(y) + timedelta(days=rule["easter"])
    if "orthodox_easter" in rule:
        return _orthodox_easter(y) + timedelta(days=rule["orthodox_easter"])
    if "nth" in rule:
        d = nth_weekday(y, rule["month"], rule["weekday"], rule["nth"], rule.get("from_day", 1))
        return d + timedelta(days=rule.get("offset", 0))
    return date(y, rule["month"], rule["day"])


@functools.lru_cache(maxsize=1)
def _lunar() -> dict:
    """The days of the lunar holidays (Ramadan, Eid, Passover...) by year, from a table with its
    source; read on first use, not at import (14 ms)."""
    return load_toml("lunar_holidays.toml")


def _holiday_year(m: re.Match, ctx: Ctx) -> Optional[int]:
    """The year a holiday's span names: written ("Christmas 2019") or counted from the
    publication's ("Thanksgiving next year": its day is that year's own, not this one's)."""
    if m.group("year"):
        return year_num(m.group("year"), ctx.anchor)
    if m.group("yrel") and ctx.anchor is not None:
        return ctx.anchor.year + ANCHOR_OFFSETS[m.group("yrel").lower()]
    return None


def _lunar_holiday(table: str, rel: str, ctx: Ctx, m: re.Match,
                   offset: int = 0) -> Optional[Value]:
    """A holiday of a lunar calendar, from its table: in the year written, else the one before
    the publication (past tense, "last"), after it (future, "next"), or nearest within its year;
    one that lasts (Ramadan) is its first day, its last kept as ``end_value``; ``offset`` days
    added (an eve: "Lunar New Year's Eve")."""
    days = [[d + timedelta(days=offset) for d in row] for row in _lunar()[table]] if offset \
        else _lunar()[table]
    a = ctx.anchor
    y = _holiday_year(m, ctx)
    if y is not None:
        found = [d for d in days if d[0].year == y][:1]
    elif a is None:
        return Value("DATE", None, relative=True)
    else:
        tense = {"last": "past", "next": "future"}.get(rel) or \
            ctx_tense(ctx, m.start(), m.end())
        if tense == "past":    # the last one begun: "during Ramadan" told in Ramadan is this one
            found = [d for d in days if d[0] <= a][-1:]
        elif tense == "future":
            found = [d for d in days if d[-1] >= a][:1]
        else:
            found = sorted((d for d in days if d[0].year == a.year),
                           key=lambda d: abs((d[0] - a).days))[:1]
    if not found:
        return None
    first, last = found[0][0], found[0][-1]
    return Value("DATE", iso_day(first), relative=not m.group("year"), day=first,
                  end_value=iso_day(last) if last != first else None)


# the run-up to a holiday (days) whose markets, parties and shopping are already its own
_HOLIDAY_SEASON = 31


def _modifies_noun(ctx: Ctx, start: int, end: int) -> bool:
    """Is the span a noun's modifier in the parse ("a Christmas market", "the company Christmas
    party")? Then a past verb tells when the noun's event happened, not which holiday the
    noun belongs to: in the holiday's run-up it is the coming one ("tried to blow up a
    Christmas market", told on Dec. 16, is this year's Christmas)."""
    words = span_words(ctx, start, end) if ctx.parsed is not None else None
    return words is not None and noun_modifier(words[1])


_NATIONAL_HOLIDAYS = frozenset(VOCAB["national_holidays"])
_PLACE_ENTITIES = ("GPE", "NORP", "LOC")
_HOME_QUALIFIERS = frozenset(VOCAB["home_qualifiers"])
_OWNER_PRONOUNS = frozenset(VOCAB["holiday_owner_pronouns"])


def _other_country(name: str, ctx: Ctx, start: int, end: int) -> bool:
    """Is a country's day ("Independence Day", "Thanksgiving") told of another country, or a
    day of that name for another cause: after a country's possessive ("Ukraine's 30th", a
    place in the parse; without one, any capitalised possessive), after "its"/"their" whose
    clause's subject is a place in the parse ("India marked its Independence Day"), or after
    a capitalised word in mid-sentence ("Mexican Independence Day", "Holocaust Remembrance
    Day")? The table gives the US (and Commonwealth) day, not that one."""
    words = ctx.text[max(0, start - 40):start].split()
    if words and ordinal_figure(words[-1]) is not None:
        words.pop()                                 # "India's 75th Independence Day"
    w = words[-1] if words else ""
    if name not in _NATIONAL_HOLIDAYS or w in _HOME_QUALIFIERS:
        return False
    if w.lower() in _OWNER_PRONOUNS:
        found = governing_verb(ctx, start, end) if ctx.parsed is not None else None
        return found is not None and any(c.dep_ in ("nsubj", "nsubjpass") and
                                         c.ent_type_ in _PLACE_ENTITIES for c in found[0].children)
    if not w[:1].isupper():
        return False
    ws = ctx.text.rfind(w, 0, start)
    if not w.endswith(("'s", "\u2019s", "s'", "s\u2019")):
        return MID_SENTENCE.search(ctx.text, max(0, ws - 3), ws) is not None
    found = span_words(ctx, ws, ws + len(w)) if ctx.parsed is not None else None
    return found is None or found[1].ent_type_ in _PLACE_ENTITIES   # (not "Obama's")


def _holiday_value(name: str, d: date, relative: bool = True) -> Value:
    """A holiday's day; one that lasts (Lent, Holy Week: ``until`` days from Easter) is its
    first day, its last kept as ``end_value``, as a lunar one's is."""
    until = HOLIDAYS[name].get("until")
    end = iso_day(_easter(d.year) + timedelta(days=until)) if until is not None else None
    return Value("DATE", iso_day(d), relative=relative, day=d, end_value=end)


def _r_holiday(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """Christmas, Thanksgiving, Easter...: the occurrence picked like a bare month's; with
    "weekend" after it ("the Memorial Day weekend") the weekend it falls in, the one before
    for a Monday or Tuesday holiday (the long weekend that runs into it)."""
    v = _holiday_day(m, ctx)
    if v is None or not m.group("we") or v.day is None:
        return v
    d = v.day - timedelta(days=v.day.weekday() + 1) if v.day.weekday() < 2 else v.day
    return Value("DATE", iso_week(d) + "-WE", relative=v.relative)


def _holiday_day(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """The holiday's day, the occurrence picked like a bare month's."""
    name = " ".join(m.group("hol").lower().split()).replace("’", "'")
    fn = functools.partial(_holiday_date, name)
    rel = (m.group("rel") or "").lower()
    rel = "next" if rel.endswith("coming") else rel     # "this coming Easter": the next one
    if not rel and _other_country(name, ctx, m.start(), m.end()):
        return None                            # "Ukraine's Independence Day": not July 4
    if "table" in HOLIDAYS[name]:
        rule = HOLIDAYS[name]
        return _lunar_holiday(rule["table"], rel, ctx, m, rule.get("offset", 0))
    y = _holiday_year(m, ctx)
    if y is not None:
        return _holiday_value(name, fn(y), relative=not m.group("year"))
    line_year = None if rel else chronology_year(ctx, m.start())
    if line_year:                           # "1939 - Roosevelt moves Thanksgiving Day"
        return _holiday_value(name, fn(line_year))
    a = ctx.anchor
    if a is None:
        return Value("DATE", None, relative=True)
    this = fn(a.year)
    if rel == "last":
        d = this if this < a else fn(a.year - 1)
    elif rel == "next":
        d = this if this > a else fn(a.year + 1)
    else:
        tense = ctx_tense(ctx, m.start(), m.end())
        if tense == "past" and a < this <= a + timedelta(days=_HOLIDAY_SEASON) and \
                _modifies_noun(ctx, m.start(), m.end()):
            d = this                    # "tried to blow up a Christmas market" on Dec. 16
        elif tense == "past":
            d = this if this <= a else fn(a.year - 1)
        elif tense == "future":             # (one that lasts: this one until it ends)
            last = _holiday_value(name, this).end_value or iso_day(this)
            d = this if last >= iso_day(a) else fn(a.year + 1)
        else:
            d = this
    return _holiday_value(name, d)


_DECADE_PART = dates_rx("decade_part")


def _r_decade(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"the 1990s", "'90s"; "the mid-1990s" with its part as TimeML's mod (MID, START, END)."""
    g = m.group("dec")
    part = _DECADE_PART.search(m.group(0))
    mod = POS_MODS.get(part.group(1).lower()) if part else None
    if g[0] in "'\u2019":
        yy = int(g[1:3])
        century = 19 if yy >= 20 else 20
        return Value("DATE", f"{century}{yy // 10}", mod=mod)
    return Value("DATE", g[:3], mod=mod)


_DECADE_WORDS = VOCAB["decade_words"]


def _r_decade_word(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"the seventies" (the 1900s' unless a century is written: "the eighteen-forties"), "the
    late seventies" with its part as TimeML's mod."""
    cent = SMALL[m.group("cent").lower()] if m.group("cent") else 19
    pos = (m.group("pos") or "").lower()
    return Value("DATE", f"{cent}{_DECADE_WORDS[m.group('dw').lower()]}",
                 mod=POS_MODS.get(pos) if pos else None)


def _r_century(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"the 19th century" (18), "the twelfth century" (11), "the 5th century BC" (BC04)."""
    if m.group("cent"):
        n = int("".join(itertools.takewhile(str.isdigit, m.group("cent"))))
    else:
        n = ordinal_number(" ".join(m.group("ord").split()))
    return Value("DATE", f"{_era_prefix(m)}{n - 1:02d}")


def _r_decade_of_century(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"the first decade of the 21st century" (200), "the last decade of the century" (the
    anchor's century): one decade, no duration; "the last century" is the one before."""
    nth = m.group("nth").lower()
    k = 9 if nth in ("last", "final") else ordinal_number(nth) - 1
    rel = " ".join((m.group("rel") or "").lower().split())
    if not rel:
        n = ordinal_number(m.group("cent") or " ".join(m.group("ord").split()))
        return Value("DATE", f"{n - 1:02d}{k}")
    if ctx.anchor is None:
        return Value("DATE", None, relative=True)
    c = ctx.anchor.year // 100 - (rel not in ("the", "this"))
    return Value("DATE", f"{c:02d}{k}", relative=True)


def _era_prefix(m: re.Match) -> str:
    """TimeML's (TIMEX2's) "BC" before the digits of a time before the common era."""
    return "BC" if (m.group("era") or "").startswith("B") else ""


def _r_era_year(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"753 BC" (BC0753), "AD 79" (0079): a year the era written beside it places."""
    return Value("DATE", f"{_era_prefix(m)}{int(m.group('y') or m.group('y2')):04d}")


def _r_century_turn(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"the turn of the century": the start of the century whose first year is nearest."""
    if ctx.anchor is None:
        return Value("DATE", None, relative=True)
    return Value("DATE", f"{(ctx.anchor.year + 50) // 100:02d}", mod="START", relative=True)


def _season_year(season: str, rel: str, ctx: Ctx, start: int, end: int) -> Optional[int]:
    a = ctx.anchor
    if a is None:
        return None
    cur = max((s for s, first in SEASON_START.items() if first <= a.month),
              key=SEASON_START.get, default="WI")       # (January, February: winter)
    cur_year = a.year - 1 if a.month <= 2 else a.year      # winter 2019 runs into 2020
    s, c = SEASON_ORDER[season], SEASON_ORDER[cur]
    if rel in ("last", "past", "this past"):
        return cur_year if s < c else cur_year - 1
    if rel in ("next", "coming", "this coming"):
        return cur_year if s > c else cur_year + 1
    if rel == "this" and season != "WI":    # spring to fall lie in the anchor's calendar year,
        if a.month <= 2 and ctx.parsed is not None and ctx_tense(ctx, start, end) == "past":
            return a.year - 1               # but the verb told in the past before spring
        return a.year                       # ("rose this autumn" in January): the last one
    if rel == "this" or s == c:
        return cur_year
    tense = ctx_tense(ctx, start, end)
    last, following = (cur_year if s < c else cur_year - 1), (cur_year if s > c else cur_year + 1)
    if tense == "":           # the nearest such season, the last one when as near as the next
        return last if (c - s) % 4 <= (s - c) % 4 else following
    return last if tense == "past" else following


# "in spring", "by summer": a bare season word after a preposition is the season
_SEASON_PREP = CONTEXT["season_prep"]
_OF_YEAR_RELATIVE = dates_rx("of_year_relative_after")


def _r_season(m: re.Match, ctx: Ctx) -> Optional[Value]:
    season = SEASON[m.group("season").lower()]
    rel = (m.group("rel") or "").lower()
    if m.group("year"):
        return Value("DATE", f"{year_num(m.group('year'), ctx.anchor):04d}-{season}")
    if not rel:
        if m.group("season")[0].isupper() or not _SEASON_PREP.search(
                ctx.text, max(0, m.start() - 24), m.start()):
            return None                       # "Arab Spring", "hot springs", "fall by 3%"
        rel = "the"
    if rel == "the":
        rel = ""
        if OF_AFTER.match(ctx.text, m.end(), m.end() + 4) and \
                not _OF_YEAR_RELATIVE.match(ctx.text, m.end()):
            return None
    y = _season_year(season, rel, ctx, m.start(), m.end())
    return Value("DATE", f"{y:04d}-{season}" if y else None, relative=True)


def _r_quarter(m: re.Match, ctx: Ctx) -> Optional[Value]:
    g = m.groupdict()
    q = ORDINAL.get((g.get("q") or "").lower()) or (int(g["qn"]) if g.get("qn") else None)
    rel = (g.get("rel") or "").lower()
    year_s = g.get("y1") or g.get("y2")
    a = ctx.anchor
    if g.get("yrel") and q is not None:             # "next year's first quarter"
        if a is None:
            return Value("DATE", None, relative=True)
        y = a.year + {"this": 0, "last": -1, "next": 1}[g["yrel"].lower()]
        return Value("DATE", f"{y:04d}-Q{q}", relative=True)
    if year_s:
        y = year_num(year_s, a)
        if q is None:
            return None
        return Value("DATE", f"{y:04d}-Q{q}")
    if a is None:
        return Value("DATE", None, relative=True)
    cq, y = quarter(a), a.year
    if q is None and rel in ("", "latest", "year-earlier", "year-ago", "that"):
        qc = quarter_context(ctx, m.start())       # "the quarter", "that quarter" discussed
        if qc:
            back = rel.startswith("year")
            return Value("DATE", f"{qc[0] - back:04d}-Q{qc[1]}", relative=True, compare=back)
    if q is None:                       # "the latest quarter", "last quarter", "this quarter"
        shift = {"this": 0, "current": 0, "next": 1, "coming": 1, "last": -1, "previous": -1,
                 "past": -1, "latest": -1, "": -1, "same": -1, "year-earlier": -5,
                 "year-ago": -5, "fourth": 0}.get(rel, -1)
        k = y * 4 + (cq - 1) + shift
        return Value("DATE", f"{k // 4:04d}-Q{k % 4 + 1}", relative=True)
    if rel in ("year-earlier", "year-ago", "last year's", "same"):
        return Value("DATE", f"{y - 1:04d}-Q{q}", relative=True, compare=True)
    elif ANCHOR_OFFSETS.get(rel, 0) < 0 and q >= cq:       # "last/previous first quarter"
        y -= 1
    elif ANCHOR_OFFSETS.get(rel, 0) > 0 and q <= cq:
        y += 1
    elif not rel and q != cq:
        ahead = ctx_tense(ctx, m.start(), m.end()) == "future"
        if q > cq and not ahead:
            y -= 1
        elif q < cq - 1 and ahead:            # "expects to close the deal in the first
            y += 1                            # quarter" (told in December): next year's; the
            #                                   quarter just ended is still this year's ("will
            #                                   report third-quarter results" in November)
    return Value("DATE", f"{y:04d}-Q{q}", relative=True)


def _r_month_quarter(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"the January-March quarter", "the June quarter" (the one that ends in June): the
    quarter of its three months, in the year written or, as "the third quarter" is, the last
    such quarter unless the clause looks ahead."""
    if m.group("me"):
        m2 = MONTH_NUM[m.group("me").lower()]
        m1 = m2 - 2
    else:
        m1, m2 = (MONTH_NUM[m.group(g).lower()] for g in ("m1", "m2"))
    if m1 % 3 != 1 or m2 != m1 + 2:
        return None                       # "the March-May period": no calendar quarter
    q = (m1 + 2) // 3
    if m.group("y"):
        return Value("DATE", f"{m.group('y')}-Q{q}")
    a = ctx.anchor
    if a is None:
        return Value("DATE", None, relative=True)
    y = a.year
    if q > quarter(a) and ctx_tense(ctx, m.start(), m.end()) != "future":
        y -= 1
    return Value("DATE", f"{y:04d}-Q{q}", relative=True)


def _r_period(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """Earnings stories compare one quarter with the year-earlier one and call either "the
    period": the quarter under discussion (``quarter_context``), shifted a year back for
    "year-ago"/"comparable"/"last year's" periods, or put in the year named ("the 1988
    period"). Without a quarter in view, a named year stays a plain year."""
    g = m.groupdict()
    rel = (g.get("rel") or "").lower()
    qc = quarter_context(ctx, m.start(), 300)
    if g.get("y"):
        y = int(g["y"])
        if qc is None:
            return None                               # the year rule takes "1988"
        return Value("DATE", f"{y:04d}-Q{qc[1]}", compare=y != qc[0])
    if ctx.anchor is None:
        return Value("DATE", None, relative=True)
    if qc is None:
        k = ctx.anchor.year * 4 + quarter(ctx.anchor) - 2     # the last complete quarter
        qc = (k // 4, k % 4 + 1)
    back = rel not in ("latest", "most recent") and (g.get("yrel") or "").lower() != "this"
    return Value("DATE", f"{qc[0] - back:04d}-Q{qc[1]}", relative=True, compare=back)


# words of a game: "the second half" in a sentence with one is the match's half
_GAME_WORDS = frozenset(VOCAB["game_words"])


def _of_a_game(ctx: Ctx, m: re.Match) -> bool:
    """Is a half with no year told in a sentence about a game ("sent off in the second half",
    "our players were unlucky in the first half")? Then it is a half of the match, no date."""
    words = span_words(ctx, m.start(), m.end()) if ctx.parsed is not None else None
    return words is not None and any(t.lower_ in _GAME_WORDS for t in words[1].sent)


def _r_half(m: re.Match, ctx: Ctx) -> Optional[Value]:
    h = 1 if m.group("h").lower() in ("first", "1st", "h1", "1h") else 2
    if m.group("h").lower() in ("last", "latter") and not m.group("y"):
        return None                          # "the last half" alone: of a game, of a speech
    if m.group("y"):
        return Value("DATE", f"{year_num(m.group('y'), ctx.anchor):04d}-H{h}")
    if _of_a_game(ctx, m):
        return None                          # "made two substitutions during the second half"
    if ctx.anchor is None:
        return Value("DATE", None, relative=True)
    y = ctx.anchor.year
    if h == 2 and ctx.anchor.month <= 6 and ctx_tense(ctx, m.start(), m.end()) == "past":
        y -= 1
    elif h == 1 and quarter(ctx.anchor) == 4 and \
            ctx_tense(ctx, m.start(), m.end()) == "future":
        y += 1                  # as a quarter two behind: "expects to finish in the first half"
    y -= bool(m.group("ago"))   # "the year-earlier first half": a year before the one reported
    return Value("DATE", f"{y:04d}-H{h}", relative=True)


def _r_iso_week_any(m: re.Match, ctx: Ctx) -> Optional[Value]:
    w = m.group("w") or m.group("w2")
    y = m.group("y") or m.group("y2")
    if not m.group("w") and not y:
        return None                                   # "week 3" alone: too often not a date
    w_i = int(w)
    if not 1 <= w_i <= 53:
        return None
    return Value("DATE", f"{int(y):04d}-W{w_i:02d}")
