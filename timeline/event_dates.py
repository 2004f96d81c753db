"""Event dates: which time expression of a sentence dates each event clause, and to what day.

``events.py`` cuts a sentence into clauses along its parse; a typed clause (an event) is dated

1. by a calendar date attached to its trigger ("the attack of March 2"), before any other date
   of the clause ("On Friday officials recalled the attack of March 2");
2. else by the clause's own time expressions, then those of the untyped clauses below it (not
   a relative clause about a participant: "the commander, who studied in Cairo in 2010, was
   arrested", nor one telling background: "withdrew from Kidal, which rebels had held since
   2012"), then a since- or during-adjunct below it even when that adjunct is an event of
   its own ("have been detained since the unrest began on Friday": an ongoing event is dated
   by its start);
3. a distance after or before another clause moves that clause's day: "…, a day after he
   escaped" (the clause above dates the escape), "two days after the blast", "entered Mosul
   the day before the ceasefire took effect on Sunday" (the clause below dates the entry);
4. else by the clauses that govern it (the day a source spoke dates what it reports), then
   the narrative's date, then the publication date (``basis: "reported"``);
5. after the whole article is read, "since the start of the offensive" takes the day the
   article gives the offensive elsewhere (``cross_referenced``).

Not every expression dates an event: the end of a span ("a state of emergency until 19
January") never does, nor a week other than the publication's (TimeML gives "last week",
"almost two weeks ago" a week value; the news-wide conventions give such spans no date), nor a
clock time alone ("at 9.45 am": the day being told does); "this week" or the latest weekend
within one month dates to that month. A reported event happened on or before its
publication: a weekday, a week or a month named without a year that the tagger resolved
forward, in a clause that does not look ahead ("will", "expected to"), is the previous one.

The links (since, until, during, after, before, …) are data: ``data/events/event_dates.toml``;
the clock patterns are in ``data/events/event_date_patterns.toml``.
"""
from __future__ import annotations

import functools
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Optional

from . import nlp
from .clause_roles import background, before_subject, describes_participant, reported
from .dates import counted_stretch, futurate
from .model import DateMention, Doc, Event, EventDate, date_precision
from .resources import pattern, read_toml

DATA = Path(__file__).parent / "data"
_LINKS = DATA / "events" / "event_dates.toml"
_PATTERNS = DATA / "events" / "event_date_patterns.toml"
_VOCABULARY = DATA / "dates" / "vocabulary.toml"

_BASIS_WEIGHT = {"explicit": 1.0, "relative": 0.9, "reported": 0.5}


@functools.lru_cache(maxsize=None)
def _words(link: str) -> frozenset[str]:
    """The words of one link class of ``event_dates.toml`` (since, until, during, …)."""
    return frozenset(read_toml(_LINKS)[link])


@functools.lru_cache(maxsize=None)
def _pattern(name: str):
    """A named pattern of ``event_date_patterns.toml``, looked up once (not per mention)."""
    return pattern(_PATTERNS, name)


def _clock(text: str) -> bool:
    """A bare clock time ("14:00 GMT"), which yields to a day named in the clause."""
    return _pattern("clock").search(text) is not None


def _clock_only(d: DateMention) -> bool:
    """A time of day with no day in the expression ("around 3.30 am", "at 14:00 GMT")."""
    return _pattern("clock_time").search(d.text) is not None and not (
        {w.strip(".,").lower() for w in d.text.split()} & (_names()[0] | _names()[1]))


def _part_of_day(d: DateMention) -> bool:
    """A part of the day with no day named ("overnight", "in the morning", "at dawn"): like a
    bare clock time, it yields to a day named in the clause ("an overnight curfew ... on
    Monday" is Monday's)."""
    words = {w.strip(".,").lower() for w in d.text.split()}
    return d.type == "TIME" and not any(ch.isdigit() for ch in d.text) and not (
        words & (_names()[0] | _names()[1] | _words("day_naming")))


# ---------------------------------------------------------------- which expressions date
def dating(doc: Doc, dates: list[DateMention]) -> list[DateMention]:
    """The expressions among ``dates`` (one sentence's) that can date an event: a calendar
    value, not the end of a span ("until 19 January"). A week other than the publication's
    is among them (``fuzzy``): it dates its clause to no day, and keeps the clause from
    taking the date of the clause above it ("launched a campaign almost two weeks ago").
    Not the stretch an ordinal count reaches ("the war, now in its sixth month", "the 11th
    consecutive weekend", ``dates.counted_stretch``): how long a situation has gone on, no
    time of a happening."""
    return [d for d in dates if date_precision(d.when) and not _linked(doc, d, "bound")
            and not counted_stretch(doc.text, d.start, d.end)]


def fuzzy(doc: Doc, d: DateMention) -> bool:
    """A span that fits no calendar day nor one month: "last week", "almost two weeks ago"
    (the news-wide conventions give the events they date no date)."""
    return not _week_ok(_week_of(doc, d), doc.article.published)


def _linked(doc: Doc, d: DateMention, link: str) -> bool:
    """The expression is the object of a preposition of class ``link`` ("until 19 January")."""
    r = _root(doc, d.start, d.end) if doc.parsed is not None else None
    return r is not None and r.dep_ == "pobj" and r.head.lower_ in _words(link)


def _week_span(value: Optional[str]) -> Optional[tuple[date, date]]:
    """First and last day of a TIMEX3 week ("2023-W25") or weekend ("2023-W25-WE")."""
    if not value or "-W" not in value:
        return None
    parts = value.split("T")[0].split("-")
    try:
        year, week = int(parts[0]), int(parts[1][1:])
        first, last = (6, 7) if parts[2:] == ["WE"] else (1, 7)
        return date.fromisocalendar(year, week, first), date.fromisocalendar(year, week, last)
    except (ValueError, IndexError):
        return None


def _week_of(doc: Doc, d: DateMention) -> Optional[tuple[date, date, bool]]:
    """First and last day of the week or weekend ``d`` names, and whether it is a weekend;
    a week the tagger put after the publication in a clause that does not look ahead is the
    one before ("stormed the garrison this weekend" read on a Monday)."""
    span = _week_span(d.when)
    if span is None:
        return None
    first, last = span
    pub = doc.article.published
    if pub is not None and first > pub and not _future(doc, d):
        first, last = first - timedelta(days=7), last - timedelta(days=7)
    return first, last, (d.when or "").endswith("WE")


def _week_ok(week: Optional[tuple[date, date, bool]], published: Optional[date]) -> bool:
    """A week dates an event only when it is the publication's week, or the latest weekend
    before it ("this week", "this past weekend"), and lies in one month; an expression that
    is not a week passes."""
    if week is None:
        return True
    first, last, weekend = week
    if published is None or first.month != last.month:
        return False
    return first <= published <= last or (weekend and 0 <= (published - last).days < 7)


# ---------------------------------------------------------------- from expression to date
def _event_date(d: DateMention, doc: Optional[Doc] = None) -> EventDate:
    """The date an expression gives an event (``doc``: its article, to keep a reported past
    event on or before the publication date)."""
    value = d.when.split("T")[0]
    week = _week_of(doc, d) if doc is not None else _week_span(value)
    if week is not None:
        value = week[0].isoformat()[:7]          # "this week", "this past weekend": the month
    if doc is not None and not _future(doc, d):
        value = _not_after(value, d, doc.article.published)
    return EventDate(value, date_precision(value), d.text,
                     "relative" if d.relative else "explicit",
                     end=d.end_value.split("T")[0] if d.end_value else None)


@functools.lru_cache(maxsize=1)
def _names() -> tuple[frozenset[str], frozenset[str]]:
    """Weekday and month names of the date vocabulary (the date tagger's own tables)."""
    vocab = read_toml(_VOCABULARY)
    return frozenset(vocab["weekdays"]), frozenset(vocab["months"])


def _not_after(value: str, d: DateMention, published: Optional[date]) -> str:
    """A reported event happened on or before its publication: a weekday that was resolved
    to a later day is the one before it ("shoots … on Monday" in a Tuesday caption), a month
    or day named without a year that was resolved to a later month is last year's ("elected
    him in April" in a January article)."""
    if published is None or not d.relative:
        return value
    words = {w.strip(".,").lower() for w in d.text.split()}
    if any(w.isdigit() and len(w) == 4 for w in words):
        return value                              # a year is written: nothing to infer
    weekdays, months = _names()
    prec = date_precision(value)
    if prec == "day":
        day = date.fromisoformat(value)
        if day <= published:
            return value
        if words & weekdays and (day - published).days <= 7:
            return (day - timedelta(days=7)).isoformat()
        if words & months:
            return _year_before(day).isoformat()
    elif prec == "month" and value > published.isoformat()[:7] and words & months:
        return f"{int(value[:4]) - 1:04d}{value[4:]}"
    return value


def _future(doc: Doc, d: DateMention) -> bool:
    """The verb that governs the expression looks ahead: a future or future-in-the-past
    auxiliary ("will anchor … on Tuesday", "would hold talks on Monday") or a verb of
    expectation above it ("is expected to arrive on Aug. 2", "plans to")."""
    if doc.parsed is None:
        return False
    t = _root(doc, d.start, d.end)
    for _ in range(8):
        if t is None or t.tag_.startswith("VB") or t.head.i == t.i:
            break
        t = t.head
    if t is None or not t.tag_.startswith("VB"):
        return False
    if futurate(t):
        return True
    ahead = _words("future_auxiliaries")
    while True:
        if any(k.dep_ in ("aux", "auxpass") and k.lower_ in ahead for k in t.children):
            return True
        if t.lower_ in _words("expectation"):
            return True
        if t.dep_ != "xcomp" or t.head.i == t.i:
            return False
        t = t.head


def _year_before(day: date) -> date:
    return day.replace(year=day.year - 1) if (day.month, day.day) != (2, 29) \
        else day.replace(year=day.year - 1, day=28)


# ---------------------------------------------------------------- the clause's expressions
def _attached(doc: Doc, c, dates: list[DateMention]) -> list[DateMention]:
    """The calendar dates attached in the parse to the clause's trigger ("the attack of
    March 2"): they date it before any other date of the clause ("On Friday officials
    recalled the attack of March 2"). Not a date without a number ("two weeks ago", "overnight")
    nor one under a preposition of another time ("since", "after", "before", "until")."""
    if doc.parsed is None or c.head is None or len(dates) < 2:
        return []
    etype = c.event_type
    trig = {tok.i for t in c.triggers if t.event_type == etype
            for tok in [_root(doc, t.start, t.end)] if tok is not None}
    out = []
    for d in dates:
        t = _root(doc, d.start, d.end)
        if not any(ch.isdigit() for ch in d.text) or t is None:
            continue
        if t.dep_ == "pobj" and t.head.lower_ in ("since", "after", "before", "until", "from"):
            continue
        for _ in range(_ATTACH_STEPS):
            if t.head.i == t.i or t.dep_ not in _ATTACH_DEPS:
                break
            t = t.head
            if t.i in trig:
                out.append(d)
                break
    return out


# a date reaches its trigger through a preposition or as a noun modifier: "attack (of (March 2))"
_ATTACH_STEPS = 2
_ATTACH_DEPS = {"pobj", "prep", "npadvmod", "nmod", "compound", "nummod", "appos", "tmod"}


def _root(doc: Doc, start: int, end: int):
    span = nlp.span(doc.parsed, start, end)
    return span.root if span is not None and len(span) else None


def _premodified(doc: Doc, d: DateMention) -> Optional[tuple[int, int]]:
    """The noun a date premodifies ("the 1994 ceasefire", "the March 5 agreement"), as a
    character span: such a date dates that noun, not the clause around it."""
    if doc.parsed is None:
        return None
    span = nlp.span(doc.parsed, d.start, d.end)
    if span is None or not len(span):
        return None
    r = span.root
    h = r.head
    if r.dep_ in ("nummod", "nmod", "compound", "amod", "poss") and h.i >= span.end \
            and h.tag_.startswith("NN"):
        return h.idx, h.idx + len(h.text)
    return None


def _clause_dates(c, dates: list[DateMention], clauses: Optional[list] = None,
                  premod: Optional[dict] = None) -> list[DateMention]:
    if not dates:
        return []
    if premod:
        # "accused Baku of violating the 1994 ceasefire": 1994 dates the ceasefire only
        dates = [d for d in dates if id(d) not in premod or any(
            t.start < premod[id(d)][1] and premod[id(d)][0] < t.end for t in c.triggers)]
    own = _tree_dates(c, dates)
    if own or not clauses:
        return own
    # the parser cut the sentence into several trees (a photo caption read as going on from
    # the line above it: "A bus convoy … is seen on a road …, Ukraine May 2, 2022."): the
    # trees are still one sentence, so a clause whose tree has no date takes the date of
    # another tree's top clause or the untyped clauses below it
    roots = [r for r in clauses if r.parent is None]
    top = c
    for top in [c, *c.ancestors()]:
        pass
    if len(roots) > 1:
        for r in roots:
            if r is top:
                continue
            own += [d for d in dates if r.owns(d)]
            for sub in r.descendants(typed=False):
                own += [d for d in dates if sub.owns(d)]
    return sorted(own, key=lambda d: d.start)


def _tree_dates(c, dates: list[DateMention]) -> list[DateMention]:
    if c.event_type == "statement":
        dates = [d for d in dates if not _of_what_is_said(c, d)]
    own = [d for d in dates if c.owns(d)]
    if own:
        return own
    for sub in c.descendants(typed=False):
        if describes_participant(sub, stop=c) or _background_relative(sub, stop=c):
            continue                              # "The TPLF, which … before Abiy took office
        own += [d for d in dates if sub.owns(d)]  # in 2018, said …": not the day it spoke
    if c.event_type != "statement":               # a saying is dated by when it was said
        own = own or _adjunct_dates(c, dates)
    if own:
        return own
    # "the first evacuees were expected to arrive … later on Monday": an open complement
    # (expected to, began to, continued to) is the rest of this clause's predicate
    stack = [x for x in c.children if x.head is not None and x.head.dep_ == "xcomp"]
    while stack and not own:
        x = stack.pop(0)
        own += [d for d in dates if x.owns(d)]
        stack += [y for y in x.children if y.head is not None and y.head.dep_ == "xcomp"]
    if own:
        return own
    below = c
    for a in c.ancestors():
        own = [d for d in dates if a.owns(d)]
        if not own and not (a.triggers and a.event_type == "statement"):
            own = _adjunct_dates(a, dates, skip=below)
        if own:
            return own
        below = a
    if c.event_type == "statement":
        for sub in c.descendants(typed=True):
            if not describes_participant(sub, stop=c):
                own += [d for d in dates if sub.owns(d)]
    return own


def _of_what_is_said(c, d: DateMention) -> bool:
    """The date ``d`` is inside what the saying ``c`` reports, after its subject ("The final
    kicks off on Sunday, organisers said"): it dates what is said, not the saying."""
    if c.head is None:
        return False
    span = nlp.span(c.head.doc, d.start, d.end)
    content = reported(c.head, span.root) if span is not None and len(span) else None
    return content is not None and not before_subject(content, d.start)


def _background_relative(c, stop) -> bool:
    """``c`` is (inside) a relative clause below ``stop`` that tells background, whatever
    noun it describes: a pluperfect, modal or negated verb ("withdrew from Kidal, which rebels
    had held since 2012"; "raided the camp, where migrants had lived since 2015")."""
    for x in [c, *c.ancestors()]:
        if x is stop:
            return False
        if x.head is not None and x.head.dep_ == "relcl" and background(x.head):
            return True
    return False


def _adjunct_dates(c, dates: list[DateMention], skip=None) -> list[DateMention]:
    """Dates of the event clauses below ``c`` that tell when it began or what it happened
    during ("since the unrest began on Friday", "during fighting in Bangui, December 5")."""
    out = []
    for x in c.children:
        if x is skip or not x.triggers or not (_adjunct(x, "start") or _adjunct(x, "simultaneous")):
            continue
        out += [d for d in dates if x.owns(d) or any(s.owns(d) for s in x.descendants(typed=False))]
    return sorted(out, key=lambda d: d.start)


def _adjunct(x, link: str) -> bool:
    """Clause ``x`` is introduced by a word of class ``link``: "since they began …" (a
    subordinator), "during fighting in …" (a preposition with a clause as its object)."""
    h = x.head
    if h is None:
        return False
    words = _words(link)
    return any(k.dep_ == "mark" and k.lower_ in words for k in h.children) or \
        (h.dep_ in ("pcomp", "pobj") and h.head.lower_ in words)


# ---------------------------------------------------------------- a distance from another event
def _offset(doc: Doc, c, sentence: list[DateMention]):
    """(days, words, scope) when the event of ``c`` is said to be a distance in days or weeks
    after or before another happening: "a day after he escaped" (``c`` is the after-clause:
    scope None, the clause it modifies dates it), "two days after the blast" (the trigger is
    the object of "after": scope is that phrase's token range, the rest of ``c`` dates it).
    ``days`` is what to add to that date (negative after "after")."""
    if doc.parsed is None or c.head is None:
        return None
    h = c.head
    if c.parent is not None:
        rel = _clause_offset(doc, c, sentence)
        if rel:
            return rel[0], rel[1], None
    trig = [_root(doc, t.start, t.end) for t in c.triggers if t.event_type == c.event_type]
    for tok in filter(None, trig[:1]):
        for p in tok.ancestors:
            if p.idx not in c.chars or p.i == h.i:
                break
            if p.lower_ in _words("after") | _words("before") and p.dep_ == "prep":
                dist = _distance(doc, [x for x in p.children if x.dep_ == "npadvmod"], sentence)
                if dist:
                    sub = list(p.subtree)
                    return _signed(dist, p.lower_), p.lower_, (sub[0].idx, sub[-1].idx + 1)
    return None


def _clause_offset(doc: Doc, x, sentence: list[DateMention]):
    """((days, distance text), word) when clause ``x`` is introduced as a distance after or
    before the clause above it ("…, a day after he escaped", "the day before the ceasefire
    took effect"): ``days`` is added to the date of the clause above to date ``x``."""
    h = x.head
    if h is None:
        return None
    for k in h.children:
        if k.dep_ == "mark" and k.lower_ in _words("after") | _words("before"):
            # the distance hangs on the clause's verb, its subordinator, or the verb above
            # just before the subordinator ("entered Mosul the day before …")
            near = [t for t in h.head.children if t.dep_ == "npadvmod"
                    and max(u.i for u in t.subtree) == k.i - 1]
            dist = _distance(doc, [t for t in [*h.children, *k.children]
                                   if t.dep_ == "npadvmod"] + near, sentence)
            if dist:
                return _signed(dist, k.lower_), k.lower_
    return None


def _own(c, dates: list[DateMention], skip: tuple = ()) -> list[DateMention]:
    """The dates of ``c`` and of the untyped clauses below it (not those below ``skip``)."""
    below = [s for s in c.descendants(typed=False)
             if not any(x is k for x in [s, *s.ancestors()] for k in skip)]
    return [d for d in dates if c.owns(d) or any(s.owns(d) for s in below)]


def _signed(dist: tuple[int, str], word: str) -> tuple[int, str]:
    days, text = dist
    return (-days if word in _words("after") else days), text


def _distance(doc: Doc, toks: list, sentence: list[DateMention]) -> Optional[tuple[int, str]]:
    """Days of a duration the tagger read in ``toks`` ("a day" P1D, "two weeks" P2W)."""
    units = read_toml(_LINKS)["units"]
    for t in toks:
        for d in sentence:
            v = d.value or ""
            if d.type == "DURATION" and d.start <= t.idx < d.end and v[:1] == "P" \
                    and v[-1:] in units and v[1:-1].isdigit():
                return int(v[1:-1]) * units[v[-1]], d.text
        # "the day before …", which the tagger leaves as no expression: one unit
        one = read_toml(_LINKS)["unit_words"].get(t.lower_)
        if one and any(k.dep_ == "det" and k.lower_ in _words("one") for k in t.children):
            return one, " ".join(k.text for k in t.subtree)
    return None


# ---------------------------------------------------------------- the event's date
def event_when(doc: Doc, c, c_dates: list[DateMention], dates: list[DateMention],
               clauses: list, premod: dict, context: Optional[EventDate],
               sentence: list[DateMention]) -> list[Optional[EventDate]]:
    """The dates of the event of clause ``c`` (one per coordinated day): its own (see the
    module's docstring), or a distance from the clause it modifies. ``dates`` are the
    sentence's dating expressions, ``sentence`` all its expressions (durations too)."""
    off = _offset(doc, c, sentence)
    away = [(x, rel) for x in c.children if (rel := _clause_offset(doc, x, sentence))]
    mine = _own(c, dates, tuple(x for x, _ in away))
    if off is not None:
        (days, dist), word, scope = off
        if scope is None:
            anchor_dates = [] if mine else _clause_dates(c.parent, dates, clauses, premod)
            anchor = None if mine else _when(anchor_dates, context, doc)[0]
        else:
            rest = [d for d in c_dates if not scope[0] <= d.start < scope[1]]
            anchor = _when(rest, context, doc)[0]
        shifted = _shifted(anchor, days, f"{dist} {word}")
        if shifted is not None:
            return [shifted]
    if not mine:
        # "Troops entered Mosul the day before the ceasefire took effect on Sunday": the
        # clause below, a distance away, names the day
        for x, rel in away:
            x_dates = _own(x, dates)
            if x_dates:
                (days, dist), word = rel
                shifted = _shifted(_when(x_dates, None, doc)[0], -days, f"{dist} {word}")
                if shifted is not None:
                    return [shifted]
    return _when(c_dates, context, doc, _attached(doc, c, c_dates))


def _shifted(anchor: Optional[EventDate], days: int, text: str) -> Optional[EventDate]:
    """The day ``days`` away from ``anchor`` (a day read from the text, not inherited)."""
    if anchor is None or anchor.precision != "day" or anchor.from_context:
        return None
    day = date.fromisoformat(anchor.value) + timedelta(days=days)
    return EventDate(day.isoformat(), "day", text, "relative")


def _when(own: list[DateMention], context: Optional[EventDate], doc: Doc,
          attached: Optional[list[DateMention]] = None) -> list[Optional[EventDate]]:
    """One EventDate per coordinated day ("on Thursday, Friday and Saturday"), else one: a
    date attached to the trigger in the parse first, else the clause's first."""
    text, published = doc.text, doc.article.published
    if own and all(fuzzy(doc, d) for d in own):
        own, context = [], None                   # "fired this week": no day, not the narrative's
    own = [d for d in own if not fuzzy(doc, d)]
    if own and all(_clock_only(d) for d in own):
        # "crossed the line at 9.45 am": a time of day names no day; the day being told does
        if context is not None:
            return [replace(context, from_context=True)]
        if published is not None and (own[0].when or "")[:10] == published.isoformat():
            own = []
    if own:
        days = [d for d in own if date_precision(d.when) == "day"]
        # "today June 28, 2021": a day and its date in apposition are one day, the named one
        named = [d for i, d in enumerate(days)
                 if i + 1 < len(days) and not text[d.end:days[i + 1].start].strip()
                 and d.relative and not days[i + 1].relative]
        own = [d for d in own if d not in named]
        days = [d for d in days if d not in named]
        group = [days[0]] if days else []
        for a, b in zip(days, days[1:]):
            if text[a.end:b.start].replace(",", " ").split() in ([], ["and"], ["or"]):
                group.append(b)
            else:
                break
        if len(group) > 1:
            return [_event_date(d, doc) for d in group]
        # a bare clock time ("14:00 GMT –" of a live blog) yields to a day named in the clause
        own = [d for d in own if d in (attached or ())] or own
        best = min(own, key=lambda d: (d.when is None, _clock(d.text) or _part_of_day(d),
                                       d.start))
        return [_event_date(best, doc)]
    if context is not None:
        return [replace(context, from_context=True)]
    if published is not None:
        return [EventDate(published.isoformat(), "day", "", "reported")]
    return [None]


# ---------------------------------------------------------------- a happening dated elsewhere
def cross_referenced(doc: Doc, events: list[Event]) -> list[Event]:
    """"have been killed since the start of Haftar's offensive", "since the beginning of the
    general strike": an event its sentence dates only by another happening takes the day the
    article gives that happening elsewhere (the earliest, read from a text of its own, before
    or after this sentence), a clear cross-reference in the same article."""
    if doc.parsed is None:
        return events
    told: dict[str, EventDate] = {}
    for ev in events:
        d = ev.date
        if d is not None and d.basis != "reported" and not d.from_context and d.precision == "day":
            key = ev.trigger.lower().split()[-1]
            if key not in told or d.value < told[key].value:
                told[key] = d
    out = []
    for ev in events:
        if ev.date is not None and ev.date.basis == "reported" and ev.event_type != "statement":
            noun = _since_happening(doc, ev.start, ev.end)
            if noun in told:
                ev = replace(ev, date=replace(told[noun], from_context=True), event_id="")
        out.append(ev)
    return out


def _since_happening(doc: Doc, start: int, end: int) -> Optional[str]:
    """The happening a since-phrase of the sentence names without a date: "since the start
    of the offensive" → "offensive", "since the strike" → "strike"."""
    span = nlp.span(doc.parsed, start, end)
    for t in span if span is not None else ():
        if t.dep_ != "prep" or t.lower_ not in _words("start"):
            continue
        for p in t.children:
            if p.dep_ != "pobj" or any(x.ent_type_ in ("DATE", "TIME") for x in p.subtree):
                continue
            if p.lower_ in _words("onset"):
                p = next((g for o in p.children if o.dep_ == "prep" and o.lower_ == "of"
                          for g in o.children if g.dep_ == "pobj"), p)
            return p.lower_
    return None
