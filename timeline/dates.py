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

import bisect
import functools
import itertools
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Callable, Iterator, Optional

from .config import DEFAULT, Settings
from . import nlp
from .resources import (LOWER_KEEPS, Contained, OpeningIndex, Openers, alternatives, fold,
                        leftmost, needs, pattern, positions, prefix_tree, skipping, word_char,
                        word_set)
from .model import DateMention
from .segment import WORD_RUN
from .periods import span as period_span

# ---------------------------------------------------------------------------------------
# Lexicon: data/dates/vocabulary.toml, loaded once
# ---------------------------------------------------------------------------------------
_DATA_DIR = Path(__file__).parent / "data" / "dates"
# the regexes that are no grammar rules: TIMEX3 value shapes and small context checks
_PATTERN_FILE = _DATA_DIR / "dates_patterns.toml"


def _rx(name: str) -> re.Pattern:
    return pattern(_PATTERN_FILE, name)


def _load_toml(name: str) -> dict:
    with open(_DATA_DIR / name, "rb") as f:
        return tomllib.load(f)


_VOCAB = _load_toml("vocabulary.toml")
_MONTH_NUM = _VOCAB["months"]
_WEEKDAY_NUM = _VOCAB["weekdays"]
_SEASON = _VOCAB["seasons"]
_SEASON_ORDER = _VOCAB["season_order"]
_TOD = _VOCAB["times_of_day"]
_ORDINAL = _VOCAB["ordinals"]
_SMALL = _VOCAB["small_numbers"]
_TENS = _VOCAB["tens"]
_VAGUE = frozenset(_VOCAB["vague_numbers"])
# unit → (time part?, TIMEX3 letter, multiplier, granularity for "N units ago")
_UNITS = {unit: (u["time"], u["letter"], u["multiplier"], u["granularity"])
          for unit, u in _VOCAB["units"].items()}
_MODS = _VOCAB["duration_mods"]
_POS_MODS = _VOCAB["position_mods"]
# Words after a number that make it a count, not a year or a day
_COUNT_NOUNS = frozenset(_VOCAB["count_nouns"])


# ---------------------------------------------------------------------------------------
# The grammar's patterns live in data/dates/grammar.toml (HeidelTime-style: named
# sub-patterns, rules with a normaliser and examples, context patterns), loaded once here
# ---------------------------------------------------------------------------------------
_SUBPATTERN = _rx("grammar_ref")
# every rule but the decades ('90s) starts at a word start; saying so up front spares the
# regex engine from trying each rule's optional prefixes at every character
_WORD_START = r"(?<!\w)(?=\w)"
_NOT_AT_WORD_START = frozenset(("decade",))


def _joined(pattern) -> str:
    """A pattern written as a list of strings is their concatenation (split for reading)."""
    return "".join(pattern) if isinstance(pattern, list) else pattern


def _expand(pattern: str, subs: dict[str, str]) -> str:
    """Replace ``{@NAME}`` by the sub-pattern NAME and ``{@NAME:g}`` by it capturing group g."""
    def one(m: re.Match) -> str:
        body = _expand(subs[m.group(1)], subs)
        return body.replace("(?P<@>", f"(?P<{m.group(2)}>") if m.group(2) else body
    return _SUBPATTERN.sub(one, pattern)


def _load_grammar() -> dict:
    grammar = _load_toml("grammar.toml")
    grammar["patterns"] = {k: _joined(v) for k, v in grammar["patterns"].items()}
    return grammar


_GRAMMAR = _load_grammar()
_PATTERNS = {k: _expand(v, _GRAMMAR["patterns"]) for k, v in _GRAMMAR["patterns"].items()}
_CONTEXT = {name: re.compile(_expand(_joined(c["pattern"]), _GRAMMAR["patterns"]),
                             re.I if c.get("ignore_case") else 0)
            for name, c in _GRAMMAR["context"].items()}
_WEEKDAY = _PATTERNS["WEEKDAY"]
# month names that are also words ("may", "march"): a month only with a cue
_AMBIGUOUS_MONTHS = frozenset(_VOCAB["ambiguous_months"])
# context patterns read inline by one normaliser each (see grammar.toml)
_ARTICLE_BEFORE = _CONTEXT["article_before"]
_MONTH_NOUN_AFTER = _CONTEXT["month_noun_after"]
_PAST_MONTH_BEFORE = _CONTEXT["past_month_before"]
_SPELLED_YEAR_PREP = _CONTEXT["spelled_year_prep"]
_THE_YEAR_PREP = _CONTEXT["the_year_prep"]
_AGE_AFTER = _CONTEXT["age_after"]
_UNIT_COMPOUND_AFTER = _rx("unit_compound_after")
_CURRENT_NOUN_AFTER = _CONTEXT["current_noun_after"]
_HIGH_BEFORE = _CONTEXT["high_before"]


def _normaliser(rule: dict) -> "Resolver":
    """The function ``_r_<normaliser>`` a rule names, or, for a rule that gives its type and
    value itself (a fixed expression such as "the near term"), one that returns them."""
    if "normaliser" in rule:
        return globals()["_r_" + rule["normaliser"]]
    fixed_type, fixed_value = rule["type"], rule["value"]
    return lambda m, ctx: _Value(fixed_type, fixed_value, relative=fixed_value.endswith("_REF"))


def _compile_rules() -> list[tuple[re.Pattern, "Resolver"]]:
    """The grammar's rules in order, each with the function that normalises its matches."""
    rules = []
    for rule in _GRAMMAR["rule"]:
        pattern = _expand(_joined(rule["pattern"]), _GRAMMAR["patterns"])
        if rule["name"] not in _NOT_AT_WORD_START:
            pattern = _WORD_START + pattern
        rules.append((re.compile(pattern), _normaliser(rule)))
    return rules


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
    span_start: Optional[int] = None    # where it starts, when after the match's start
    clock: Optional[tuple[int, int]] = None  # a clock time that may open a range of hours:
    #                                          (where its hour starts, its 24-hour hour)


@dataclass
class _Ctx:
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
    governors: dict = field(default_factory=dict)  # (start, end) → _governing_verb's answer
    clock: Optional[tuple[int, int, int]] = None  # last clock time told that may open a
    #                                  range of hours: (its hour's start, its end, its hour)


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
    if s[0] in "'’" or len(s) == 2:             # "'98", "FY23"
        yy = int(s[-2:])
        base = (anchor.year if anchor else 2000)
        cands = [c * 100 + yy for c in (base // 100 - 1, base // 100, base // 100 + 1)]
        return min(cands, key=lambda c: abs(c - base))
    return int(s)


_SCALES = {"hundred": 100, "thousand": 1000}


def _number(s: str) -> Optional[float]:
    """``"three"``/``"twenty-four"``/``"48"`` → number; None for vague quantities."""
    s = s.lower().strip()
    if s in _VAGUE:
        return None
    if s[0].isdigit():
        v = float(s.replace(",", ""))
        return int(v) if v.is_integer() else v
    if s in _SMALL:
        return _SMALL[s]
    parts = s.replace("-", " ").split(" ")
    if len(parts) == 2 and parts[1] in _SCALES and parts[0] in _SMALL:
        return _SMALL[parts[0]] * _SCALES[parts[1]]        # "two thousand (years)"
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
_FUTURE_CUES = _CONTEXT["future_cues"]
# "would be paid", "to be completed": a participle under a modal looks ahead
_MODAL_BEFORE = _CONTEXT["modal_before"]
# "had been scheduled to expire Friday": a plan already past
_PAST_PLAN = _CONTEXT["past_plan"]
# "extended the deadline until Tuesday": the end of a wait lies ahead of the report
_UNTIL_BEFORE = _CONTEXT["until_before"]
_PAST_CUES = _CONTEXT["past_cues"]
# sentence ends, but not the dots of "a.m.", "Mr.", "Oct.", "U.S."
_SENT_CUT = _CONTEXT["sent_cut"]


# how far tense cues are looked for around a span: about a clause of news prose on the left
# (where the verb a date modifies usually stands), less on the right
_CUE_REACH_LEFT = 80
_CUE_REACH_RIGHT = 60
# how many heads up the parse to look for the verb that governs a span (deeper is another clause)
_GOVERNOR_DEPTH = 12
# a bare month more than this many months from the anchor's, with no tense either way, is
# taken in the other year (the nearest occurrence)
_NEAREST_MONTHS = 6
# a day and month without a year within this many days of the anchor is the nearest one,
# whatever the tense (tense only decides for days further off)
_NEAREST_DAYS = 90


def _clause_left(text: str, start: int) -> str:
    """Up to _CUE_REACH_LEFT characters before ``start``, from the last sentence end."""
    left = text[max(0, start - _CUE_REACH_LEFT):start]
    cut = [m.end() for m in _SENT_CUT.finditer(left)]
    return left[cut[-1]:] if cut else left


def _until_ahead(left: str) -> bool:
    """"extended the deadline until Tuesday" (not "Until Thursday, they had...")."""
    until = _UNTIL_BEFORE.search(left)
    return bool(until and any(word_char(ch) for ch in left[:until.start()]))


def _tense(text: str, start: int, end: int, right: bool = True) -> str:
    """'future', 'past' or '' from the nearest tense cue in the clause around the span.

    Looks left first (the verb a weekday modifies usually precedes it in news) then right
    (unless ``right`` is false: a parse has already named the governing verb, and the words
    after the span belong to another clause, as "organisers said" after "kicks off Sunday").
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
    if best or not right:
        return best
    right = text[end:end + _CUE_REACH_RIGHT]
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
_FUTURE_GOVERNORS = frozenset(_VOCAB["future_governors"])
# participles that look ahead on their own ("the vote, expected Tuesday")
_FUTURE_PARTICIPLES = frozenset(_VOCAB["future_participles"])
# present-tense verbs that state rather than schedule: "is worth ... in October"
_STATIVE_VERBS = frozenset(_VOCAB["stative_verbs"])
# verbs that start or stop something on a schedule ("reopens", "takes effect"): the class
# the event layer reads too (event_dates: a futurate clause is not pulled before publication)
_FUTURATE = frozenset(_VOCAB["futurate"])
_FUTURATE_LIGHT = frozenset(_VOCAB["futurate_light"])
_FUTURATE_OBJECTS = frozenset(_VOCAB["futurate_objects"])
_FUTURATE_ACL = frozenset(_VOCAB["futurate_acl"])


def futurate(verb) -> bool:
    """A present-tense verb that starts or stops something on a schedule ("reopens on
    Monday", "takes effect on Jan. 1"): what it tells is planned, not reported."""
    if verb.tag_ not in ("VBZ", "VBP"):
        return False
    return verb.lower_ in _FUTURATE or verb.lower_ in _FUTURATE_LIGHT and any(
        k.lower_ in _FUTURATE_OBJECTS for k in verb.subtree)


def _ctx_tense(ctx: _Ctx, start: int, end: int, present: str = "") -> str:
    """Tense around a span: from the parse when there is one and it decides, else cue words.

    A present-tense verb with no cue either way gives ``present``: "future" for weekdays
    ("meet separately Monday" is a plan); for months ``"event"``: "future" when the verb
    names an event ("the trial opens in November": a timetable), nothing when it states
    ("worth $130 million in October", "is in November": the nearest October)."""
    if ctx.parsed is not None:
        found = _governing_verb(ctx, start, end)
        if _until_ahead(_clause_left(ctx.text, start)) and not _waited_past(found):
            return "future"
        if found is not None:
            t, verb = found
            if _deferred_to(ctx, start, end, t):
                return "future"
            tense = _verb_tense(verb)
            if verb.dep_ == "acl" and verb.lower_ in _FUTURATE_ACL:
                return "future"                    # "budget talks beginning in June"
            if tense == "present" and futurate(verb):
                return "future"                    # its own tense decides, not a cue word
                #                                    after it ("ends for the affected areas")
            if tense == "present":                 # a timetable: "kicks off Sunday"
                if present == "event":
                    present = "" if t.lower_ in _STATIVE_VERBS else "future"
                # cue words from the verb on: not those of a clause in its subject ("The
                # law, passed in May, takes effect in January") or of the verb of saying
                lo = min(t.idx, verb.idx) if verb.idx < start else 0
                if lo == verb.idx and _progressive_passive(verb):
                    lo += len(verb.text)           # "is being held Saturday": "held" is no
                #                                    past cue in a progressive
                if present == "future" and (_captioned(verb) or _anterior(ctx, start, end, t)):
                    present = "past"               # "A protester throws a stone on Monday"
                if _event_told_past(ctx, start, end):
                    return "past"                  # "are investigating a crash Thursday that
                #                                    took the life of": the crash's time
                return _tense(ctx.text[lo:end], start - lo, end - lo, right=False) or present
            if tense:
                return tense
    return _tense(ctx.text, start, end)


# prepositions that put what they govern before the time of their clause
_ANTERIOR_PREPS = frozenset(_VOCAB["anterior_preps"])


def _anterior(ctx: _Ctx, start: int, end: int, verb) -> bool:
    """Does the span hang on a verb of state ("is", "remains", a present passive) through
    "after"/"since"/"following" in the parse ("A man remains hospitalized after a crash ...
    Friday night")? Then it is before the state told as now: the last such day. (Not under a
    verb of event: "meets on Friday after the vote on Thursday" may be the coming one.)"""
    if verb.lower_ not in _STATIVE_VERBS and not any(
            c.dep_ == "auxpass" or c.dep_ == "cop" for c in verb.children):
        return False
    t = _words(ctx, start, end)[1]
    for _ in range(_GOVERNOR_DEPTH):
        if t.i == verb.i or t.head is t:
            return False
        if t.dep_ == "prep" and t.lower_ in _ANTERIOR_PREPS:
            return True
        t = t.head
    return False


def _progressive_passive(verb) -> bool:
    """"is being held", "are being asked": a present progressive whose participle only looks
    like a past verb (not "after being stabbed on Friday")."""
    aux = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return verb.tag_ == "VBN" and "being" in aux and any(w in _PRESENT_BE for w in aux)


_RELATIVE_DEPS = frozenset(("relcl", "acl"))


def _event_told_past(ctx: _Ctx, start: int, end: int) -> bool:
    """Does the span follow a noun whose relative clause after it is in the past ("Police are
    investigating a crash early Thursday that took the life of ...", "the cause of a blaze
    Monday morning that damaged a home")? Then it dates that noun's event, told as done,
    not the present verb's plan (not "a storm Thursday that could bring snow")."""
    words = _words(ctx, start, end)
    if words is None or words[0].start == 0:
        return False
    noun = ctx.parsed[words[0].start - 1]
    if not noun.tag_.startswith("NN"):
        return False
    nouns = [noun]                          # (the parse may hang the clause on "the cause of")
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.tag_.startswith("NN"):
        nouns.append(noun.head.head)
    return any(c.dep_ in _RELATIVE_DEPS and c.i >= words[0].end and _verb_tense(c) == "past"
               for n in nouns for c in n.children)


def _captioned(verb) -> bool:
    """A present simple verb whose subject is one indefinite someone ("A riot police officer
    shoots a tear gas canister in Santiago on Monday", "A man walks past a burned car"): a
    photo caption's present, which shows what was seen, not a timetable's ("The minister
    meets his counterparts on Friday", "Voters go to the polls on Tuesday")."""
    if verb.tag_ not in ("VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    return any(c.dep_ == "nsubj" and any(d.dep_ == "det" and d.lower_ in ("a", "an")
                                         for d in c.children) for c in verb.children)


# verbs that move a time forward: "extended the deadline until Tuesday" waits ahead of the
# report though the verb is past; after any other past verb the wait is over ("the fighting
# continued until January", "lasted until Tuesday")
_DEFERRAL_VERBS = frozenset(_VOCAB["deferral_verbs"])


_DEFERRAL_PREPS = frozenset(_VOCAB["deferral_preps"])


def _words(ctx: _Ctx, start: int, end: int):
    """(``nlp.span`` of the parse over the span, its root word), None when it has no words;
    looked up once per mention (the tense checks ask for the same words several times)."""
    key = (start, end)
    if key not in ctx.words:
        span = nlp.span(ctx.parsed, start, end)
        ctx.words[key] = (span, span.root) if span is not None and len(span) else None
    return ctx.words[key]


def _deferred_to(ctx: _Ctx, start: int, end: int, verb) -> bool:
    """"has been postponed to Saturday", "was rescheduled for Monday" (in the parse): the time
    a deferral verb moves something to lies ahead of the report, whatever the verb's tense."""
    words = _words(ctx, start, end)
    prep = words[1].head if words is not None else None
    if prep is None or prep.lower_ not in _DEFERRAL_PREPS or verb.lower_ not in _DEFERRAL_VERBS:
        return False
    head = prep.head.head if prep.head.dep_ in ("advmod", "prt") else prep.head
    return head.i == verb.i                     # also "pushed back to January"


def _waited_past(found) -> bool:
    """Is "until X" under a past verb that does not defer (in the parse): a wait now over?
    (Not a present perfect: "has given them until Tuesday" still waits.)"""
    if found is None:
        return False
    verb, matrix = found
    perfect = any(c.lower_ in ("has", "have", "'ve") for c in matrix.children)
    return verb.lower_ not in _DEFERRAL_VERBS and not perfect and _verb_tense(matrix) == "past"


def _governing_verb(ctx: _Ctx, start: int, end: int):
    """(nearest verb above the span in the parse, the verb whose tense it takes), or None;
    walked once per mention (the tense checks of one mention each ask for it)."""
    key = (start, end)
    if key not in ctx.governors:
        ctx.governors[key] = _walk_to_verb(ctx, start, end)
    return ctx.governors[key]


def _walk_to_verb(ctx: _Ctx, start: int, end: int):
    words = _words(ctx, start, end)
    if words is None or words[1].dep_ in ("compound", "nmod"):
        return None                         # (not "a June agreement": a noun's modifier)
    span, t = words
    for _ in range(_GOVERNOR_DEPTH):          # up to the nearest verb
        if _acts_as_verb(t) and t.i not in range(span.start, span.end):
            return t, _matrix_verb(t, span)
        if t.head is t:
            return None
        t = t.head
    return None


# "will", "shall", "is expected", "are scheduled": the clause states what is to come,
# whatever date is nearest
_WILL = frozenset(("will", "shall", "'ll", "wo"))
_PRESENT_BE = frozenset(("is", "are", "'s", "'re", "am"))
_PAST_BE = frozenset(("was", "were"))


# after a present "be", these put what they govern ahead: "is expected", "are due", "is set"
_PLANNED_STATES = frozenset(_VOCAB["planned_states"])


def _will_clause(ctx: _Ctx, start: int, end: int, intent: bool = False) -> bool:
    """Is the span governed, in the parse, by a verb under "will"/"shall" or a deferral verb's
    "to"/"for" ("postponed to March 3"), by a present "be"
    with a participle or adjective of planning ("is expected", "are due", "is set"), or, with
    ``intent``, by an infinitive of intent ("plans to open", "the summit, to be held")?"""
    if ctx.parsed is None:
        return False
    found = _governing_verb(ctx, start, end)
    if found is None:
        return False
    if _deferred_to(ctx, start, end, found[0]):
        return True                         # "postponed to March 3": ahead, as under "will"
    verb = found[1]
    aux = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    now = verb.lower_ in _PRESENT_BE or any(w in _PRESENT_BE for w in aux)
    planned = verb.lower_ in _PLANNED_STATES or any(
        c.dep_ == "acomp" and c.lower_ in _PLANNED_STATES for c in verb.children)
    if any(w in _WILL for w in aux) or now and planned or \
            "to" in aux and verb.dep_ == "xcomp" and _planned_now(verb.head):
        return True                         # (also "is set to meet", "is going to meet")
    # "plans to open", "agreed to meet", "the summit, to be held": an infinitive of intent
    # (for a month; a day named under one is too often a deadline just past: "a ruling to
    # repatriate the child by Jan. 14" read on Jan. 15)
    return intent and "to" in aux and "have" not in aux and _verb_tense(verb) == "future"


def _planned_now(gov) -> bool:
    """Is ``gov`` a present "be" with a state of planning ("is set", "are scheduled", "is
    due", "is going") or on its own ("is to meet"), whose infinitive is what is to come?"""
    if gov.lower_ in _PRESENT_BE:
        return True                         # "is to meet", "is due to meet" (under "is")
    aux = [c.lower_ for c in gov.children if c.dep_ in ("aux", "auxpass")]
    if gov.dep_ == "acomp":                 # "is due to meet": "due" under "is"
        aux.append(gov.head.lower_)
    planned = gov.lower_ in _PLANNED_STATES or gov.lower_ == "going"
    return planned and any(w in _PRESENT_BE for w in aux)


def _matrix_verb(v, span):
    """The verb a time expression belongs to when the parser hung it on a complement clause
    it stands outside of: "said Monday it would close" (Monday before the clause's subject,
    no "that" between) is when it was said, not when it will close."""
    head = v.head
    if v.dep_ != "ccomp" or head is v or not _acts_as_verb(head) or head.i >= span.start:
        return v
    subjects = [c.i for c in v.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    marks = [c.i for c in v.children if c.dep_ == "mark"]
    if subjects and span.end <= min(subjects) and not any(i < span.start for i in marks):
        return head
    return v


# clause relations and verb dependents: a plural noun tag with these is a mistagged present
# verb ("The final kicks off Sunday": kicks/NNS with a particle, the complement of "said")
_CLAUSE_DEPS = frozenset(("ccomp", "advcl", "relcl", "xcomp"))
_VERB_CHILD_DEPS = frozenset(("prt", "nsubj", "nsubjpass", "dobj", "aux"))


def _acts_as_verb(t) -> bool:
    """A verb by its tag, or a token tagged NNS that the parse uses as a verb."""
    if t.tag_ in _VERB_TAGS:
        return True
    return t.tag_ == "NNS" and (t.dep_ in _CLAUSE_DEPS or
                                any(c.dep_ in _VERB_CHILD_DEPS for c in t.children))


def _verb_tense(v, depth: int = 0) -> str:
    """'past', 'future', 'present' or '' for a verb token, from its tag and auxiliaries; or
    'near', a plan seen from a past time ("talks were to continue Monday"): ahead of that
    time, which is near the report, so the nearest such day either way."""
    aux = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    words = [a.lower_ for a in aux]
    # "had signed", "'d signed"; "having signed": a perfect participle tells what was done
    # before the clause it hangs on ("the first having taken place in April")
    perfect_past = "had" in words or ("'d" in words or "having" in words) and v.tag_ == "VBN"
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
        if gov.lower_ in _FUTURE_GOVERNORS or gov.lower_ in _PRESENT_BE and v.dep_ == "xcomp":
            return "future"                           # "is to meet on Tuesday" (a schedule;
            #                                           not "was to arrive ... but sank")
        if gov.lower_ in _PAST_BE and v.dep_ == "xcomp":
            return "near"                             # "were to continue Monday" (told on
            #                                           Sunday), "was to arrive Tuesday" (on
            #                                           Wednesday, "but sank")
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
    if v.tag_ in ("VBZ", "VBP", "NNS"):              # NNS: see _acts_as_verb
        return "present"
    if depth < 3 and gov is not v and gov.tag_ in _VERB_TAGS and (
            v.dep_ == "conj" or v.tag_ != "VBN" and v.dep_ in ("xcomp", "advcl", "ccomp", "dep")):
        return _verb_tense(gov, depth + 1)
    if v.tag_ == "VBN":
        return "past"                                 # "a deal signed Monday"
    noun = v.head                                     # "a law going into effect Monday bans":
    if v.tag_ == "VBG" and v.dep_ == "acl" and depth < 3 and \
            noun.dep_ in _ARGUMENT_DEPS and _acts_as_verb(noun.head):
        return _verb_tense(noun.head, depth + 1)      # the tense of the clause of its noun
    return ""


# a noun's place in its clause whose verb lends a participle on it its tense
_ARGUMENT_DEPS = frozenset(("nsubj", "nsubjpass", "dobj", "attr"))


# ---------------------------------------------------------------------------------------
# Resolvers: one per rule; each returns a _Value or None (reject)
# ---------------------------------------------------------------------------------------

def _month_year(mon: int, ctx: _Ctx, start: int, end: int, cue: str = "") -> Optional[int]:
    """Year of a month named without one: by tense, else the nearest to the anchor."""
    a = ctx.anchor
    if a is None:
        return None
    tense = cue or _ctx_tense(ctx, start, end, present="event")
    diff = mon - a.month
    # a past verb puts the month in the last twelve, a future one in the next twelve; the
    # month just after (before) the anchor's is taken for a misread tense, not a year off
    if tense == "past":
        verb = None if cue else _verb_on(ctx, start, end)
        strict = cue or verb is not None and verb.tag_ == "VBD"     # "began in April"
        return a.year if diff <= (0 if strict else 1) else a.year - 1
    if tense == "future":
        verb = _verb_on(ctx, start, end) if diff == -1 else None
        if diff == -1 and (_will_clause(ctx, start, end, intent=True) or
                           verb is not None and futurate(verb)):
            return a.year + 1            # "will vote in February", "ends in May" (in June)
        return a.year if diff >= (0 if cue else -1) else a.year + 1
    if diff > _NEAREST_MONTHS:
        return a.year - 1
    if diff < -_NEAREST_MONTHS:
        return a.year + 1
    return a.year


def _verb_on(ctx: _Ctx, start: int, end: int):
    """The verb the span (or its "in"/"on"/"during"/"at") hangs straight on in the parse,
    governing its own clause ("The trial began in April", "The season ends in May"), else
    None: then its tense is read, not guessed. (Not "a summit set for April", "told of a
    cutback in September": a participle or a noun between, whose tense the parse often
    misreads; nor "until April", a deadline's month ahead of the verb.)"""
    found = _governing_verb(ctx, start, end) if ctx.parsed is not None else None
    if found is None or found[0].i != found[1].i:
        return None
    return _hung_on(ctx, start, end, _AT_TIME_PREPS)


def _hung_on(ctx: _Ctx, start: int, end: int, preps: Optional[frozenset] = None):
    """The verb the span hangs on in the parse, straight or through one preposition (one of
    ``preps`` when given): "attacked ... on March 5", "Last year she married"; None inside a
    noun phrase ("Results for the year are due")."""
    found = _governing_verb(ctx, start, end)
    if found is None:
        return None
    head = _words(ctx, start, end)[1].head
    if head.dep_ == "prep":
        if preps is not None and head.lower_ not in preps:
            return None
        head = head.head
    return found[0] if head.i == found[0].i else None


# prepositions that put what a verb tells at the time after them ("began in April")
_AT_TIME_PREPS = frozenset(_VOCAB["at_time_preps"])


def _day_month_year(day: int, mon: int, ctx: _Ctx, start: int, end: int) -> Optional[date]:
    """A day and month without a year: nearest occurrence, tense breaking ties far off; under
    "will" (in the parse) the next one however near the last ("will report on Jan. 30")."""
    a = ctx.anchor
    if a is None:
        return None
    cands = [d for d in (_valid(a.year + k, mon, day) for k in (-1, 0, 1)) if d]
    if not cands:
        return None
    best = min(cands, key=lambda d: abs((d - a).days))
    if best < a and _will_clause(ctx, start, end):
        return min(d for d in cands if d >= a)        # "will report on Jan. 30" (in March)
    if abs((best - a).days) > _NEAREST_DAYS:
        tense = _ctx_tense(ctx, start, end)
        if tense == "past":
            past = [d for d in cands if d <= a]
            best = max(past) if past else best
        elif tense == "future":
            fut = [d for d in cands if d >= a]
            best = min(fut) if fut else best
    return best


_REL_BEFORE = _CONTEXT["rel_before"]


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


def _absolute(written: str, v: Optional[_Value], ctx: _Ctx) -> Optional[_Value]:
    """The grammar's value of an absolute date, as dateparser normalises ``written``; the
    grammar's own when dateparser cannot read it or reads another precision."""
    if v is None or v.value is None:
        return v
    d, period = _dateparser_read(ctx.settings.date_order, written)
    digits = _DP_PERIOD_DIGITS.get(period or "")
    if d is None or digits != len(v.value):
        return v
    value = f"{d.year:04d}-{d.month:02d}-{d.day:02d}"[:digits]
    return _Value(v.type, value, day=d if digits == 10 else None)


def _r_date_dmy(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    g = m.groupdict()
    mon = _MONTH_NUM[g["mon"].rstrip(".").lower()]
    day = int(g["day"])
    if g.get("year"):
        d = _valid(_year_num(g["year"], ctx.anchor), mon, day)
        return _absolute(m.group(0), _Value("DATE", _iso_day(d), day=d) if d else None, ctx)
    d = _day_month_year(day, mon, ctx, m.start(), m.end())
    rel = _REL_BEFORE.search(ctx.text, max(0, m.start() - 12), m.start())
    clause_year = None if rel or d is None else _clause_year(ctx, m.start(), m.end())
    if clause_year:                              # "In 2014, rebels attacked on March 5"
        d = _valid(clause_year, mon, day) or d
        return _Value("DATE", _iso_day(d), relative=True, day=d)
    told_year = None if rel or d is None else \
        _narrative_year(mon, ctx, m.start(), m.end(), "", day)
    if told_year and (ctx.written[1] == 10 or abs((d - ctx.anchor).days) > _NEAREST_DAYS):
        d = _valid(told_year, mon, day) or d    # "3 March 2019 ... on 5 March" (not a day
        #                                         near publication after "August 1988")
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
    return _absolute(m.group(0), _Value("DATE", f"{y:04d}-{mon:02d}"), ctx)


_MONTH_CUE_BEFORE = _CONTEXT["month_cue_before"]


def _r_month(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    name = m.group("mon")
    before = ctx.text[max(0, m.start() - 14):m.start()]
    rel = (m.group("rel") or "").lower()
    if not rel and name in _AMBIGUOUS_MONTHS and \
            not _MONTH_CUE_BEFORE.search(before) and not (
                _ARTICLE_BEFORE.search(before) and
                _MONTH_NOUN_AFTER.match(ctx.text[m.end():m.end() + 16])):
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
        cue = "past" if _PAST_MONTH_BEFORE.search(before) else ""
        y = _clause_year(ctx, m.start(), m.end()) or \
            _narrative_year(mon, ctx, m.start(), m.end(), cue) or \
            _month_year(mon, ctx, m.start(), m.end(), cue)
    return _Value("DATE", f"{y:04d}-{mon:02d}", relative=True)


def _clause_year(ctx: _Ctx, start: int, end: int) -> Optional[int]:
    """The year told just before in the same clause: "In 2014, the rebels attacked the town
    on March 5", "Last year she married in June": the year and the day (month) hang on one
    verb in the parse, so the day is in that year. Not "The firm, founded in 2015, reported
    on March 5" (two verbs: the year is background), nor a year told in another sentence."""
    t = ctx.told
    if ctx.parsed is None or t is None or t[1] != 4 or not _in_reach(ctx, ctx.told_end, start):
        return None
    mine = _hung_on(ctx, start, end)
    if mine is None:
        return None
    theirs = _hung_on(ctx, ctx.told_end - 4, ctx.told_end)
    return t[0].year if theirs is not None and theirs.i == mine.i else None


_SPAN_REACH = 60                    # how far back in its sentence a span's start is looked for


def _in_reach(ctx: _Ctx, told_end: int, start: int) -> bool:
    """Is a mention told at ``told_end`` just before ``start`` in the same sentence (within
    ``_SPAN_REACH``), close enough to be read with it ("In 2014, ... on March 5", "from
    Thursday ... through Sunday")?"""
    return 0 <= start - told_end <= _SPAN_REACH and ". " not in ctx.text[told_end:start]


# how far back a month written with its year still sets the year of a bare month after it:
# about two sentences of news prose, the reach of a narrative passage
_NARRATIVE_REACH = 300


def _narrative_year(mon: int, ctx: _Ctx, start: int, end: int, cue: str,
                    dom: int = 0) -> Optional[int]:
    """"In March 2022 the minister was charged ... In October he resigned" (a 2024 story):
    a bare month (or day ``dom`` of it) later in the year of a month just written with an
    earlier year, told in the past tense, falls in that year, while the story is still in
    that year: the written date is the last one told, or a later month or day of its year
    told since ("On March 3, 2019 ... In April ... In October"). Only a written month or day
    sets it (a bare year is too often background: "founded in 2015 ... In October, sales
    fell" is this October), and not "later that year" (the story moved on)."""
    w, a, t = ctx.written, ctx.anchor, ctx.told
    if w is None or a is None or t is None or start - ctx.told_end > _NARRATIVE_REACH:
        return None                     # too far back
    if t != (w[0], w[1]) and not (t[1] >= 7 and t[0].year == w[0].year and t[0] >= w[0]):
        return None
    day = t[0]
    if day.year >= a.year or (mon, dom) <= (day.month, day.day if t[1] == 10 else 0):
        return None
    tense = cue or _ctx_tense(ctx, start, end, present="event")
    return day.year if tense == "past" else None


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
    return _absolute(m.group(0), _Value("DATE", _iso_day(dd), day=dd) if dd else None, ctx)


_YEAR_REJECT_BEFORE = _CONTEXT["year_reject_before"]
_YEAR_NEXT_WORD = _rx("year_next_word")
_YEAR_NUMBER_AFTER = _rx("year_number_after")
_YEAR_STREET_AFTER = _rx("year_street_after")
_YEAR_OPENING_PREP = _rx("year_opening_prep")
_YEAR_NAME_BEFORE = _rx("year_name_before")
_YEAR_LEAD_WORDS = frozenset(_VOCAB["year_lead_words"]).union(
    _MONTH_NUM, _WEEKDAY_NUM, _SEASON)


def _names_product(ctx: _Ctx, start: int, end: int) -> bool:
    """"run Windows 2000", "36 Mirage 2000 jets": a capitalised word inside the sentence just
    before a year-like number, no date word, makes the number part of a name -- unless a
    preposition comes before it or an event's head after it ("at Euro 2012", "the London 2012
    Olympics": the year the event was held)."""
    name = _YEAR_NAME_BEFORE.search(ctx.text, max(0, start - 30), start)
    if not name or name.group("name").lower() in _YEAR_LEAD_WORDS or \
            (name.group("prev") or "") in _YEAR_LEAD_WORDS:
        return False                # ("at Euro 2012", "of Wimbledon 2012": an event's year)
    return not _name_head_after(ctx.text, end)


def _r_year(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    before = ctx.text[max(0, m.start() - 12):m.start()]
    if _YEAR_REJECT_BEFORE.search(before):
        return None
    after = ctx.text[m.end():m.end() + 20]
    nxt = _YEAR_NEXT_WORD.match(after)
    if nxt and nxt.group(1).lower() in _COUNT_NOUNS and not _YEAR_OPENING_PREP.search(before):
        return None                       # "2000 migrants", but "In 1999 protesters marched"
    if _YEAR_NUMBER_AFTER.match(after) or _YEAR_STREET_AFTER.match(ctx.text[m.end():m.end() + 50]):
        return None                       # "1998-$2,000", "1600 Pennsylvania Avenue"
    if _names_product(ctx, m.start(), m.end()):
        return None                       # "Windows 2000", "Mirage 2000": a name
    y = _year_num(m.group("year") or m.groupdict().get("fy"), ctx.anchor)
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


_SPELLED_UNITS = _VOCAB["spelled_year_units"]


def _spelled_year_num(s: str) -> int:
    words = s.lower().replace("-", " ").split()
    if words[0] == "nineteen":
        return 1900 + _TENS[words[1]] + (_SPELLED_UNITS.get(words[2], 0) if len(words) > 2 else 0)
    return 2000 + int(_number(words[-1]) or 0 if words[-1] != "thousand" else 0)


def _r_spelled_year(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """``nineteen ninety-six``, ``the year two thousand``, ``two thousand and one``."""
    g = m.groupdict()
    if not g.get("tens") and not m.group(0).lower().startswith("the year") and \
            not _SPELLED_YEAR_PREP.search(ctx.text[max(0, m.start() - 8):m.start()]):
        return None                                  # "two thousand" is mostly a count
    written = m.group(0)
    if written.lower().startswith("the year"):
        written = written[len("the year"):].lstrip()
    y = _spelled_year_num(written)
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


def _nth_weekday(y: int, month: int, wd: int, n: int, from_day: int = 1) -> date:
    """The n-th (n=-1: last) weekday ``wd`` of a month, counted from day ``from_day``."""
    if n > 0:
        first = date(y, month, from_day)
        return first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
    nxt = date(y + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return nxt - timedelta(days=(nxt.weekday() - wd) % 7)


_HOLIDAYS = _VOCAB["holidays"]


def _holiday_date(name: str, y: int) -> date:
    """The day of a holiday in year ``y``, by its rule in the vocabulary."""
    rule = _HOLIDAYS[name]
    if "easter" in rule:
        return _easter(y) + timedelta(days=rule["easter"])
    if "nth" in rule:
        d = _nth_weekday(y, rule["month"], rule["weekday"], rule["nth"], rule.get("from_day", 1))
        return d + timedelta(days=rule.get("offset", 0))
    return date(y, rule["month"], rule["day"])


# lunar holidays (Ramadan, Eid, Passover...): their days by year, from a table with its source
_LUNAR = _load_toml("lunar_holidays.toml")


def _lunar_holiday(table: str, rel: str, ctx: _Ctx, m: re.Match) -> Optional[_Value]:
    """A holiday of a lunar calendar, from its table: in the year written, else the one before
    the publication (past tense, "last"), after it (future, "next"), or nearest within its year;
    one that lasts (Ramadan) is its first day, its last kept as ``end_value``."""
    days = _LUNAR[table]
    a = ctx.anchor
    if m.group("year"):
        y = _year_num(m.group("year"), a)
        found = [d for d in days if d[0].year == y][:1]
    elif a is None:
        return _Value("DATE", None, relative=True)
    else:
        tense = {"last": "past", "next": "future"}.get(rel) or \
            _ctx_tense(ctx, m.start(), m.end())
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
    return _Value("DATE", _iso_day(first), relative=not m.group("year"), day=first,
                  end_value=_iso_day(last) if last != first else None)


# the run-up to a holiday (days) whose markets, parties and shopping are already its own
_HOLIDAY_SEASON = 31


def _modifies_noun(ctx: _Ctx, start: int, end: int) -> bool:
    """Is the span a noun's modifier in the parse ("a Christmas market", "the company Christmas
    party")? Then a past verb tells when the noun's event happened, not which holiday the
    noun belongs to: in the holiday's run-up it is the coming one ("tried to blow up a
    Christmas market", told on Dec. 16, is this year's Christmas)."""
    words = _words(ctx, start, end) if ctx.parsed is not None else None
    return words is not None and words[1].dep_ == "compound" and \
        words[1].head.tag_.startswith("NN")


def _r_holiday(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """Christmas, Thanksgiving, Easter...: the occurrence picked like a bare month's."""
    name = " ".join(m.group("hol").lower().split()).replace("’", "'")
    fn = functools.partial(_holiday_date, name)
    rel = (m.group("rel") or "").lower()
    if "table" in _HOLIDAYS[name]:
        return _lunar_holiday(_HOLIDAYS[name]["table"], rel, ctx, m)
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
        if tense == "past" and a < this <= a + timedelta(days=_HOLIDAY_SEASON) and \
                _modifies_noun(ctx, m.start(), m.end()):
            d = this                    # "tried to blow up a Christmas market" on Dec. 16
        elif tense == "past":
            d = this if this <= a else fn(a.year - 1)
        elif tense == "future":
            d = this if this >= a else fn(a.year + 1)
        else:
            d = this
    return _Value("DATE", _iso_day(d), relative=True, day=d)


_DECADE_PART = _rx("decade_part")


def _r_decade(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"the 1990s", "'90s"; "the mid-1990s" with its part as TimeML's mod (MID, START, END)."""
    g = m.group("dec")
    part = _DECADE_PART.search(m.group(0))
    mod = _POS_MODS.get(part.group(1).lower()) if part else None
    if g[0] in "'\u2019":
        yy = int(g[1:3])
        century = 19 if yy >= 20 else 20
        return _Value("DATE", f"{century}{yy // 10}", mod=mod)
    return _Value("DATE", g[:3], mod=mod)


_DECADE_WORDS = _VOCAB["decade_words"]


def _r_decade_word(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    return _Value("DATE", f"19{_DECADE_WORDS[m.group('dw').lower()]}")


def _r_century(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    n = int("".join(itertools.takewhile(str.isdigit, m.group("cent"))))
    return _Value("DATE", f"{n - 1:02d}")


def _r_century_turn(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"the turn of the century": the start of the century whose first year is nearest."""
    if ctx.anchor is None:
        return _Value("DATE", None, relative=True)
    return _Value("DATE", f"{(ctx.anchor.year + 50) // 100:02d}", mod="START", relative=True)


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
    last, following = (cur_year if s < c else cur_year - 1), (cur_year if s > c else cur_year + 1)
    if tense == "":           # the nearest such season, the last one when as near as the next
        return last if (c - s) % 4 <= (s - c) % 4 else following
    return last if tense == "past" else following


# "in spring", "by summer": a bare season word after a preposition is the season
_SEASON_PREP = _CONTEXT["season_prep"]
_OF_AFTER = _rx("word_of_after")
_OF_YEAR_RELATIVE = _rx("of_year_relative_after")


def _r_season(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    season = _SEASON[m.group("season").lower()]
    rel = (m.group("rel") or "").lower()
    if m.group("year"):
        return _Value("DATE", f"{_year_num(m.group('year'), ctx.anchor):04d}-{season}")
    if not rel:
        if m.group("season")[0].isupper() or not _SEASON_PREP.search(
                ctx.text, max(0, m.start() - 24), m.start()):
            return None                       # "Arab Spring", "hot springs", "fall by 3%"
        rel = "the"
    if rel == "the":
        rel = ""
        if _OF_AFTER.match(ctx.text, m.end(), m.end() + 4) and \
                not _OF_YEAR_RELATIVE.match(ctx.text, m.end()):
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
    if q is None and rel in ("", "latest", "year-earlier", "year-ago", "that"):
        qc = _quarter_context(ctx, m.start())       # "the quarter", "that quarter" discussed
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
    elif not rel and q != cq:
        ahead = _ctx_tense(ctx, m.start(), m.end()) == "future"
        if q > cq and not ahead:
            y -= 1
        elif q < cq - 1 and ahead:            # "expects to close the deal in the first
            y += 1                            # quarter" (told in December): next year's; the
            #                                   quarter just ended is still this year's ("will
            #                                   report third-quarter results" in November)
    return _Value("DATE", f"{y:04d}-Q{q}", relative=True)


def _r_month_quarter(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"the January-March quarter", "the June quarter" (the one that ends in June): the
    quarter of its three months, in the year written or, as "the third quarter" is, the last
    such quarter unless the clause looks ahead."""
    if m.group("me"):
        m2 = _MONTH_NUM[m.group("me").lower()]
        m1 = m2 - 2
    else:
        m1, m2 = (_MONTH_NUM[m.group(g).lower()] for g in ("m1", "m2"))
    if m1 % 3 != 1 or m2 != m1 + 2:
        return None                       # "the March-May period": no calendar quarter
    q = (m1 + 2) // 3
    if m.group("y"):
        return _Value("DATE", f"{m.group('y')}-Q{q}")
    a = ctx.anchor
    if a is None:
        return _Value("DATE", None, relative=True)
    y = a.year
    if q > _quarter(a) and _ctx_tense(ctx, m.start(), m.end()) != "future":
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
    h = 1 if m.group("h").lower() in ("first", "1st", "h1", "1h") else 2
    if m.group("h").lower() in ("last", "latter") and not m.group("y"):
        return None                          # "the last half" alone: of a game, of a speech
    if m.group("y"):
        return _Value("DATE", f"{_year_num(m.group('y'), ctx.anchor):04d}-H{h}")
    if ctx.anchor is None:
        return _Value("DATE", None, relative=True)
    y = ctx.anchor.year
    if h == 2 and ctx.anchor.month <= 6 and _ctx_tense(ctx, m.start(), m.end()) == "past":
        y -= 1
    elif h == 1 and _quarter(ctx.anchor) == 4 and \
            _ctx_tense(ctx, m.start(), m.end()) == "future":
        y += 1                  # as a quarter two behind: "expects to finish in the first half"
    return _Value("DATE", f"{y:04d}-H{h}", relative=True)


_GENERIC_AGE = _CONTEXT["generic_age"]


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
_LATER_ON = _CONTEXT["later_on"]
_AHEAD_OF_BEFORE = _CONTEXT["ahead_of_before"]


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
        if _AHEAD_OF_BEFORE.search(ctx.text, max(0, start - 30), start) or \
                _possessor_ahead(ctx, start, end):
            return a + timedelta(days=fwd)       # "ahead of Sunday's vote"
        return a - timedelta(days=back)          # "Tuesday's ruling": an event reported
    if _LATER_ON.search(ctx.text, max(0, start - 30), start):
        return a - timedelta(days=back)          # "later on Monday": the day of writing
    tense = _ctx_tense(ctx, start, end, present="future")
    if tense == "future" or tense == "near" and fwd < back:
        return a + timedelta(days=fwd)
    return a - timedelta(days=back)


def _r_nth_weekday(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"the fourth Thursday in November": that day of the month's year (written, else picked
    as a bare month's by tense)."""
    mon = _MONTH_NUM[m.group("mon").rstrip(".").lower()]
    nth = m.group("nth").lower()
    n = -1 if nth == "last" else _ORDINAL[nth]
    if m.group("year"):
        y = _year_num(m.group("year"), ctx.anchor)
    else:
        y = _month_year(mon, ctx, m.start(), m.end())
        if y is None:
            return _Value("DATE", None, relative=True)
    wd = _WEEKDAY_NUM[m.group("wd").lower()]
    d = _nth_weekday(y, mon, wd, n)
    a = ctx.anchor
    if not m.group("year") and mon == a.month and d != a:    # the anchor's month: which side
        tense = _ctx_tense(ctx, m.start(), m.end())           # of the anchor the day falls
        if tense == "past" and ctx.parsed is not None:        # (a participle's is weak:
            verb = _verb_on(ctx, m.start(), m.end())          # "celebrated on the fourth
            tense = tense if verb is not None and verb.tag_ == "VBD" else ""   # Thursday")
        if (tense == "future") == (d < a) and tense:
            d = _nth_weekday(y + (d < a) - (d > a), mon, wd, n)
    return _Value("DATE", _iso_day(d), relative=not m.group("year"), day=d)


def _possessor_ahead(ctx: _Ctx, start: int, end: int) -> bool:
    """"Sunday's vote will be the first", "he will attend Saturday's summit": in the parse,
    the weekday's noun is the subject or object of a verb under "will"/"shall" (not a noun
    inside one: "the result of Sunday's vote will be announced")."""
    words = _words(ctx, start, end) if ctx.parsed is not None else None
    if words is None or words[1].dep_ != "poss":
        return False
    noun = words[1].head
    if noun.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return False
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in _WILL for c in noun.head.children)


_RANGE_END_BEFORE = _rx("range_end_before")


def _range_end(ctx: _Ctx, day: date, start: int, end: int) -> Optional[date]:
    """"returns on Thursday and runs through Sunday", "open from Monday to Friday": a weekday
    ``day`` after "until"/"through"/"to" ends a span that began on the day told just before
    in its sentence; read as a day before that start, it is the first such weekday after it.
    None to keep ``day``: no start told there, no contradiction ("bought from Sept. 14 to
    Thursday"), or a span told in the past that would end after the report ("early voting
    ran from Monday through Saturday", told on a Monday: the start is the one misread)."""
    told, told_end = ctx.narrative, ctx.narrative_end
    if told is None or day >= told or not _in_reach(ctx, told_end, start) or \
            not _RANGE_END_BEFORE.search(ctx.text, max(0, start - 20), start):
        return None
    after = told + timedelta(days=(day.weekday() - told.weekday()) % 7 or 7)
    if ctx.anchor and after > ctx.anchor and _ctx_tense(ctx, start, end) == "past":
        return None
    return after


def _r_weekday(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    wd = _WEEKDAY_NUM[m.group("wd").lower()]
    tod = (m.group("tod") or "").lower()
    pm = (m.group("pm") or "").lower()
    mod = {"early": "START", "late": "END"}.get(pm)
    if m.group("pl") or m.group("todpl"):                    # "Mondays", "Tuesday nights"
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
        if d is not None and not rel:
            d = _range_end(ctx, d, m.start(), m.end()) or d
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


# "the next/the following/the previous decade" names a stretch of ten years from or up to the
# time being told (TimeML: DURATION P10Y, as "the past decade", "the coming decade"), not a
# calendar decade: the duration rule reads them
_LONG_UNITS = frozenset(("decade", "century"))
_SEQUENCE_RELS = frozenset(("the following", "the next", "the previous", "the preceding",
                            "the prior"))


_AT_BEFORE = _CONTEXT["at_before"]


def _r_rel_unit(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """last/this/next week|month|year|quarter|weekend, earlier this month, later this year."""
    rel = m.group("rel").lower()
    rel = " ".join(rel.split())
    if rel == "last" and ctx.text[max(0, m.start() - 4):m.start()].lower() == "the ":
        return None                           # "the last week of June": a part of June
    unit = m.group("unit").lower()
    pos = (m.group("pos") or "").lower()
    mod = _POS_MODS.get(pos.strip().rstrip("-")) if pos else None
    if pos.startswith("mid"):
        mod = "MID"
    if rel in ("the", "in the") and unit in _TOD and not pos:
        return _told_part_of_day(m, ctx, unit, rel)
    if rel == "in the" and unit in _TOD and pos in ("early", "late", "earlier", "later"):
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
            return _Value("DATE", _unit_value(told, unit, ctx), mod=mod, relative=True)
        rel = "last" if mod == "END" and _end_not_reached(ctx, unit, m) else "this"
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
    if unit in _LONG_UNITS and rel in _SEQUENCE_RELS:
        return None                           # "over the next decade": a DURATION (P10Y)
    if rel in ("that", "that same", "the same", "the previous", "the following", "the next",
               "the preceding", "the prior"):
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


# how far into a period its end is still too far ahead to have been reached in a past clause:
# "sales rose by the end of the year" told on Jan. 3 (or in June) is last year's end; near
# the end of the period the writer may mean the one closing
_EARLY_IN = {"year": lambda d: d.month <= 9, "month": lambda d: d.day <= 20,
             "week": lambda d: d.weekday() <= 2}


def _end_not_reached(ctx: _Ctx, unit: str, m: re.Match) -> bool:
    """Is "the end of the year" (month, week) told in the past tense (in the parse) early in
    that period, so that only the last one's end can be meant?"""
    a = ctx.anchor
    if a is None or ctx.parsed is None or unit not in _EARLY_IN or not _EARLY_IN[unit](a):
        return False                # (cue words alone are too weak: "could ..., officials said")
    found = _governing_verb(ctx, m.start(), m.end())
    verb = found[1] if found is not None else None
    while verb is not None:         # "could begin expanding by the end of the year"
        if any(c.tag_ == "MD" for c in verb.children):
            return False
        verb = verb.head if verb.dep_ == "xcomp" and verb.head is not verb else None
    return _ctx_tense(ctx, m.start(), m.end()) == "past"


def _told_period(ctx: _Ctx, unit: str, start: int, end: int) -> Optional[date]:
    """The month or year a past narrative is telling, for "the end of the month" / "the start
    of the year" ("earlier in the year" stays the publication's): one named just before (within _NARRATIVE_REACH) that lies before the
    publication's, in a clause told in the past; None leaves the publication's own."""
    if unit not in ("month", "year") or ctx.told is None or ctx.anchor is None or \
            start - ctx.told_end > _NARRATIVE_REACH:
        return None
    d, digits = ctx.told
    key = (lambda x: (x.year, x.month)) if unit == "month" else (lambda x: (x.year, 0))
    if digits < (7 if unit == "month" else 4) or key(d) >= key(ctx.anchor):
        return None
    return d if _ctx_tense(ctx, start, end) == "past" else None


# "in the morning", "during the night": that part of the day being told, after a preposition
_TOD_PREP_BEFORE = _CONTEXT["tod_prep_before"]


def _told_part_of_day(m: re.Match, ctx: _Ctx, unit: str, rel: str) -> Optional[_Value]:
    """"fighting continued through the night", "they met in the afternoon": TimeML's part of
    the day (``TMO``, ``TNI``...) on the day being told. Not "the morning of May 3" (the date
    is the mention, as TimeBank tags it) nor "the night" without a preposition."""
    if _OF_AFTER.match(ctx.text, m.end()) or rel == "the" and \
            not _TOD_PREP_BEFORE.search(ctx.text, max(0, m.start() - 12), m.start()):
        return None
    day = ctx.narrative or ctx.anchor
    if day is None:
        return _Value("TIME", None, relative=True)
    return _Value("TIME", f"{_iso_day(day)}T{_TOD[unit]}", relative=True, day=day,
                  span_start=m.start("rel") + (3 if rel == "in the" else 0))   # not "in"


def _part_of_day(day: Optional[date], unit: str, mod: Optional[str] = None) -> _Value:
    """TimeML's part ``unit`` ("night": TNI) of ``day``, a relative TIME (no value without a day)."""
    if day is None:
        return _Value("TIME", None, mod=mod, relative=True)
    return _Value("TIME", f"{_iso_day(day)}T{_TOD[unit]}", mod=mod, relative=True, day=day)


def _r_part_of_day_pos(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"by late afternoon", "in the early evening": that part of the day being told, its
    first or last stretch (mod START / END / MID)."""
    pos = m.group("pos").lower()
    mod = "MID" if pos.startswith("mid") else _POS_MODS.get(pos)
    return _part_of_day(ctx.narrative or ctx.anchor, m.group("tod").lower(), mod)


def _r_ordinal_date(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"on the 28th": that day of the month being told, or of the publication's month: the
    next such day in a clause that looks ahead, the last one in the past, else this month's."""
    day_n = int(m.group("day"))
    rel = (m.group("rel") or "").lower()
    a = ctx.anchor
    if a is None:
        return _Value("DATE", None, relative=True)
    if ctx.told and ctx.told[1] >= 7 and not rel:
        base, n = ctx.told[0], 0                  # "In June 2012 ... On the 20th"
    else:
        base = a
        n = {"next": 1, "last": -1}.get(rel, 0)
        if not rel:
            tense = _ctx_tense(ctx, m.start(), m.end())
            n = 1 if tense == "future" and day_n < a.day else \
                -1 if tense == "past" and day_n > a.day else 0
    y, mo = _add_months(base.year, base.month, n)
    d = _valid(y, mo, day_n)
    if d is None:
        return None
    return _Value("DATE", _iso_day(d), relative=True, day=d)


def _told_base(ctx: _Ctx, unit: str, pos: Optional[int] = None) -> Optional[date]:
    """The date a narrative ``unit`` counts from: the last day told, or, for years and months,
    the last year or month told when it was named after that day ("In 2012 ... a year
    earlier") -- within _NARRATIVE_REACH of ``pos`` when given -- else the publication date."""
    if unit in ("year", "month") and ctx.told and ctx.told[1] >= (4 if unit == "year" else 7) \
            and (pos is None or pos - ctx.told_end <= _NARRATIVE_REACH):
        return ctx.told[0]
    return ctx.narrative or ctx.anchor


def _told_unit(ctx: _Ctx, unit: str, n: int, mod: Optional[str] = None) -> _Value:
    """The ``unit`` ``n`` units from the date being told ("that year", "the previous day").
    "In June 1998 ... later that year", "in 1988 ... that year": the last date named sets the
    year or month being told, even when it named no day; "last October ... that same day": a
    day of that month TimeML leaves unspecified (1998-10-XX)."""
    unknown_day = {4: "-XX-XX", 7: "-XX"}            # after a year, after a month
    if unit == "day" and n == 0 and ctx.told and ctx.told[1] in unknown_day:
        return _Value("DATE", _iso_day(ctx.told[0])[:ctx.told[1]] + unknown_day[ctx.told[1]],
                      mod=mod, relative=True)
    base = _told_base(ctx, unit)
    if base is None:
        return _Value("DATE", None, mod=mod, relative=True)
    d = _shift(base, n, unit)
    return _Value("DATE", _unit_value(d, unit, ctx), mod=mod, relative=True,
                  day=d if unit == "day" else None)


def _r_day_beside(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"the day before", "the year after": the unit next to the date being told; "the night
    before": the night of the day before."""
    unit, n = m.group("unit").lower(), -1 if m.group("ba").lower() == "before" else 1
    if unit in _TOD:
        day = ctx.narrative or ctx.anchor
        return _part_of_day(day + timedelta(days=n) if day else None, unit)
    return _told_unit(ctx, unit, n)


_TITLE_OF_BEFORE = _rx("title_of_before")


def _r_the_year(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"for the year ended June 30": a one-year period; "for the year": the year under
    discussion, an earlier one just told (within the narrative reach), else the publication's."""
    if not _THE_YEAR_PREP.search(ctx.text[max(0, m.start() - 12):m.start()]):
        return None
    if m.group(0).endswith("Year") and _TITLE_OF_BEFORE.search(ctx.text, max(0, m.start() - 40),
                                                              m.start()):
        return None                                # "Citizen of the Year": an award's name
    if _YEAR_END.match(ctx.text, m.end()) or (m.group("q") or "").lower() == "fiscal":
        return _Value("DURATION", "P1Y")
    a = ctx.anchor
    if a is None:
        return _Value("DATE", None, relative=True)
    told = _told_base(ctx, "year", m.start())      # "In 2019 ... For the year": 2019
    y = told.year if told.year < a.year else a.year  # (not a target: "by 1992 ... the year")
    return _Value("DATE", f"{y:04d}", relative=True)


# from this month on, "the new year" is the next one ("a deal in the new year" in December)
_NEW_YEAR_FROM_MONTH = 7


def _r_new_year(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"in the new year": the year about to begin, or just begun, at the time told."""
    base = _told_base(ctx, "month", m.start())
    if base is None:
        return _Value("DATE", None, relative=True)
    y = base.year + (base.month >= _NEW_YEAR_FROM_MONTH)
    return _Value("DATE", f"{y:04d}", relative=True)


def _r_the_week(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"for the week", "the week's session": the week being told; nothing elsewhere ("once
    during the week" may be any week)."""
    before = ctx.text[max(0, m.start() - 12):m.start()]
    if not (_THE_YEAR_PREP.search(before) or ctx.text.startswith(("'s", "’s"), m.end())):
        return None
    if _YEAR_END.match(ctx.text, m.end()):
        return _Value("DURATION", "P1W")           # "in the week to Sunday": a week's span
    day = ctx.narrative or ctx.anchor
    return _Value("DATE", _iso_week(day) if day else None, relative=True)


_NTH_DAY_WEEKDAY_AFTER = _CONTEXT["nth_day_weekday_after"]


def _r_nth_day(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"its third day", "the second day of the offensive": the weekday named after it in
    its clause, else the day being told, or the publication date; nothing in a clause about
    what is coming (which day is unknown) or before "of March" (a part of that month, told by
    the month's rules)."""
    if _PART_OF_DATE_AFTER.match(ctx.text, m.end()) or \
            _ctx_tense(ctx, m.start(), m.end()) == "future":
        return None
    wd = _NTH_DAY_WEEKDAY_AFTER.match(ctx.text, m.end())
    day = _weekday_date(_WEEKDAY_NUM[wd.group("wd").lower()], "", ctx, wd.start("wd"),
                        wd.end("wd")) if wd else ctx.narrative or ctx.anchor
    #     ("for the third day in a row on Monday": that Monday)
    return _Value("DATE", _iso_day(day) if day else None, relative=True, day=day)


_YEAR_END_BEFORE = _CONTEXT["year_end_before"]


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
_FREQ_BEFORE = _CONTEXT["freq_before"]
# "$2 million a year", "four flights a week", "20% annually", "15 million instructions per
# second": a rate of some quantity. TimeBank leaves four in five of these untagged and they
# date nothing, so they are no mentions (a number, money or percent, then at most two plural
# nouns or "of"/"million" before the unit)
_RATE_BEFORE = _CONTEXT["rate_before"]
# "a second group": the ordinal, not the unit of time
_ORDINAL_SECOND = _CONTEXT["ordinal_second"]


# a bare plural ("for weeks", "within days", "after months of talks") is a vague duration only
# where a preposition or verb of duration says so: not "minutes apart", "such quarters",
# "a matter of days", "dark nights", "on days when"
_BARE_PLURAL_BEFORE = _CONTEXT["bare_plural_before"]


_SOMEDAY_BEFORE = _CONTEXT["someday_before"]
_FRACTION_QUARTERS = _rx("fraction_quarters")
_AFTER_BEFORE = _rx("after_before_after")
_OF_BEFORE = _rx("of_before")
_PLURAL_OF_BEFORE = _rx("plural_of_before")


# "the first week of June", "the last days of 1998": that part of the month or year (mod)
_PART_OF_DATE_AFTER = _CONTEXT["part_of_date_after"]
_PART_DIRS = frozenset(("first", "last", "final"))
# "the past year", "the last week", "the past month": TimeBank (TimeML) dates these as the
# calendar unit before the anchor's, as "last year" (a decade stays a DURATION, P10Y)
_BEFORE_DIRS = frozenset(("past", "last"))
_CALENDAR_UNITS = frozenset(("week", "month", "year"))


def _previous_unit(ctx: _Ctx, unit: str) -> _Value:
    if ctx.anchor is None:
        return _Value("DATE", None, relative=True)
    return _Value("DATE", _unit_value(_shift(ctx.anchor, -1, unit), unit, ctx), relative=True)


_ONE_DAY_AFTER = _rx("one_day_after")


def _someday(ctx: _Ctx, m: re.Match) -> bool:
    """Is "one day" an adverb of its clause in the parse ("I want to skate in the show one
    day", "if one day they are treated fairly", "that one day, we are not going to cope"),
    not a measure ("lasted one day", "in one day"), in a clause not told in the past? Then
    it is "someday": TimeML's FUTURE_REF (the words after it are checked by the caller)."""
    if ctx.parsed is None or \
            _BARE_PLURAL_BEFORE.search(ctx.text, max(0, m.start() - 14), m.start()):
        return False
    words = _words(ctx, m.start(), m.end())
    return words is not None and words[1].dep_ == "npadvmod" and \
        _ctx_tense(ctx, m.start(), m.end()) != "past"


def _r_duration(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    g = m.groupdict()
    unit = g["unit"].lower()
    if unit == "centurie":
        unit = "century"
    num_s = g.get("num")
    the, dirw = (g.get("the") or "").lower(), (g.get("dir") or "").lower()
    post = (g.get("post") or "").lower()
    after = ctx.text[m.end():m.end() + 8]
    if _AGE_AFTER.match(after) or _UNIT_COMPOUND_AFTER.match(after):
        return None                                  # "a 44-year-old", "year-round", "day-to-day"
    if unit == "weekend":
        return None
    if ctx.text.startswith("-long", m.end()):
        return _long_adjective(m, ctx, unit)
    if unit == "quarter" and (_OF_AFTER.match(after) or
                              _FRACTION_QUARTERS.search(m.group(0))):
        return None                                  # "a quarter of", "three-quarters"
    mod = _MODS.get(" ".join((g.get("mod") or "").lower().split()))
    if the and dirw in _PART_DIRS and num_s is None and \
            _PART_OF_DATE_AFTER.match(ctx.text, m.end()):
        return None                                  # "the first week of June": June, START
    if num_s is None:
        if not (the and (dirw or post in ("ahead", "to come"))) and not g.get("pl"):
            return None                              # (but "the year ahead": P1Y)
        if dirw in _BEFORE_DIRS and unit in _CALENDAR_UNITS and not (g.get("pl") or post or mod) \
                and not _OF_AFTER.match(after):
            return _previous_unit(ctx, unit)         # "over the past year": last year
        if g.get("pl") and not (the or dirw or mod or post) and not \
                _BARE_PLURAL_BEFORE.search(ctx.text, max(0, m.start() - 14), m.start()) and \
                not ((_AFTER_BEFORE.match(after) or _OF_AFTER.match(after) and
                      not _PLURAL_OF_BEFORE.search(ctx.text, max(0, m.start() - 24), m.start()))
                     and not _OF_BEFORE.search(ctx.text[max(0, m.start() - 4):m.start()])):
            return None                              # "minutes apart", "a matter of days"
            #                                          (not "days after", "months of protest")
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
                not _ONE_DAY_AFTER.match(ctx.text, m.end()) and \
                (_SOMEDAY_BEFORE.search(ctx.text, max(0, m.start() - 12), m.start()) or
                 _someday(ctx, m)):
            return _Value("DATE", "FUTURE_REF", relative=True)    # "he will one day return"
        if unit == "second" and not g.get("pl") and num_s.lower() in ("a", "an", "one") and \
                _ORDINAL_SECOND.match(ctx.text, m.end()):
            return None                                      # "a second betrayal"
    if post == "later" or post == "earlier" and _UNITS[unit][3] in ("sec", "min", "hour", "day",
                                                                    "week"):
        return _anchored(m, ctx, n, unit, mod, 1 if post == "later" else -1)
    if post in ("ago", "earlier", "from now", "from today"):
        gran = _UNITS[unit][3]
        base = ctx.anchor if post != "earlier" else _told_base(ctx, gran, m.start())
        sign = -1 if post in ("ago", "earlier") else 1
        if n is None:
            return _Value("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", relative=True)
        if base is None:
            return _Value("DATE", None, mod=mod, relative=True)
        if gran in ("sec", "min", "hour") or n != int(n):
            return _fraction_back(base, n, unit, sign, mod, ctx)
        d = _shift(base, sign * _steps(n, unit), gran)
        qc = _quarter_context(ctx, m.start()) if gran == "year" and n == 1 else None
        if qc:
            return _Value("DATE", f"{qc[0] + sign:04d}-Q{qc[1]}", mod=mod, relative=True,
                          compare=True)
        return _Value("DATE", _unit_value(d, gran, ctx), mod=mod, relative=True,
                      day=d if gran == "day" else None)
    return _Value("DURATION", _duration(n, unit), mod=mod, span_start=_adjective_start(m))


def _adjective_start(m: re.Match) -> Optional[int]:
    """"the 24-hour ceasefire", "the 100-day mark": a hyphenated number and unit is an
    adjective, and the article before it belongs to the noun (TimeBank marks "24-hour")."""
    if m.group("the") and m.group("num") and not m.group("dir") and \
            "-" in m.string[m.end("num"):m.start("unit")]:
        return m.start("num")
    return None


def _r_closed_long(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"a yearlong probe", "monthslong talks": one unit's duration, some units' in the plural."""
    unit = m.group("unit").lower()
    return _Value("DURATION", _duration(None if m.group("pl") else 1, unit))


def _r_range_head(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"[two] to three weeks": the first number of a range counts the unit named after the
    second (a duration; "a", "some" and other vague words are no bound)."""
    n = _number(m.group("num"))
    unit = m.group("unit").lower()
    if n is None or m.group("num").lower() in ("a", "an") or unit == "weekend":
        return None
    return _Value("DURATION", _duration(n, "century" if unit == "centurie" else unit))


def _fraction_back(base: date, n: float, unit: str, sign: int, mod: Optional[str],
                   ctx: _Ctx) -> _Value:
    """"two hours ago" (the day), "half a year ago", "a year and a half ago" (the month that
    many months back), "a month and a half ago", "2 1/2 weeks ago" (the day that many days
    back): a fraction of a unit counts in the next smaller one."""
    gran = _UNITS[unit][3]
    steps = n * (_UNITS[unit][2] if unit in _LONG_UNITS else 1)
    if gran == "year":                        # ("half a decade ago": five years back)
        whole = steps == int(steps)
        d = _shift(base, sign * (int(steps) if whole else round(steps * 12)),
                   "year" if whole else "month")
        return _Value("DATE", _unit_value(d, "year" if whole else "month", ctx), mod=mod,
                      relative=True)
    days = {"month": 30, "quarter": 91, "week": 7, "day": 1}.get(gran)
    d = base + timedelta(days=sign * (round(n * days) if days else _whole_days(n, gran)))
    return _Value("DATE", _iso_day(d), mod=mod, relative=True)


def _whole_days(n: float, gran: str) -> int:
    """The whole days in ``n`` hours ("48 hours ago": two days back; "two hours ago": the same
    day, the time of day being unknown); none for minutes and seconds, or fractions of units."""
    return int(n) // 24 if gran == "hour" and n == int(n) else 0


def _steps(n: float, unit: str) -> int:
    """How many steps of the unit's granularity ``n`` units make: a decade is counted in
    years ("a decade ago" is the year ten years back, 2014 in 2024, not the decade 201)."""
    return int(n) * (_UNITS[unit][2] if unit in _LONG_UNITS else 1)


def _long_adjective(m: re.Match, ctx: _Ctx, unit: str) -> _Value:
    """"a day-long strike", "decades-long feud", "a 10-year-long war": the adjective is the
    duration (an article before it belongs to the noun)."""
    num_s = m.group("num")
    counted = num_s is not None and num_s.lower() not in ("a", "an")
    n = _number(num_s) if counted else (None if m.group("pl") else 1)
    return _Value("DURATION", _duration(n, unit), span_start=m.start("num" if counted else "unit"),
                  span_end=m.end() + len("-long"))


def _anchored(m: re.Match, ctx: _Ctx, n: Optional[float], unit: str, mod: Optional[str],
              sign: int) -> _Value:
    """"two days later": TimeML's DURATION ``P2D`` over "two days" ("later" is the signal that
    anchors it), reaching the day two days after the one being told, its ``point``; "a day
    earlier" the same backwards; years and months count from the year or month told when one
    was named since the last day ("took effect in 2020 ... Three years later": 2023). ("A year
    earlier" stays a DATE: the comparison period of a report, as TimeBank tags it.)"""
    value = _Value("DURATION", _duration(n, unit), mod=mod, relative=True,
                   span_end=m.start("post"))
    gran = _UNITS[unit][3]
    base = _told_base(ctx, gran, m.start())   # "In 2020 ... Three years later": from 2020
    if n is None or base is None:
        return value
    d = base + timedelta(days=sign * _whole_days(n, gran)) \
        if gran in ("sec", "min", "hour") or n != int(n) else \
        _shift(base, sign * _steps(n, unit), gran)
    value.point = _iso_day(d) if gran in ("sec", "min", "hour", "day") else _unit_value(d, gran, ctx)
    value.day = d if gran in ("sec", "min", "hour", "day") else None
    return value


_QUARTER_VALUE = _rx("value_quarter")
_TOLD = _rx("value_told")


def _quarter_context(ctx: _Ctx, pos: int, window: int = 0) -> Optional[tuple[int, int]]:
    """(year, quarter) under discussion when a financial report compares quarters: the last
    quarter named nearby, else the last complete quarter if the sentence talks of quarters.
    TimeML then gives "a year ago" the quarter's granularity (``1988-Q3``)."""
    if ctx.last_quarter and pos - ctx.last_quarter[0] < 400:
        v = ctx.last_quarter[1]
        return int(v[:4]), int(v[-1])
    if ctx.anchor and ("quarter" in _sentence(ctx.text, pos).lower() or
                       window and "quarter" in ctx.text[max(0, pos - window):pos].lower()):
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
    w = " ".join(m.group(0).lower().split())
    if w in ("current", "the current") and _CURRENT_NOUN_AFTER.match(ctx.text[m.end():m.end() + 20]):
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
    table = _VOCAB["set_adverbs"]
    if w in table or w.startswith("per "):
        before = ctx.text[max(0, m.start() - 40):m.start()]
        if _RATE_BEFORE.search(before) and not _FREQ_BEFORE.search(before):
            return None                     # "rise 8.5% annually", not "three times daily"
    if w in table:
        return _Value("SET", table[w])
    unit = m.group("sunit").lower()
    if unit in _WEEKDAY_NUM:
        return _Value("SET", f"XXXX-WXX-{_WEEKDAY_NUM[unit] + 1}")
    if unit in _TOD:
        return _Value("SET", f"XXXX-XX-XXT{_TOD[unit]}")
    if unit in _SEASON:
        return _Value("SET", f"XXXX-{_SEASON[unit]}")       # "every summer"
    if unit in _MONTH_NUM:
        return _Value("SET", f"XXXX-{_MONTH_NUM[unit]:02d}")  # "each July"
    snum = (m.group("snum") or "").lower()
    n = _VOCAB["set_counts"].get(snum) or _number(snum) if snum else 1
    return _Value("SET", _duration(n or 1, unit))


# "at dawn", "by nightfall": the part of the day the sun names (TimeML's MO / EV), on the day
# being told; only after a preposition ("Dawn", "sunset clause" are no times)
_SUN = _VOCAB["sun_times"]
_SUN_PREP = _CONTEXT["sun_prep"]
_CLOCK_PREP = _rx("clock_prep_before")
_CLOCK_RANGE_JOIN = _rx("clock_range_join")
_CLOCK_RANGE_OPENERS = frozenset(_VOCAB["clock_range_openers"])


def _sun_time(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    if not _SUN_PREP.search(ctx.text, max(0, m.start() - 8), m.start()):
        return None
    day = ctx.narrative or ctx.anchor
    if day is None:
        return _Value("TIME", None, relative=True)
    return _Value("TIME", f"{_iso_day(day)}T{_SUN[m.group('sun')]}", relative=True, day=day)


def _r_time(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """Clock times: ``9 a.m.``, ``10:35 p.m. EST``, ``14:30 GMT``, ``noon``/``midday``,
    ``midnight``."""
    g = m.groupdict()
    if g.get("sun"):
        return _sun_time(m, ctx)
    if g.get("word"):
        if _HIGH_BEFORE.search(ctx.text[max(0, m.start() - 6):m.start()]):
            return None                                 # "High Noon", the film, the idiom
        hh, mi = (24, 0) if g["word"].lower() == "midnight" else (12, 0)
    else:
        hh, mi = int(g["h"]), int(g["mi"] or 0)
        ap, part = g.get("ap") or "", g.get("part") or ""
        clock = bool(g.get("oc")) and hh <= 12          # "3 o'clock": a clock time
        marked = bool(ap or part and hh <= 12)          # a.m./p.m., "4 in the morning"
        hh = _hour24(hh, ap, part)                      # ("10 at night": 22)
        # "at 14:30", "from 22:00", "until about 06:00" are times; "at 2.46 billion" is not
        if hh > 24 or (not marked and not clock and not g.get("tz") and not (
                g.get("colon") == ":" and _CLOCK_PREP.search(ctx.text, 0, m.start("h")))):
            return None
    mod = "APPROX" if g.get("approx") else None
    if ctx.anchor is None:
        return _Value("TIME", None, mod=mod, relative=True)
    day = ctx.narrative or ctx.anchor           # "at 10 p.m." falls on the day being told
    if g.get("word") and hh == 24 and day == ctx.anchor and \
            _ctx_tense(ctx, m.start(), m.end()) == "past":
        day -= timedelta(days=1)                # "crashed about midnight", told that day: the
        #                                         midnight it began with, not its end to come
    opens = not g.get("word") and (bool(ap) or g.get("colon") == ":") and \
        not g.get("part") and not g.get("oc")   # "10 p.m.", "23:00": a range's start
    if not g.get("word") and \
            _past_midnight(ctx, m.start(), hh, marked or g.get("colon") == ":"):
        day += timedelta(days=1)                # "from 10 p.m. to 2 a.m.": the next day's
    if g.get("tz"):
        day += timedelta(days=_gloss_shift(ctx, m.start(), hh))     # "12.45 a.m. (2115 GMT)"
    return _Value("TIME", f"{_iso_day(day)}T{hh:02d}:{mi:02d}", mod=mod, relative=True, day=day,
                  clock=(m.start("h"), hh) if opens else None)


_CLOCK_GLOSS_GAP = _rx("clock_gloss_gap")


def _gloss_shift(ctx: _Ctx, start: int, hh: int) -> int:
    """"The blast occurred at 12.45 a.m. (2115 GMT)": a clock time with a zone in brackets
    right after another clock time gives that time in another zone, within half a day of
    it: on the day before when its hour is more than 12 later, the day after when more than
    12 earlier ("7:17 pm (1117 GMT)" stays on its day). Days to move: -1, 0 or 1."""
    if ctx.clock is None or ctx.clock[1] > start or \
            not _CLOCK_GLOSS_GAP.match(ctx.text[ctx.clock[1]:start]):
        return 0
    diff = hh - ctx.clock[2]
    return -1 if diff > 12 else 1 if diff < -12 else 0


_MERIDIEM_OF_PART = _VOCAB["meridiem_of_part"]


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


def _opens_range(text: str, start: int) -> bool:
    """Is the word right before ``start`` one that opens a range joined by "and" ("between
    6:50 a.m. and 7:30 a.m.": ``clock_range_openers``)? Without it, "at 1 p.m. and 7 p.m."
    are two times."""
    spaced = start > 0 and text[start - 1].isspace()
    opener = text[max(0, start - 20):start].lower().split()[-1:] if spaced else []
    return bool(set(opener) & _CLOCK_RANGE_OPENERS)


def _past_midnight(ctx: _Ctx, start: int, hh: int, clock: bool) -> bool:
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
    if join.group("join").lower() == "and" and not _opens_range(ctx.text, h_start):
        return False                            # ("at 1 p.m. and 11 a.m.": two times)
    return h0 > hh



_CLOCK_WORD_HOURS = {"noon": 12, "midnight": 24}


def _r_clock_words(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"ten o'clock", "half past eleven", "a quarter to midnight": the clock time the words
    give, on the day being told; without "in the morning"/"at night" the hour as written."""
    g = m.groupdict()
    word = (g["hw"] or g["hw2"]).lower()
    fr, to = (g["fr"] or "").lower(), (g["dir"] or "").lower() == "to"
    if fr == "half" and to:
        return None                                 # ("half to six" is no clock time)
    hh, mi = _CLOCK_WORD_HOURS.get(word) or _SMALL[word], 30 if fr == "half" else 15 if fr else 0
    if to:
        hh, mi = hh - 1 or 12, 60 - mi              # "a quarter to one": 12:45
    hh = _hour24(hh, "", g["part"] or "")           # "nine o'clock at night"
    day = ctx.narrative or ctx.anchor
    if day is None:
        return _Value("TIME", None, relative=True)
    if hh >= 24 and mi:                             # "a quarter past midnight": the next day
        day, hh = day + timedelta(days=1), hh - 24
    return _Value("TIME", f"{_iso_day(day)}T{hh:02d}:{mi:02d}", relative=True, day=day)


def _r_clock_range_head(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"between [2] and 4 a.m.": the meridiem written after the range's end, a.m. for a
    start after the end's hour ("from 11 to 1 p.m."); on the day being told."""
    hh, h2 = int(m.group("h")), int(m.group("h2"))
    pm = m.group("ap").lower().startswith("p") and (hh <= h2 or hh == 12)
    hh = _hour24(hh, "pm" if pm else "am")
    day = ctx.narrative or ctx.anchor
    if day is None:
        return _Value("TIME", None, relative=True)
    return _Value("TIME", f"{_iso_day(day)}T{hh:02d}:{m.group('mi') or '00'}", relative=True,
                  day=day)


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
_RANGE_DAYS_MD = _CONTEXT["range_days_md"]
_RANGE_DAYS_DM = _CONTEXT["range_days_dm"]
_RANGES = [(rx, needs(rx, folded=True)) for rx in (_RANGE_DAYS_MD, _RANGE_DAYS_DM)]
_RANGE_JOIN = _CONTEXT["range_join"]
_YEAR_END = _CONTEXT["year_end"]
_RANGE_KW = _CONTEXT["range_kw"]
_DAY_TIME_JOIN = _CONTEXT["day_time_join"]
_WEEK_OF = _CONTEXT["week_of"]
_POS_BEFORE = _CONTEXT["pos_before"]


def _day_range(m: re.Match, ctx: _Ctx) -> Optional[tuple[_Value, int, int]]:
    """``between September 23 and 27`` / ``from 1 to 3 October`` → start value, end kept."""
    sep = m.group("sep").lower()
    if sep == "and" and not m.group("kw"):
        return _bare_day(m, ctx)
    if sep in ("to", "until", "till") and not m.group("kw"):
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


def _bare_day(m: re.Match, ctx: _Ctx) -> Optional[tuple[_Value, int, int]]:
    """"April 24 and 25", "24 and 25 April": two dates (TimeML tags each); the day written
    without its month is returned here, in the month and year of the other, which the rules
    find on their own."""
    md = m.re.pattern == _RANGE_DAYS_MD.pattern
    bare, named = ("d2", "d1") if md else ("d1", "d2")
    mon = _MONTH_NUM[m.group("mon").rstrip(".").lower()]
    if m.group("year"):
        y: Optional[int] = _year_num(m.group("year"), ctx.anchor)
    else:
        d = _day_month_year(int(m.group(named)), mon, ctx, m.start(), m.end())
        y = d.year if d else None
    if y is None:
        return (_Value("DATE", None, relative=True), *m.span(bare)) if ctx.anchor is None \
            else None
    day = _valid(y, mon, int(m.group(bare)))
    if day is None:
        return None
    return _Value("DATE", _iso_day(day), relative=not m.group("year"), day=day), *m.span(bare)


@dataclass
class _Span:
    start: int
    end: int
    rule: int
    match: Optional[re.Match]
    value: Optional[_Value] = None


# Every expression the grammar knows contains one of these; the rules run only in windows
# around them, which skips most of a text (the tagger's main speed-up).
_TRIGGER = re.compile("(?i:" + prefix_tree(_VOCAB["trigger_words"]) + ")|"
                      + _CONTEXT["trigger"].pattern)
# the same scan in parts (``resources.leftmost``): the words case-sensitive on the text's fold
# (they are lower-case ASCII; else None and ``_TRIGGER`` scans), each other alternative apart
_TRIGGER_WORDS = re.compile(prefix_tree(_VOCAB["trigger_words"])) if all(
    w.isascii() and w == w.lower() for w in _VOCAB["trigger_words"]) else None
_TRIGGER_PARTS = [re.compile(a) for a in alternatives(_CONTEXT["trigger"].pattern)]
_WINDOW = 70


def _triggers(text: str, low: Optional[str]) -> list[tuple[int, int]]:
    """The spans of ``_TRIGGER.finditer(text)`` (``low``: the text's fold, or None)."""
    spans = None if low is None or _TRIGGER_WORDS is None else \
        leftmost([(_words_finder(text, low), low)] + [(rx, text) for rx in _TRIGGER_PARTS])
    return spans if spans is not None else [m.span() for m in _TRIGGER.finditer(text)]


# the trigger words of word characters only, looked for in the words of a text; the others
_TRIGGER_HELD = Contained(w for w in _VOCAB["trigger_words"] if all(map(word_char, w)))
_TRIGGER_SPACED = [w for w in _VOCAB["trigger_words"] if not all(map(word_char, w))]


def _words_finder(text: str, low: str) -> Callable[[str, int], Optional[re.Match]]:
    """``_TRIGGER_WORDS.search`` in ``low`` as a function of (low, pos): where a word starts
    is found once by a substring search for each (the tree, searched, stops at nearly every
    letter) that the text's words hold (``resources.word_set``: a text holds few of them)
    or that is written over several words, and the tree's own match taken at the first
    such place from ``pos``."""
    words = _VOCAB["trigger_words"]
    if not any(x in text for x in LOWER_KEEPS):         # (``low`` is ``text.lower()``)
        words = _TRIGGER_SPACED + list(_TRIGGER_HELD.held(word_set(text, WORD_RUN)))
    starts = positions(low, words)

    def find(text: str, pos: int) -> Optional[re.Match]:
        k = bisect.bisect_left(starts, pos)
        return _TRIGGER_WORDS.match(text, starts[k]) if k < len(starts) else None
    return find


def _windows(text: str, low: Optional[str]) -> list[tuple[int, int]]:
    """Merged stretches of text around the triggers, cut at whitespace."""
    out: list[list[int]] = []
    n = len(text)
    for ts, te in _triggers(text, low):
        s, e = max(0, ts - _WINDOW), min(n, te + _WINDOW)
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


@dataclass
class _Scan:
    """A text's windows, and their pieces of its fold (``resources.fold``; none when it has
    none), made once for every pattern run in them."""
    text: str
    low: Optional[str]
    windows: list[tuple[int, int]]
    pieces: list[str]
    joined: str = ""                            # the pieces, each after a NUL
    opens: Optional[Openers] = None             # where each pattern can open

    def matches(self, k: int) -> list[re.Match]:
        """The matches of pattern ``k`` of ``_scanned()`` in each window: tried only at the
        words it can open with when they are known (``resources.openings``), else in the
        windows whose piece holds one of the strings each of its matches contains
        (``resources.needs``)."""
        rx, needed = _scanned()[k]
        if self.low is not None and _opening_index().indexed[k]:
            if self.opens is None:
                self.opens = _opening_index().openers(self.low, self.windows)
            return self.opens.matches(k, rx, self.text)
        windows = self.windows if needed is None or self.low is None else self._holding(needed)
        found: list[re.Match] = []
        for ws, we in windows:
            found += rx.finditer(self.text, ws, we)
        return found

    def _holding(self, needed: frozenset) -> list[tuple[int, int]]:
        """The windows whose piece holds one of ``needed`` (a string with no NUL is in the
        joined pieces only when it is in one of them)."""
        strs = [s for s in needed if "\0" in s or s in self.joined]
        return [w for w, piece in zip(self.windows, self.pieces)
                if any(s in piece for s in strs)] if strs else []


def _scan(text: str) -> _Scan:
    low = fold(text)
    windows = _windows(text, low)
    pieces = [low[s:e] for s, e in windows] if low is not None else []
    return _Scan(text, low, windows, pieces, joined="".join("\0" + p for p in pieces))


def _candidates(scan: _Scan) -> list[_Span]:
    """Every rule's matches in the windows: most rules skip most windows."""
    out = []
    for i in range(len(_RULES)):
        for m in scan.matches(i):
            s, e = m.span()
            if e > s:
                out.append(_Span(s, e, i, m))
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
    if parsed is not None and nlp.text_length(parsed) != len(text):
        parsed = None
    ctx = _Ctx(text, anchor, settings, parsed=parsed)
    taken = bytearray(len(text))
    # Day ranges first: they own their parts ("September 23 and 27")
    scan = _scan(text)
    ranges: list[tuple[int, int, re.Match]] = []
    for k in range(len(_RULES), len(_scanned())):
        for m in scan.matches(k):
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
    spans += _select(_candidates(scan), taken, ctx)
    spans.sort(key=lambda sp: sp.start)

    out: list[DateMention] = []
    for sp in spans:
        if sp.value is None:
            sp.value = _resolve(sp, ctx)
            if sp.value is None:
                continue
        s, e = _trim(text, sp.value.span_start or sp.start, sp.value.span_end or sp.end)
        if s >= e:
            continue
        v = sp.value
        if _titled(text, s, e):
            continue
        out.append(DateMention(s, e, text[s:e], type=v.type, value=v.value,
                               end_value=v.end_value, mod=v.mod, relative=v.relative,
                               point=v.point))
        if v.day is not None and (v.type in ("DATE", "TIME") or v.point) and \
                not _SINCE_BEFORE.search(text, max(0, s - 8), s):
            ctx.narrative, ctx.narrative_end = v.day, e  # (not "since Feb. 11": a state's start)
        if v.clock is not None:
            ctx.clock = (v.clock[0], e, v.clock[1])
        told = v.value if v.type == "DATE" else v.point    # "Three years later": that year
        if told and _TOLD.match(told):
            y, mo, dd = (told + "-01-01")[:10].split("-")
            joined = _told_with(ctx, told, s)       # "April 18 this year": that day
            ctx.told = joined or (date(int(y), int(mo), int(dd)), len(told))
            if joined and joined[1] == 10:
                ctx.narrative = joined[0]
            ctx.told_end = e
            if not v.relative and len(told) >= 7:
                ctx.written = (ctx.told[0], len(told), e)
        if v.value and _QUARTER_VALUE.match(v.value) and not v.compare and \
                _reported_quarter(v.value, anchor, text[s:e]):
            ctx.last_quarter = (e, v.value)
    return _same_day_again(_shared_year(text, _range_day(text, _compose(text, out))), ctx)


def _told_with(ctx: _Ctx, told: str, start: int) -> Optional[tuple[date, int]]:
    """"April 18 this year", "on March 3 last year": a year (month) right after the day
    (month) told before it is that date's year, one date in two mentions: the date it
    makes, told with its precision (for "that day" after it); None otherwise."""
    t = ctx.told
    if t is None or len(told) >= t[1] or ctx.text[ctx.told_end:start].strip(" ,"):
        return None
    d = _valid(int(told[:4]), int(told[5:7]) if len(told) >= 7 else t[0].month, t[0].day)
    return (d, t[1]) if d else None


_SINCE_BEFORE = _rx("since_before")
_TITLE_WORDS = _CONTEXT["title_words"]
_NAME_HEADS = frozenset(_VOCAB["name_heads"])
_DAY_VALUE = _rx("value_day_only")
_CLOCK_VALUE = _rx("value_clock")
_WEEKDAY_GAP = _rx("weekday_date_gap")
_WEEKDAY_RX = re.compile(_WEEKDAY)
_OF_GAP = _rx("of_gap")
_IN_YEAR_VALUE = _rx("value_in_year")
_WRITTEN_YEAR = _rx("written_year")
_YEAR_RELATIVE = _rx("year_relative_text")
_MID_SENTENCE = _CONTEXT["mid_sentence"]


def _same_day_again(ms: list[DateMention], ctx: _Ctx) -> list[DateMention]:
    """"On October 1 last year, 40 protesters were killed ... 'The army killed lots of people
    on October 1'": a day and month named again without a year is the day named before with
    one (the last such), not the nearest October 1 -- unless the clause looks ahead or the
    mention places it itself ("October 1 last year")."""
    days: dict[str, str] = {}
    out = []
    for m in ms:
        v = m.value
        if m.type == "DATE" and v and _DAY_VALUE.fullmatch(v):
            earlier = days.get(v[5:])
            if earlier and earlier != v and m.relative and _names_month(m.text) and \
                    not _WRITTEN_YEAR.search(m.text) and "year" not in m.text.lower() \
                    and not _REL_BEFORE.search(ctx.text, max(0, m.start - 12), m.start) \
                    and not _will_clause(ctx, m.start, m.end):
                m = replace(m, value=earlier)
            days[v[5:]] = m.value
        out.append(m)
    return out


def _names_month(text: str) -> bool:
    """Does a mention write a month's name ("October 1", "Oct. 1"), not "today", "Monday"?"""
    return any(w.strip(".,").lower() in _MONTH_NUM for w in text.split())


def _titled(text: str, s: int, e: int) -> bool:
    """A capitalised time word inside a mention ("ABC's This Week", "60 Minutes") or starting
    one in mid-sentence ("VOA Today"), or a capitalised one before a name's head ("the Sunday
    Times", "the Winter Olympics"): a show, paper or event's name, not a time."""
    for w in _TITLE_WORDS.finditer(text, s, e):
        if w.start() > s or _MID_SENTENCE.search(text, max(0, s - 3), s):
            return True
    if not text[e - 1:e].isalpha() or not text[s:e].split()[-1][:1].isupper() or not (
            text[s:s + 4].lower() == "the " or text[max(0, s - 4):s].lower() == "the "):
        return False                          # (not "said Tuesday Express Scripts would")
    return text[e:e + 1] == " " and _name_head_after(text, e)


def _name_head_after(text: str, e: int) -> bool:
    """Is the word after ``e`` a name's head ("Times", "Olympics": ``name_heads``)?"""
    nxt = text[e:e + 20].split(None, 1)
    return bool(nxt) and nxt[0].strip(",.;:") in _NAME_HEADS


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
        beside = _beside(text, m, out[i - 1].end if i else 0)
        if beside is not None:
            out[i] = beside
            continue
        wk = _WEEK_OF.search(text, max(0, m.start - 18), m.start)
        if wk and m.type == "DATE" and m.value and _DAY_VALUE.fullmatch(m.value):
            out[i] = m = DateMention(wk.start(), m.end, text[wk.start():m.end], type="DATE",
                                     value=_iso_week(date.fromisoformat(m.value)) +
                                     ("-WE" if wk.group("we") else ""),
                                     relative=m.relative)
            continue
        positioned = _positioned(text, m)
        if positioned is not None:
            out[i] = positioned
    # a part composed over its neighbour ("the second half" + "of the 20th century") holds it
    return [m for m, n in zip(out, out[1:] + [None])
            if n is None or not (n.start <= m.start and m.end <= n.end)]


_CLOCK_RANGE_GAP = _rx("clock_range_gap")


def _names_day(text: str) -> bool:
    """Does a mention write a weekday or a month ("7:30 a.m. Wednesday", "Thursday, April 2")?"""
    return _WEEKDAY_RX.search(text) is not None or _names_month(text)


def _range_day(text: str, ms: list[DateMention]) -> list[DateMention]:
    """"from 8:30 a.m. to 12:30 p.m. Saturday", "between 6:50 a.m. and 7:30 a.m. Wednesday":
    a range of hours that writes its day once, after its end, starts on that day too (not on
    the day being told before it). A start later in the day than the end is left as it is
    ("10 p.m. to 2 a.m. Saturday": which night is not written)."""
    out = list(ms)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        gap = text[a.end:b.start]
        if not (_is_clock(a) and _is_clock(b) and _CLOCK_VALUE.search(a.value) and
                _CLOCK_VALUE.search(b.value) and _CLOCK_RANGE_GAP.match(gap)):
            continue
        if gap.strip().lower() == "and" and not _opens_range(text, a.start):
            continue                          # ("at 1 p.m. and 7 p.m. Friday": two times)
        if _names_day(a.text) or not _names_day(b.text) or a.value[10:] > b.value[10:]:
            continue
        out[i] = replace(a, value=b.value[:10] + a.value[10:])
    return out


_COORDINATION_GAP = _rx("coordination_gap")
_MONTH_OR_SEASON = _rx("value_month_or_season")


def _shared_year(text: str, ms: list[DateMention]) -> list[DateMention]:
    """"January and February 2008", "the late spring or early summer of 2010": two months or
    seasons joined into one expression that writes its year once, after the second; the first
    has that year too (the one before it in a range that turns the year: "December to March
    2009"), not the one its tense would give it alone."""
    out = list(ms)
    for i in range(len(out) - 1, 0, -1):
        a, b = out[i - 1], out[i]
        gap = _COORDINATION_GAP.match(text[a.end:b.start])
        ka, kb = _MONTH_OR_SEASON.match(a.value or ""), _MONTH_OR_SEASON.match(b.value or "")
        if gap is None or ka is None or kb is None or _WRITTEN_YEAR.search(a.text) or \
                not _WRITTEN_YEAR.search(b.text):
            continue
        year = int(b.value[:4])
        if gap.group("range"):
            if ka.group("m") is None or kb.group("m") is None:
                continue                      # (a range of seasons crosses winter's year)
            year -= ka.group("m") > kb.group("m")
        out[i - 1] = replace(a, value=f"{year:04d}{a.value[4:]}")
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
    mod = _POS_MODS.get(p, "MID" if p.startswith("mid") else None)
    days = period_span(m.value) if "hours" in p else None
    word = p.split()[1] if p.endswith("week of") else ""
    nth = _ORDINAL.get(word, 0) if word not in _PART_DIRS else 0
    if 1 < nth < 5 and len(m.value) == 7:    # "the second week of March": the week of the 11th
        y, mo = map(int, m.value.split("-"))
        value, end_value, mod = _iso_week(date(y, mo, 7 * nth - 3)), None, None
    elif "half" in p and len(m.value) == 4 and m.value.isdigit():
        value, end_value, mod = f"{m.value}-H{1 if 'first' in p else 2}", None, None
    elif days is not None:
        value, end_value = _iso_day(days[0] if mod == "START" else days[1]), None
    return DateMention(pb.start(), m.end, text[pb.start():m.end], type=m.type, value=value,
                       end_value=end_value, mod=mod, relative=m.relative)


_BESIDE_BEFORE = _CONTEXT["beside_before"]
# the digits of a value a unit next to it needs: a day for "the day/week after", a month...
_BESIDE_DIGITS = {"day": 10, "week": 10, "month": 7, "year": 4}


def _beside(text: str, m: DateMention, free_from: int) -> Optional[DateMention]:
    """"the day after Christmas" (2023-12-26), "the year before 2008" (2007): the unit next
    to the date ``m`` names, as one mention; None when no such words precede it (or another
    mention holds them) or ``m`` is coarser than the unit."""
    bb = _BESIDE_BEFORE.search(text, max(free_from, m.start - 20), m.start)
    unit = bb.group("unit").lower() if bb else ""
    if not bb or m.type != "DATE" or not m.value or not _TOLD.match(m.value) or \
            len(m.value) < _BESIDE_DIGITS[unit]:
        return None
    y, mo, dd = (m.value + "-01-01")[:10].split("-")
    d = _shift(date(int(y), int(mo), int(dd)), 1 if bb.group("ba").lower() == "after" else -1,
               unit)
    return DateMention(bb.start(), m.end, text[bb.start():m.end], type="DATE",
                       value=_unit_value(d, unit, None), relative=True)


def _is_clock(m: DateMention) -> bool:
    """A time of day that a neighbouring day completes: "9 a.m. Tuesday", "dawn on Tuesday"."""
    return m.type == "TIME" and m.value is not None and m.relative and \
        (_CLOCK_VALUE.search(m.value) is not None or
         m.text.lower().endswith(tuple(_SUN)) or _bare_part_of_day(m.text))


# the words of "overnight", "the night", "the early morning": a part of no day named, which a
# day beside it completes ("overnight Saturday", "through the night on Tuesday")
_PART_OF_DAY_LEAD = frozenset(("the", "early", "late"))


def _bare_part_of_day(text: str) -> bool:
    words = text.lower().split()
    return bool(words) and words[-1] in _TOD and all(w in _PART_OF_DAY_LEAD for w in words[:-1])


def _join(text: str, a: DateMention, b: DateMention, gap: str) -> Optional[DateMention]:
    span = (a.start, b.end, text[a.start:b.end])
    day_like = lambda x: x.type == "DATE" and x.value is not None and len(x.value) == 10
    # "Monday night" (2018-12-31TNI) is a day for a clock time beside it: "8 p.m. Monday night"
    part_day = lambda x: x.type == "TIME" and x.value is not None and len(x.value) == 13 and \
        x.value[11:].isalpha()
    # weekday, then its full date: "Thursday, 01 October 2020"
    if _WEEKDAY_GAP.fullmatch(gap) and a.type == "DATE" and \
            _WEEKDAY_RX.fullmatch(a.text) and day_like(b) and \
            any(ch.isdigit() for ch in b.text):
        return DateMention(*span, type="DATE", value=b.value, relative=b.relative)
    # clock time + day, day + clock time
    if _DAY_TIME_JOIN.fullmatch(gap) and len(gap) < 6:
        clock, day = (a, b) if _is_clock(a) else (b, a) if _is_clock(b) else (None, None)
        if clock and day and (day_like(day) or part_day(day) and _CLOCK_VALUE.search(clock.value)
                              or (day.value is None and day.type == "DATE")):
            value = (f"{day.value[:10]}T{clock.value.split('T')[1]}" if day.value else None)
            return DateMention(*span, type="TIME", value=value, mod=clock.mod,
                               relative=day.relative)
    # "in June last year", "on March 3 this year", "the third quarter of last year": the
    # month, day, quarter, half or season in that year
    if _OF_GAP.fullmatch(gap) and a.type == b.type == "DATE" and \
            a.value and b.value and _IN_YEAR_VALUE.fullmatch(a.value) and \
            not _WRITTEN_YEAR.search(a.text) and _YEAR_RELATIVE.fullmatch(b.text):
        return DateMention(*span, type="DATE", value=b.value[:4] + a.value[4:],
                           relative=True)
    # "October 5 to October 9", "from 2019 to 2021"
    if _RANGE_JOIN.fullmatch(gap) and a.type == b.type == "DATE" and a.value and b.value and \
            len(a.value) == len(b.value) and a.value < b.value and a.end_value is None and \
            (_RANGE_KW.search(text, max(0, a.start - 10), a.start) or gap.strip() in "-–—"):
        return DateMention(a.start, a.end, a.text, type="DATE", value=a.value,
                           end_value=b.value, mod=a.mod, relative=a.relative)
    return None


def _r_weekends(m: re.Match, ctx: _Ctx) -> Optional[_Value]:
    """"on weekends", "at weekends": every weekend."""
    return _Value("SET", "XXXX-WXX-WE")


# the grammar: (regex, resolver), tried in this order; longer spans win, then earlier rules
_RULES: list[tuple[re.Pattern, Resolver]] = _compile_rules()


@functools.lru_cache(maxsize=1)
def _rule_needs() -> list[Optional[frozenset]]:
    """Strings one of which each rule's every match holds, in lower case (None: not known);
    read from the rules' parses on first use rather than at import (20 ms)."""
    return [needs(rx, folded=True) for rx, _ in _RULES]


@functools.lru_cache(maxsize=1)
def _opening_index() -> OpeningIndex:
    """The words each pattern of ``_scanned()`` can open with (``resources.openings``)."""
    return OpeningIndex([rx for rx, _ in _scanned()], WORD_RUN)


@functools.lru_cache(maxsize=1)
def _scanned() -> list[tuple[re.Pattern, Optional[frozenset]]]:
    """Each rule's pattern as it is scanned (``resources.skipping``: the same matches), then
    the day ranges', with the strings its matches need; made on first use."""
    return [(skipping(rx), needed) for (rx, _), needed in zip(_RULES, _rule_needs())] + \
        [(skipping(rx), needed) for rx, needed in _RANGES]
