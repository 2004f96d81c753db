"""Events: who did what, when and where, one or more per sentence, with the evidence.

The knowledge is data: ``data/triggers.csv`` (about 1,100 trigger entries: verbs, nouns,
light-verb and multiword forms, each with our type, ACLED's sub-event type and a rank),
``data/events/sub_events.csv`` (ACLED's sub-event types and their precedence) and
``data/events/nonfactual.json`` (DependencyMatcher-style patterns of negated, possible,
planned, denied, conditional, asked-for or discussed events, each with examples).

A sentence is cut into clauses along its dependency parse (``said that …``, ``…, killing …``,
``after …``): each verb that heads a clause owns the words below it up to the next clause
head. Trigger words type a clause (a natural hazard first, then by ``PRIORITY``). Each typed
clause becomes an event that takes

- its date from its own words (a calendar date attached to the trigger first: "the attack of
  March 2"), else from the clause that governs it (the day a source spoke dates what it
  reports), else from untyped clauses below it, else from the narrative (the previous dated
  event of the paragraph, ``from_context``), else the publication date (``basis: "reported"``);
- its places from its own words and untyped clauses below it, else the sentence's, else the
  dateline's (geo/context.py reads places in context);
- its actors from its own words plus those of the governing clauses (the speaker of a report);
- casualty counts from "killing ten", "12 people were killed", "injuring 35".

What a plain reporting verb (say, tell) reports is the event, with the speaker among its
actors; the verb is a ``statement`` of its own only when it reports no event or is itself
news (a warning, denial, accusation, appeal). The same happening restated in one article is
one event (the fullest sentence). Headlines, bylines and datelines (``segment.is_heading``)
yield nothing, and a clause with neither a date nor a place of its own or its sentence is not
reported, following the annotation rule "every distinct event that has a date or a place".
"""
from __future__ import annotations

import csv
import functools
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Optional

from .config import DEFAULT, Settings
from .model import (ActorMention, DateMention, Doc, Event, EventDate, PlaceMention,
                    date_precision)
from .segment import is_heading, is_standfirst
from geo.context import (PLACE_NOUN, REFERENCE, SPECIFICITY, carried_place, event_location,
                         event_places, facility_places, sentence_places, state_places)

DATA = Path(__file__).parent / "data"
# which type a clause takes when it holds triggers of several (a trigger ranked "first" in the
# lexicon, a natural hazard, goes before all of them)
PRIORITY = ("arrest", "attack", "protest", "disaster", "displacement", "movement", "deployment",
            "ceasefire", "meeting", "casualties", "other", "statement")
# types a speech act brings about, so that "announced a truce" is the truce itself
_DECLARED = ("ceasefire", "other")
_CLAUSE_DEPS = {"ROOT", "ccomp", "advcl", "conj", "relcl", "parataxis", "acl", "xcomp", "pcomp",
                "csubj"}
_BASIS_WEIGHT = {"explicit": 1.0, "relative": 0.9, "reported": 0.5}
_NUM_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_NUM = r"(\d[\d,]*|" + "|".join(_NUM_WORDS) + r")"


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    text: str
    event_type: str
    strength: float
    sub_event_type: str = ""
    first: bool = False              # ranked before every type (a natural hazard)


@dataclass(frozen=True)
class Entry:
    """One form of a lexicon row of ``data/triggers.csv``."""
    form: str                        # lower-cased literal
    event_type: str
    pos: str                         # V, N or *
    strength: float
    sub_event_type: str
    rank: str                        # "first", "armed" or "" (see the CSV's header)
    order: int                       # row order: ties between equal-length forms

    @property
    def first(self) -> bool:
        return self.rank == "first"


@functools.lru_cache(maxsize=1)
def triggers() -> dict[str, list[Entry]]:
    """The trigger lexicon, indexed by the first word of each form (its leading letters), so
    that a sentence is looked up word by word instead of testing a thousand patterns."""
    index: dict[str, list[Entry]] = {}
    with open(DATA / "triggers.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(ln for ln in fh if not ln.startswith("#")))
    for i, r in enumerate(rows):
        listed = set(filter(None, r["forms"].split("|")))
        for f in {*_inflect(r["lemma"], noun=r["pos"] == "N"), *listed}:
            pos = r["pos"]
            if pos == "V" and f in listed and _NOUN_FORM.search(f):
                pos = "*"                     # "withdrawal", "departure", "invasion"
            e = Entry(f.lower(), r["event_type"], pos, float(r["strength"]),
                      r.get("sub_event_type") or "", r.get("rank") or "", i)
            key = _WORD.match(e.form)
            if key:
                index.setdefault(key.group(0), []).append(e)
    return index


_WORD = re.compile(r"\w+")
# a listed irregular form shaped like a noun is one, whatever the row's part of speech
_NOUN_FORM = re.compile(r"(?:al|ion|ions|ure|ures|ment|ments|ance|ances)$")


def _inflect(lemma: str, noun: bool = False) -> list[str]:
    """Regular inflections of the first word of ``lemma`` (shell → shells, shelled, shelling);
    a noun's plural only ("sweep" → "sweeps", not the adjective "sweeping")."""
    head, _, tail = lemma.partition(" ")
    tail = " " + tail if tail else ""
    forms = [head, head + "s", head + "ed", head + "ing"]
    if noun:
        forms = [head, head + "s"]
        if head.endswith(("s", "sh", "ch", "x")):
            forms.append(head + "es")
        if head.endswith("y") and head[-2:-1] not in "aeiou":
            forms.append(head[:-1] + "ies")
        return [f + tail for f in forms]
    if head.endswith("e"):
        forms += [head + "d", head[:-1] + "ing"]
    if head.endswith(("s", "sh", "ch", "x")):
        forms.append(head + "es")
    if head.endswith("y") and head[-2:-1] not in "aeiou":
        forms += [head[:-1] + "ies", head[:-1] + "ied"]
    return [f + tail for f in forms]


# ---------------------------------------------------------------- clauses
@dataclass
class Clause:
    head: object                     # spaCy token heading the clause (None: whole sentence)
    start: int
    end: int
    chars: set = field(default_factory=set)     # character offsets of its own words
    triggers: list = field(default_factory=list)
    parent: Optional["Clause"] = None
    children: list = field(default_factory=list)

    def owns(self, m) -> bool:
        return m.start in self.chars

    @property
    def event_type(self) -> Optional[str]:
        if not self.triggers:
            return None
        best = min(self.triggers, key=lambda t: (not t.first, PRIORITY.index(t.event_type)))
        if best.first or best.event_type in _DECLARED or not self._speech_about_nouns():
            return best.event_type
        return "statement"

    def _speech_about_nouns(self) -> bool:
        """A speech act heads the clause and its other triggers are nouns it speaks of ("he
        blamed the coup attempt on …", "announced the start of the campaign"): the clause is the
        statement; the happening, when news, has a clause of its own. Not a reporting verb
        (rank "report": "said", "told") nor a factive one (rank "factive": "confirmed the
        shelling"), which pass on the event they report."""
        h = self.head
        if h is None or not h.tag_.startswith("VB"):
            return False
        speech = [t for t in self.triggers if t.event_type == "statement" and t.start == h.idx
                  and (e := _entry(t.text, "statement")) is not None and not e.rank]
        others = [t for t in self.triggers if t.event_type != "statement"]
        if not speech or not others:
            return False
        for t in others:
            span = h.doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is None or span.root.tag_.startswith("VB"):
                return False
        return True

    @property
    def strength(self) -> float:
        t = self.event_type
        return max(x.strength for x in self.triggers if x.event_type == t)

    def descendants(self, typed: bool = True):
        for c in self.children:
            if typed or not c.triggers:
                yield c
                yield from c.descendants(typed)

    def ancestors(self):
        c = self.parent
        while c is not None:
            yield c
            c = c.parent


def _clauses(doc: Doc, s: int, e: int) -> list[Clause]:
    """Clauses of the sentence ``[s, e)``; one clause without a parse."""
    toks = []
    if doc.parsed is not None:
        span = doc.parsed.char_span(s, e, alignment_mode="expand")
        toks = list(span) if span is not None else []
    if not toks:
        return [Clause(None, s, e, set(range(s, e)))]

    def is_head(t) -> bool:
        return (t.tag_.startswith("VB") and t.dep_ in _CLAUSE_DEPS) or t.dep_ == "ROOT" \
            or t.head.i == t.i or t.i == toks[0].i and False

    def head_of(t):
        seen = 0
        while not is_head(t) and t.head.i != t.i and seen < 50:
            t, seen = t.head, seen + 1
        return t

    by_head: dict[int, Clause] = {}
    for t in toks:
        h = head_of(t)
        c = by_head.get(h.i)
        if c is None:
            c = by_head[h.i] = Clause(h, h.idx, h.idx)
        c.chars.update(range(t.idx, t.idx + len(t.text) + 1))
    for c in by_head.values():
        if c.head.dep_ != "ROOT" and c.head.head.i != c.head.i:
            p = by_head.get(head_of(c.head.head).i)
            if p is not None and p is not c:
                c.parent = p
                p.children.append(c)
        c.start, c.end = min(c.chars), max(c.chars)
    return sorted(by_head.values(), key=lambda c: c.start)


def _find_triggers(doc: Doc, s: int, e: int) -> list[Trigger]:
    """Lexicon forms in ``[s, e)``, longest first, one per stretch of text; a verb entry only on
    a verb of the parse, a noun entry never on one, and no entry inside a date ("in March")."""
    text = doc.text
    low = _lower(text)
    index = triggers()
    found = []
    for w in _WORD_START.finditer(low, s, e):
        for ent in index.get(w.group(0), ()):
            end = w.start() + len(ent.form)
            if end <= e and low.startswith(ent.form, w.start()) and not _WORD_CHAR.match(low, end):
                found.append((w.start(), end, ent))
    found.sort(key=lambda x: (x[0] - x[1], x[2].order, x[0]))
    names = [(m.start, m.end) for m in doc.actors if s <= m.start < e]
    out: list[Trigger] = []
    taken: set[int] = set()
    for a, b, ent in found:
        if a in taken or not _pos_fits(doc, a, b, ent.pos):
            continue
        if ent.pos != "V" and any(x <= a and b < y for x, y in names):
            continue                              # a modifier in a name: "the UN refugee agency"
        out.append(Trigger(a, b, text[a:b], ent.event_type, ent.strength, ent.sub_event_type,
                           ent.first))
        taken.update(range(a, b))
    return sorted(out, key=lambda t: t.start)


_WORD_START = re.compile(r"(?<![\w-])\w+")
# a noun inside the name of an organisation or a work names it, it tells no event
_NAME_ENTS = {"ORG", "WORK_OF_ART", "LAW"}


@functools.lru_cache(maxsize=4)
def _lower(text: str) -> str:
    """Lower case with the offsets kept (a letter whose lower case is longer, "İ", stays)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
_WORD_CHAR = re.compile(r"[\w-]")


def _pos_fits(doc: Doc, a: int, b: int, pos: str) -> bool:
    """A verb entry needs a verb among its words ("earthquake struck"), a noun entry a head
    that is not one; a word inside a date expression is no trigger ("in March")."""
    if doc.parsed is None:
        return True
    span = doc.parsed.char_span(a, b, alignment_mode="expand")
    if span is None or not len(span):
        return True
    if span[0].ent_type_ == "DATE" and pos != "V":
        return False
    if span.root.ent_type_ in _NAME_ENTS and pos != "V":
        return False                              # "the UN Refugee Agency", "Amnesty International"
    if pos == "V":
        return any(t.tag_.startswith("VB") for t in span)
    if pos == "N":
        return not span.root.tag_.startswith("VB")
    return True


# ---------------------------------------------------------------- events
def events_from(doc: Doc, settings: Settings = DEFAULT) -> list[Event]:
    text, art = doc.text, doc.article
    events: list[Event] = []
    paragraph_date: Optional[EventDate] = None
    last_para = -1
    dateline: list[PlaceMention] = []
    for s, e in doc.sentences:
        para = text.count("\n\n", 0, s)
        if para != last_para:
            paragraph_date, last_para = None, para
        if (is_heading(text, (s, e)) and not _long_line(text, s, e)) \
                or is_standfirst(text, (s, e)):
            dateline = _dateline_places(doc, s, e) or dateline
            continue
        trigs = _find_triggers(doc, s, e)
        if not trigs:
            named = [d for d in doc.dates if s <= d.start < e and date_precision(d.when)]
            if named:
                paragraph_date = _event_date(named[-1])
            continue
        trigs = _factual(doc, trigs)
        if not trigs:
            continue
        clauses = _clauses(doc, s, e)
        for t in trigs:
            owner = next((c for c in clauses if t.start in c.chars), clauses[0])
            owner.triggers.append(t)
        _merge_participles(clauses)
        inside = lambda ms: [m for m in ms if s <= m.start and m.end <= e]
        dates = [d for d in inside(doc.dates) if date_precision(d.when)]
        actors = inside(doc.actors)
        premod = {id(d): n for d in dates if (n := _premodified(doc, d)) is not None}
        named = sentence_places(doc, s, e, settings)
        places = event_places(text, named, actors)
        states = state_places(text, named, actors)
        if any(c.triggers and c.event_type != "statement" and not _possible(c)
               for c in clauses):
            places += facility_places(doc, s, e, places)
        # a place the gazetteer did not resolve still makes the sentence located
        where_ner = [x for x in doc.entities if x.label in ("GPE", "LOC", "FAC")
                     and s <= x.start < e and not any(a.start <= x.start < a.end for a in actors)
                     and not REFERENCE.search(text[max(0, x.start - 40):x.start])]
        sentence_events: list[Event] = []
        scopes: list[tuple[int, bool]] = []
        owners: list[Clause] = []
        for c in clauses:
            if not c.triggers:
                continue
            if c.event_type != "statement" and _possible(c):
                continue                          # "a battle may break out in Sirte"
            if c.event_type == "statement" and _generic_speaker(c):
                continue                          # "analysts say …": an opinion, no event
            c_places = _clause_places(c, places)
            s_places = places if c_places else _outside_relatives(c, clauses, places)
            c_dates = _clause_dates(c, dates, clauses, premod)
            located = _located(c, clauses, places, where_ner, c_places, s_places)
            if not c_dates and not c_places and not located:
                continue
            # the day a source spoke is not the narrative's: a statement with no date of
            # its own is dated by the report ("Tatoyan's office said …" after "… on Sunday")
            context = None if c.event_type == "statement" else paragraph_date
            when_list = _when(c_dates, dates, context, art.published, text,
                              _attached(doc, c, c_dates))
            where = (c_places or s_places or ([] if c.event_type == "statement" else states)
                     or dateline or carried_place([ev.location for ev in events]))
            for when in when_list:
                ev = _event(doc, s, e, c, when, where, actors)
                sentence_events.append(ev)
                scopes.append(_report_scope(c))
                owners.append(c)
        plain = _news_told(sentence_events, scopes, owners)
        sentence_events = _dedupe(sentence_events, scopes)
        # the narrative date moves on with each sentence that names a date
        named = [d for d in dates if id(d) not in premod]
        if named:
            paragraph_date = _event_date(named[-1])
        sentence_events = [ev for ev in sentence_events if ev.confidence >= settings.min_confidence]
        if _restated(text, s, sentence_events, events):
            continue
        events.extend(ev for ev in sentence_events if id(ev) not in plain)
    return _armed_story(_restatements(events))


def _located(c: Clause, clauses: list[Clause], places: list, where_ner: list,
             c_places: list, s_places: list) -> list:
    """What locates clause ``c``: the sentence's places or unresolved place names; for a
    statement, not those in what describes the speaker ("The TPLF, which dominated Ethiopia's
    ruling coalition, said …")."""
    if c.event_type != "statement" or c_places:
        return places or where_ner
    about = [x for x in clauses if _describes_participant(x, stop=c)
             and not any(a is x for a in c.ancestors())]
    return s_places or [x for x in where_ner if not any(a.owns(x) for a in about)]


def _news_told(events: list[Event], scopes: list, owners: list[Clause]) -> set[int]:
    """"Officials said 12 people were killed": what a plain reporting verb (rank "report" in
    the lexicon: say, tell, add) reports is the news, with the speaker among its actors; the
    verb gives a statement of its own only when it reports no event. News speech acts (warn,
    deny, accuse, claim, appeal) keep their statement. Returns the ids of the statements to
    leave out (after the restatement test, which needs to know the speaker)."""
    told = {sc[0] for ev, sc, c in zip(events, scopes, owners)
            if ev.event_type != "statement" and sc[0] and _reported_content(c)}
    return {id(ev) for ev, c in zip(events, owners)
            if ev.event_type == "statement" and c.start + 1 in told and all(
                t.event_type != "statement" or _is_report(t) for t in c.triggers)}


def _reported_content(c: Clause) -> bool:
    """``c`` is (inside) what its statement reports, not a description of a participant
    ("The LNA, which controls the east, said …", "the man driving the car")."""
    for x in [c, *c.ancestors()]:
        if x.triggers and x.event_type == "statement" and x is not c:
            return True
        if x.head is not None and x.head.dep_ in ("relcl", "acl"):
            return False
    return False


def _is_report(t: Trigger) -> bool:
    """A plain reporting verb of the lexicon ("said", "told", "added")."""
    ent = _entry(t.text, "statement")
    return ent is not None and ent.rank == "report"


def _dateline_places(doc: Doc, s: int, e: int) -> list[PlaceMention]:
    """The resolved places of a dateline ("KABUL, Aug 26 (Reuters) -"): a heading that the
    story goes on from on the same line. They locate an event whose sentence names no place
    (not a statement: where a source spoke is not what it spoke about)."""
    nl = doc.text.find("\n", e)
    if not doc.text[e:nl if nl >= 0 else len(doc.text)].strip():
        return []
    return [p for p in doc.places if s <= p.start and p.end <= e and p.lat is not None]


def _attached(doc: Doc, c: Clause, dates: list[DateMention]) -> list[DateMention]:
    """The calendar dates attached in the parse to the clause's trigger ("the attack of
    March 2"): they date it before any other date of the clause ("On Friday officials
    recalled the attack of March 2"). Not a date without a number ("two weeks ago", "overnight")
    nor one under a preposition of another time ("since", "after", "before", "until")."""
    if doc.parsed is None or c.head is None or len(dates) < 2:
        return []
    etype = c.event_type
    trig = {tok.i for t in c.triggers if t.event_type == etype
            for tok in [_token(doc, t)] if tok is not None}
    out = []
    for d in dates:
        span = doc.parsed.char_span(d.start, d.end, alignment_mode="expand")
        if not any(ch.isdigit() for ch in d.text) or span is None or not len(span):
            continue
        t = span.root
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


def _long_line(text: str, s: int, e: int) -> bool:
    """A line of 22 words or more is body text even without closing punctuation (a quote cut
    off at its comma, a photo caption ending in its credit): headlines are shorter."""
    return len(text[s:e].split()) >= 22


_QUOTE_OPEN = re.compile(r"\s*[\"“‘]")


def _restated(text: str, s: int, new: list[Event], before: list[Event]) -> bool:
    """A direct quotation that only restates what the article already reported ("“This
    unilateral ceasefire declaration starts from today June 28, 2021 …”" after "the government
    on Monday said it was declaring a ceasefire"): the same source restating one happening is
    not a new event. Restated: every event of the quote but the speaker's ``statement`` has an
    earlier event of its type at the same place, or on the same named day where no place is."""
    if not _QUOTE_OPEN.match(text, s):
        return False
    content = [ev for ev in new if ev.event_type != "statement"]
    if not content or re.search(r"\bagain\b", new[0].sentence, re.I):
        return False                              # "… are being shelled again": a new one
    speakers = {a.name for ev in new if ev.event_type == "statement" for a in ev.actors}

    def same(a: Event, b: Event) -> bool:
        if a.event_type != b.event_type:
            return False
        if a.location is not None and b.location is not None:
            return a.location.name == b.location.name
        return bool(a.date and b.date and a.date.value == b.date.value
                    and a.date.basis != "reported" and b.date.basis != "reported")
    return all(any(same(ev, old) and (not speakers or speakers & {a.name for a in old.actors})
                   for old in before) for ev in content)


_REACHED = PLACE_NOUN                             # "reached the outskirts": a place reached


def _lem(tok) -> str:
    """The lower-cased word (the pipeline may run without a lemmatizer)."""
    return (tok.lemma_ or tok.lower_).lower()


def _token(doc: Doc, t: Trigger):
    span = doc.parsed.char_span(t.start, t.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _factual(doc: Doc, trigs: list[Trigger]) -> list[Trigger]:
    """Triggers that tell something happening here: not those a pattern of
    ``data/events/nonfactual.json`` matches (negated, possible, intended, denied, conditional,
    asked for, discussed, meant to be ended, background), nor the few contexts below that
    need a condition the pattern language cannot state (an absent object or date)."""
    if doc.parsed is None:
        return trigs
    out = []
    for t in trigs:
        tok = _token(doc, t)
        if tok is not None:
            h = tok.head
            types = blocked_types(tok)
            if types is not None and (not types or t.event_type in types):
                continue
            if tok.dep_ == "dobj" and _evaluation(h):
                continue                          # "called the recapture a historic day"
            if t.event_type == "statement" and tok.lower_ in ("call", "calls", "called",
                                                              "calling") and not _evaluation(tok):
                continue                          # "a town called Akhur": no statement
            if t.event_type == "attack" and _anaphoric_cause(tok):
                continue                          # "17 people were wounded in the strike"
            if _CONDITIONAL.search(doc.text, max(0, t.start - 60), t.start):
                continue                          # "had the hostilities continued, …"
            if tok.lower_.startswith("approach") and t.event_type == "movement" and not any(
                    k.dep_ == "dobj" and (k.ent_type_ in ("GPE", "LOC", "FAC")
                                          or _REACHED.fullmatch(_lem(k))) for k in tok.children) \
                    and not any(p.start == t.end + 1 for p in doc.places):
                continue                          # "approached the UN for help"
            if tok.lower_.startswith("reach") and not any(
                    k.dep_ == "dobj" and _REACHED.fullmatch(_lem(k)) for k in tok.children):
                continue                          # "reached an agreement", "the toll reached 50"
        out.append(t)
    return out


@functools.lru_cache(maxsize=1)
def nonfactual_patterns() -> list[dict]:
    """The patterns of ``data/events/nonfactual.json`` (name, why, types, pattern, examples)."""
    with open(DATA / "events" / "nonfactual.json", encoding="utf-8") as fh:
        return json.load(fh)["patterns"]


def blocked_types(tok) -> Optional[frozenset]:
    """The event types a non-factual pattern blocks at trigger token ``tok`` (an empty set:
    all types; None: none blocked).

    The patterns are spaCy DependencyMatcher patterns; they are evaluated here from the
    trigger with the two operators they use (``>`` child, ``<`` head), because spaCy's
    matcher, run over a whole article, cost most of the stage's time."""
    out: Optional[frozenset] = None
    for p in nonfactual_patterns():
        nodes = p["pattern"]
        if _node_fits(tok, nodes[0]["RIGHT_ATTRS"]) and _solve(nodes, 1, {"trigger": tok}):
            kinds = frozenset(p.get("types", ()))
            if not kinds:
                return frozenset()
            out = (out or frozenset()) | kinds
    return out


def _solve(nodes: list[dict], i: int, bound: dict) -> bool:
    """Bind nodes ``i..`` of a dependency pattern, each to a child (``>``) or the head
    (``<``) of a node bound before it."""
    if i == len(nodes):
        return True
    node = nodes[i]
    left = bound[node["LEFT_ID"]]
    if node["REL_OP"] == ">":
        cands = list(left.children)
    elif node["REL_OP"] == "<":
        cands = [left.head] if left.head.i != left.i else []
    else:
        raise ValueError(f"operator {node['REL_OP']!r} is not supported in nonfactual.json")
    return any(_node_fits(c, node["RIGHT_ATTRS"]) and
               _solve(nodes, i + 1, {**bound, node["RIGHT_ID"]: c}) for c in cands)


_TOKEN_ATTRS = {"DEP": lambda t: t.dep_, "TAG": lambda t: t.tag_, "LOWER": lambda t: t.lower_,
                "ENT_TYPE": lambda t: t.ent_type_, "POS": lambda t: t.pos_}


def _node_fits(tok, attrs: dict) -> bool:
    for key, want in attrs.items():
        val = _TOKEN_ATTRS[key](tok)
        if isinstance(want, dict):
            if "IN" in want and val not in want["IN"]:
                return False
            if "NOT_IN" in want and val in want["NOT_IN"]:
                return False
            if "REGEX" in want and not _regex(want["REGEX"]).search(val):
                return False
        elif val != want:
            return False
    return True


@functools.lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _evaluation(h) -> bool:
    """"called the recapture a historic day": "call" with an object and what it is called."""
    return h.lower_ in ("call", "calls", "called", "calling") \
        and any(k.dep_ == "dobj" for k in h.children) \
        and any(k.dep_ in ("oprd", "npadvmod", "attr") and k.tag_.startswith("NN")
                for k in h.children)


_HURT = re.compile(r"(?:kill|wound|injur|hurt|die)\w*|dead")
# "had the hostilities continued …", "if the fighting resumes": a condition, not an event
_CONDITIONAL = re.compile(r"(?:\b(?:if|unless)\s+(?:[\w’'-]+\s+){0,3}|"
                          r"(?:^|[,;:“\"]\s*|\bthat\s+)had\s+(?:the|a|an|its|their)\s+"
                          r"(?:[\w-]+\s+)?)$", re.I)


def _anaphoric_cause(tok) -> bool:
    """An attack noun named only as the cause of deaths or injuries already told, with a
    definite article and no target or date of its own ("17 people had been wounded in the
    strike in Mariupol", "died in the shelling"): the news is the casualties."""
    h = tok.head
    if not (tok.dep_ == "pobj" and h.lower_ in ("in", "during", "by", "from")
            and _HURT.fullmatch(h.head.lower_) and tok.tag_.startswith("NN")):
        return False
    kids = list(tok.children)
    if not any(k.dep_ in ("det", "poss") and k.lower_ in ("the", "this", "that", "its", "their")
               for k in kids):
        return False
    return not any(k.dep_ == "prep" and k.lower_ in ("on", "of", "against", "at", "by")
                   or k.ent_type_ in ("DATE", "TIME") for k in tok.subtree if k is not tok)


def _possible(c: Clause) -> bool:
    """A clause that says what may, might or could happen."""
    for x in [c, *c.ancestors()]:
        h = x.head
        if h is None:
            return False
        if any(k.dep_ == "aux" and k.lower_ in ("may", "might", "could") for k in h.children):
            return True
        if x.triggers and x is not c:
            return False
        if h.dep_ not in ("xcomp", "ccomp", "acl"):
            return False
    return False


def _merge_participles(clauses: list[Clause]) -> None:
    """", killing one civilian and injuring eight" belongs to the attack it follows."""
    for c in clauses:
        p = c.parent
        if (c.triggers and p is not None and p.triggers and c.event_type == "casualties"
                and c.head is not None and c.head.tag_ == "VBG"
                and p.event_type not in ("statement", "casualties")):
            p.triggers.extend(replace(t, strength=0.0) for t in c.triggers)
            p.chars |= c.chars
            c.triggers = []


def _premodified(doc: Doc, d: DateMention) -> Optional[tuple[int, int]]:
    """The noun a date premodifies ("the 1994 ceasefire", "the March 5 agreement"), as a
    character span: such a date dates that noun, not the clause around it."""
    if doc.parsed is None:
        return None
    span = doc.parsed.char_span(d.start, d.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    r = span.root
    h = r.head
    if r.dep_ in ("nummod", "nmod", "compound", "amod") and h.i >= span.end \
            and h.tag_.startswith("NN"):
        return h.idx, h.idx + len(h.text)
    return None


def _clause_dates(c: Clause, dates: list[DateMention],
                  clauses: Optional[list[Clause]] = None,
                  premod: Optional[dict] = None) -> list[DateMention]:
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


def _tree_dates(c: Clause, dates: list[DateMention]) -> list[DateMention]:
    own = [d for d in dates if c.owns(d)]
    if own:
        return own
    for sub in c.descendants(typed=False):
        if c.event_type == "statement" and _describes_participant(sub, stop=c):
            continue                              # "The TPLF, which … before Abiy took office
        own += [d for d in dates if sub.owns(d)]  # in 2018, said …": not the day it spoke
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
    for a in c.ancestors():
        own = [d for d in dates if a.owns(d)]
        if own:
            return own
    if c.event_type == "statement":
        for sub in c.descendants(typed=True):
            if not _describes_participant(sub, stop=c):
                own += [d for d in dates if sub.owns(d)]
    return own


def _clause_places(c: Clause, places: list[PlaceMention]) -> list[PlaceMention]:
    own = [p for p in places if c.owns(p)]
    for sub in c.descendants(typed=c.event_type == "statement"):
        if _in_relative(sub, stop=c) or (c.event_type == "statement"
                                         and _describes_participant(sub, stop=c)):
            continue                              # "refugees who had refused to fight in X"
        own += [p for p in places if sub.owns(p)]
    return sorted(own, key=lambda p: p.start)


def _describes_participant(c: Clause, stop: Optional[Clause] = None) -> bool:
    """``c`` is (inside) a relative clause on a subject below ``stop`` ("The TPLF, which
    dominated Ethiopia's ruling coalition …, said"): who the speaker is, not what was said."""
    for x in [c, *c.ancestors()]:
        if x is stop:
            return False
        h = x.head
        if h is not None and h.dep_ == "relcl" and h.head.tag_.startswith("NN") \
                and h.head.dep_ in ("nsubj", "nsubjpass", "appos") \
                and not _is_place_noun(h.head):
            return True
    return False


def _in_relative(c: Clause, stop: Optional[Clause] = None) -> bool:
    """``c`` is (inside) a background relative clause modifying a participant, below
    ``stop``: what it tells of the participant's past or intentions ("families who had refused
    to go to Azerbaijan to fight in Nagorno-Karabakh") is not where the main event happened.
    A relative clause of the event's time ("a helicopter that was flying over Armenia") is."""
    for x in [c, *c.ancestors()]:
        if x is stop:
            return False
        h = x.head
        if h is not None and h.dep_ == "relcl" and h.head.tag_.startswith("NN") \
                and not _is_place_noun(h.head) and _background(h):
            return True
    return False


_NONFACTUAL_RE = re.compile(r"(?:refus|want|wish|plan|intend|hope|tr(?:y|ied)|threat|declin|fail|"
                            r"expect|promis|seek|sought|aim)")


def _background(h) -> bool:
    """A pluperfect, modal, negated or intention verb ("had refused to go", "would fight")."""
    kids = list(h.children)
    if any(k.dep_ == "neg" for k in kids) or _NONFACTUAL_RE.match(h.lower_):
        return True
    return any(k.dep_ in ("aux", "auxpass") and (k.lower_ == "had" or k.tag_ == "MD")
               for k in kids)


def _is_place_noun(t) -> bool:
    """"the village where …", "Akhur, which …": a relative clause of a place is about it."""
    return t.ent_type_ in ("GPE", "LOC", "FAC") or PLACE_NOUN.fullmatch(t.lower_) is not None


def _outside_relatives(c: Clause, clauses: list[Clause],
                       places: list[PlaceMention]) -> list[PlaceMention]:
    """The sentence's places less those said inside relative clauses ``c`` is not part of."""
    rel = [x for x in clauses if x is not c and (_in_relative(x) or (
               c.event_type == "statement" and _describes_participant(x)))
           and not any(a is x for a in c.ancestors())]
    return [p for p in places if not any(x.owns(p) for x in rel)] if not _in_relative(c) \
        else places


def _when(own: list[DateMention], sentence_dates: list[DateMention],
          context: Optional[EventDate], published, text: str,
          attached: Optional[list[DateMention]] = None) -> list[Optional[EventDate]]:
    """One EventDate per coordinated day ("on Thursday, Friday and Saturday"), else one: a
    date attached to the trigger in the parse first, else the clause's first."""
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
            if re.fullmatch(r"[\s,]*(?:and|or)?[\s,]*", text[a.end:b.start]):
                group.append(b)
            else:
                break
        if len(group) > 1:
            return [_event_date(d) for d in group]
        # a bare clock time ("14:00 GMT –" of a live blog) yields to a day named in the clause
        own = [d for d in own if d in (attached or ())] or own
        best = min(own, key=lambda d: (d.when is None, _CLOCK.fullmatch(d.text)
                                       is not None, d.start))
        return [_event_date(best)]
    if context is not None:
        return [replace(context, from_context=True)]
    if published is not None:
        return [EventDate(published.isoformat(), "day", "", "reported")]
    return [None]


_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\.?|GMT|UTC|[ECMP][SD]T|local time))?", re.I)


def _event_date(d: DateMention) -> EventDate:
    value = d.when.split("T")[0]
    return EventDate(value, date_precision(value), d.text,
                     "relative" if d.relative else "explicit",
                     end=d.end_value.split("T")[0] if d.end_value else None)


def _event(doc: Doc, s: int, e: int, c: Clause, when: Optional[EventDate],
           places: list[PlaceMention], actors: list[ActorMention]) -> Event:
    art = doc.article
    own = [a for a in actors if c.owns(a)]
    for anc in c.ancestors():
        own += [a for a in actors if anc.owns(a) and a not in own]
    if not own and c.head is None:
        own = list(actors)
    if not own:
        # nobody in the clause or above it: those of the clauses below it ("clashes broke out
        # … after both the Armenian and Azerbaijani armed forces accused …"), else of the
        # sentence, leaving out populations (victims are not actors)
        for sub in c.descendants(typed=True):
            own += [a for a in actors if sub.owns(a) and a not in own]
        if not own:
            own = [a for a in actors if a.category != "population"]
    own = _distinct_actors(own)
    etype = c.event_type
    trig = next(t for t in c.triggers if t.event_type == etype)
    if etype == "other" and _IN_FORCE.search(trig.text) and _TRUCE_BEFORE.search(
            doc.text, s, trig.start):
        etype = "ceasefire"                       # "the truce … that entered force on Oct. 10"
    if etype == "statement" and _directive(c):
        etype = "other"                           # "residents have been told to seek shelter"
    if etype == "movement" and _combat_purpose(c):
        etype = "attack"                          # "crossed into Syria to push IS from Jarablus"
    if etype == "attack" and all(t.text.lower().startswith("enter") for t in c.triggers
                                 if t.event_type == "attack"):
        etype = _entry_type(c)                    # "entered Manbij under a deal": deployment
    if etype == "movement" and _civilian_subject(c):
        etype = "displacement"                    # "35,000 civilians had left Sumy"
    if etype == "other" and trig.text.lower().startswith("call") and c.head is not None \
            and any(k.dep_ == "nsubj" and not _DOCUMENT.fullmatch(k.lower_)
                    for k in c.head.children):
        etype = "statement"                       # a person's call is an appeal, a deal's a term
    if etype == "attack" and _hazard_subject(c):
        etype = "disaster"                        # "the earthquake that struck …"
    clause_text = doc.text[c.start:c.end + 1] if c.head is not None else doc.text[s:e]
    fatalities, injured = casualties(clause_text)
    location = event_location(places, doc.text, doc, (trig.start, trig.end))
    basis = _BASIS_WEIGHT.get(when.basis, 0.5) if when else 0.3
    if when and when.from_context:
        basis = 0.6
    place_w = 1.0 if location is not None else (0.7 if places else 0.5)
    confidence = round(0.5 * c.strength + 0.25 * basis + 0.25 * place_w, 3)
    return Event(article_id=art.article_id, sentence=doc.text[s:e], start=s, end=e,
                 event_type=etype, date=when, actors=own, places=list(places),
                 location=location, confidence=confidence, source=art.source,
                 published=art.published, trigger=trig.text, fatalities=fatalities,
                 injured=injured, sub_event_type=sub_event(c.triggers, etype))


@functools.lru_cache(maxsize=1)
def _sub_event_order() -> dict[tuple[str, str], int]:
    """(event type, ACLED sub-event type) → precedence, from ``data/events/sub_events.csv``."""
    with open(DATA / "events" / "sub_events.csv", encoding="utf-8") as fh:
        rows = csv.DictReader(ln for ln in fh if not ln.startswith("#"))
        return {(r["event_type"], r["sub_event_type"]): i for i, r in enumerate(rows)}


def sub_event(trigs: list[Trigger], etype: str) -> str:
    """ACLED's sub-event type of an event of ``etype``: that of its triggers of the type, the
    first in the table's order; "" where none applies (a disaster, a statement)."""
    order = _sub_event_order()
    subs = [t.sub_event_type for t in trigs if t.event_type == etype
            and (etype, t.sub_event_type) in order]
    return min(subs, key=lambda x: order[(etype, x)], default="")


def _hazard(tok) -> bool:
    """A natural hazard noun of the lexicon (an entry ranked first: "earthquake", "typhoon")."""
    return any(ent.first and ent.event_type == "disaster" and ent.form in (tok.lower_, _lem(tok))
               for ent in triggers().get(tok.lower_, ()))


def _hazard_subject(c: Clause) -> bool:
    """"A 7.8-magnitude earthquake struck southern Turkey", "the typhoon, which hit Leyte":
    an attack verb whose subject (the noun its relative clause describes, the subject of the
    verb its participle depends on) is a natural hazard tells a disaster, not an attack."""
    h = c.head
    if h is None:
        return False
    subj = [k for k in h.children if k.dep_ in ("nsubj", "nsubjpass")]
    if h.dep_ == "relcl":
        subj.append(h.head)
    if h.dep_ in ("advcl", "conj", "xcomp") and not subj:
        # "the cyclone hit the coast, destroying homes": the participle shares its subject
        subj = [k for k in h.head.children if k.dep_ in ("nsubj", "nsubjpass")]
    return any(_hazard(k) for k in subj)


def _restatements(events: list[Event]) -> list[Event]:
    """The same happening restated in one article is one event: same type (not a statement:
    two sayings are two events), same day read from the text, same resolved place and an
    agent in common (without one, two protests in one city on one day may be two). The
    fullest sentence is kept, with the actors, places and counts of the others."""
    out: list[Event] = []
    for ev in events:
        twin = next((k for k in out if _same_happening(k, ev)), None)
        if twin is None:
            out.append(ev)
            continue
        full, other = (ev, twin) if len(ev.sentence) > len(twin.sentence) else (twin, ev)
        full.actors = _distinct_actors(full.actors + other.actors)
        full.places += [p for p in other.places if p not in full.places]
        full.fatalities = max(filter(None, (full.fatalities, other.fatalities)), default=None)
        full.injured = max(filter(None, (full.injured, other.injured)), default=None)
        out[out.index(twin)] = full
    return out


def _same_happening(a: Event, b: Event) -> bool:
    if a.event_type != b.event_type or a.event_type == "statement" or a.start == b.start:
        return False
    if not (a.date and b.date and a.date.value == b.date.value and a.date.precision == "day"
            and "reported" not in (a.date.basis, b.date.basis)):
        return False
    if not (a.location and b.location and a.location.name == b.location.name):
        return False
    x = {p.name.lower() for p in a.actors if p.category != "population"}
    y = {p.name.lower() for p in b.actors if p.category != "population"}
    return bool(x & y)


def _armed_story(events: list[Event]) -> list[Event]:
    """An explosion or a fire (a disaster entry ranked "armed") is an attack in a
    story that tells attacks ("an explosion went off outside the airport" of a bombing), an
    accident where it tells none (a port warehouse blast)."""
    if not any(ev.event_type == "attack" for ev in events):
        return events
    out = []
    for ev in events:
        t = _entry(ev.trigger, "disaster")
        if ev.event_type == "disaster" and t is not None and t.rank == "armed":
            ev = replace(ev, event_type="attack", event_id="",
                         sub_event_type="")
        out.append(ev)
    return out


def _entry(form: str, etype: str) -> Optional[Entry]:
    """The lexicon entry of a trigger's text and type."""
    low = form.lower()
    key = _WORD.match(low)
    return next((ent for ent in triggers().get(key.group(0), ())
                 if ent.form == low and ent.event_type == etype), None) if key else None


_PRONOUN = re.compile(r"(?:he|she|they|it|we|him|her|them|both|this|that)", re.I)
_DOCUMENT = re.compile(r"agreement|deal|accord|plan|resolution|memorandum|document|text|"
                       r"it|treaty|statement|declaration|protocol|proposal|initiative")
_CIVILIANS = re.compile(r"civilians|residents|refugees|families|villagers|inhabitants|evacuees|"
                        r"people|children|women|locals|population")


_COMBAT = re.compile(r"push|drive|attack|fight|capture|seize|retake|recapture|oust|expel|clear|"
                     r"dislodge|battle|confront|invade|assault|storm|strike|besiege|encircle")
_AGREED = re.compile(r"deal|agreement|accord|arrangement|truce|ceasefire|deals|agreements")
_NOT_ARMED = re.compile(r"convoys?|ships?|vessels?|inspectors|teams?|missions?|delegations?|trucks|"
                        r"lorries|journalists|reporters|monitors|observers|experts|envoys?")


_IN_FORCE = re.compile(r"force|effect", re.I)
# a truce named before the "came into force" of its clause, with no other document between
_TRUCE_BEFORE = re.compile(r"\b(?:ceasefire|cease-fire|truce|armistice)s?\b"
                           r"(?:(?!agreement|deal|accord|protocol|document|treaty|law)[^.;]){0,120}$",
                           re.I)


def _directive(c: Clause) -> bool:
    """"Residents have been told to turn off the lights": an instruction given to people
    (a passive telling with what to do), not a statement of their words."""
    h = c.head
    return h is not None and h.lower_ in ("told", "ordered", "instructed", "asked", "advised") \
        and any(k.dep_ == "nsubjpass" for k in h.children) \
        and any(k.dep_ == "xcomp" for k in h.children)


def _combat_purpose(c: Clause) -> bool:
    """A movement whose stated purpose is to fight ("crossed into Syria to push Islamic State
    from Jarablus", "advanced on the city to seize it") is an offensive."""
    h = c.head
    return h is not None and any(
        k.dep_ in ("advcl", "xcomp") and k.tag_ == "VB" and _COMBAT.fullmatch(k.lower_)
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in k.children) for k in h.children)


def _entry_type(c: Clause) -> str:
    """"Entered" is an attack by default ("government forces entered a key town"), a
    deployment where agreed ("entered Manbij under a deal with the SDF", "unopposed"), a
    movement for convoys, ships and missions, a displacement for civilians."""
    h = c.head
    if h is None:
        return "attack"
    sub = list(h.subtree)
    if any(t.dep_ == "pobj" and t.head.lower_ in ("under", "per") and _AGREED.fullmatch(t.lower_)
           for t in sub) or any(t.lower_ in ("unopposed", "peacefully", "uncontested")
                                for t in sub) or re.search(
            r"\bwithout (?:a |any )?(?:fight|resistance|shot)", " ".join(t.lower_ for t in sub)):
        return "deployment"
    subj = [k for k in h.children if k.dep_ in ("nsubj", "nsubjpass")]
    if any(_CIVILIANS.fullmatch(k.lower_) for k in subj):
        return "displacement"
    if any(k.lower_ == "peacekeepers" for k in subj):
        return "deployment"
    if any(_NOT_ARMED.fullmatch(k.lower_) for k in subj):
        return "movement"
    return "attack"


def _civilian_subject(c: Clause) -> bool:
    """Civilians travelling or leaving are displaced: the subject of the clause's verb."""
    h = c.head
    if h is None:
        return False
    subj = [k for k in h.children if k.dep_ in ("nsubj", "nsubjpass")]
    # "Thousands of ethnic Armenians left Kalbajar": the people counted, civilians or a
    # nationality (a nationality alone, "the Russians had been flown out", may be troops)
    counted = [g for k in subj if k.tag_ == "CD" or _QUANTITY.fullmatch(k.lower_)
               for p in k.children if p.dep_ == "prep" and p.lower_ == "of"
               for g in p.children if g.dep_ == "pobj"]
    return any(_CIVILIANS.fullmatch(k.lower_) for k in subj + counted) or any(
        k.ent_type_ == "NORP" and k.tag_ in ("NNS", "NNPS") for k in counted)


_QUANTITY = re.compile(r"(?:hundreds|thousands|dozens|scores|millions|tens)")


def _distinct_actors(actors: list[ActorMention]) -> list[ActorMention]:
    """One mention per actor, named rather than by pronoun ("Macron said he …": Macron once,
    not "he" beside him); a pronoun left unresolved is dropped."""
    out: dict[str, ActorMention] = {}
    for a in actors:
        pron = bool(_PRONOUN.fullmatch(a.text.strip()))
        if pron and (not a.name or _PRONOUN.fullmatch(a.name.strip())):
            continue
        key = (a.name or a.text).lower()
        if key not in out or (_PRONOUN.fullmatch(out[key].text.strip()) and not pron):
            out[key] = a
    return list(out.values())


def casualties(text: str) -> tuple[Optional[int], Optional[int]]:
    """(fatalities, injured) stated in ``text``: "killing ten", "12 people were killed"."""
    def grab(verbs: str, nouns: str) -> Optional[int]:
        pats = [rf"\b(?:{verbs})\s+(?:at least |over |more than |nearly |about |some )?{_NUM}\b",
                rf"\b{_NUM}\s+(?:[\w-]+\s+){{0,3}}(?:were |was |have been |had been |are )?"
                rf"(?:{verbs})\b",
                rf"\b(?:{nouns})\s+of\s+(?:at least |over |more than |some )?{_NUM}\b"]
        for p in pats:
            m = re.search(p, text, re.I)
            if m:
                n = m.group(1).lower().replace(",", "")
                return int(n) if n.isdigit() else _NUM_WORDS.get(n)
        return None
    return (grab("killing|killed|kills|dead|died", "deaths|death"),
            grab("injuring|injured|wounding|wounded", "injuries"))


_GENERIC_SPEAKERS = re.compile(r"analysts|experts|observers|critics|commentators|"
                               r"economists|pundits|historians|scholars")


def _generic_speaker(c: Clause) -> bool:
    """"Analysts say …", "experts warn …": a bare plural of commentators, not a source."""
    h = c.head
    return h is not None and any(
        k.dep_ == "nsubj" and _GENERIC_SPEAKERS.fullmatch(k.lower_)
        and not any(d.dep_ in ("det", "poss", "compound", "prep", "amod", "nummod")
                    for d in k.children) for k in h.children)


_ACCUSE = re.compile(r"accus|blam|charg|alleg", re.I)


def _report_scope(c: Clause) -> tuple[int, bool]:
    """The statement clause whose content ``c`` is (0: told by the narrative itself), and
    whether that statement is an accusation ("ordered an offensive …, accusing it of
    attacking a base": the accused's act is another happening than the accuser's)."""
    for a in c.ancestors():
        if a.triggers and a.event_type == "statement":
            trig = next(t for t in a.triggers if t.event_type == "statement")
            return a.start + 1, bool(_ACCUSE.match(trig.text))
    return 0, False


def _dedupe(events: list[Event], scopes: Optional[list] = None) -> list[Event]:
    """One event per type and date in a sentence: several triggers of one happening merge,
    but not what two reports tell at different places ("Energodar was shelled, according to
    X, which also reported that Russia hit Sarny"), nor what an accusation alleges."""
    kept_list: list[tuple[Event, tuple[int, bool]]] = []
    for i, ev in enumerate(events):
        scope = scopes[i] if scopes and ev.event_type != "statement" else (0, False)
        kept = None
        for k, ks in kept_list:
            if k.event_type != ev.event_type or \
                    (k.date.value if k.date else None) != (ev.date.value if ev.date else None):
                continue
            if ks[0] != scope[0]:
                if ks[1] or scope[1]:
                    continue
                if k.location and ev.location and k.location.name != ev.location.name:
                    continue
            kept = k
            break
        if kept is not None:
            kept.places += [p for p in ev.places if p not in kept.places]
            kept.actors = _distinct_actors(kept.actors + ev.actors)
            if kept.location is None or (ev.location is not None and SPECIFICITY.get(
                    ev.location.feature, 3) < SPECIFICITY.get(kept.location.feature, 3)):
                kept.location = ev.location       # "to leave Ukraine … departed from Odesa"
            kept.fatalities = kept.fatalities or ev.fatalities
            kept.injured = kept.injured or ev.injured
            kept.confidence = max(kept.confidence, ev.confidence)
        else:
            kept_list.append((ev, scope))
    return [k for k, _ in kept_list]
