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

import bisect
import csv
import functools
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple, Optional

from . import nlp
from .clause_roles import describes_participant, in_class, in_relative, word_class
from .config import DEFAULT, Settings
from .actors import agents
from .model import ActorMention, Doc, Event, EventDate, Evidence, PlaceMention, stable_id
from .event_dates import (_BASIS_WEIGHT, _clause_dates, _event_date, _premodified, dating,
                          cross_referenced, event_when, fuzzy)
from .resources import fold, has_needs, pattern
from .segment import is_heading, is_standfirst
from geo.context import (PLACE_NOUN, REFERENCE, SPECIFICITY, carried_place, event_location,
                         event_places, facility_places, host_city, may_name_places, possessor,
                         sentence_places, state_places)

DATA = Path(__file__).parent / "data"
PATTERNS = DATA / "events" / "events_patterns.toml"
# which type a clause takes when it holds triggers of several (a trigger ranked "first" in the
# lexicon, a natural hazard, goes before all of them)
PRIORITY = ("arrest", "attack", "protest", "disaster", "displacement", "movement", "deployment",
            "ceasefire", "meeting", "casualties", "other", "statement")
# the triggers that may type a clause, tried in turn: those that tell what happened, then a
# backdrop noun, then a participant noun, then an epithet
_YIELDING = (lambda t: not (t.participant or t.backdrop or t.epithet),
             lambda t: not (t.participant or t.epithet), lambda t: not t.epithet)
# types a speech act brings about, so that "announced a truce" is the truce itself
_DECLARED = ("ceasefire", "other")
_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "conj", "relcl", "parataxis", "acl", "xcomp",
                          "pcomp", "csubj"})
_NUM_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}


@functools.lru_cache(maxsize=None)
def _pattern(name: str) -> re.Pattern:
    """Pattern ``name`` of ``data/events/events_patterns.toml`` (cached by name: the look-up
    runs once per word of every sentence)."""
    return pattern(PATTERNS, name)


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    text: str
    event_type: str
    strength: float
    sub_event_type: str = ""
    first: bool = False              # ranked before every type (a natural hazard)
    participant: bool = False        # names people by their part: types a clause of no other
    backdrop: bool = False           # a noun in a phrase of time ("after the talks"): yields too
    epithet: bool = False            # a participle describing a noun ("occupied territory")


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
            if pos == "V" and f in listed and f.endswith(_NOUN_ENDINGS):
                pos = "*"                     # "withdrawal", "departure", "invasion"
            e = Entry(f.lower(), r["event_type"], pos, float(r["strength"]),
                      r.get("sub_event_type") or "", r.get("rank") or "", i)
            key = _pattern("word").match(e.form)
            if key:
                index.setdefault(key.group(0), []).append(e)
    return index


# a listed irregular form shaped like a noun is one, whatever the row's part of speech
_NOUN_ENDINGS = ("al", "ion", "ions", "ure", "ures", "ment", "ments", "ance", "ances")


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
    # (triggers, their number, type): the type, kept until the triggers change
    typed: tuple = field(default=(None, 0, None), repr=False, compare=False)

    def owns(self, m) -> bool:
        return m.start in self.chars

    @property
    def event_type(self) -> Optional[str]:
        """The clause's type (asked many times a clause: worked out once for its triggers)."""
        trigs, n, etype = self.typed
        if trigs is not self.triggers or n != len(trigs):
            etype = self._event_type()
            self.typed = (self.triggers, len(self.triggers), etype)
        return etype

    def _event_type(self) -> Optional[str]:
        if not self.triggers:
            return None
        # "protesters were killed by police": a participant noun yields to what happened
        # then a backdrop noun, then a participant noun, an epithet last
        trigs = next((ts for keep in _YIELDING
                      if (ts := [t for t in self.triggers if keep(t)])), self.triggers)
        best = min(trigs, key=lambda t: (not t.first, PRIORITY.index(t.event_type)))
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
            span = nlp.span(h.doc, t.start, t.end)
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
    words = None
    if doc.parsed is not None:
        words = nlp.token_bounds(doc.parsed, s, e)
    if words is None or words[0] >= words[1]:
        return [Clause(None, s, e, set(range(s, e)))]
    parsed = doc.parsed
    toks = _token_table(parsed)
    offset, idx, length = toks.offset, toks.idx, toks.length
    by_head: dict[int, Clause] = {}
    last: dict[int, int] = {}                 # clause head → its last word
    for i, h in enumerate(_clause_heads(toks, *words), words[0]):
        c = by_head.get(h)
        if c is None:
            c = by_head[h] = Clause(parsed[h], idx[i], idx[h])
        c.chars.update(range(idx[i], idx[i] + length[i] + 1))
        last[h] = i
    for h, c in by_head.items():
        if toks.deps[h] not in toks.roots and offset[h] != 0:
            p = by_head.get(_clause_head(toks, h + offset[h]))   # the clause of the word h hangs on
            if p is not None and p is not c:
                c.parent = p
                p.children.append(c)
        # the words go up the text: the clause ends after its last word
        c.end = idx[last[h]] + length[last[h]]
    return sorted(by_head.values(), key=lambda c: c.start)


class _Tokens(NamedTuple):
    """Per token of a parse: offset to its head, character offset, length, and the string
    ids of its relation and tag, with the ids of the relations and tags that make a clause
    head (a verb in a clause relation, the root: ``_clause_heads``); for the non-factual
    patterns, the string ids of the attributes they test (``_attr_keys``) and each token's
    children (``order[first[i]:first[i + 1]]``)."""
    offset: list[int]
    idx: list[int]
    length: list[int]
    deps: list[int]
    tags: list[int]
    roots: frozenset                 # ids of the relation ROOT
    clausal: frozenset               # ids of the clause relations (``_CLAUSE_DEPS``)
    verbs: set                       # ids of the verb tags (VB…)
    cols: dict[str, list[int]]
    order: list[int]
    first: list[int]
    strings: object                  # the vocabulary's strings: what a REGEX is tried on


def _token_table(parsed) -> _Tokens:
    """The parse read once into plain lists (a spaCy token made per look-up was most of the
    cost of ``_clauses`` and of the non-factual patterns), once per doc."""
    return nlp.doc_table(parsed, "event_tokens", _read_tokens)


def _read_tokens(parsed) -> _Tokens:
    import numpy
    from spacy import attrs

    keys = _attr_keys()
    table = parsed.to_array([attrs.HEAD, *(getattr(attrs, k) for k in keys)])
    rel = table[:, 0].astype("int64")                # string ids: unsigned; offsets: signed
    cols = dict(zip(keys, table[:, 1:].T.tolist()))
    n = len(rel)
    keyed = numpy.where(rel == 0, n, numpy.arange(n) + rel)     # the root is no one's child
    order = numpy.argsort(keyed, kind="stable")
    first = numpy.searchsorted(keyed[order], numpy.arange(n + 1))
    idx, length = nlp.offsets(parsed)
    strings = parsed.vocab.strings
    return _Tokens(rel.tolist(), idx, length, cols["DEP"], cols["TAG"],
                   nlp.string_ids(frozenset({"ROOT"})), nlp.string_ids(_CLAUSE_DEPS),
                   {t for t in set(cols["TAG"]) if _verb_tag(t, strings)},
                   cols, order.tolist(), first.tolist(), strings)


@functools.lru_cache(maxsize=None)
def _attr_keys() -> tuple[str, ...]:
    """The token attributes read into ``_Tokens.cols``: relation and tag (clause heads), and
    those the non-factual patterns test (spaCy's DependencyMatcher names)."""
    used = {k for p in nonfactual_patterns() for nodes in [p["pattern"], *p.get("unless", ())]
            for n in nodes for k in n["RIGHT_ATTRS"]}
    return ("DEP", "TAG", *sorted(used - {"DEP", "TAG"}))


@functools.lru_cache(maxsize=None)
def _verb_tag(tag: int, strings) -> bool:
    return strings[tag].startswith("VB")


def _clause_heads(toks: _Tokens, first: int, last: int) -> list[int]:
    """The index of the head of the clause of each token of ``first``…``last - 1``: up the
    parse until a clause head (a verb in a clause relation, the root), or 50 steps."""
    offset, deps, tags = toks.offset, toks.deps, toks.tags
    clausal, verbs, roots = toks.clausal, toks.verbs, toks.roots
    out = []
    for h in range(first, last):
        seen = 0
        while not ((deps[h] in clausal and tags[h] in verbs) or deps[h] in roots
                   or offset[h] == 0) and seen < 50:
            h, seen = h + offset[h], seen + 1
        out.append(h)
    return out


def _clause_head(toks: _Tokens, i: int) -> int:
    """The index of the head of token ``i``'s clause (``_clause_heads`` of that one token)."""
    return _clause_heads(toks, i, i + 1)[0]


def _find_triggers(doc: Doc, s: int, e: int) -> list[Trigger]:
    """Lexicon forms in ``[s, e)``, longest first, one per stretch of text; a verb entry only on
    a verb of the parse, a noun entry never on one, and no entry inside a date ("in March")."""
    text = doc.text
    found = _lexicon_forms(_lower(text), s, e)
    found.sort(key=lambda x: (x[0] - x[1], x[2].order, x[0]))
    names = None
    out: list[Trigger] = []
    taken: set[int] = set()
    for a, b, ent in found:
        if a in taken:
            continue
        span = nlp.span(doc.parsed, a, b) if doc.parsed is not None else None   # read once
        if not _pos_fits(span, ent.pos):
            continue
        if names is None:
            names = [(m.start, m.end) for m in doc.actors if s <= m.start < e]
        if ent.pos != "V" and any(x <= a and b < y for x, y in names):
            continue                              # a modifier in a name: "the UN refugee agency"
        out.append(Trigger(a, b, text[a:b], ent.event_type, ent.strength, ent.sub_event_type,
                           ent.first, ent.rank == "participant", _backdrop(span),
                           _epithet(span)))
        taken.update(range(a, b))
    return sorted(out, key=lambda t: t.start)


def _lexicon_forms(low: str, s: int, e: int) -> list[tuple[int, int, Entry]]:
    """(start, end, entry) of every lexicon form written in ``low[s:e]`` (the lower-cased
    text) from a word start (``word_start``) to a word end. Only the forms whose words the
    sentence all has are looked for, each by a substring search: most words of a sentence
    begin none, and looking each one up cost more than the searches."""
    forms = _forms_by_word()
    found = []
    words = set(_pattern("word_start").findall(low, s, e))
    for key in forms.keys() & words:
        for ent, later in forms[key]:
            if not later <= words:
                continue
            at = low.find(ent.form, s, e)
            while at >= 0:
                end = at + len(ent.form)
                if not (at and _word_char(low, at - 1)) and not _word_char(low, end):
                    found.append((at, end, ent))
                at = low.find(ent.form, at + 1, e)
    return found


@functools.lru_cache(maxsize=1)
def _forms_by_word() -> dict[str, list[tuple[Entry, frozenset]]]:
    """``triggers()`` with each entry's later words: the leading letters of each part of the
    form after a space ("opened fire": fire), each a word start wherever the form is
    written, so that a sentence without one of them is not searched for the form."""
    word = _pattern("word")
    return {key: [(ent, frozenset(m.group(0) for part in ent.form.split(" ")[1:]
                                  if (m := word.match(part))))
                  for ent in ents]
            for key, ents in triggers().items()}


def _epithet(span) -> bool:
    """A one-word participle describing a noun ("occupied territory", "the fleeing president",
    "the besieged city") names it by what befell it: like a participant noun it types a
    clause that tells nothing else (``span``: the trigger's words, None without a parse)."""
    return span is not None and len(span) == 1 and span[0].dep_ == "amod" \
        and span[0].tag_ in ("VBN", "VBG", "VBD", "JJ") and span[0].head.i > span[0].i


def _backdrop(span) -> bool:
    """A noun in a phrase of time before the clause's own happening ("mobilized staff following
    the arrival of thousands", "returned home after the talks") is its backdrop: like a
    participant noun it types a clause that tells nothing else (``span``: the trigger's
    words, None without a parse)."""
    if span is None or not len(span) or span.root.tag_.startswith("VB"):
        return False
    noun = span.root
    # "since the start of Haftar's offensive": the happening a phase noun is of
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.tag_.startswith("NN"):
        noun = noun.head.head
    prep = noun.head
    return noun.dep_ == "pobj" and in_class(prep.lower_, "backdrop_preps") \
        and prep.head.tag_.startswith("VB")


# a noun inside the name of an organisation or a work names it, it tells no event
_NAME_ENTS = {"ORG", "WORK_OF_ART", "LAW"}


@functools.lru_cache(maxsize=4)
def _lower(text: str) -> str:
    """``resources.fold`` of an article's text, kept while its sentences are read: where the
    lexicon's forms (``_lexicon_forms``) and the strings a pattern needs (``_search``) are
    looked for. Where lower case changes the length ("İ"), each letter is folded alone to
    the first letter of its lower case ("i"), so that the offsets stay the text's."""
    low = fold(text)
    return low if low is not None else fold("".join(c.lower()[0] for c in text))


def _search(name: str, text: str, s: int, e: int, low: Optional[str]) -> Optional[re.Match]:
    """``_pattern(name).search(text, s, e)``, not tried where ``low[s:e]`` holds none of
    the strings every match of the pattern needs (``resources.has_needs``; ``low``: a fold
    of ``text``, ``resources.fold`` or ``_lower``; None: not tested): a substring test is
    much cheaper than a regex search at every position."""
    rx = _pattern(name)
    if low is not None and not has_needs(rx, low, s, e, folded=True):
        return None
    return rx.search(text, s, e)


def _word_char(text: str, i: int) -> bool:
    """A word character or a hyphen at ``i``: a form ends inside a longer word there."""
    return i < len(text) and (text[i].isalnum() or text[i] in "_-")


def _pos_fits(span, pos: str) -> bool:
    """A verb entry needs a verb among its words ("earthquake struck"), a noun entry a head
    that is not one; a word inside a date expression is no trigger ("in March"). ``span``:
    the entry's words, None without a parse (any entry fits)."""
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
    """The article's events, sentence by sentence: triggers, their clauses, and each
    clause's date and place; the narrative date and the dateline carry across sentences."""
    text = doc.text
    events: list[Event] = []
    paragraph_date: Optional[EventDate] = None
    last_para = -1
    dateline: list[PlaceMention] = []
    days = sorted(d.start for d in doc.dates)
    for s, e in doc.sentences:
        para = text.count("\n\n", 0, s)
        if para != last_para:
            paragraph_date, last_para = None, para
        if (is_heading(text, (s, e)) and not _long_line(text, s, e)) \
                or is_standfirst(text, (s, e)):
            dateline = _dateline_places(doc, s, e) or dateline
            continue
        # a sentence that names no date, no place, no place name and has no word of a place
        # phrase can date or locate none of its clauses: no event, no narrative date
        marked = _marked(doc, s, e, days)
        maybe = None if marked else may_name_places(doc, s, e, settings)
        phrased = None if marked or maybe else _phrase_words(doc, s, e)   # asked once at most
        if phrased is False:
            continue
        trigs = _find_triggers(doc, s, e)
        if not trigs:
            named = [d for d in dating(doc, [d for d in doc.dates if s <= d.start < e])
                     if not fuzzy(doc, d)]
            if named:
                paragraph_date = _event_date(named[-1], doc)
            continue
        ctx = _sentence(doc, s, e, settings, maybe)
        if not (ctx.dates or ctx.places or ctx.where_ner or ctx.sites) \
                and not (phrased or _phrase_words(doc, s, e)):
            continue                              # no clause can be dated or located
        trigs = _factual(doc, trigs)
        if not trigs:
            continue
        clauses = _clauses(doc, s, e)
        for t in trigs:
            owner = next((c for c in clauses if t.start in c.chars), clauses[0])
            owner.triggers.append(t)
        _merge_participles(clauses)
        if ctx.sites and any(c.triggers and c.event_type != "statement" and not _possible(c)
                             for c in clauses):
            ctx.places += ctx.sites
        found, scopes, owners = _clause_events(doc, ctx, clauses, paragraph_date, dateline,
                                               events)
        plain = _news_told(found, scopes, owners)
        found = _dedupe(found, scopes)
        # the narrative date moves on with each sentence that names a date
        named = [d for d in ctx.dates if id(d) not in ctx.premod and not fuzzy(doc, d)]
        if named:
            paragraph_date = _event_date(named[-1], doc)
        found = [ev for ev in found if ev.confidence >= settings.min_confidence]
        restated = _restated(text, s, found, events)
        for old in restated:                      # a further evidence sentence of each
            old.evidence = old.statements + [Evidence(text[s:e], s, e)]
        if restated:
            continue
        events.extend(ev for ev in found if id(ev) not in plain)
    return _armed_story(_restatements(doc, cross_referenced(doc, events)))


@dataclass
class Sentence:
    """The mentions of one sentence that its clauses' events draw on."""
    start: int
    end: int
    expressions: list          # every time expression
    dates: list                # those that can date an event
    actors: list
    premod: dict               # id(date) -> the noun it premodifies ("Saturday's truce")
    places: list               # the sentence's places, facilities added when events are real
    states: list               # countries named as the state acting ("Chile ordered …")
    where_ner: list            # place names the gazetteer did not resolve
    sites: list                # facilities, a place of the events that are real ones


def _sentence(doc: Doc, s: int, e: int, settings: Settings,
              maybe: Optional[bool] = None) -> Sentence:
    """Read the sentence's dates, actors and places once for all its clauses (sentences
    with none of them and no place phrase go no further: ``events_from``). ``maybe``:
    ``geo.context.may_name_places`` when known; its places are not read when it is False."""
    if maybe is None:
        maybe = may_name_places(doc, s, e, settings)
    text = doc.text
    inside = lambda ms: [m for m in ms if s <= m.start and m.end <= e]
    expressions = inside(doc.dates)
    dates = dating(doc, expressions)
    actors = inside(doc.actors)
    premod = {id(d): n for d in dates if (n := _premodified(doc, d)) is not None}
    named = sentence_places(doc, s, e, settings) if maybe else []
    places = event_places(text, named, actors)
    states = state_places(text, named, actors)
    sites = facility_places(doc, s, e, places) if maybe else []
    # a place the gazetteer did not resolve still makes the sentence located
    where_ner = [x for x in doc.entities_in(s, e) if x.label in _WHERE_LABELS
                 and s <= x.start < e and not any(a.start <= x.start < a.end for a in actors)
                 and not REFERENCE.search(text[max(0, x.start - 40):x.start])]
    return Sentence(s, e, expressions, dates, actors, premod, places, states, where_ner, sites)


def _marked(doc: Doc, s: int, e: int, days: list[int]) -> bool:
    """Sentence ``[s, e)`` names a date (``days``: where the doc's dates start, ascending) or
    a place the recogniser labelled (``Sentence.where_ner``)."""
    i = bisect.bisect_left(days, s)
    return (i < len(days) and days[i] < e) \
        or any(x.label in _WHERE_LABELS for x in doc.entities_in(s, e))


def _phrase_words(doc: Doc, s: int, e: int) -> bool:
    """Whether sentence ``[s, e)`` has a word that ``_place_phrase`` looks for ("the area",
    "a nationwide strike"): without one no clause of it is located by a phrase."""
    words = nlp.token_bounds(doc.parsed, s, e) if doc.parsed is not None else None
    if words is None:
        return False
    forms = _phrase_forms()
    return forms is None or bool(nlp.lower_in(doc.parsed, forms, *words))


@functools.lru_cache(maxsize=1)
def _phrase_forms() -> Optional[frozenset]:
    """The words of the classes ``_place_phrase`` tests (None when a class has stems: any
    word may begin with one)."""
    classes = [word_class(name) for name in _PHRASE_CLASSES]
    return None if any(stems for _, stems in classes) \
        else frozenset().union(*(words for words, _ in classes))


_PHRASE_CLASSES = ("nationwide", "place_nouns")


# the entities that make a sentence located though the gazetteer did not resolve them
_WHERE_LABELS = ("GPE", "LOC", "FAC")


def _clause_events(doc: Doc, ctx: Sentence, clauses: list[Clause],
                   paragraph_date: Optional[EventDate], dateline: list[PlaceMention],
                   events: list[Event]) -> tuple[list[Event], list, list[Clause]]:
    """The events of a sentence's clauses (one per day a clause is told on), with each one's
    report scope and owning clause; a clause neither dated nor located gives none."""
    found: list[Event] = []
    scopes: list[tuple[int, bool]] = []
    owners: list[Clause] = []
    for c in clauses:
        if not c.triggers:
            continue
        if c.event_type != "statement" and _possible(c):
            continue                              # "a battle may break out in Sirte"
        if c.event_type == "statement" and _generic_speaker(c):
            continue                              # "analysts say …": an opinion, no event
        c_places = _clause_places(c, ctx.places, doc.text)
        s_places = ctx.places if c_places else _outside_relatives(c, clauses, ctx.places)
        c_dates = _clause_dates(c, ctx.dates, clauses, ctx.premod)
        located = _located(c, clauses, ctx.places, ctx.where_ner, c_places, s_places)
        phrase = not (c_dates or c_places or located) and _place_phrase(doc, c)
        if not c_dates and not c_places and not located and not phrase:
            continue
        # the day a source spoke is not the narrative's: a statement with no date of
        # its own is dated by the report ("Tatoyan's office said …" after "… on Sunday")
        context = None if c.event_type == "statement" else paragraph_date
        when_list = event_when(doc, c, c_dates, ctx.dates, clauses, ctx.premod, context,
                               ctx.expressions)
        where = (c_places or s_places or ([] if c.event_type == "statement" else ctx.states)
                 or dateline or carried_place([ev.location for ev in events]))
        for i, when in enumerate(when_list):
            ev = _event(doc, ctx.start, ctx.end, c, when, where, ctx.actors)
            if i:                   # one clause, several days: one id per day, the first's kept
                ev = replace(ev, event_id=stable_id(ev.event_id, when and when.value))
            found.append(ev)
            scopes.append(_report_scope(c))
            owners.append(c)
    return found, scopes, owners


def _located(c: Clause, clauses: list[Clause], places: list, where_ner: list,
             c_places: list, s_places: list) -> list:
    """What locates clause ``c``: the sentence's places or unresolved place names; for a
    statement, not those in what describes the speaker ("The TPLF, which dominated Ethiopia's
    ruling coalition, said …")."""
    if c.event_type != "statement" or c_places:
        return places or where_ner
    if s_places or not where_ner:
        return s_places
    about = [x for x in clauses if describes_participant(x, stop=c)
             and not any(a is x for a in c.ancestors())]
    return [x for x in where_ner if not any(a.owns(x) for a in about)]


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


def _long_line(text: str, s: int, e: int) -> bool:
    """A line of 22 words or more is body text even without closing punctuation (a quote cut
    off at its comma, a photo caption ending in its credit): headlines are shorter."""
    return len(text[s:e].split()) >= 22




def _restated(text: str, s: int, new: list[Event], before: list[Event]) -> list[Event]:
    """A direct quotation that only restates what the article already reported ("“This
    unilateral ceasefire declaration starts from today June 28, 2021 …”" after "the government
    on Monday said it was declaring a ceasefire"): the same source restating one happening is
    not a new event but a further evidence sentence of the events it restates (returned;
    none: not a restatement). Restated: every event of the quote but the speaker's
    ``statement`` has an earlier event of its type at the same place, or on the same named
    day where no place is."""
    if not _pattern("quote_open").match(text, s):
        return []
    content = [ev for ev in new if ev.event_type != "statement"]
    if not content or _pattern("again").search(new[0].sentence):
        return []                                 # "… are being shelled again": a new one
    speakers = {a.name for ev in new if ev.event_type == "statement" for a in ev.actors}

    def same(a: Event, b: Event) -> bool:
        if a.event_type != b.event_type:
            return False
        if a.location is not None and b.location is not None:
            return a.location.name == b.location.name
        return bool(a.date and b.date and a.date.value == b.date.value
                    and a.date.basis != "reported" and b.date.basis != "reported")
    told = [next((old for old in before if same(ev, old)
                  and (not speakers or speakers & {a.name for a in old.actors})), None)
            for ev in content]
    return [] if None in told else list({id(o): o for o in told}.values())


_REACHED = PLACE_NOUN                             # "reached the outskirts": a place reached


def _lem(tok) -> str:
    """The lower-cased word (the pipeline may run without a lemmatizer)."""
    return (tok.lemma_ or tok.lower_).lower()


def _token(doc: Doc, t: Trigger):
    """The trigger's head word (its only word, else its span's root), None without one."""
    words = nlp.token_bounds(doc.parsed, t.start, t.end)
    if words is None or words[0] >= words[1]:
        return None
    if words[1] - words[0] == 1:
        return doc.parsed[words[0]]
    return nlp.span(doc.parsed, t.start, t.end).root


def _factual(doc: Doc, trigs: list[Trigger]) -> list[Trigger]:
    """Triggers that tell something happening here: not those a pattern of
    ``data/events/nonfactual.json`` matches (negated, possible, intended, denied, conditional,
    asked for, discussed, meant to be ended, background, a name or a cause already told),
    nor those after an inverted condition the parse misses ("had the hostilities continued",
    ``conditional_before`` of ``events_patterns.toml``), nor "reach" and "approach" without a
    place reached."""
    if doc.parsed is None:
        return trigs
    out = []
    view, low = _token_table(doc.parsed), _lower(doc.text)
    for t in trigs:
        tok = _token(doc, t)
        if tok is not None:
            types = _blocked_at(view, tok.i)
            if types is not None and (not types or t.event_type in types):
                continue
            if _search("conditional_before", doc.text, max(0, t.start - 60), t.start, low):
                continue                          # "had the hostilities continued, …"
            if tok.lower_.startswith("approach") and t.event_type == "movement" \
                    and not _place_reached(doc, tok, t):
                continue                          # "approached the UN for help"
            if tok.lower_.startswith("reach") and not _place_reached(doc, tok, t):
                continue                          # "reached an agreement", "the toll reached 50"
        out.append(t)
    return out


def _place_reached(doc: Doc, tok, t: Trigger) -> bool:
    """The object of "reach"/"approach" is a place: a common place noun ("the outskirts"), a
    place name the parser tags ("reached Kabul") or a place mention right after the verb
    ("approached Mariupol"), unlike "reached an agreement" or "approached the UN"."""
    return any(k.dep_ == "dobj" and (k.ent_type_ in ("GPE", "LOC", "FAC")
                                     or _REACHED.fullmatch(_lem(k))) for k in tok.children) \
        or any(p.start == t.end + 1 for p in doc.places)


@functools.lru_cache(maxsize=1)
def nonfactual_patterns() -> list[dict]:
    """The patterns of ``data/events/nonfactual.json`` (name, why, types, pattern, examples)."""
    with open(DATA / "events" / "nonfactual.json", encoding="utf-8") as fh:
        return json.load(fh)["patterns"]


def _blocked_at(view: _Tokens, i: int) -> Optional[frozenset]:
    """The event types a non-factual pattern blocks at trigger token ``i`` (an empty set:
    all types; None: none blocked), read from the doc's table.

    The patterns are spaCy DependencyMatcher patterns; they are evaluated here from the
    trigger with the operators they use (``>`` child, ``<`` head, ``>>`` descendant), and an
    entry's ``unless`` patterns cancel it (the matcher has no negation), because spaCy's
    matcher, run over a whole article, cost most of the stage's time. They run on token
    indices and string ids, not on spaCy tokens (a token made at each step of each pattern
    was most of the cost)."""
    out: Optional[frozenset] = None
    seen: dict[tuple[str, str], set] = {}
    for p in _fitting(tuple(view.cols[k][i] for k in _attr_keys()), view.strings):
        if p.hop is not None:
            op, key, allowed = p.hop
            if (op, key) not in seen:
                col = view.cols[key]
                seen[op, key] = {col[k] for k in _near(view, i, op)}
            if seen[op, key].isdisjoint(allowed):
                continue                # no child (or head) with what its second node needs
        if _solve(view, p.nodes, 1, [i]) and not any(_matches(view, i, u) for u in p.unless):
            if not p.types:
                return frozenset()
            out = (out or frozenset()) | p.types
    return out


def _near(view: _Tokens, i: int, op: str):
    """The tokens ``op`` reaches from token ``i``: its children (``>``), its head (``<``, none
    at the root) or its descendants (``>>``)."""
    if op == ">":
        return view.order[view.first[i]:view.first[i + 1]]
    if op == "<":
        h = i + view.offset[i]
        return (h,) if h != i else ()
    if op == ">>":
        out, todo = [], [i]
        while todo:
            kids = _near(view, todo.pop(), ">")
            out += kids
            todo += kids
        return out
    raise ValueError(f"operator {op!r} is not supported in nonfactual.json")


class _Pattern(NamedTuple):
    """A non-factual pattern read for matching on string ids: its nodes (index of the node
    each hangs from, operator, tests), its ``unless`` patterns alike, the types it blocks
    and its first hop (``_first_hops``)."""
    nodes: tuple
    unless: tuple
    types: frozenset
    hop: Optional[tuple]


@functools.lru_cache(maxsize=1)
def _compiled() -> tuple[_Pattern, ...]:
    return tuple(_Pattern(_nodes(p["pattern"]), tuple(_nodes(u) for u in p.get("unless", ())),
                          frozenset(p.get("types", ())),
                          hop and (hop[0], hop[1], nlp.string_ids(frozenset(hop[2]))))
                 for p, hop in zip(nonfactual_patterns(), _first_hops()))


def _nodes(pattern: list[dict]) -> tuple:
    """(index of the node it hangs from, operator, tests) per node; a test is (attribute,
    kind, value): equal to a string id, IN or NOT_IN a set of them, or a REGEX."""
    names = {n["RIGHT_ID"]: k for k, n in enumerate(pattern)}
    out = []
    for n in pattern:
        tests = []
        for key, want in n["RIGHT_ATTRS"].items():
            if not isinstance(want, dict):
                tests.append((key, "==", nlp.string_id(want)))
                continue
            for kind in ("IN", "NOT_IN"):
                if kind in want:
                    tests.append((key, kind, nlp.string_ids(frozenset(want[kind]))))
            if "REGEX" in want:
                tests.append((key, "REGEX", _regex(want["REGEX"])))
        out.append((names.get(n.get("LEFT_ID")), n.get("REL_OP"), tuple(tests)))
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def _fitting(attrs: tuple, strings) -> tuple[_Pattern, ...]:
    """The non-factual patterns whose first node a trigger token with these attribute ids
    (``_attr_keys``) fits: most test the trigger's own relation or tag, which rules them out
    for a word before any of its neighbours is looked at."""
    one = _Word({k: [v] for k, v in zip(_attr_keys(), attrs)}, strings)
    return tuple(p for p in _compiled() if _node_fits(one, 0, p.nodes[0][2]))


class _Word(NamedTuple):
    """One token's attributes as ``_node_fits`` reads them from a ``_Tokens`` table."""
    cols: dict[str, list[int]]
    strings: object


def _matches(view: _Tokens, i: int, nodes: tuple) -> bool:
    """A dependency pattern matches with its first node at token ``i``."""
    return _node_fits(view, i, nodes[0][2]) and _solve(view, nodes, 1, [i])


def _solve(view: _Tokens, nodes: tuple, k: int, bound: list[int]) -> bool:
    """Bind nodes ``k..`` of a dependency pattern (``bound``: the tokens of those before), each
    to a child (``>``), the head (``<``) or a descendant (``>>``) of a node bound before it."""
    if k == len(nodes):
        return True
    left, op, tests = nodes[k]
    return any(_node_fits(view, c, tests) and _solve(view, nodes, k + 1, [*bound, c])
               for c in _near(view, bound[left], op))


def _node_fits(view, i: int, tests: tuple) -> bool:
    cols = view.cols
    for key, kind, want in tests:
        val = cols[key][i]
        if kind == "==":
            if val != want:
                return False
        elif kind == "IN":
            if val not in want:
                return False
        elif kind == "NOT_IN":
            if val in want:
                return False
        elif not want.search(view.strings[val]):
            return False
    return True


@functools.lru_cache(maxsize=256)
def _regex(source: str) -> re.Pattern:
    return re.compile(source)


@functools.lru_cache(maxsize=1)
def _first_hops() -> list[Optional[tuple[str, str, frozenset]]]:
    """Per pattern of ``nonfactual_patterns``, what its second node needs of one of the
    trigger's children (``>``) or of its head (``<``): (operator, attribute, the values it
    may have, from an equality or ``IN``), so that a pattern is not tried at a trigger
    without such a token; None when the second node needs no such value."""
    out: list[Optional[tuple[str, str, frozenset]]] = []
    for p in nonfactual_patterns():
        nodes, hop = p["pattern"], None
        if len(nodes) > 1 and nodes[1]["LEFT_ID"] == nodes[0]["RIGHT_ID"] == "trigger" \
                and nodes[1]["REL_OP"] in (">", "<"):
            for key, want in nodes[1]["RIGHT_ATTRS"].items():
                if isinstance(want, str) or (isinstance(want, dict) and "IN" in want):
                    values = [want] if isinstance(want, str) else want["IN"]
                    hop = (nodes[1]["REL_OP"], key, frozenset(values))
                    break
        out.append(hop)
    return out


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


def _clause_places(c: Clause, places: list[PlaceMention], doc_text: str) -> list[PlaceMention]:
    """The places of clause ``c`` and of the clauses under it (not relative clauses, nor for
    a statement what describes a participant). A clause that names only countries takes the
    sentence's towns and sites in them as well (``_towns_inside``). Places that only
    possess a participant ("Sri Lanka's fleeing president") say whose, not where: none."""
    if not places:
        return []
    own = [p for p in places if c.owns(p)]
    for sub in c.descendants(typed=c.event_type == "statement"):
        if in_relative(sub, stop=c) or (c.event_type == "statement"
                                         and describes_participant(sub, stop=c)):
            continue                              # "refugees who had refused to fight in X"
        own += [p for p in places if sub.owns(p)]
    if own and all(possessor(doc_text, p) for p in own):
        return []                                 # "Sri Lanka's fleeing president": whose,
                                                  # not where; the sentence's places decide
    return sorted(_towns_inside(own, places), key=lambda p: p.start)


def _towns_inside(own: list[PlaceMention], places: list[PlaceMention]) -> list[PlaceMention]:
    """Places ``own`` that are all countries, with the sentence's towns and sites in them:
    "fired tear gas into Mexico to repel migrants who tried to breach the fence in Tijuana"
    happened at Tijuana, in Mexico, whichever clause names the town."""
    if not own or not all(p.feature == "country" for p in own):
        return own
    inside = {p.country for p in own if p.country}
    return own + [p for p in places if p.country in inside and p.lat is not None
                  and p.feature in ("city", "locality", "landmark") and p not in own]


def _outside_relatives(c: Clause, clauses: list[Clause],
                       places: list[PlaceMention]) -> list[PlaceMention]:
    """The sentence's places less those said inside relative clauses ``c`` is not part of
    (but a country left alone keeps its towns there: ``_towns_inside``)."""
    if not places:
        return []
    if in_relative(c):
        return places
    rel = [x for x in clauses if x is not c and (in_relative(x) or (
               c.event_type == "statement" and describes_participant(x)))
           and not any(a is x for a in c.ancestors())]
    return _towns_inside([p for p in places if not any(x.owns(p) for x in rel)], places)


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
    trig = next(t for t in c.triggers if t.event_type == c.event_type)
    etype, sub = _clause_type(doc, s, c, trig)
    blast = _blast_subject(doc, c) if etype == "attack" else None
    if blast is not None:                         # "the explosion that killed 100 people"
        etype, sub, trig = "disaster", "", blast
    clause_text = doc.text[c.start:c.end + 1] if c.head is not None else doc.text[s:e]
    fatalities, injured = casualties(clause_text)
    location = event_location(places, doc.text, doc, (trig.start, trig.end))
    if etype == "meeting" and location is not None:      # "a summit … in Chad": its capital
        location = host_city(doc, location)
    basis = _BASIS_WEIGHT.get(when.basis, 0.5) if when else 0.3
    if when and when.from_context:
        basis = 0.6
    place_w = 1.0 if location is not None else (0.7 if places else 0.5)
    confidence = round(0.5 * c.strength + 0.25 * basis + 0.25 * place_w, 3)
    return Event(article_id=art.article_id, sentence=doc.text[s:e], start=s, end=e,
                 event_type=etype, date=when, actors=own, places=list(places),
                 location=location, confidence=confidence, source=art.source,
                 published=art.published, trigger=trig.text, fatalities=fatalities,
                 injured=injured, sub_event_type=sub)


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
    # "Typhoon Haiyan struck …": the hazard word before its name
    return any(_hazard(k) or any(_hazard(g) for g in k.children if g.dep_ == "compound")
               for k in subj)


def _blast_subject(doc: Doc, c: Clause) -> Optional[Trigger]:
    """"The warehouse explosion that killed over 100 people", "the blast destroyed entire
    neighborhoods": harm done by an explosion or a fire (a disaster entry ranked "armed") with
    no attack word of its own is the explosion's (``_armed_story`` makes it an attack in a
    story of attacks). Returns the explosion noun as the event's trigger."""
    h = c.head
    if doc.parsed is None or h is None or any(
            t.event_type == "attack" and t.start != h.idx for t in c.triggers):
        return None
    for k in _subjects(h):
        ent = _entry(k.text, "disaster")
        if ent is not None and ent.rank == "armed" and not any(
                g.dep_ == "compound" and _entry(g.text, "attack") for g in k.children):
            return Trigger(k.idx, k.idx + len(k.text), k.text, "disaster", ent.strength)
    return None


def _place_phrase(doc: Doc, c: Clause) -> bool:
    """A non-statement clause that says where by a definite phrase ("crossed the border",
    "abducted from the college staff quarters", "in the area"): it refers to the place the
    article named before (news-wide README), so the clause is located though it names none
    (at the place of the story's last located event); so does "nationwide" (the country).
    """
    if doc.parsed is None or c.head is None or c.event_type == "statement":
        return False
    span = nlp.span(doc.parsed, c.start, min(c.end, len(doc.text)))
    if span is not None and any(t.idx in c.chars and in_class(t.lower_, _PHRASE_CLASSES[0])
                                for t in span):
        return True                               # "joined a nationwide strike": the country
    return span is not None and any(
        t.idx in c.chars and t.dep_ in ("pobj", "dobj") and t.tag_ in ("NN", "NNS")
        and in_class(t.lower_, _PHRASE_CLASSES[1])
        and any(k.dep_ == "poss" or (k.dep_ == "det" and k.lower_ in _DEFINITE)
                for k in t.children) for t in span)


def _harm_left(doc: Doc, c: Clause) -> bool:
    """"The fight had left many dead", "looting that left 15 people dead": a verb of leaving
    whose result is a casualty word tells casualties, not a departure."""
    if doc.parsed is None:
        return False
    harm = {tok.i for t in c.triggers if t.event_type == "casualties"
            for tok in [_token(doc, t)] if tok is not None}
    for t in c.triggers:
        tok = _token(doc, t) if t.event_type == "movement" else None
        if tok is None or not in_class(tok.lower_, "result_verbs"):
            continue
        # the result in its subtree, or right after its object where the parser let it go
        after = [tok.doc[k.right_edge.i + 1] for k in tok.children
                 if k.dep_ == "dobj" and k.right_edge.i + 1 < len(tok.doc)]
        if any(k.i in harm for k in tok.subtree if k.i != tok.i) or any(
                _entry(k.lower_, "casualties") for k in after):
            return True
    return False


def _inflicted(doc: Doc, c: Clause) -> bool:
    """A killing told with its victims as object or its agent ("Boko Haram killed 76
    farmers", "40 protesters were killed by police") is the attack itself; "12 people were
    killed", "five died" report casualties (news-wide's convention)."""
    if doc.parsed is None:
        return False
    for t in c.triggers:
        tok = _token(doc, t) if t.event_type == "casualties" else None
        if tok is None or not tok.tag_.startswith("VB") or not in_class(tok.lower_,
                                                                         "inflicting_verbs"):
            continue
        kids = {k.dep_ for k in tok.children if not _instrument(k)}
        if "agent" in kids or ("dobj" in kids and "nsubj" in kids):
            return True
    return False


def _instrument(tok) -> bool:
    """"Wounded by gunshots", "killed by shrapnel": an agent phrase naming what wounded, not
    who did (the casualties are reported without their attack)."""
    return tok.dep_ == "agent" and any(in_class(g.lower_, "instruments")
                                       for g in tok.children if g.dep_ == "pobj")


def _restatements(doc: Doc, events: list[Event]) -> list[Event]:
    """The same happening restated in one article is one event with several evidence
    sentences: same type (not a statement: two sayings are two events) and either the same
    day read from the text, the same resolved place and an agent in common (without one, two
    protests in one city on one day may be two), or a later definite mention of it ("the
    blast", "Thursday's blast": ``_refers_back``). The fullest sentence is the event's (a
    definite mention is never the fullest), the others its further ``evidence``; actors,
    places and counts are pooled."""
    out: list[Event] = []
    for ev in events:
        twin = next((k for k in out if _same_happening(k, ev)), None)
        back = _definite_mention(doc, ev)
        if back and twin is None:
            twin = next((k for k in reversed(out) if _refers_back(k, ev)), None)
        if twin is None:
            out.append(ev)
            continue
        full, other = (ev, twin) if len(ev.sentence) > len(twin.sentence) and not back \
            else (twin, ev)
        full.actors = _distinct_actors(full.actors + other.actors)
        full.places += [p for p in other.places if p not in full.places]
        full.fatalities = max(filter(None, (full.fatalities, other.fatalities)), default=None)
        full.injured = max(filter(None, (full.injured, other.injured)), default=None)
        seen = {x.start for x in full.statements}
        full.evidence = full.statements + sorted(
            (x for x in other.statements if x.start not in seen), key=lambda x: x.start)
        out[out.index(twin)] = full
    return out


_DEFINITE = ("the", "this", "that", "these", "those")


def _definite_mention(doc: Doc, ev: Event) -> bool:
    """The event's trigger is a definite noun ("the blast", "Thursday's attack", "its
    offensive"): it names a happening the reader already knows of."""
    if doc.parsed is None or ev.event_type == "statement":
        return False
    at = doc.text.find(ev.trigger, ev.start, ev.end)
    span = nlp.span(doc.parsed, at, at + len(ev.trigger)) \
        if at >= 0 else None
    if span is None or not len(span) or not span.root.tag_.startswith("NN"):
        return False
    return any(k.dep_ == "poss" or (k.dep_ == "det" and k.lower_ in _DEFINITE)
               for k in span.root.children)


def _refers_back(antecedent: Event, ev: Event) -> bool:
    """A definite mention ``ev`` restates an earlier event of its type when it tells nothing
    more of it: no day read from its text but the same, no place but the same (a mention
    that places the happening, "40 families were expelled … in the village of Akhur" after
    "families … were expelled", is its fuller account, kept as an event)."""
    a, b = antecedent, ev
    if a.event_type != b.event_type or a.start == b.start:
        return False
    if b.date and b.date.basis != "reported" and not b.date.from_context and (
            a.date is None or a.date.value != b.date.value):
        return False
    return b.location is None or (a.location is not None and a.location.name == b.location.name)


def _same_happening(a: Event, b: Event) -> bool:
    """Two events of one type, day or month and resolved place that are one happening: an
    agent in common on the same day, or the same predicate restated with no two different
    agents ("thousands have gathered to try to flee the country" … "Afghans have been
    gathered at the airport for days trying to flee"; "students marched" and "workers
    marched" in one city on one day stay two)."""
    if a.event_type != b.event_type or a.event_type == "statement" or a.start == b.start:
        return False
    if not (a.date and b.date and a.date.value == b.date.value
            and a.date.precision == b.date.precision
            and "reported" not in (a.date.basis, b.date.basis)):
        return False
    if not (a.location and b.location and a.location.name == b.location.name):
        return False
    x = {p.name.lower() for p in a.actors if p.category != "population"}
    y = {p.name.lower() for p in b.actors if p.category != "population"}
    if x & y:
        return a.date.precision == "day"
    return not _other_agents(a, b) and _same_predicate(a, b)


def _other_agents(a: Event, b: Event) -> bool:
    """Each event names a group of its own that the other does not ("students" and "bus
    drivers"); people named only by a general word ("thousands of people", "families") are
    no group of their own."""
    def heads(ev: Event) -> set[str]:
        words = {p.name.lower().split()[-1] for p in ev.actors if p.name.strip()}
        return {w for w in words if not in_class(w, "civilians")}
    x, y = heads(a), heads(b)
    return bool(x and y and not x & y)


def _same_predicate(a: Event, b: Event) -> bool:
    """Both triggers are forms of one lexicon row ("fled", "flee", "fleeing")."""
    ea, eb = _entry(a.trigger, a.event_type), _entry(b.trigger, b.event_type)
    return ea is not None and eb is not None and ea.order == eb.order


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
    key = _pattern("word").match(low)
    return next((ent for ent in triggers().get(key.group(0), ())
                 if ent.form == low and ent.event_type == etype), None) if key else None


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
        k.dep_ in ("advcl", "xcomp") and k.tag_ == "VB" and in_class(k.lower_, "combat_verbs")
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in k.children) for k in h.children)


def _clause_type(doc: Doc, s: int, c: Clause, trig: Trigger) -> tuple[str, str]:
    """The event type of clause ``c`` and its ACLED sub-event type: the type its triggers
    give, corrected by who does what to whom (the parse's subject and object) and what the
    trigger governs."""
    etype = c.event_type
    if etype == "other" and any(in_class(w, "in_force") for w in trig.text.split()) \
            and _pattern("truce_before").search(doc.text, s, trig.start):
        etype = "ceasefire"                       # "the truce … that entered force on Oct. 10"
    if etype not in ("statement", "other") and _characterised(c):
        etype = "statement"                       # "described the putsch as a black stain"
    if etype == "statement" and _directive(c):
        etype = "other"                           # "residents have been told to seek shelter"
    if etype == "movement" and _combat_purpose(c):
        etype = "attack"                          # "crossed into Syria to push IS from Jarablus"
    if etype == "attack" and all(in_class(t.text.split()[0], "advances") for t in c.triggers
                                 if t.event_type == "attack"):
        etype = _entry_type(c)                    # "entered Manbij under a deal": deployment
    if etype == "displacement" and _lone_traveller(doc, trig):
        etype = "movement"                        # "the president fled to the Maldives"
    if etype == "movement" and _civilian_subject(c):
        etype = "displacement"                    # "35,000 civilians had left Sumy"
    if etype == "protest" and _armed_march(doc, trig):
        etype = "movement"                        # "mercenaries who marched toward Moscow"
    riot = etype == "attack" and _crowd_or_armed(c, etype) == "protest"
    if etype in ("attack", "protest"):
        etype = _crowd_or_armed(c, etype)         # "protesters overran the palace": a riot
    if etype in ("movement", "deployment"):
        etype = _force_movement(doc, trig, etype)  # soldiers arriving; planes sent
    if etype == "other" and trig.text.lower().startswith("call") and c.head is not None \
            and any(k.dep_ == "nsubj" and not in_class(k.lower_, "documents")
                    for k in c.head.children):
        etype = "statement"                       # a person's call is an appeal, a deal's a term
    if etype == "movement" and _harm_left(doc, c):
        etype = "casualties"                      # "the fight had left many dead"
    if etype == "movement" and _left_stranded(doc, c):
        etype = "displacement"                    # "leaving 1,000 people stranded"
    if etype == "casualties" and _inflicted(doc, c):
        etype = "attack"                          # "gunmen killed 76 farmers", "killed by police"
    if etype == "attack" and _hazard_subject(c):
        etype = "disaster"                        # "the earthquake that struck …"
    return etype, "Violent demonstration" if riot else sub_event(c.triggers, etype)


def _characterised(c: Clause) -> bool:
    """"Described the putsch bid as a 'black stain'": a speaker characterising a happening
    (a verb of describing with its "as") states a position; "described the raid of Jan. 9"
    recounts the raid."""
    h = c.head
    return h is not None and in_class(h.lower_, "characterisations") and any(
        k.dep_ == "prep" and k.lower_ == "as" for k in [*h.children, *(
            g for d in h.children if d.dep_ == "dobj" for g in d.children)])


def _lone_traveller(doc: Doc, trig: Trigger) -> bool:
    """One person fleeing or escaping ("the president fled to the Maldives", "a kidnapped
    teacher escaped") travels; displacement is of people in numbers (news-wide's types)."""
    tok = _token(doc, trig) if doc.parsed is not None else None
    if tok is None or not tok.tag_.startswith("VB"):
        return False
    subj = [k for k in tok.children if k.dep_ in ("nsubj", "nsubjpass")]
    if not subj and tok.dep_ in ("conj", "xcomp", "advcl"):
        subj = [k for k in tok.head.children if k.dep_ == "nsubj"]
    return len(subj) == 1 and not any(k.dep_ in ("conj", "nummod") for k in subj[0].children) \
        and (subj[0].ent_type_ == "PERSON" or ((a := agents().get(subj[0].lower_)) is not None
                                               and a.cls == "role" and a.noun == subj[0].lower_))


def _left_stranded(doc: Doc, c: Clause) -> bool:
    """"Leaving about 1,000 people stuck at the border", "left thousands homeless": a verb of
    leaving whose result is people stranded tells their displacement, not a departure."""
    h = c.head
    if doc.parsed is None or h is None or not in_class(h.lower_, "result_verbs"):
        return False
    return any(in_class(k.lower_, "stranded") for k in h.subtree if k.i > h.i)


def _entry_type(c: Clause) -> str:
    """"Entered" is an attack by default ("government forces entered a key town"), a
    deployment where agreed ("entered Manbij under a deal with the SDF", "unopposed"), a
    movement for convoys, ships and missions, a displacement for civilians."""
    h = c.head
    if h is None:
        return "attack"
    sub = list(h.subtree)
    if any(t.dep_ == "pobj" and t.head.lower_ in ("under", "per")
           and in_class(t.lower_, "agreements") for t in sub) \
            or any(in_class(t.lower_, "unopposed") for t in sub) \
            or _pattern("without_fight").search(" ".join(t.lower_ for t in sub)):
        return "deployment"
    subj = [k for k in h.children if k.dep_ in ("nsubj", "nsubjpass")]
    if any(in_class(k.lower_, "civilians") for k in subj):
        return "displacement"
    if any(k.lower_ == "peacekeepers" for k in subj):
        return "deployment"
    if any(in_class(k.lower_, "not_armed") for k in subj):
        return "movement"
    return "attack"


def _force_movement(doc: Doc, trig: Trigger, etype: str) -> str:
    """Armed forces arriving are deployed ("hundreds of soldiers started arriving in CAR",
    "peacekeepers arrived in Goma"); what is sent that is no armed force travels ("France sent
    three planes to Beirut", "aid was sent to the city"): the parse's subject or object decides."""
    tok = _token(doc, trig) if doc.parsed is not None else None
    if tok is None:
        return etype
    first = trig.text.lower().split()[0]
    if etype == "movement" and in_class(first, "arrivals"):
        subj = [k for k in tok.children if k.dep_ in ("nsubj", "nsubjpass")]
        if not subj and tok.dep_ == "xcomp":             # "started arriving", "began to land"
            subj = [k for k in tok.head.children if k.dep_ == "nsubj"]
        return "deployment" if subj and all(_armed(k) for k in subj) else etype
    if etype == "deployment" and in_class(first, "sendings") and tok.tag_.startswith("VB"):
        sent = [k for k in tok.children if k.dep_ in ("dobj", "nsubjpass")]
        if sent and not any(_armed(k, ("force", "armed")) or in_class(k.lower_, "pronouns")
                            for k in sent):
            return "movement"
    return etype


def _armed(tok, classes: tuple = ("force",)) -> bool:
    """``tok`` names a state's forces (a generic agent of ``data/agents.csv`` of ``classes``),
    itself or the people it counts ("hundreds of soldiers"); convoys and missions travel."""
    counted = [g for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
               for g in p.children if g.dep_ == "pobj"]
    return any((a := agents().get(t.lower_)) is not None and a.cls in classes
               and not in_class(t.lower_, "not_armed") for t in [tok, *counted])


def _armed_march(doc: Doc, trig: Trigger) -> bool:
    """"Mercenaries who marched toward Moscow", "troops marched into the capital": armed men
    marching travel (or attack), they do not demonstrate."""
    tok = _token(doc, trig) if doc.parsed is not None else None
    if tok is None or not trig.text.lower().startswith("march") or not tok.tag_.startswith("VB"):
        return False
    subj = [k for k in tok.children if k.dep_ == "nsubj" and k.tag_ not in ("WP", "WDT")]
    if tok.dep_ == "relcl" and not subj:                # "fighters who marched"
        subj = [tok.head]
    return bool(subj) and all(_armed(k, ("force", "armed")) for k in subj)


def _subjects(h) -> list:
    """The subject words of verb ``h``: its subject, the people a quantity counts ("hundreds
    of protesters"), the noun a relative clause describes ("gunmen who stormed …")."""
    subj = [k for k in h.children if k.dep_ in ("nsubj", "nsubjpass")
            and k.tag_ not in ("WP", "WDT")]
    if h.dep_ == "relcl" and not subj:
        subj = [h.head]
    counted = [g for k in subj for p in k.children if p.dep_ == "prep" and p.lower_ == "of"
               for g in p.children if g.dep_ == "pobj"]
    return subj + counted


def _speaker_if_pronoun(c: Clause, subj: list) -> list:
    """"Evacuees said they were relieved to have left Tacloban": a pronoun subject in what a
    source reports is the source itself (the subject of the reporting verb)."""
    if not subj or not all(k.lower_ in ("they", "we") for k in subj):
        return subj
    for a in c.ancestors():
        if a.head is not None and a.triggers and a.event_type == "statement":
            return [k for k in a.head.children if k.dep_ == "nsubj"] or subj
    return subj


def _crowd_or_armed(c: Clause, etype: str) -> str:
    """Violence by a crowd is a riot ("protesters overran his palace", "looters raided the
    stockpiles": protest), a riot's act done by armed men an attack ("masked gunmen stormed
    the parliament"); the subject of the clause's verb decides."""
    h = c.head
    if h is None or not h.tag_.startswith("VB"):
        return etype
    subj = _subjects(h)
    # the doer, not a victim ("protesters were shot" is no riot)
    crowd = any(in_class(k.lower_, "crowds") for k in subj if k.dep_ != "nsubjpass"
                and not any(x.dep_ == "nsubjpass" for x in k.ancestors if x.i != h.i))
    if etype == "attack" and crowd:
        return "protest"
    heads = {t.start for t in c.triggers if t.event_type == "protest"}
    if etype == "protest" and subj and not crowd and h.idx in heads \
            and _armed(subj[0], ("force", "armed")):
        return "attack"
    return etype


def _civilian_subject(c: Clause) -> bool:
    """Civilians travelling or leaving are displaced: the subject of the clause's verb."""
    h = c.head
    if h is None:
        return False
    subj, up = _subjects(h), h
    while not subj and up.dep_ in ("xcomp", "conj", "acomp") and up.head.i != up.i:
        up = up.head                              # "they were relieved to have left"
        subj = [k for k in up.children if k.dep_ in ("nsubj", "nsubjpass")]
    subj = _speaker_if_pronoun(c, subj)
    # "Thousands of ethnic Armenians left Kalbajar": the people counted, civilians or a
    # nationality (a nationality alone, "the Russians had been flown out", may be troops)
    counted = [g for k in subj if k.tag_ == "CD" or in_class(k.lower_, "quantities")
               for p in k.children if p.dep_ == "prep" and p.lower_ == "of"
               for g in p.children if g.dep_ == "pobj"]
    return any(in_class(k.lower_, "civilians") for k in subj + counted) or any(
        k.ent_type_ == "NORP" and k.tag_ in ("NNS", "NNPS") for k in counted)




def _distinct_actors(actors: list[ActorMention]) -> list[ActorMention]:
    """One mention per actor, named rather than by pronoun ("Macron said he …": Macron once,
    not "he" beside him); a pronoun left unresolved is dropped."""
    out: dict[str, ActorMention] = {}
    for a in actors:
        pron = in_class(a.text.strip(), "pronouns")
        if pron and (not a.name or in_class(a.name.strip(), "pronouns")):
            continue
        key = (a.name or a.text).lower()
        if key not in out or (in_class(out[key].text.strip(), "pronouns") and not pron):
            out[key] = a
    return list(out.values())


def casualties(text: str) -> tuple[Optional[int], Optional[int]]:
    """(fatalities, injured) stated in ``text``: "killing ten", "12 people were killed"."""
    low = fold(text)

    def grab(kind: str) -> Optional[int]:
        for p in ("count_after", "count_before", "count_noun"):
            m = _search(f"{kind}_{p}", text, 0, len(text), low)
            if m:
                n = m.group(1).lower().replace(",", "")
                return int(n) if n.isdigit() else _NUM_WORDS.get(n)
        return None
    return grab("killed"), grab("injured")




def _generic_speaker(c: Clause) -> bool:
    """"Analysts say …", "experts warn …": a bare plural of commentators, not a source."""
    h = c.head
    return h is not None and any(
        k.dep_ == "nsubj" and in_class(k.lower_, "generic_speakers")
        and not any(d.dep_ in ("det", "poss", "compound", "prep", "amod", "nummod")
                    for d in k.children) for k in h.children)




def _report_scope(c: Clause) -> tuple[int, bool]:
    """The statement clause whose content ``c`` is (0: told by the narrative itself), and
    whether that statement is an accusation ("ordered an offensive …, accusing it of
    attacking a base": the accused's act is another happening than the accuser's)."""
    for a in c.ancestors():
        if a.triggers and a.event_type == "statement":
            trig = next(t for t in a.triggers if t.event_type == "statement")
            return a.start + 1, in_class(trig.text, "accusations")
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
