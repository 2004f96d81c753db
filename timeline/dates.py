"""Temporal tagger: English news text → TIMEX3 mentions anchored on the publication date.

A hand-written grammar (compiled regexes, one rule per expression class) finds candidate
spans; overlapping candidates are settled longest-first; then every kept span is normalised
in text order, so that narrative expressions ("the previous day", "a year earlier") can
anchor on the last date the text named, as TimeML does. Relative expressions need the
anchor (publication date): without one their value is None, never today's date.

Conventions (TimeML / TempEval-3): weekdays resolve by tense (past by default: the most
recent such day, the publication day itself when the weekday matches; "will"/"next"
forward); numeric dates follow ``Settings.date_order``; ranges keep the start as ``value``
and the end as ``end_value``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Optional

from .config import DEFAULT, Settings
from .model import DateMention

# ---------------------------------------------------------------------------------------
# Lexicon
# ---------------------------------------------------------------------------------------
_MONTH_NUM = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAY_NUM = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
                "saturday": 5, "sunday": 6}
_SEASON = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_ORDER = {"SP": 0, "SU": 1, "FA": 2, "WI": 3}
_TOD = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4, "last": 4, "final": 4}
_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "a": 1, "an": 1, "a couple of": 2, "couple of": 2, "a dozen": 12,
    "dozen": 12, "a hundred": 100, "one hundred": 100, "a thousand": 1000, "a half": 0.5, "half a": 0.5, "half an": 0.5,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_VAGUE = {"several", "a few", "few", "some", "many", "dozens of", "hundreds of",
          "a number of", "numerous", "the next few", "a couple"}
# unit → (time part?, TIMEX3 letter, multiplier, granularity for "N units ago")
_UNITS = {
    "second": (True, "S", 1, "sec"), "minute": (True, "M", 1, "min"),
    "hour": (True, "H", 1, "hour"), "day": (False, "D", 1, "day"),
    "night": (False, "D", 1, "day"), "week": (False, "W", 1, "week"),
    "fortnight": (False, "W", 2, "week"), "month": (False, "M", 1, "month"),
    "quarter": (False, "Q", 1, "quarter"), "year": (False, "Y", 1, "year"),
    "decade": (False, "Y", 10, "decade"), "century": (False, "Y", 100, "century"),
    "centurie": (False, "Y", 100, "century"),
}
_MODS = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN", "less than": "LESS_THAN",
    "under": "LESS_THAN", "more than": "MORE_THAN", "over": "MORE_THAN",
    "at least": "EQUAL_OR_MORE", "up to": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS", "just over": "MORE_THAN", "well over": "MORE_THAN",
    "just under": "LESS_THAN",
}
_POS_MODS = {"early": "START", "earlier": "START", "late": "END", "later": "END",
             "mid": "MID", "mid-": "MID", "the end of": "END", "the beginning of": "START",
             "the start of": "START", "the middle of": "MID", "the turn of": "START",
             "the first half of": "START", "the second half of": "END", "the close of": "END"}
# Words after a number that make it a count, not a year or a day
_COUNT_NOUNS = frozenset("""
people persons men women children kids soldiers troops servicemen mercenaries fighters
militants civilians refugees families residents casualties deaths dead killed wounded injured
members units vehicles tanks cars trucks aircraft planes jets drones missiles rockets shells
km kilometres kilometers miles metres meters feet ft tons tonnes barrels shares dollars euros
pounds votes cases patients houses homes buildings villages prisoners hostages workers
employees jobs points percent per cent cents times rounds seats delegates students voters
""".split())

_NUM_WORD = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
             r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|"
             r"five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
             r"seventeen|eighteen|nineteen|a couple of|couple of|a dozen|dozen|a few|few|"
             r"several|some|many|dozens of|hundreds of|a number of|numerous|half an?|"
             r"(?:a|one) hundred|a thousand|an?)")
_NUM = rf"(?:\d+(?:\.\d+)?|{_NUM_WORD})"
_UNIT = r"(?:second|minute|hour|day|night|weekend|week|fortnight|month|quarter|year|decade|centur(?:y|ie))"
_MONTH_FULL = ("January|February|March|April|May|June|July|August|September|October|"
               "November|December")
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\."
_MONTH_ABBR_NODOT = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
_WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"


def _mon(name: str) -> str:
    return rf"(?P<{name}>{_MONTH_FULL}|{_MONTH_ABBR}|{_MONTH_ABBR_NODOT}(?=\s+\d))"


def _day(name: str) -> str:
    return rf"(?P<{name}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"


# "nineteen ninety-seven", "two thousand (and) one": years as broadcast transcripts spell them
_SPELLED_YEAR = (r"(?i:nineteen[\s-](?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                 r"(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?\b|two thousand"
                 r"(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                 r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)"
                 r")?\b(?![\s-]+(?:people|men|women|of|[a-z]+s)\b))")


def _year(name: str) -> str:
    return rf"(?P<{name}>1[0-9]\d\d|20\d\d|'\d\d|{_SPELLED_YEAR})(?![\d%])"


# ---------------------------------------------------------------------------------------
# Candidate spans and the resolution context
# ---------------------------------------------------------------------------------------
@dataclass
class _Value:
    type: str
    value: Optional[str]
    mod: Optional[str] = None
    relative: bool = False
    end_value: Optional[str] = None
    day: Optional[date] = None          # the day it denotes, when day precision (narrative)
    compare: bool = False               # a year-ago comparison: not the quarter under discussion
    point: Optional[str] = None         # an anchored duration's reach ("two days later")
    span_end: Optional[int] = None      # where the mention ends, when short of the match


@dataclass
class _Ctx:
    text: str
    anchor: Optional[date]
    settings: Settings
    narrative: Optional[date] = None    # last day-precision date named in the text
    parsed: object = None               # spaCy Doc of ``text``: tense from the governing verb
    told: Optional[tuple[date, int]] = None   # last date named (day, digits of precision)
    last_quarter: Optional[tuple[int, str]] = None   # (offset, value) of the last quarter named


Resolver = Callable[[re.Match, _Ctx], Optional[_Value]]

# ---------------------------------------------------------------------------------------
# Small date helpers
# ---------------------------------------------------------------------------------------

def _iso_day(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _quarter(d: date) -> int:
    return (d.month - 1) // 3 + 1


def _valid(y: int, m: int, d: int) -> Optional[date]:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_num(s: str, anchor: Optional[date]) -> int:
    """A written year: ``1998``, ``'98`` (the century nearest the anchor), ``nineteen
    ninety-eight``."""
    if s[0].isalpha():
        return _spelled_year_num(s)
    if s.startswith("'"):
        yy = int(s[1:])
        base = (anchor.year if anchor else 2000)
        cands = [c * 100 + yy for c in (base // 100 - 1, base // 100, base // 100 + 1)]
        return min(cands, key=lambda c: abs(c - base))
    return int(s)


def _number(s: str) -> Optional[float]:
    """``"three"``/``"twenty-four"``/``"48"`` → number; None for vague quantities."""
    s = s.lower().strip()
    if s in _VAGUE:
        return None
    if s[0].isdigit():
        v = float(s)
        return int(v) if v.is_integer() else v
    if s in _SMALL:
        return _SMALL[s]
    parts = re.split(r"[- ]", s)
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_SMALL.get(parts[1], 0) if len(parts) > 1 else 0)
    return None


def _fmt_num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


def _duration(n: Optional[float], unit: str) -> str:
    """TIMEX3 duration: ``PT48H``, ``P3Y``, ``P20Y`` for two decades, ``PXY`` when vague; a
    half unit goes down to the next unit, as ISO 8601 has no fractions there (``P2Y6M``)."""
    is_time, letter, mult, _ = _UNITS[unit]
    if n is None:
        return f"P{'T' if is_time else ''}X{letter}"
    whole, half = int(n), n - int(n) == 0.5
    if half and mult == 1 and letter in _HALF:
        lower, low_letter, time_low = _HALF[letter] if not is_time or letter != "M" \
            else (30, "S", True)
        head = f"{whole}{letter}" if whole else ""
        if is_time or (time_low and not head):
            return f"PT{head}{lower}{low_letter}"
        return f"P{head}{'T' if time_low else ''}{lower}{low_letter}"
    return f"P{'T' if is_time else ''}{_fmt_num(n * mult)}{letter}"


# half of a unit in the next unit down: letter → (amount, letter, time part?)
_HALF = {"Y": (6, "M", False), "D": (12, "H", True), "H": (30, "M", True), "M": (15, "D", False)}


# ---------------------------------------------------------------------------------------
# Tense around a span: decides the direction of weekdays and bare months
# ---------------------------------------------------------------------------------------
_FUTURE_CUES = re.compile(
    r"\b(?:will|won't|wo n't|shall|'ll|going to|expected|expects|scheduled|schedule|plans?|"
    r"planned|planning|intends?|due(?!\s+to\s+(?:the|a|an|its|his|her|their|this)\b)|"
    r"set to|to be held|to begin|to start|would|upcoming|next(?!\s+to\b)|as soon as|"
    r"as early as|as late as|supposed to|(?:agreed|agrees?|decided|decides?|voted|votes?|"
    r"promised|promises?|pledged|pledges?|offered|offers?|hopes?|hoped|aims?|seeks?|sought|"
    r"wants?|is|are)\s+to\s+(?!the\b|a\b|an\b)[a-z]+)\b", re.I)
# "would be paid", "to be completed": a participle under a modal looks ahead
_MODAL_BEFORE = re.compile(r"(?i:\b(?:will|would|shall|'ll|to|should)"
                           r"(?:\s+not)?\s+(?:be|have)(?:\s+been)?\s+)$")
# "had been scheduled to expire Friday": a plan already past
_PAST_PLAN = re.compile(r"(?i:\bhad(?:\s+been)?\s+)$")
# "extended the deadline until Tuesday": the end of a wait lies ahead of the report
_UNTIL_BEFORE = re.compile(r"(?i:\b(?:until|till)\s+(?:(?:about\s+)?\d{1,2}(?::\d\d)?\s*"
                           r"(?:[ap]\.m\.?|noon|midnight)?\s*(?:[ECMP][SD]T\s*)?,?\s*|"
                           r"(?:noon|midnight)\s+)?)$")
_PAST_CUES = re.compile(
    r"\b(?:said|says|was|were|had|did|told|reported|announced|began|came|went|took|made|"
    r"met|left|held|hit|struck|fell|rose|saw|ago|since|last|earlier|killed|died|fought|"
    r"launched|captured|signed|(?-i:[a-z]{2,}(?<![cndpsfwh]e|ee|dr)ed))\b", re.I)
# sentence ends, but not the dots of "a.m.", "Mr.", "Oct.", "U.S."
_SENT_CUT = re.compile(r"[!?;\n\"“”]|(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})(?<!Sept)"
                       r"(?<![ap]\.m)\.(?=\s|$)")


def _clause_left(text: str, start: int) -> str:
    """Up to 80 characters before ``start``, from the last sentence end."""
    left = text[max(0, start - 80):start]
    cut = [m.end() for m in _SENT_CUT.finditer(left)]
    return left[cut[-1]:] if cut else left


def _until_ahead(left: str) -> bool:
    """"extended the deadline until Tuesday" (not "Until Thursday, they had...")."""
    until = _UNTIL_BEFORE.search(left)
    return bool(until and re.search(r"\w", left[:until.start()]))


def _tense(text: str, start: int, end: int) -> str:
    """'future', 'past' or '' from the nearest tense cue in the clause around the span.

    Looks left first (the verb a weekday modifies usually precedes it in news) then right.
    """
    left = _clause_left(text, start)
    if _until_ahead(left):
        return "future"
    best = ""
    best_pos = -1
    for cues, label in ((_FUTURE_CUES, "future"), (_PAST_CUES, "past")):
        for m in cues.finditer(left):
            if m.start() > best_pos:
                best_pos, best = m.start(), label
                if label == "future" and _PAST_PLAN.search(left, 0, m.start()):
                    best = "past"
                elif label == "past" and _MODAL_BEFORE.search(left, 0, m.start()):
                    best = "future"
    if best:
        return best
    right = text[end:end + 60]
    stop = _SENT_CUT.search(right)
    if stop:
        right = right[:stop.start()]
    f = _FUTURE_CUES.search(right)
    p = _PAST_CUES.search(right)
    if f and (not p or f.start() < p.start()):
        return "future"
    if p:
        return "past"
    return ""


# With a parse, the verb that governs the expression decides, so that each clause of reported
# speech keeps its own tense ("said Tuesday it would meet Friday") and no cue word of a
# neighbouring clause leaks in. Tags, not morphology: the pipeline's spaCy model runs without
# its attribute ruler, so ``morph`` is empty and ``tag_`` (VBD, VBZ, MD...) is what is set.
_VERB_TAGS = frozenset(("VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"))
# an infinitive under these looks ahead ("agreed to acquire ... in January")
_FUTURE_GOVERNORS = frozenset("""
agree agreed agrees decide decided decides vote voted votes promise promised promises pledge
pledged pledges offer offered offers hope hoped hopes aim aimed aims seek seeks sought want
wanted wants plan plans planned planning intend intends intended expect expected expects
schedule scheduled set due going prepared preparing ready likely expected poised slated
""".split())
# participles that look ahead on their own ("the vote, expected Tuesday")
_FUTURE_PARTICIPLES = frozenset("expected scheduled planned slated".split())


def _ctx_tense(ctx: _Ctx, start: int, end: int, present: str = "") -> str:
    """Tense around a span: from the parse when there is one and it decides, else cue words.

    A present-tense verb with no cue either way gives ``present``: "future" for weekdays
    ("meet separately Monday" is a plan), nothing for months ("worth $130 million in
    October" is the nearest October)."""
    if ctx.parsed is not None:
        if _until_ahead(_clause_left(ctx.text, start)):
            return "future"
        span = ctx.parsed.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span) and span.root.dep_ not in ("compound", "nmod"):
            t = span.root                   # (not "a June agreement": a noun's modifier)
            for _ in range(12):                       # up to the nearest verb
                if t.tag_ in _VERB_TAGS and t.i not in range(span.start, span.end):
                    tense = _verb_tense(t)
                    if tense == "present":
                        return _tense(ctx.text, start, end) or present
                    if tense:
                        return tense
                    break
                if t.head is t:
                    break
                t = t.head
    return _tense(ctx.text, start, end)


def _verb_tense(v, depth: int = 0) -> str:
    """'past', 'future', 'present' or '' for a verb token, from its tag and auxiliaries."""
    aux = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    words = [a.lower_ for a in aux]
    perfect_past = "had" in words or "'d" in words and v.tag_ == "VBN"
    if any(a.tag_ == "MD" for a in aux):
        if "have" in words and v.tag_ == "VBN":
            return "past"                             # "would have met Monday"
        return "" if "could" in words else "future"   # "could not be located Wednesday"
    if perfect_past:
        return "past"
    if v.lower_ in _FUTURE_PARTICIPLES or v.lower_ in ("plan", "plans"):
        return "future"                               # "has scheduled a news conference Thursday"
    gov = v.head
    if "to" in words:                                 # an infinitive: its governor decides
        if "have" in words:
            return "past"
        while gov.head is not gov and gov.tag_ not in _VERB_TAGS and \
                not gov.tag_.startswith("NN") and gov.lower_ not in _FUTURE_GOVERNORS:
            gov = gov.head                            # "made it difficult for Sun to meet"
        if gov is v or gov.tag_.startswith("NN"):    # "an agreement to acquire"
            return "future"
        if any(c.lower_ == "had" for g in (gov, gov.head) for c in g.children
               if c.dep_ in ("aux", "auxpass")):
            return "past"                             # "had been due to expire Friday"
        if gov.lower_ in _FUTURE_GOVERNORS:
            return "future"
        if depth < 3 and gov.tag_ in _VERB_TAGS:
            return "past" if _verb_tense(gov, depth + 1) == "past" else "future"
        return "future"
    if aux:
        if aux[0].tag_ == "VBD":
            return "past"
        if any(w in ("has", "have", "'ve") for w in words):
            return "past"                             # present perfect: done by now
        return "present"
    if v.tag_ == "VBD":
        return "past"
    if v.tag_ in ("VBZ", "VBP"):
        return "present"
    if depth < 3 and gov is not v and gov.tag_ in _VERB_TAGS and (
            v.dep_ == "conj" or v.tag_ != "VBN" and v.dep_ in ("xcomp", "advcl", "ccomp", "dep")):
        return _verb_tense(gov, depth + 1)
    if v.tag_ == "VBN":
        return "past"                                 # "a deal signed Monday"
    return ""


# ---------------------------------------------------------------------------------------
# Resolvers: one per rule; each returns a _Value or None (reject)
# ---------------------------------------------------------------------------------------

def _month_year(mon: int, ctx: _Ctx, start: int, end: int, cue: str = "") -> Optional[int]:
    """Year of a month named without one: by tense, else the nearest to the anchor."""
    a = ctx.anchor
    if a is None:
        return None
    tense = cue or _ctx_tense(ctx, start, end)
    diff = mon - a.month
    # a past verb puts the month in the last twelve, a future one in the next twelve; the
    # month just after (before) the anchor's is taken for a misread tense, not a year off
    if tense == "past":
        return a.year if diff <= (0 if cue else 1) else a.year - 1
    if tense == "future":
        return a.year if diff >= (0 if cue else -1) else a.year + 1
    if diff > 6:
        return a.year - 1
    if diff < -6:
        return a.year + 1
    return a.year


def _day_month_year(day: int, mon: int, ctx: _Ctx, start: int, end: int) -> Optional[date]:
    """A day and month without a year: nearest occurrence, tense breaking ties far off."""
    a = ctx.anchor
    if a is None:
        return None
    cands = [d for d in (_valid(a.year + k, mon, day) for k in (-1, 0, 1)) if d]
    if not cands:
        return None
    best = min(cands, key=lambda d: abs((d - a).days))
    if abs((best - a).days) > 90:
        tense = _ctx_tense(ctx, start, end)
        if tense == "past":
            past = [d for d in cands if d <= a]
            best = max(past) if past else best
        elif tense == "future":
            fut = [d for d in cands if d >= a]
            best = min(fut) if fut else best
    return best


_REL_BEFORE = re.compile(r"(?i:\b(last|this past|next|this coming)\s+)$")


def _r_date_dmy(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    g = m.groupdict()
    mon = _MONTH_NUM[g["mon"].rstrip(".").lower()]
    day = int(g["day"])
    if g.get("year"):
        d = _valid(_year_num(g["year"], ctx.anchor), mon, day)
        return _Value("DATE", _iso_day(d), day=d) if d else None
    d = _day_month_year(day, mon, ctx, m.start(), m.end())
    rel = _REL_BEFORE.search(ctx.text, max(0, m.start() - 12), m.start())
    if d and rel and ctx.anchor:                 # "last Oct. 23", "next March 1"
        past = rel.group(1).lower() in ("last", "this past")
        if past and d > ctx.anchor or not past and d < ctx.anchor:
            d = _valid(d.year + (-1 if past else 1), mon, day) or d
    if ctx.anchor is None:
        return _Value("DATE", None, relative=True)
    return _Value("DATE", _iso_day(d), relative=True, day=d) if d else None


def _r_month_year(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    mon = _MONTH_NUM[m.group("mon").rstrip(".").lower()]
    y = _year_num(m.group("year"), ctx.anchor)
    return _Value("DATE", f"{y:04d}-{mon:02d}")


_MONTH_CUE_BEFORE = re.compile(
    r"(?i:\b(?:in|since|until|till|by|during|before|after|from|through|of|early|late|mid|"
    r"last|next|this|past|coming|back in|as of|between|and|or|to|for|throughout)\s*-?\s*)$")


def _r_month(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    name = m.group("mon")
    before = ctx.text[max(0, m.start() - 14):m.start()]
    rel = (m.group("rel") or "").lower()
    if not rel and name in ("May", "March", "June", "April", "August") and \
            not _MONTH_CUE_BEFORE.search(before) and not (
                re.search(r"(?i)\b(?:a|the)\s+$", before) and
                re.match(r"\s+(?:agreement|accord|deal|meeting|election|elections|vote|"
                         r"accession|summit|report|decision|ruling|offer|announcement|"
                         r"attack|crash|bombing|talks|visit|survey|issue|quarter|period)\b",
                         ctx.text[m.end():m.end() + 16])):
        return None                # "a June agreement": a month; "the March" alone: a march
    if not rel and m.start() > 0 and ctx.text[m.start() - 1] not in " \t\n(-–,\"“'‘":
        return None
    mon = _MONTH_NUM[name.rstrip(".").lower()]
    a = ctx.anchor
    if a is None:
        return _Value("DATE", None, relative=True)
    if rel in ("last", "past", "this past"):
        y = a.year if mon < a.month else a.year - 1
    elif rel in ("next", "coming", "this coming"):
        y = a.year if mon > a.month else a.year + 1
    elif rel == "this":
        y = a.year
    else:
        cue = "past" if re.search(r"(?i)\b(?:since|back in|last)\s+$", before) else ""
        y = _month_year(mon, ctx, m.start(), m.end(), cue)
    return _Value("DATE", f"{y:04d}-{mon:02d}", relative=True)


def _r_iso(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    d = _valid(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if d is None:
        return None
    if m.group("hh"):
        return _Value("TIME", f"{_iso_day(d)}T{m.group('hh')}:{m.group('mi')}", day=d)
    return _Value("DATE", _iso_day(d), day=d)


def _r_numeric(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """``05/10/2020`` in the configured order; impossible orders fall back to the other."""
    a, b, c = m.group("a"), m.group("b"), m.group("c")
    order = ctx.settings.date_order
    if len(a) == 4:
        y, mo, d = int(a), int(b), int(c)
    else:
        y = _year_num(c if len(c) == 4 else "'" + c, ctx.anchor)
        mo, d = (int(a), int(b)) if order == "MDY" else (int(b), int(a))
        if mo > 12 and d <= 12:
            mo, d = d, mo
    dd = _valid(y, mo, d)
    return _Value("DATE", _iso_day(dd), day=dd) if dd else None


_YEAR_REJECT_BEFORE = re.compile(
    r"(?i:(?:[$£€¥#]|\bNo\.?|\bnumber|\bresolution|\barticle|\bflight|\broute|\bpage|\bp\.|"
    r"\bSection|\bRule|\bcode|\bmodel|\bversion|\bBoeing|\bAirbus)\s*)$"
    r"|\b(?:A|F|M|MiG|Su|Tu)-?$")              # A320, F-16, M1: models; "a 1996 law": a year


def _r_year(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    before = ctx.text[max(0, m.start() - 12):m.start()]
    if _YEAR_REJECT_BEFORE.search(before):
        return None
    after = ctx.text[m.end():m.end() + 20]
    nxt = re.match(r"\s+(?:to|and|-)?\s*([A-Za-z]+)", after)
    if nxt and nxt.group(1).lower() in _COUNT_NOUNS:
        return None
    if re.match(r"\s*(?:-|to|and)\s*\$?\d{1,3},\d{3}", after) or re.match(r"[.,]\d", after):
        return None
    y = int(m.group("year"))
    if not 1000 <= y <= 2099:
        return None
    return _Value("DATE", f"{y:04d}")


def _r_year_range(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """``1990-95``, ``2019–2021``: the first year, the last kept as ``end_value``."""
    y1 = int(m.group("year"))
    y2s = m.group("y2")
    y2 = int(y2s) if len(y2s) == 4 else y1 // 100 * 100 + int(y2s)
    if not y1 < y2 <= y1 + 100 or _r_year(m, ctx) is None:
        return None
    return _Value("DATE", f"{y1:04d}", end_value=f"{y2:04d}")


_SPELLED_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                  "eight": 8, "nine": 9}


def _spelled_year_num(s: str) -> int:
    words = re.split(r"[\s-]+", s.lower())
    if words[0] == "nineteen":
        return 1900 + _TENS[words[1]] + (_SPELLED_UNITS.get(words[2], 0) if len(words) > 2 else 0)
    return 2000 + int(_number(words[-1]) or 0 if words[-1] != "thousand" else 0)


def _r_spelled_year(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """``nineteen ninety-six``, ``the year two thousand``, ``two thousand and one``."""
    g = m.groupdict()
    if not g.get("tens") and not m.group(0).lower().startswith("the year") and \
            not re.search(r"(?i)\b(?:in|since|by|until|of|before|after)\s+$",
                          ctx.text[max(0, m.start() - 8):m.start()]):
        return None                                  # "two thousand" is mostly a count
    y = _spelled_year_num(re.sub(r"(?i)^the year\s+", "", m.group(0)))
    return _Value("DATE", f"{y:04d}")


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


def _nth_weekday(y: int, month: int, wd: int, n: int) -> date:
    """The n-th (n=-1: last) weekday ``wd`` of a month."""
    if n > 0:
        first = date(y, month, 1)
        return first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
    nxt = date(y + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return nxt - timedelta(days=(nxt.weekday() - wd) % 7)


_HOLIDAYS: dict[str, Callable[[int], date]] = {
    "christmas": lambda y: date(y, 12, 25), "christmas day": lambda y: date(y, 12, 25),
    "christmas eve": lambda y: date(y, 12, 24), "new year's day": lambda y: date(y, 1, 1),
    "new year's eve": lambda y: date(y, 12, 31), "halloween": lambda y: date(y, 10, 31),
    "valentine's day": lambda y: date(y, 2, 14), "independence day": lambda y: date(y, 7, 4),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "easter": _easter, "easter sunday": _easter,
    "good friday": lambda y: _easter(y) - timedelta(days=2),
    "easter monday": lambda y: _easter(y) + timedelta(days=1),
}


def _r_holiday(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """Christmas, Thanksgiving, Easter...: the occurrence picked like a bare month's."""
    name = re.sub(r"\s+", " ", m.group("hol").lower()).replace("’", "'")
    fn = _HOLIDAYS[name]
    rel = (m.group("rel") or "").lower()
    if m.group("year"):
        d = fn(_year_num(m.group("year"), ctx.anchor))
        return _Value("DATE", _iso_day(d), day=d)
    a = ctx.anchor
    if a is None:
        return _Value("DATE", None, relative=True)
    this = fn(a.year)
    if rel == "last":
        d = this if this < a else fn(a.year - 1)
    elif rel == "next":
        d = this if this > a else fn(a.year + 1)
    else:
        tense = _ctx_tense(ctx, m.start(), m.end())
        if tense == "past":
            d = this if this <= a else fn(a.year - 1)
        elif tense == "future":
            d = this if this >= a else fn(a.year + 1)
        else:
            d = this
    return _Value("DATE", _iso_day(d), relative=True, day=d)


def _r_decade(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    g = m.group("dec")
    if g.startswith("'"):
        yy = int(g[1:3])
        century = 19 if yy >= 20 else 20
        return _Value("DATE", f"{century}{yy // 10}")
    return _Value("DATE", g[:3])


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}


def _r_decade_word(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    return _Value("DATE", f"19{_DECADE_WORDS[m.group('dw').lower()]}")


def _r_century(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    n = int(re.match(r"\d+", m.group("cent")).group(0))
    return _Value("DATE", f"{n - 1:02d}")


def _season_year(season: str, rel: str, ctx: _Ctx, start: int, end: int) -> Optional[int]:
    a = ctx.anchor
    if a is None:
        return None
    cur = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU",
           9: "FA", 10: "FA", 11: "FA"}[a.month]
    cur_year = a.year - 1 if a.month <= 2 else a.year      # winter 2019 runs into 2020
    s, c = _SEASON_ORDER[season], _SEASON_ORDER[cur]
    if rel in ("last", "past", "this past"):
        return cur_year if s < c else cur_year - 1
    if rel in ("next", "coming", "this coming"):
        return cur_year if s > c else cur_year + 1
    if rel == "this" or s == c:
        return cur_year
    tense = _ctx_tense(ctx, start, end)
    if tense == "past" or (tense == "" and s < c):
        return cur_year if s < c else cur_year - 1
    return cur_year if s > c else cur_year + 1


def _r_season(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    season = _SEASON[m.group("season").lower()]
    rel = (m.group("rel") or "").lower()
    if m.group("year"):
        return _Value("DATE", f"{_year_num(m.group('year'), ctx.anchor):04d}-{season}")
    if not rel:
        return None
    if rel == "the":
        rel = ""
        if re.match(r"\s+of\b", ctx.text[m.end():m.end() + 4]):
            return None
    y = _season_year(season, rel, ctx, m.start(), m.end())
    return _Value("DATE", f"{y:04d}-{season}" if y else None, relative=True)


def _r_quarter(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    g = m.groupdict()
    q = _ORDINAL.get((g.get("q") or "").lower()) or (int(g["qn"]) if g.get("qn") else None)
    rel = (g.get("rel") or "").lower()
    year_s = g.get("y1") or g.get("y2")
    a = ctx.anchor
    if g.get("yrel") and q is not None:             # "next year's first quarter"
        if a is None:
            return _Value("DATE", None, relative=True)
        y = a.year + {"this": 0, "last": -1, "next": 1}[g["yrel"].lower()]
        return _Value("DATE", f"{y:04d}-Q{q}", relative=True)
    if year_s:
        y = _year_num(year_s, a)
        if q is None:
            return None
        return _Value("DATE", f"{y:04d}-Q{q}")
    if a is None:
        return _Value("DATE", None, relative=True)
    cq, y = _quarter(a), a.year
    if q is None and rel in ("", "latest", "year-earlier", "year-ago"):
        qc = _quarter_context(ctx, m.start())       # "the quarter" under discussion
        if qc:
            back = rel.startswith("year")
            return _Value("DATE", f"{qc[0] - back:04d}-Q{qc[1]}", relative=True, compare=back)
    if q is None:                       # "the latest quarter", "last quarter", "this quarter"
        shift = {"this": 0, "current": 0, "next": 1, "coming": 1, "last": -1, "previous": -1,
                 "past": -1, "latest": -1, "": -1, "same": -1, "year-earlier": -5,
                 "year-ago": -5, "fourth": 0}.get(rel, -1)
        k = y * 4 + (cq - 1) + shift
        return _Value("DATE", f"{k // 4:04d}-Q{k % 4 + 1}", relative=True)
    if rel in ("year-earlier", "year-ago", "last year's", "same"):
        return _Value("DATE", f"{y - 1:04d}-Q{q}", relative=True, compare=True)
    elif rel in ("last", "previous", "past") and q >= cq:
        y -= 1
    elif rel in ("next", "coming") and q <= cq:
        y += 1
    elif not rel and q > cq and _ctx_tense(ctx, m.start(), m.end()) != "future":
        y -= 1
    return _Value("DATE", f"{y:04d}-Q{q}", relative=True)


def _r_period(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """Earnings stories compare one quarter with the year-earlier one and call either "the
    period": the quarter under discussion (``_quarter_context``), shifted a year back for
    "year-ago"/"comparable"/"last year's" periods, or put in the year named ("the 1988
    period"). Without a quarter in view, a named year stays a plain year."""
    g = m.groupdict()
    rel = (g.get("rel") or "").lower()
    qc = _quarter_context(ctx, m.start(), 300)
    if g.get("y"):
        y = int(g["y"])
        if qc is None:
            return None                               # the year rule takes "1988"
        return _Value("DATE", f"{y:04d}-Q{qc[1]}", compare=y != qc[0])
    if ctx.anchor is None:
        return _Value("DATE", None, relative=True)
    if qc is None:
        k = ctx.anchor.year * 4 + _quarter(ctx.anchor) - 2     # the last complete quarter
        qc = (k // 4, k % 4 + 1)
    back = rel not in ("latest", "most recent") and (g.get("yrel") or "").lower() != "this"
    return _Value("DATE", f"{qc[0] - back:04d}-Q{qc[1]}", relative=True, compare=back)


def _r_half(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    h = 1 if m.group("h").lower() in ("first", "1st") else 2
    if m.group("h").lower() in ("last", "latter") and not m.group("y"):
        return None                          # "the last half" alone: of a game, of a speech
    if m.group("y"):
        return _Value("DATE", f"{_year_num(m.group('y'), ctx.anchor):04d}-H{h}")
    if ctx.anchor is None:
        return _Value("DATE", None, relative=True)
    y = ctx.anchor.year
    if h == 2 and ctx.anchor.month <= 6 and _ctx_tense(ctx, m.start(), m.end()) == "past":
        y -= 1
    return _Value("DATE", f"{y:04d}-H{h}", relative=True)


_GENERIC_AGE = re.compile(
    r"['’]s\s+(?:(?:modern|fast-changing|changing|globali[sz]ed|digital|complex)\s+)?"
    r"(?:world|youth|society|societies|generation|young|children|kids|teenagers|families|"
    r"economy|culture|standards|technology|consumers|workplace|personal computers?)\b")


def _r_dayword(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """today / yesterday / tomorrow / tonight / last night / this morning (+ time of day)."""
    w = m.group("w").lower()
    if w in ("today", "tomorrow") and _GENERIC_AGE.match(ctx.text, m.end()):
        return None                  # "today's youth", "the world of tomorrow": an age, no day
    a = ctx.anchor
    tod = (m.group("tod") or "").lower()
    pm = (m.group("pm") or "").lower()
    shift = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "last night": -1,
             "this morning": 0, "this afternoon": 0, "this evening": 0,
             "the day before yesterday": -2, "the day after tomorrow": 2,
             "overnight": 0}[w]
    part = tod or {"tonight": "night", "last night": "night", "this morning": "morning",
                   "this afternoon": "afternoon", "this evening": "evening",
                   "overnight": "night"}.get(w, "")
    mod = {"early": "START", "late": "END"}.get(pm)
    if a is None:
        return _Value("TIME" if part else "DATE", None, mod=mod, relative=True)
    d = a + timedelta(days=shift)
    if part:
        return _Value("TIME", f"{_iso_day(d)}T{_TOD[part]}", mod=mod, relative=True, day=d)
    return _Value("DATE", _iso_day(d), mod=mod, relative=True, day=d)


def _r_mid_tod(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"by mid-afternoon", "mid-morning yesterday": that part of the day named, else of the
    day being told (TimeML gives no finer value than the part of the day)."""
    w = (m.group("w") or "").lower()
    base = ctx.anchor if w else (ctx.narrative or ctx.anchor)
    if base is None:
        return _Value("TIME", None, relative=True)
    d = base + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(w, 0))
    return _Value("TIME", f"{_iso_day(d)}T{_TOD[m.group('tod').lower()]}", relative=True, day=d)


# "later on Monday", "earlier Friday": later or earlier than the writer's now, so the weekday is
# the day of writing, the anchor's own or (an article dated a day late, a repost) the last one
_LATER_ON = re.compile(r"(?i:\b(?:later|earlier)\s+(?:(?:in\s+the\s+day\s+)?on\s+)?)$")


def _weekday_date(wd: int, rel: str, ctx: _Ctx, start: int, end: int) -> Optional[date]:
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
    if rel == "this":
        monday = a - timedelta(days=a.weekday())
        return monday + timedelta(days=wd)
    if back == 0:
        return a
    if ctx.text.startswith(("'s", "’s"), end):
        return a - timedelta(days=back)          # "Tuesday's ruling": an event reported
    if _LATER_ON.search(ctx.text, max(0, start - 30), start):
        return a - timedelta(days=back)          # "later on Monday": the day of writing
    tense = _ctx_tense(ctx, start, end, present="future")
    if tense == "future":
        return a + timedelta(days=fwd)
    return a - timedelta(days=back)


def _r_weekday(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    wd = _WEEKDAY_NUM[m.group("wd").lower()]
    tod = (m.group("tod") or "").lower()
    pm = (m.group("pm") or "").lower()
    mod = {"early": "START", "late": "END"}.get(pm)
    if m.group("pl"):
        return _Value("SET", f"XXXX-WXX-{wd + 1}" + (f"T{_TOD[tod]}" if tod else ""))
    rel = (m.group("rel") or "").lower()
    if rel == "the following" or rel == "the previous" or rel == "the next":
        base = ctx.narrative or ctx.anchor
        if base is None:
            return _Value("DATE", None, relative=True)
        if rel == "the previous":
            d = base - timedelta(days=(base.weekday() - wd) % 7 or 7)
        else:
            d = base + timedelta(days=(wd - base.weekday()) % 7 or 7)
    else:
        d = _weekday_date(wd, rel, ctx, m.start(), m.end())
    if d is None:
        return _Value("TIME" if tod else "DATE", None, mod=mod, relative=True)
    if tod:
        return _Value("TIME", f"{_iso_day(d)}T{_TOD[tod]}", mod=mod, relative=True, day=d)
    return _Value("DATE", _iso_day(d), mod=mod, relative=True, day=d)


def _unit_value(d: date, unit: str, ctx: _Ctx) -> str:
    """``d`` expressed at the granularity of ``unit`` (week → ISO week, ...)."""
    if unit == "day":
        return _iso_day(d)
    if unit in ("week", "weekend"):
        return _iso_week(d) + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "quarter":
        return f"{d.year:04d}-Q{_quarter(d)}"
    if unit == "decade":
        return f"{d.year // 10:03d}"
    if unit == "century":
        return f"{d.year // 100:02d}"
    return f"{d.year:04d}"


def _shift(d: date, n: int, unit: str) -> date:
    if unit == "day":
        return d + timedelta(days=n)
    if unit in ("week", "weekend"):
        return d + timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit] * n
    y, mo = _add_months(d.year, d.month, months)
    return _valid(y, mo, min(d.day, 28)) or date(y, mo, 1)


def _r_rel_unit(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """last/this/next week|month|year|quarter|weekend, earlier this month, later this year."""
    rel = m.group("rel").lower()
    rel = re.sub(r"\s+", " ", rel)
    unit = m.group("unit").lower()
    pos = (m.group("pos") or "").lower()
    mod = _POS_MODS.get(pos.strip().rstrip("-")) if pos else None
    if pos.startswith("mid"):
        mod = "MID"
    if rel in ("the", "in the"):
        # "the end of the year", "earlier in the month": the anchor's year/month/week
        if not pos or unit not in ("week", "month", "year") or \
                (rel == "in the") != (pos in ("earlier", "later", "early", "late")):
            return None
        rel = "this"
    if unit in _TOD:
        if pos or rel in ("this", "last", "past", "current", "coming", "this past",
                          "this coming", "next"):
            return None                       # "this morning"/"last night": day words
        base = ctx.narrative or ctx.anchor
        n = {"the previous": -1, "the preceding": -1, "the prior": -1, "the following": 1,
             "the next": 1}.get(rel, 0)
        if base is None:
            return _Value("TIME", None, relative=True)
        d = base + timedelta(days=n)
        return _Value("TIME", f"{_iso_day(d)}T{_TOD[unit]}", relative=True, day=d)
    if rel in ("that", "the same", "the previous", "the following", "the next", "the preceding",
               "the prior"):
        n = {"the previous": -1, "the preceding": -1, "the prior": -1, "the following": 1,
             "the next": 1}.get(rel, 0)
        return _told_unit(ctx, unit, n, mod)
    a = ctx.anchor
    if a is None:
        return _Value("DATE", None, mod=mod, relative=True)
    n = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1,
         "coming": 1, "this past": -1, "this coming": 1}.get(rel, 0)
    if unit == "weekend" and n == 0 and a.weekday() < 5 and rel != "this":
        n = 0
    if unit == "weekend" and rel == "last" and a.weekday() >= 5:
        n = -1
    d = _shift(a, n, unit)
    if "half" in pos and unit == "year":                # the first half of next year: 2014-H1
        return _Value("DATE", f"{d.year:04d}-H{1 if 'first' in pos else 2}", relative=True)
    return _Value("DATE", _unit_value(d, unit, ctx), mod=mod, relative=True)


def _told_unit(ctx: _Ctx, unit: str, n: int, mod: Optional[str] = None) -> _Value:
    """The ``unit`` ``n`` units from the date being told ("that year", "the previous day").
    "In June 1998 ... later that year", "in 1988 ... that year": the last date named sets the
    year or month being told, even when it named no day."""
    base = ctx.narrative or ctx.anchor
    if unit in ("year", "month") and ctx.told and ctx.told[1] >= (4 if unit == "year" else 7):
        base = ctx.told[0]
    if base is None:
        return _Value("DATE", None, mod=mod, relative=True)
    d = _shift(base, n, unit)
    return _Value("DATE", _unit_value(d, unit, ctx), mod=mod, relative=True,
                  day=d if unit == "day" else None)


def _r_day_beside(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"the day before", "the year after": the unit next to the date being told."""
    return _told_unit(ctx, m.group("unit").lower(), -1 if m.group("ba").lower() == "before" else 1)


def _r_the_year(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"for the year ended June 30": a one-year period; "for the year": the anchor's year."""
    if not re.search(r"(?i)\b(?:for|in|of|during|through|throughout)\s+$",
                     ctx.text[max(0, m.start() - 12):m.start()]):
        return None
    if _YEAR_END.match(ctx.text, m.end()) or (m.group("q") or "").lower() == "fiscal":
        return _Value("DURATION", "P1Y")
    if ctx.anchor is None:
        return _Value("DATE", None, relative=True)
    return _Value("DATE", f"{ctx.anchor.year:04d}", relative=True)


_YEAR_END_BEFORE = re.compile(r"(?i:\b(?:by|at|before|until|till|around|near|after|through|"
                              r"since)\s+)$")


def _r_year_end(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"by year end": the anchor's year, at its end (TimeML: the year with mod END)."""
    if not _YEAR_END_BEFORE.search(ctx.text, max(0, m.start() - 10), m.start()):
        return None
    if ctx.anchor is None:
        return _Value("DATE", None, mod="END", relative=True)
    return _Value("DATE", f"{ctx.anchor.year:04d}", mod="END", relative=True)


def _r_the_weekend(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    a = ctx.anchor
    if a is None:
        return _Value("DATE", None, relative=True)
    tense = _ctx_tense(ctx, m.start(), m.end())
    d = a if a.weekday() >= 5 or tense == "future" else a - timedelta(weeks=1)
    return _Value("DATE", _iso_week(d) + "-WE", relative=True)


# "twice a week", "three times a year": a frequency, TIMEX3 SET
_FREQ_BEFORE = re.compile(r"(?i:\b(?:once|twice|thrice|times)\s*)$")
# "$2 million a year", "four flights a week", "20% annually", "15 million instructions per
# second": a rate of some quantity. TimeBank leaves four in five of these untagged and they
# date nothing, so they are no mentions (a number, money or percent, then at most two plural
# nouns or "of"/"million" before the unit)
_RATE_BEFORE = re.compile(
    r"(?:\d%?|%|(?i:\b(?:percent|cents?|dollars?|pounds|euros|yen|million|billion|trillion|"
    r"thousand|hundreds?|dozens?|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety)))(?:\s+(?:(?i:of|million|billion|"
    r"thousand)|[A-Za-z][\w-]*[a-rt-z]s|[A-Z]+s)\b){0,2}\s*$")
# "a second group": the ordinal, not the unit of time
_ORDINAL_SECOND = re.compile(r"\s+(?!(?:later|earlier|ago|or|and|after|before|of|to|in|for|"
                             r"longer|too|more)\b)[A-Za-z]")


# a bare plural ("for weeks", "within days", "after months of talks") is a vague duration only
# where a preposition or verb of duration says so: not "minutes apart", "such quarters",
# "a matter of days", "dark nights", "on days when"
_BARE_PLURAL_BEFORE = re.compile(
    r"(?i:\b(?:for|within|in|over|after|during|than|takes?|took|taken|taking|spent|spend|"
    r"lasted|lasts?|last)\s+)$")


_SOMEDAY_BEFORE = re.compile(r"(?i:\b(?:will|would|could|might|may|can|shall|to|he|she|they|"
                             r"we|I|you|it|who)\s+)$")


def _r_duration(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    g = m.groupdict()
    unit = g["unit"].lower()
    if unit == "centurie":
        unit = "century"
    num_s = g.get("num")
    the, dirw = (g.get("the") or "").lower(), (g.get("dir") or "").lower()
    post = (g.get("post") or "").lower()
    after = ctx.text[m.end():m.end() + 8]
    if re.match(r"(?:-|\s+)old\b", after):
        return None                                  # ages: "a 44-year-old", "17 years old"
    if unit == "weekend":
        return None
    if unit == "quarter" and (re.match(r"\s+of\b", after) or
                              re.search(r"\w-quarters?$", m.group(0))):
        return None                                  # "a quarter of", "three-quarters"
    mod = _MODS.get(re.sub(r"\s+", " ", (g.get("mod") or "").lower()))
    if num_s is None:
        if not (the and dirw) and not g.get("pl"):
            return None
        if g.get("pl") and not (the or dirw or mod or post) and not \
                _BARE_PLURAL_BEFORE.search(ctx.text, max(0, m.start() - 14), m.start()) and \
                not (re.match(r"\s+(?:after|before)\b", after) and
                     not re.search(r"(?i:\bof\s+)$", ctx.text[max(0, m.start() - 4):m.start()])):
            return None                              # "minutes apart", "a matter of days"
        n: Optional[float] = 1 if not g.get("pl") else None
    else:
        n = _number(num_s)
        if n is not None and (g.get("frac") or g.get("half")):
            n += 0.5                                 # "2 1/2 years", "a minute and a half"
        if num_s.lower() in ("a", "an") and not post and not g.get("adj") and not the:
            before = ctx.text[max(0, m.start() - 40):m.start()]
            if _FREQ_BEFORE.search(before):
                return _Value("SET", _duration(1, unit))     # "twice a week"
            if _RATE_BEFORE.search(before):
                return None                                  # "$2 million a year"
        if unit == "day" and num_s.lower() == "one" and not (post or the or dirw or mod) and \
                _SOMEDAY_BEFORE.search(ctx.text, max(0, m.start() - 12), m.start()):
            return _Value("DATE", "FUTURE_REF", relative=True)    # "he will one day return"
        if unit == "second" and not g.get("pl") and num_s.lower() in ("a", "an", "one") and \
                _ORDINAL_SECOND.match(ctx.text, m.end()):
            return None                                      # "a second betrayal"
        if num_s[0].isdigit() and n is not None and n > 1000:
            return None
    if post == "later" or post == "earlier" and _UNITS[unit][3] in ("sec", "min", "hour", "day",
                                                                    "week"):
        return _anchored(m, ctx, n, unit, mod, 1 if post == "later" else -1)
    if post in ("ago", "earlier", "from now"):
        base = ctx.anchor if post in ("ago", "from now") else (ctx.narrative or ctx.anchor)
        sign = -1 if post in ("ago", "earlier") else 1
        if n is None:
            return _Value("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", relative=True)
        if base is None:
            return _Value("DATE", None, mod=mod, relative=True)
        gran = _UNITS[unit][3]
        if gran in ("sec", "min", "hour") or n != int(n):
            return _Value("DATE", _iso_day(base), mod=mod, relative=True)
        d = _shift(base, sign * int(n), gran)
        qc = _quarter_context(ctx, m.start()) if gran == "year" and n == 1 else None
        if qc:
            return _Value("DATE", f"{qc[0] + sign:04d}-Q{qc[1]}", mod=mod, relative=True,
                          compare=True)
        return _Value("DATE", _unit_value(d, gran, ctx), mod=mod, relative=True,
                      day=d if gran == "day" else None)
    return _Value("DURATION", _duration(n, unit), mod=mod)


def _anchored(m: re.Match, ctx: _Ctx, n: Optional[float], unit: str, mod: Optional[str],
              sign: int) -> _Value:
    """"two days later": TimeML's DURATION ``P2D`` over "two days" ("later" is the signal that
    anchors it), reaching the day two days after the one being told, its ``point``; "a day
    earlier" the same backwards. ("A year earlier" stays a DATE: the comparison period of a
    report, as TimeBank tags it.)"""
    value = _Value("DURATION", _duration(n, unit), mod=mod, relative=True,
                   span_end=m.start("post"))
    base = ctx.narrative or ctx.anchor
    if n is None or base is None:
        return value
    gran = _UNITS[unit][3]
    d = base if gran in ("sec", "min", "hour") or n != int(n) else _shift(base, sign * int(n), gran)
    value.point = _iso_day(d) if gran in ("sec", "min", "hour", "day") else _unit_value(d, gran, ctx)
    value.day = d if gran in ("sec", "min", "hour", "day") else None
    return value


_QUARTER_VALUE = re.compile(r"^\d{4}-Q[1-4]$")
_TOLD = re.compile(r"^\d{4}(?:-\d\d){0,2}$")


def _quarter_context(ctx: _Ctx, pos: int, window: int = 0) -> Optional[tuple[int, int]]:
    """(year, quarter) under discussion when a financial report compares quarters: the last
    quarter named nearby, else the last complete quarter if the sentence talks of quarters.
    TimeML then gives "a year ago" the quarter's granularity (``1988-Q3``)."""
    if ctx.last_quarter and pos - ctx.last_quarter[0] < 400:
        v = ctx.last_quarter[1]
        return int(v[:4]), int(v[-1])
    if ctx.anchor and (re.search(r"(?i)quarter", _sentence(ctx.text, pos)) or
                       window and re.search(r"(?i)quarter", ctx.text[max(0, pos - window):pos])):
        k = ctx.anchor.year * 4 + _quarter(ctx.anchor) - 2
        return k // 4, k % 4 + 1
    return None


def _sentence(text: str, pos: int) -> str:
    s = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos))
    e = text.find(". ", pos)
    return text[s + 1: e if e >= 0 else len(text)]


def _r_year_ago(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """``year-earlier``/``year-ago`` (adjectives): the year before, by the quarter if one is
    in the sentence."""
    a = ctx.anchor
    if a is None:
        return _Value("DATE", None, relative=True)
    qc = _quarter_context(ctx, m.start())
    if qc:
        return _Value("DATE", f"{qc[0] - 1:04d}-Q{qc[1]}", relative=True, compare=True)
    return _Value("DATE", f"{a.year - 1:04d}", relative=True)


def _r_ref(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    w = re.sub(r"\s+", " ", m.group(0).lower())
    if w in ("current", "the current") and re.match(r"\s+(?:account|affairs|events|"
                                                     r"state|crisis|situation|president|"
                                                     r"leader|government|law|system)",
                                                     ctx.text[m.end():m.end() + 20]):
        return None
    if w.startswith("recent ") and w.endswith("s"):
        # "in recent years": TimeBank tags these as vague durations (PXY) more often than
        # as PAST_REF, and the span is a stretch of time up to now
        return _Value("DURATION", _duration(None, w[7:-1]), relative=True)
    if "future" in w or w.startswith("the coming") or w in ("soon",):
        return _Value("DATE", "FUTURE_REF", relative=True)
    if any(k in w for k in ("recent", "past", "lately", "previously", "formerly", "earlier")):
        return _Value("DATE", "PAST_REF", relative=True)
    return _Value("DATE", "PRESENT_REF", relative=True)


def _r_set(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    w = m.group(0).lower()
    table = {"hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W",
             "biweekly": "P2W", "monthly": "P1M", "quarterly": "P3M", "annually": "P1Y",
             "yearly": "P1Y", "annual": "P1Y"}
    if w in table or w.startswith("per "):
        if _RATE_BEFORE.search(ctx.text, max(0, m.start() - 40), m.start()):
            return None                                      # "rise 8.5% annually"
    if w in table:
        return _Value("SET", table[w])
    unit = m.group("sunit").lower()
    if unit in _WEEKDAY_NUM:
        return _Value("SET", f"XXXX-WXX-{_WEEKDAY_NUM[unit] + 1}")
    if unit in _TOD:
        return _Value("SET", f"XXXX-XX-XXT{_TOD[unit]}")
    n = _number(m.group("snum")) if m.group("snum") else 1
    return _Value("SET", _duration(n or 1, unit))


def _r_time(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """Clock times: ``9 a.m.``, ``10:35 p.m. EST``, ``14:30 GMT``, ``noon``/``midday``,
    ``midnight``."""
    g = m.groupdict()
    if g.get("word"):
        if re.search(r"(?i:\bhigh\s+)$", ctx.text[max(0, m.start() - 6):m.start()]):
            return None                                 # "High Noon", the film, the idiom
        hh, mi = (24, 0) if g["word"].lower() == "midnight" else (12, 0)
    else:
        hh, mi = int(g["h"]), int(g["mi"] or 0)
        ap = (g.get("ap") or "").lower().replace(".", "")
        part = (g.get("part") or "").lower()
        if part and not ap and hh <= 12:                # "4 in the morning", "10 at night"
            ap = "am" if part.endswith("morning") else "pm" if hh != 12 else "am"
        if ap == "pm" and hh < 12:
            hh += 12
        elif ap == "am" and hh == 12:
            hh = 0
        # "at 14:30" is a time; "at 2.46 billion guilders" is not
        if hh > 24 or (not ap and not g.get("tz") and
                       not (g.get("at") is not None and g.get("colon") == ":")):
            return None
    mod = "APPROX" if g.get("approx") else None
    if ctx.anchor is None:
        return _Value("TIME", None, mod=mod, relative=True)
    day = ctx.narrative or ctx.anchor           # "at 10 p.m." falls on the day being told
    return _Value("TIME", f"{_iso_day(day)}T{hh:02d}:{mi:02d}", mod=mod, relative=True, day=day)


# ---------------------------------------------------------------------------------------
# The grammar: (regex, resolver), tried in this order; longer spans win, then earlier rules
# ---------------------------------------------------------------------------------------
_I = r"(?i:{})"
_B = r"(?<![\w'’-])"       # left word boundary that also refuses "mid-word" hyphen joins

_RULES: list[tuple[re.Pattern, Resolver]] = [
    # 2020-10-05, 2020-10-05T14:30
    (re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
                r"(?:T(?P<hh>[0-2]\d):(?P<mi>[0-5]\d)(?::\d\d)?)?(?![\d-])"), _r_iso),
    # 2020-W41, week 41 (of 2020)
    (re.compile(r"(?<![\w-])(?:(?P<y>\d{4})-W(?P<w>\d{2})\b|(?i:week)\s+(?P<w2>\d{1,2})"
                r"(?:\s+(?i:of)\s+(?P<y2>\d{4}))?\b)"), lambda m, c: _r_iso_week_any(m, c)),
    # numeric 05/10/2020, 10-30-89, 2020/10/05
    (re.compile(r"(?<![\d/.,-])(?P<a>\d{1,2}|\d{4})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)"
                r"(?P<c>\d{4}|\d{2}|\d{1,2})(?![\d/-]|\.\d)"), _r_numeric),
    # 05th October, 2020 / 1 October 2020 / 5 Oct. / the 5th of October
    (re.compile(_B + _day("day") + r"\s*(?:of\s+)?" + _mon("mon")
                + r"(?:(?:,\s*|\s+)" + _year("year") + r")?"), _r_date_dmy),
    # October 5, 2020 / Oct. 5 / Sept. 23
    (re.compile(r"\b" + _mon("mon") + r"\s*" + _day("day")
                + r"(?:(?:,\s*|\s+)" + _year("year") + r")?(?!\s*(?:%|percent))"), _r_date_dmy),
    # October 2020 / May of 1990
    (re.compile(r"\b" + _mon("mon") + r",?\s+(?:of\s+)?" + _year("year")), _r_month_year),
    # (last|next|this) October, in May
    (re.compile(r"(?:\b(?P<rel>" + _I.format(r"this past|this coming|last|next|this|past|coming")
                + r")\s+)?\b(?P<mon>" + _MONTH_FULL + r"|" + _MONTH_ABBR + r")(?![\w-])"
                + r"(?!\s*(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b(?!,\d|\.\d|\s*%))"), _r_month),
    # years
    (re.compile(r"(?:(?<=mid-)|(?<=post-)|(?<=pre-)|(?<![\w$£€¥.,/:-]))(?P<year>1\d\d\d|20\d\d)"
                r"(?![\w%]|[.,/:-]\d|-(?:year|month|day))"), _r_year),
    (re.compile(r"(?<![\w$£€¥.,/:-])(?P<year>1\d\d\d|20\d\d)[-–](?P<y2>\d\d|1\d\d\d|20\d\d)(?![\w%.,-])"),
     _r_year_range),
    # spelled years: nineteen ninety-six, (the year) two thousand
    (re.compile(r"\b(?i:nineteen)[\s-](?P<tens>" + _I.format("twenty|thirty|forty|fifty|sixty|"
                                                          "seventy|eighty|ninety")
                + r")(?:[\s-](?P<unit>" + _I.format("one|two|three|four|five|six|seven|eight|nine")
                + r"))?\b"), _r_spelled_year),
    (re.compile(r"(?:\b(?i:the year)\s+)?\b(?i:two thousand)(?:\s+(?:(?i:and)\s+)?(?P<after>"
                + _I.format("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                            "thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty")
                + r"))?\b(?!\s+(?i:people|dollars|troops|soldiers|years|of))"), _r_spelled_year),
    # fiscal 1989 / fiscal year 1990
    (re.compile(r"\b(?i:fiscal)(?:\s+(?i:year))?\s+(?P<year>1\d\d\d|20\d\d)(?![\w%])"), _r_year),
    # holidays
    (re.compile(r"(?:\b(?P<rel>" + _I.format("last|next|this") + r")\s+)?\b(?P<hol>"
                r"Christmas(?: Day| Eve)?|New Year['’]s (?:Day|Eve)|Halloween|Valentine['’]s Day|"
                r"Independence Day|Thanksgiving(?: Day)?|Labor Day|Memorial Day|"
                r"Easter(?: Sunday| Monday)?|Good Friday)\b(?:,?\s+" + _year("year") + r")?"),
     _r_holiday),
    # decades: the 1990s, '90s
    (re.compile(r"(?:\b(?i:the)\s+)?(?:(?:mid|early|late)-)?(?P<dec>1\d\d0|20\d0|'\d0)'?s\b"), _r_decade),
    (re.compile(r"\b(?i:the)\s+(?P<dw>(?i:twenties|thirties|forties|fifties|sixties|seventies|"
                r"eighties|nineties))\b"), _r_decade_word),
    # centuries: the 20th century
    (re.compile(r"(?:\b(?i:the)\s+)?(?P<cent>\d{1,2}(?:st|nd|rd|th))[\s-](?i:century)\b"), _r_century),
    # seasons
    (re.compile(r"(?:\b(?P<rel>" + _I.format(r"this past|this coming|last|next|this|past|coming|the")
                + r")\s+)?\b(?P<season>" + _I.format(r"spring|summer|fall|autumn|winter")
                + r")\b(?:,?\s+(?:of\s+)?" + _year("year") + r")?"), _r_season),
    (re.compile(r"\b" + _year("year") + r"\s+(?P<season>" + _I.format(r"spring|summer|autumn|winter")
                + r")\b(?P<rel>)"), _r_season),
    # quarters
    (re.compile(r"(?:\b(?:(?i:fiscal)\s+)?(?P<y1>1\d\d\d|20\d\d)(?:'s)?\s+|\b(?P<yrel>"
                + _I.format("this|last|next") + r")\s+(?i:year)['’]s\s+)?(?:\b(?i:the)\s+)?"
                r"(?:(?P<rel>" + _I.format(r"last|this|next|current|latest|previous|past|same|"
                                          r"year-earlier|year-ago|coming|most recent|recent|"
                                          r"just-ended|just ended|fiscal")
                + r")\s+)?\b(?P<q>" + _I.format(r"first|second|third|fourth|1st|2nd|3rd|4th")
                + r")[\s-]" + _I.format("quarter") + r"\b(?:\s+(?i:of)\s+(?:(?i:fiscal)\s+)?"
                + r"(?P<y2>1\d\d\d|20\d\d))?"), _r_quarter),
    (re.compile(r"\b(?:(?i:the)\s+)?(?P<rel>" + _I.format(r"last|this|next|current|latest|previous|"
                                                        r"past|same|year-earlier|year-ago|"
                                                        r"coming|most recent|recent")
                + r")\s+" + _I.format("quarter") + r"\b(?!s)"), _r_quarter),
    (re.compile(r"\b(?P<rel>)(?i:the)\s+(?i:quarter)\b(?!s|ly|-)"), _r_quarter),
    # the reporting period of an earnings story: the latest period, the year-ago period,
    # the 1988 quarter, last year's quarter, the corresponding period last year
    (re.compile(r"(?:\b(?i:the)\s+(?:(?P<rel>" + _I.format(r"latest|most recent|year-earlier|"
                                                        r"year-ago|comparable|corresponding|"
                                                        r"same|year-before|prior-year")
                + r")|(?P<y>1\d\d\d|20\d\d))|\b(?P<yrel>" + _I.format("this|last")
                + r")\s+(?i:year)['’]s)\s+(?i:period|quarter)\b(?!s)(?:\s+(?P<ly>"
                + _I.format(r"last year|a year (?:ago|earlier)") + r")\b)?"), _r_period),
    (re.compile(r"\bQ(?P<qn>[1-4])(?:\s+(?P<y1>\d{4}))?\b(?P<rel>)"), _r_quarter),
    # halves: the first half (of 2020)
    (re.compile(r"\b(?:(?i:the)\s+)?(?P<h>" + _I.format(r"first|second|1st|2nd|last|latter")
                + r")[\s-]"
                + _I.format("half") + r"\b(?:\s+(?i:of)\s+(?P<y>1\d\d\d|20\d\d))?"), _r_half),
    # today / yesterday / tomorrow / tonight / last night / this morning
    (re.compile(r"(?:\b(?P<pm>" + _I.format("early|late|earlier|later") + r")\s+)?\b(?P<w>"
                + _I.format(r"the day before yesterday|the day after tomorrow|today|yesterday|"
                            r"tomorrow|tonight|last night|this morning|this afternoon|"
                            r"this evening|overnight")
                + r")(?:\s+(?P<tod>" + _I.format("morning|afternoon|evening|night") + r"))?\b"
                ), _r_dayword),
    # mid-afternoon (yesterday)
    (re.compile(r"\b(?i:mid)[- ]?(?P<tod>" + _I.format("morning|afternoon|evening")
                + r")\b(?:\s+(?P<w>" + _I.format("yesterday|today|tomorrow") + r")\b)?"),
     _r_mid_tod),
    # weekdays
    (re.compile(r"(?:\b(?P<rel>" + _I.format(r"this past|this coming|the following|the previous|"
                                           r"the next|last|next|this|coming|past")
                + r")\s+)?(?:\b(?P<pm>" + _I.format("early|late") + r")\s+)?\b(?P<wd>" + _WEEKDAY
                + r")(?P<pl>s)?\b(?:\s+(?P<tod>" + _I.format("morning|afternoon|evening|night")
                + r")\b)?"), _r_weekday),
    # last/this/next week|month|year|weekend, earlier this month, the previous day, that year
    (re.compile(r"(?:\b(?P<pos>" + _I.format(r"earlier|later|early|late|mid-|mid|the end of|"
                                           r"the beginning of|the start of|the middle of|"
                                           r"the first half of|the second half of")
                + r")\s*)?\b(?P<rel>" + _I.format(r"this past|this coming|last|this|next|"
                                                r"past|coming|current|that|the same|"
                                                r"the previous|the following|the next|"
                                                r"the preceding|the prior|the|in the")
                + r")\s+(?P<unit>" + _I.format("week|month|year|weekend|decade|century|day|"
                                                "morning|afternoon|evening|night")
                + r")\b(?!-|\s+(?:old|or two)\b)"), _r_rel_unit),
    # "the day before", "the day after" said alone: next to the day being told
    (re.compile(r"\b(?i:the)\s+(?P<unit>(?i:day|week|month|year))\s+(?P<ba>(?i:before|after))\b"
                r"(?=\s*[,.;:!?)\"”’']|\s+(?:and|but|when|while|he|she|they|it|we|I|[a-z]+ed)\b)"),
     _r_day_beside),
    # for the year, the fiscal year
    (re.compile(r"\b(?i:the)\s+(?:(?P<q>(?i:full|fiscal|current fiscal|latest fiscal|whole|"
                r"entire))\s+)?(?i:year)\b(?!-|'|\s+(?:earlier|ago|before|after|of)\b)"),
     lambda m, ctx: _r_the_year(m, ctx)),
    # by year end, at year's end (the end of the year being told; "year-end net" is no date)
    (re.compile(r"(?:\b(?i:the)\s+)?\b(?i:year[- ]end|year['’]s end)\b(?!-)"),
     lambda m, ctx: _r_year_end(m, ctx)),
    # the weekend
    (re.compile(r"\b(?i:the)\s+(?i:weekend)\b"), _r_the_weekend),
    # year-earlier, year-ago
    (re.compile(r"\b(?i:year)-(?i:earlier|ago)\b"), _r_year_ago),
    # durations and "N units ago/earlier/later"
    (re.compile(r"(?:\b(?P<mod>" + _I.format(r"about|around|approximately|roughly|nearly|almost|"
                                           r"more than|less than|at least|up to|at most|"
                                           r"no more than|just over|just under|well over|"
                                           r"over(?!\s+the\b)|under(?!\s+the\b)")
                + r")\s+)?(?:\b(?P<the>" + _I.format("the") + r")\s+)?(?:\b(?P<dir>"
                + _I.format(r"past|last|next|first|final|previous|coming|following|latest|"
                            r"prior|remaining|preceding|initial")
                + r")\s+)?(?:\b(?P<num>" + _I.format(_NUM) + r")(?P<frac>\s+1/2|"
                + _I.format(r"\s+and\s+a\s+half|-and-a-half") + r")?[\s-]+(?:(?P<adj>"
                + _I.format(r"more|additional|further|extra|straight|consecutive|full|trading|"
                            r"business|working|calendar") + r")\s+)?)?\b(?P<unit>"
                + _I.format(_UNIT) + r")(?P<pl>s)?\b(?P<half>\s+(?i:and\s+a\s+half)\b)?"
                + r"(?:(?:\s+(?i:or\s+so))?\s+(?P<post>"
                + _I.format(r"ago|earlier|later|from now") + r")\b)?"), _r_duration),
    # PRESENT_REF / PAST_REF / FUTURE_REF
    (re.compile(r"\b(?:" + _I.format(r"now|currently|at present|presently|nowadays|these days|"
                                     r"the present(?!\s+[a-z])|at the moment|current|recently|recent (?:years|months|"
                                     r"weeks|days|decades|quarters)|recent|lately|the past|"
                                     r"the (?:near |distant |foreseeable |immediate )?future|(?<=in )future|"
                                     r"(?:the )?coming (?:days|weeks|months|years|quarters)")
                + r")\b(?!-)"), _r_ref),
    # sets: daily, weekly, every week, each Monday
    (re.compile(r"\b(?:" + _I.format(r"hourly|daily|nightly|weekly|biweekly|monthly|annually|yearly")
                + r"|(?i:every|each|per)\s+(?:(?P<snum>" + _I.format(r"other|two|three|four|five|"
                                                                     r"six|\d+") + r")\s+)?"
                + r"(?P<sunit>" + _WEEKDAY + r"|" + _I.format(r"second|minute|hour|day|night|week|"
                                                             r"month|quarter|year|decade|"
                                                             r"morning|evening|afternoon")
                + r")s?)\b"), _r_set),
    # clock times
    (re.compile(r"(?:\b(?P<approx>" + _I.format(r"about|around|approximately|shortly after|"
                                              r"shortly before|just after|just before") + r")\s+)?"
                r"(?:(?<=\bat\s)(?P<at>))?"
                r"(?:\b(?P<word>" + _I.format("noon|midday|midnight") + r")\b|"
                r"(?<![\d.:,$])(?P<h>[01]?\d|2[0-4])(?:(?P<colon>[:.])(?P<mi>[0-5]\d))?\s*"
                r"(?P<ap>(?i:a\.m\.?|p\.m\.?|am\b|pm\b))?"
                r"(?:\s*(?P<tz>(?-i:[ECMP][SD]T|GMT|UTC)\b|(?i:local time)))?"
                r"(?:\s*(?P<part>(?i:in the (?:morning|afternoon|evening)|at night))\b)?)"
                r"(?![\d%])"), _r_time),
]
# Speed: every rule but the decades ('90s) starts at a word start; saying so up front spares
# the regex engine from trying each rule's optional prefixes at every character.
_RULES = [(rx if rx.pattern.startswith("(?:\\b(?i:the)\\s+)?(?:(?:mid")
           else re.compile(r"(?<!\w)(?=\w)" + rx.pattern), fn) for rx, fn in _RULES]


def _r_iso_week_any(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    w = m.group("w") or m.group("w2")
    y = m.group("y") or m.group("y2")
    if not m.group("w") and not y:
        return None                                   # "week 3" alone: too often not a date
    w_i = int(w)
    if not 1 <= w_i <= 53:
        return None
    return _Value("DATE", f"{int(y):04d}-W{w_i:02d}")


# ---------------------------------------------------------------------------------------
# Composition: ranges, day + time, modifiers
# ---------------------------------------------------------------------------------------
_RANGE_DAYS_MD = re.compile(
    r"\b(?:(?P<kw>(?i:between|from))\s+)?" + _mon("mon") + r"\s*" + _day("d1")
    + r"\s*(?P<sep>-|–|—|(?i:to|and|through|until|till))\s*" + _day("d2")
    + r"(?:(?:,\s*|\s+)" + _year("year") + r")?")
_RANGE_DAYS_DM = re.compile(
    r"\b(?:(?P<kw>(?i:between|from))\s+)?" + _day("d1")
    + r"\s*(?P<sep>-|–|—|(?i:to|and|through|until|till))\s*" + _day("d2") + r"\s+" + _mon("mon")
    + r"(?:(?:,\s*|\s+)" + _year("year") + r")?")
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|(?i:to|and|through|until|till))\s*$")
_YEAR_END = re.compile(r"\s+(?:ended|ending|to|through)\b")
_RANGE_KW = re.compile(r"(?i:\b(?:between|from)\s+)$")
_DAY_TIME_JOIN = re.compile(r"^\s*(?:,\s*|(?i:on|at|of)\s+)?$")
_WEEK_OF = re.compile(r"(?i:\bthe\s+week\s+of\s+)$")     # "the week of March 6": its ISO week
_POS_BEFORE = re.compile(
    r"(?i:\b(?P<p>early|late|mid-|mid|the end of|the beginning of|the start of|the middle of|"
    r"the turn of|the close of|the first half of|the second half of)\s*)$")


def _day_range(m: re.Match, ctx: _Ctx) -> Optional[tuple[_Value, int, int]]:
    """``between September 23 and 27`` / ``from 1 to 3 October`` → start value, end kept."""
    sep = m.group("sep").lower()
    if sep in ("and", "to", "until", "till", "through") and not m.group("kw") \
            and sep != "through":
        return None
    mon = _MONTH_NUM[m.group("mon").rstrip(".").lower()]
    d1, d2 = int(m.group("d1")), int(m.group("d2"))
    if d2 <= d1:
        return None
    if m.group("year"):
        y = _year_num(m.group("year"), ctx.anchor)
        a, b = _valid(y, mon, d1), _valid(y, mon, d2)
        rel = False
    else:
        a = _day_month_year(d1, mon, ctx, m.start(), m.end())
        b = _valid(a.year, mon, d2) if a else None
        rel = True
    if ctx.anchor is None and rel:
        return _Value("DATE", None, relative=True), m.start("d1" if m.start("d1") < m.start("mon") else "mon"), m.end()
    if not a or not b:
        return None
    start = min(m.start("mon"), m.start("d1"))
    return _Value("DATE", _iso_day(a), relative=rel, end_value=_iso_day(b), day=a), start, m.end()


@dataclass
class _Span:
    start: int
    end: int
    rule: int
    match: Optional[re.Match]
    value: Optional[_Value] = None


# Every expression the grammar knows contains one of these; the rules run only in windows
# around them, which skips most of a text (the tagger's main speed-up).
_TRIGGER = re.compile(
    r"(?i:day|week|month|year|hour|minute|second|night|decade|centur|quarter|fortnight|"
    r"morning|evening|noon|spring|summer|fall|autumn|winter|now|current|recent|lately|past|moment|"
    r"future|present|christmas|easter|halloween|thanksgiving|new year|valentine|nineteen|"
    r"thousand|half|tonight|tomorrow|fiscal|daily|weekly|annually|twenties|thirties|forties|"
    r"fifties|sixties|seventies|eighties|nineties)"
    r"|(?:" + _MONTH_FULL + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r"|(?<![\d,.$])\d{4}(?!\d)|\d[:.]\d\d|\d\s*(?:[ap]\.?m|[AP]M)|\d[/.-]\d{1,2}[/.-]\d|"
    r"'\d0s|\bQ[1-4]\b|\bW\d\d")
_WINDOW = 70


def _windows(text: str) -> list[tuple[int, int]]:
    """Merged stretches of text around the triggers, cut at whitespace."""
    out: list[list[int]] = []
    n = len(text)
    for m in _TRIGGER.finditer(text):
        s, e = max(0, m.start() - _WINDOW), min(n, m.end() + _WINDOW)
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    spans = []
    for s, e in out:
        while s > 0 and not text[s - 1].isspace():
            s -= 1
        while e < n and not text[e].isspace():
            e += 1
        spans.append((s, e))
    return spans


def _candidates(text: str, windows: list[tuple[int, int]]) -> list[_Span]:
    out = []
    for i, (rx, _) in enumerate(_RULES):
        for ws, we in windows:
            for m in rx.finditer(text, ws, we):
                if m.end() > m.start():
                    out.append(_Span(m.start(), m.end(), i, m))
    return out


def _resolve(sp: _Span, ctx: _Ctx) -> Optional[_Value]:
    """The span's rule applied; None when the date falls off the calendar (year 1 to 9999):
    "5000 years ago", "yesterday" of 0001-01-01."""
    try:
        return _RULES[sp.rule][1](sp.match, ctx)
    except (OverflowError, ValueError):
        return None


def _select(cands: list[_Span], taken: bytearray, ctx: _Ctx) -> list[_Span]:
    """Longest span first, earlier rule on ties; drop any that overlaps a kept one or that its
    resolver rejects (so a rejected long reading leaves room for a shorter one)."""
    kept = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, c.rule, c.start)):
        if any(taken[c.start:c.end]):
            continue
        if _resolve(c, ctx) is None:
            continue
        kept.append(c)
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
    return kept


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1] in " \t\n,":
        e -= 1
    return s, e


def find_dates(text: str, anchor: Optional[date], settings: Settings = DEFAULT,
               parsed=None) -> list[DateMention]:
    """Every temporal expression in ``text`` with its TIMEX3 value, sorted by start.

    ``anchor`` is the publication date; relative expressions get ``value=None`` without it.
    ``parsed`` (optional) is a spaCy Doc of the same ``text``, as the pipeline already has
    one: the direction of weekdays, bare months and the like then comes from the verb that
    governs them rather than from cue words nearby. A parse of another text is ignored.
    """
    if parsed is not None and len(parsed.text) != len(text):
        parsed = None
    ctx = _Ctx(text, anchor, settings, parsed=parsed)
    taken = bytearray(len(text))
    # Day ranges first: they own their parts ("September 23 and 27")
    windows = _windows(text)
    ranges: list[tuple[int, int, re.Match]] = []
    for rx in (_RANGE_DAYS_MD, _RANGE_DAYS_DM):
        for ws, we in windows:
            for m in rx.finditer(text, ws, we):
                ranges.append((m.start(), m.end(), m))
    spans: list[_Span] = []
    for s, e, m in sorted(ranges, key=lambda r: (r[0] - r[1], r[0])):
        if any(taken[s:e]):
            continue
        res = _day_range(m, ctx)
        if res is None:
            continue
        value, vs, ve = res
        spans.append(_Span(vs, ve, -1, None, value))
        taken[vs:ve] = b"\x01" * (ve - vs)
    spans += _select(_candidates(text, windows), taken, ctx)
    spans.sort(key=lambda sp: sp.start)

    out: list[DateMention] = []
    for sp in spans:
        if sp.value is None:
            sp.value = _resolve(sp, ctx)
            if sp.value is None:
                continue
        s, e = _trim(text, sp.start, sp.value.span_end or sp.end)
        if s >= e:
            continue
        v = sp.value
        if _titled(text, s, e):
            continue
        out.append(DateMention(s, e, text[s:e], type=v.type, value=v.value,
                               end_value=v.end_value, mod=v.mod, relative=v.relative,
                               point=v.point))
        if v.day is not None and (v.type in ("DATE", "TIME") or v.point):
            ctx.narrative = v.day
        if v.type == "DATE" and v.value and _TOLD.match(v.value):
            y, mo, dd = (v.value + "-01-01")[:10].split("-")
            ctx.told = (date(int(y), int(mo), int(dd)), len(v.value))
        if v.value and _QUARTER_VALUE.match(v.value) and not v.compare and \
                _reported_quarter(v.value, anchor, text[s:e]):
            ctx.last_quarter = (e, v.value)
    return _compose(text, out)


_TITLE_WORDS = re.compile(r"\b(?:Today|Tonight|Tomorrow|Yesterday|Now|Weeks?|Months?|Minutes?|"
                          r"Hours?|Seconds?|Days|Mornings?|Afternoons?|Evenings?|Nights?|"
                          r"Decades?|Century|Quarters?|Daily|Weekly|Monthly)\b")
_MID_SENTENCE = re.compile(r"[\w,;]\s*$")


def _titled(text: str, s: int, e: int) -> bool:
    """A capitalised time word inside a mention ("ABC's This Week", "60 Minutes") or starting
    one in mid-sentence ("VOA Today"): a show or paper's name, not a time."""
    for w in _TITLE_WORDS.finditer(text, s, e):
        if w.start() > s or _MID_SENTENCE.search(text, max(0, s - 3), s):
            return True
    return False


def _reported_quarter(value: str, anchor: Optional[date], mention: str) -> bool:
    """Can this quarter be the one an earnings story reports on? Not a fiscal quarter (its
    calendar quarter is unknown) and not one still running or ahead of the publication."""
    if "fiscal" in mention.lower():
        return False
    return anchor is None or value < f"{anchor.year:04d}-Q{_quarter(anchor)}"


def _compose(text: str, ms: list[DateMention]) -> list[DateMention]:
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
        wk = _WEEK_OF.search(text, max(0, m.start - 14), m.start)
        if wk and m.type == "DATE" and m.value and re.fullmatch(r"\d{4}-\d\d-\d\d", m.value):
            out[i] = m = DateMention(wk.start(), m.end, text[wk.start():m.end], type="DATE",
                                     value=_iso_week(date.fromisoformat(m.value)),
                                     relative=m.relative)
            continue
        pb = _POS_BEFORE.search(text, max(0, m.start - 20), m.start)
        if pb and m.mod is None and m.type == "DATE" and m.value and \
                (len(m.value) <= 7 or "-W" in m.value):
            p = pb.group("p").lower().rstrip("-")
            if "half" in p and re.fullmatch(r"\d{4}", m.value):     # the first half of 2014
                out[i] = DateMention(pb.start(), m.end, text[pb.start():m.end], type="DATE",
                                     value=f"{m.value}-H{1 if 'first' in p else 2}",
                                     relative=m.relative)
                continue
            out[i] = DateMention(pb.start(), m.end, text[pb.start():m.end], type=m.type,
                                 value=m.value, end_value=m.end_value,
                                 mod=_POS_MODS.get(p, "MID" if p.startswith("mid") else None),
                                 relative=m.relative)
    return out


def _is_clock(m: DateMention) -> bool:
    return m.type == "TIME" and m.value is not None and re.search(r"T\d\d:\d\d$", m.value) is not None \
        and m.relative


def _join(text: str, a: DateMention, b: DateMention, gap: str) -> Optional[DateMention]:
    span = (a.start, b.end, text[a.start:b.end])
    day_like = lambda x: x.type == "DATE" and x.value is not None and len(x.value) == 10
    # weekday, then its full date: "Thursday, 01 October 2020"
    if re.fullmatch(r"\s*,?\s*(?:the\s+)?", gap) and a.type == "DATE" and \
            re.fullmatch(r"(?:" + _WEEKDAY + r")", a.text) and day_like(b) and \
            any(ch.isdigit() for ch in b.text):
        return DateMention(*span, type="DATE", value=b.value, relative=b.relative)
    # clock time + day, day + clock time
    if _DAY_TIME_JOIN.fullmatch(gap) and len(gap) < 6:
        clock, day = (a, b) if _is_clock(a) else (b, a) if _is_clock(b) else (None, None)
        if clock and day and (day_like(day) or (day.value is None and day.type == "DATE")):
            value = (f"{day.value}T{clock.value.split('T')[1]}" if day.value else None)
            return DateMention(*span, type="TIME", value=value, mod=clock.mod,
                               relative=day.relative)
    # "in June last year", "on March 3 this year": the month or day in that year
    if re.fullmatch(r"\s+(?:of\s+)?", gap) and a.type == b.type == "DATE" and \
            a.value and b.value and re.fullmatch(r"\d{4}-\d\d(?:-\d\d)?", a.value) and \
            not re.search(r"\d{4}|'\d\d", a.text) and \
            re.fullmatch(r"(?i:(?:this|last|next|the previous|the following) year)", b.text):
        return DateMention(*span, type="DATE", value=b.value[:4] + a.value[4:],
                           relative=True)
    # "October 5 to October 9", "from 2019 to 2021"
    if _RANGE_JOIN.fullmatch(gap) and a.type == b.type == "DATE" and a.value and b.value and \
            len(a.value) == len(b.value) and a.value < b.value and a.end_value is None and \
            (_RANGE_KW.search(text, max(0, a.start - 10), a.start) or gap.strip() in "-–—"):
        return DateMention(a.start, a.end, a.text, type="DATE", value=a.value,
                           end_value=b.value, mod=a.mod, relative=a.relative)
    return None
