"""Resolvers for durations and what is anchored on them: "three years", "the past
month", "two days later", "a year ago" (with the quarter convention of financial news),
PAST/PRESENT/FUTURE references and sets ("every week"). Each ``_r_<name>`` is the
normaliser a rule of ``grammar.toml`` names.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Optional

from .lexicon import (AGE_AFTER, CONTEXT, CURRENT_NOUN_AFTER, dates_rx, MODS, MONTH_NUM, OF_AFTER,
                      PART_DIRS, PART_OF_DATE_AFTER, SEASON, TOD, UNIT_COMPOUND_AFTER, UNITS,
                      VAGUE, VOCAB, WEEKDAY_NUM)
from .relative import told_base
from .tense import ctx_tense, span_words
from .values import (Ctx, duration, iso_day, number, ordinal_number, quarter_context, shift_date,
                     unit_value, Value)


# "twice a week", "three times a year": a frequency, TIMEX3 SET
_FREQ_BEFORE = CONTEXT["freq_before"]
# "$2 million a year", "four flights a week", "20% annually", "15 million instructions per
# second": a rate of some quantity. TimeBank leaves four in five of these untagged and they
# date nothing, so they are no mentions (a number, money or percent, then at most two plural
# nouns or "of"/"million" before the unit)
_RATE_BEFORE = CONTEXT["rate_before"]
# "every weekend": a recurrence that counts no unit
_SET_NAMED = VOCAB["set_named"]
# "a second group": the ordinal, not the unit of time
_ORDINAL_SECOND = CONTEXT["ordinal_second"]


# a bare plural ("for weeks", "within days", "after months of talks") is a vague duration only
# where a preposition or verb of duration says so: not "minutes apart", "such quarters",
# "a matter of days", "dark nights", "on days when"
_BARE_PLURAL_BEFORE = CONTEXT["bare_plural_before"]


_SOMEDAY_BEFORE = CONTEXT["someday_before"]
_FRACTION_QUARTERS = dates_rx("fraction_quarters")
_AFTER_BEFORE = dates_rx("after_before_after")
_OF_BEFORE = dates_rx("of_before")
_PLURAL_OF_BEFORE = dates_rx("plural_of_before")
# "the past year", "the last week", "the past month": TimeBank (TimeML) dates these as the
# calendar unit before the anchor's, as "last year" (a decade stays a DURATION, P10Y)
_BEFORE_DIRS = frozenset(VOCAB["before_dirs"])
_CALENDAR_UNITS = frozenset(VOCAB["calendar_units"])
# "recently", "in the past", "previously": a past reference (PAST_REF)
_PAST_REF_WORDS = tuple(VOCAB["past_ref_words"])


def _previous_unit(ctx: Ctx, unit: str) -> Value:
    if ctx.anchor is None:
        return Value("DATE", None, relative=True)
    return Value("DATE", unit_value(shift_date(ctx.anchor, -1, unit), unit, ctx), relative=True)


_ONE_DAY_AFTER = dates_rx("one_day_after")


def _someday(ctx: Ctx, m: re.Match) -> bool:
    """Is "one day" an adverb of its clause in the parse ("I want to skate in the show one
    day", "if one day they are treated fairly", "that one day, we are not going to cope"),
    not a measure ("lasted one day", "in one day"), in a clause not told in the past? Then
    it is "someday": TimeML's FUTURE_REF (the words after it are checked by the caller)."""
    if ctx.parsed is None or \
            _BARE_PLURAL_BEFORE.search(ctx.text, max(0, m.start() - 14), m.start()):
        return False
    words = span_words(ctx, m.start(), m.end())
    return words is not None and words[1].dep_ == "npadvmod" and \
        ctx_tense(ctx, m.start(), m.end()) != "past"


def _after_prep(ctx: Ctx, m: re.Match) -> bool:
    """Does a preposition or verb of measuring stand just before the match ("over the years",
    "in the days after", "lasted days")? A bare "the days" elsewhere names days ("cannot
    change the days they take tests on", "The hours of operation"), no stretch of time."""
    return bool(_BARE_PLURAL_BEFORE.search(ctx.text, max(0, m.start() - 14), m.start()))


def _r_duration(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """A number of units: a DURATION ("three years", "the past 24 hours"), or the date it
    counts to ("two days ago", "a week later"), a SET after a frequency ("twice a week"), or
    no time at all where the units count something else ("a 44-year-old", "minutes apart")."""
    g = m.groupdict()
    unit = g["unit"].lower()
    if unit == "centurie":
        unit = "century"
    num_s = g.get("num")
    the, dirw = (g.get("the") or "").lower(), (g.get("dir") or "").lower()
    post = (g.get("post") or "").lower()
    after = ctx.text[m.end():m.end() + 8]
    if AGE_AFTER.match(after) or UNIT_COMPOUND_AFTER.match(after):
        return None                                  # "a 44-year-old", "year-round", "day-to-day"
    if unit == "weekend":
        return None
    if ctx.text.startswith("-long", m.end()):
        return _long_adjective(m, ctx, unit)
    if unit == "quarter" and (OF_AFTER.match(after) and not _counted_quarters(g) or
                              _FRACTION_QUARTERS.search(m.group(0))):
        return None                                  # "a quarter of", "three-quarters"
    mod = MODS.get(" ".join((g.get("mod") or "").lower().split()))
    if the and dirw in PART_DIRS and num_s is None and \
            PART_OF_DATE_AFTER.match(ctx.text, m.end()):
        return None                                  # "the first week of June": June, START
    if num_s is None:
        if not (the and (dirw or post in ("ahead", "to come"))) and not g.get("pl"):
            return None                              # (but "the year ahead": P1Y)
        if dirw in _BEFORE_DIRS and unit in _CALENDAR_UNITS and not (g.get("pl") or post or mod) \
                and not OF_AFTER.match(after):
            return _previous_unit(ctx, unit)         # "over the past year": last year
        if g.get("pl") and the and not (dirw or mod or post or _after_prep(ctx, m)):
            return None                              # "the days students take" ("over the years")
        if g.get("pl") and not (the or dirw or mod or post) and not \
                _BARE_PLURAL_BEFORE.search(ctx.text, max(0, m.start() - 14), m.start()) and \
                not ((_AFTER_BEFORE.match(after) or OF_AFTER.match(after) and
                      not _PLURAL_OF_BEFORE.search(ctx.text, max(0, m.start() - 24), m.start()))
                     and not _OF_BEFORE.search(ctx.text[max(0, m.start() - 4):m.start()])):
            return None                              # "minutes apart", "a matter of days"
            #                                          (not "days after", "months of protest")
        n: Optional[float] = 1 if not g.get("pl") else None
    else:
        if g.get("epi") and num_s.lower() in ("a", "an"):
            return None                              # "A tumultuous week": no count
        n = number(num_s)
        if n is not None and (g.get("frac") or g.get("half")):
            n += _fraction_of(g.get("frac") or g.get("half"))   # "2 1/2 years", "an hour
            #                                                     and a quarter"
        if num_s.lower() in ("a", "an") and not post and not g.get("adj") and not the:
            before = ctx.text[max(0, m.start() - 40):m.start()]
            if _FREQ_BEFORE.search(before):
                return Value("SET", duration(1, unit))     # "twice a week"
            if _RATE_BEFORE.search(before):
                return None                                  # "$2 million a year"
        if unit == "day" and num_s.lower() in ("one", "some") and not g.get("pl") and \
                not (post or the or dirw or mod) and \
                not _ONE_DAY_AFTER.match(ctx.text, m.end()) and \
                (_SOMEDAY_BEFORE.search(ctx.text, max(0, m.start() - 12), m.start()) or
                 _someday(ctx, m)):
            return Value("DATE", "FUTURE_REF", relative=True)    # "he will one day return",
            #                                                       "surrounded some day by"
        if unit == "second" and not g.get("pl") and num_s.lower() in ("a", "an", "one") and \
                _ORDINAL_SECOND.match(ctx.text, m.end()):
            return None                                      # "a second betrayal"
    if post == "later" or post == "earlier" and UNITS[unit][3] in ("sec", "min", "hour", "day",
                                                                    "week"):
        return _anchored(m, ctx, n, unit, mod, 1 if post == "later" else -1)
    if post in ("ago", "earlier", "from now", "from today"):
        return _offset(m, ctx, n, unit, mod, post)
    return Value("DURATION", duration(n, unit), mod=mod, span_start=_adjective_start(m))


def _offset(m: re.Match, ctx: Ctx, n: Optional[float], unit: str, mod: Optional[str],
            post: str) -> Value:
    """"three years ago", "a week from now", "a year earlier" (from the date being told): the
    date that many units away, at the unit's granularity ("a year ago" in a quarterly report
    is that quarter a year back)."""
    gran = UNITS[unit][3]
    base = ctx.anchor if post != "earlier" else told_base(ctx, gran, m.start())
    sign = -1 if post in ("ago", "earlier") else 1
    if n is None:
        return Value("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", relative=True)
    if base is None:
        return Value("DATE", None, mod=mod, relative=True)
    if gran in ("sec", "min", "hour") or n != int(n):
        return _fraction_back(base, n, unit, sign, mod, ctx)
    d = shift_date(base, sign * _steps(n, unit), gran)
    qc = quarter_context(ctx, m.start()) if gran == "year" and n == 1 else None
    if qc:
        return Value("DATE", f"{qc[0] + sign:04d}-Q{qc[1]}", mod=mod, relative=True,
                      compare=True)
    return Value("DATE", unit_value(d, gran, ctx), mod=mod, relative=True,
                  day=d if gran == "day" else None)


def _counted_quarters(g: dict) -> bool:
    """"three consecutive quarters of losses", "several quarters of growth": an adjective of
    the stretch or a vague count before "quarters of" makes them a run of quarters, no
    fraction ("three quarters of the vote")."""
    return bool(g.get("adj") or g.get("epi")) or (g.get("num") or "").lower() in _QUARTER_RUNS


_QUARTER_RUNS = frozenset(VOCAB["quarter_run_counts"])


def _adjective_start(m: re.Match) -> Optional[int]:
    """"the 24-hour ceasefire", "the 100-day mark": a hyphenated number and unit is an
    adjective, and the article before it belongs to the noun (TimeBank marks "24-hour")."""
    if m.group("the") and m.group("num") and not m.group("dir") and \
            "-" in m.string[m.end("num"):m.start("unit")]:
        return m.start("num")
    return None


_FRACTIONS = VOCAB["unit_fractions"]
_UNIT_DOWN = VOCAB["unit_down"]


def _fraction_of(words: str) -> float:
    """"1/2", "and a quarter", "and three-quarter": the fraction written with a number of units
    ("one and a quarter hours", "2 1/2 years")."""
    words = " ".join(words.lower().replace("-", " ").split()).rstrip("s")
    if "/" in words:
        num, den = words.split("/")
        return int(num) / int(den)
    return next((v for w, v in sorted(_FRACTIONS.items(), key=lambda kv: -len(kv[0]))
                 if words.endswith(w.rstrip("s"))), 0.5)


def _r_unit_fraction(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"a half-hour", "a quarter of an hour", "three-quarters of an hour", "a quarter-century":
    a fraction of a unit, counted in the next smaller unit (PT30M, PT15M, PT45M, P25Y)."""
    fr = (m.group("fr") or m.group("fr3")).lower().replace("-", " ")
    lower, per = _UNIT_DOWN[m.group("unit").lower()]
    return Value("DURATION", duration(_FRACTIONS[" ".join(fr.split())] * per, lower))


def _r_closed_long(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"a yearlong probe", "monthslong talks": one unit's duration, some units' in the plural."""
    unit = m.group("unit").lower()
    return Value("DURATION", duration(None if m.group("pl") else 1, unit))


def _r_range_head(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """"[two] to three weeks": the first number of a range counts the unit named after the
    second (a duration; "a", "some" and other vague words are no bound)."""
    n = number(m.group("num"))
    unit = m.group("unit").lower()
    if n is None or m.group("num").lower() in ("a", "an") or unit == "weekend":
        return None
    return Value("DURATION", duration(n, "century" if unit == "centurie" else unit))


def _fraction_back(base: date, n: float, unit: str, sign: int, mod: Optional[str],
                   ctx: Ctx) -> Value:
    """"two hours ago" (the day), "half a year ago", "a year and a half ago" (the month that
    many months back), "a month and a half ago", "2 1/2 weeks ago" (the day that many days
    back): a fraction of a unit counts in the next smaller one."""
    gran = UNITS[unit][3]
    steps = n * UNITS[unit][2]                # ("half a fortnight ago": a week back)
    if gran == "year":                        # ("half a decade ago": five years back)
        whole = steps == int(steps)
        d = shift_date(base, sign * (int(steps) if whole else round(steps * 12)),
                   "year" if whole else "month")
        return Value("DATE", unit_value(d, "year" if whole else "month", ctx), mod=mod,
                      relative=True)
    days = {"month": 30, "quarter": 91, "week": 7, "day": 1}.get(gran)
    d = base + timedelta(days=sign * (round(steps * days) if days else _whole_days(n, gran)))
    return Value("DATE", iso_day(d), mod=mod, relative=True)


def _whole_days(n: float, gran: str) -> int:
    """The whole days in ``n`` hours ("48 hours ago": two days back; "two hours ago": the same
    day, the time of day being unknown); none for minutes and seconds, or fractions of units."""
    return int(n) // 24 if gran == "hour" and n == int(n) else 0


def _steps(n: float, unit: str) -> int:
    """How many steps of the unit's granularity ``n`` units make: a decade is counted in
    years ("a decade ago" is the year ten years back, 2014 in 2024, not the decade 201), a
    fortnight in weeks ("a fortnight ago": two weeks back)."""
    return int(n) * UNITS[unit][2]


def _long_adjective(m: re.Match, ctx: Ctx, unit: str) -> Value:
    """"a day-long strike", "decades-long feud", "a 10-year-long war": the adjective is the
    duration (an article before it belongs to the noun)."""
    num_s = m.group("num")
    counted = num_s is not None and num_s.lower() not in ("a", "an")
    n = number(num_s) if counted else (None if m.group("pl") else 1)
    return Value("DURATION", duration(n, unit), span_start=m.start("num" if counted else "unit"),
                  span_end=m.end() + len("-long"))


def _anchored(m: re.Match, ctx: Ctx, n: Optional[float], unit: str, mod: Optional[str],
              sign: int) -> Value:
    """"two days later": TimeML's DURATION ``P2D`` over "two days" ("later" is the signal that
    anchors it), reaching the day two days after the one being told, its ``point``; "a day
    earlier" the same backwards; years and months count from the year or month told when one
    was named since the last day ("took effect in 2020 ... Three years later": 2023). ("A year
    earlier" stays a DATE: the comparison period of a report, as TimeBank tags it.)"""
    value = Value("DURATION", duration(n, unit), mod=mod, relative=True,
                   span_end=m.start("post"))
    gran = UNITS[unit][3]
    base = told_base(ctx, gran, m.start())   # "In 2020 ... Three years later": from 2020
    if n is None or base is None:
        return value
    d = base + timedelta(days=sign * _whole_days(n, gran)) \
        if gran in ("sec", "min", "hour") or n != int(n) else \
        shift_date(base, sign * _steps(n, unit), gran)
    value.point = iso_day(d) if gran in ("sec", "min", "hour", "day") \
        else unit_value(d, gran, ctx)
    value.day = d if gran in ("sec", "min", "hour", "day") else None
    return value


def _r_year_ago(m: re.Match, ctx: Ctx) -> Optional[Value]:
    """``year-earlier``/``year-ago`` (adjectives): the year before, by the quarter if one is
    in the sentence."""
    a = ctx.anchor
    if a is None:
        return Value("DATE", None, relative=True)
    qc = quarter_context(ctx, m.start())
    if qc:
        return Value("DATE", f"{qc[0] - 1:04d}-Q{qc[1]}", relative=True, compare=True)
    return Value("DATE", f"{a.year - 1:04d}", relative=True)


def _noun_current(ctx: Ctx, m: re.Match) -> bool:
    """"The current swept him away", "a strong current": "current" a noun in the parse, a flow
    of water or electricity, no time (the time is the adjective: "the current queen")."""
    words = span_words(ctx, m.start(), m.end()) if ctx.parsed is not None else None
    return words is not None and words[1].lower_ == "current" and words[1].tag_.startswith("NN")


def _r_ref(m: re.Match, ctx: Ctx) -> Optional[Value]:
    w = " ".join(m.group(0).lower().split())
    if w in ("current", "the current") and (
            CURRENT_NOUN_AFTER.match(ctx.text[m.end():m.end() + 20]) or _noun_current(ctx, m)):
        return None
    if w.startswith("recent ") and w.endswith("s"):
        # "in recent years": TimeBank tags these as vague durations (PXY) more often than
        # as PAST_REF, and the span is a stretch of time up to now
        return Value("DURATION", duration(None, w[7:-1]), relative=True)
    if "future" in w or w.startswith("the coming") or w in ("soon",):
        return Value("DATE", "FUTURE_REF", relative=True)
    if any(k in w for k in _PAST_REF_WORDS):
        return Value("DATE", "PAST_REF", relative=True)
    return Value("DATE", "PRESENT_REF", relative=True)


def _r_set(m: re.Match, ctx: Ctx) -> Optional[Value]:
    w = m.group(0).lower()
    table = VOCAB["set_adverbs"]
    if w in table or w.startswith("per "):
        before = ctx.text[max(0, m.start() - 40):m.start()]
        if _RATE_BEFORE.search(before) and not _FREQ_BEFORE.search(before):
            return None                     # "rise 8.5% annually", not "three times daily"
    if w in table:
        return Value("SET", table[w])
    unit = m.group("sunit").lower()
    if unit in _SET_NAMED:
        return Value("SET", _SET_NAMED[unit])                # "every weekend"
    if unit in WEEKDAY_NUM:                             # "every Friday night": XXXX-WXX-5TNI
        tod = (m.group("stod") or "").lower()
        part = f"T{TOD[tod]}" if tod else ""
        return Value("SET", f"XXXX-WXX-{WEEKDAY_NUM[unit] + 1}{part}")
    if unit in TOD:
        return Value("SET", f"XXXX-XX-XXT{TOD[unit]}")
    if unit in SEASON:
        return Value("SET", f"XXXX-{SEASON[unit]}")       # "every summer"
    if unit in MONTH_NUM:
        return Value("SET", f"XXXX-{MONTH_NUM[unit]:02d}")  # "each July"
    snum = (m.group("snum") or "").lower()
    if snum in VAGUE:
        return Value("SET", duration(None, unit))     # "every few days": PXD
    n = VOCAB["set_counts"].get(snum) or ordinal_number(snum) or number(snum) if snum else 1
    return Value("SET", duration(n or 1, unit))
