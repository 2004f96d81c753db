"""Actors: people, organisations, armed groups, states, populations, media.

Four small recognisers over one Doc, then one canonicalisation pass:

1. a lexicon (``data/actors.csv``) for actors whose category a NER model cannot know (media
   vs organisation vs armed group) and for the standard spelling of well-known names;
2. generic agents, the actors news names by description: a noun of ``data/agents.csv``
   ("troops", "gunmen", "asylum seekers", "rescue workers", 399 nouns with a class and a
   category) with the words before it that belong to it (``data/agent_modifiers.csv``,
   demonyms, names: "Venezuelan troops", "Russian-backed separatists", "hundreds of
   protesters"), read backwards word by word; a state's forces take the state's name;
3. states acting: a country that is the subject or agent of a clause, and a seat of
   government used for its government ("Baku", "official Yerevan") unless it follows a
   locative preposition ("talks in Moscow" is a place);
4. spaCy PERSON / ORG entities for everything else;

then anaphors ("he", "she", "they", "the ministry", "the official") take the canonical name of
their antecedent, and every alias of one actor gets one canonical ``name``: surnames cluster
people ("Macron", "President Emanuel Macron" → "Emmanuel Macron"), acronyms defined in the
text ("Syrian Observatory for Human Rights (SOHR)") join their long form.

Every word list (titles, pronouns, anaphor heads, speech verbs, …) is data
(``data/actor_words.toml``), as are the patterns built from them (``data/actor_patterns.toml``,
read by ``timeline/resources.py``), states' other names (``geo/data/state_names.csv``) and the one
demonym table (``geo/data/demonyms.csv``); each resource row carries an example run as a test.
"""
from __future__ import annotations

import bisect
import calendar
import csv
import functools
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from geo.context import misread_names
from geo.demonyms import Country, countries, demonyms
from geo.gazetteer import default_gazetteer

from . import nlp
from .config import DEFAULT, Settings
from .model import ActorMention, Doc
from .resources import (LOWER_KEEPS, alternation, compose, finditer, fold, has_needs, needs,
                        matches_at, pattern, positions, read_toml, word_char, word_set)
from .segment import WORD_RUN, is_heading, iter_sentences, line_around

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8") as fh:
        return list(csv.DictReader(ln for ln in fh if not ln.startswith("#")))


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[str, str]]:
    """alias → (canonical, category)."""
    out = {}
    for r in _rows("actors.csv"):
        for alias in r["aliases"].split("|"):
            out[alias] = (r["canonical"], r["category"])
    return out


@functools.lru_cache(maxsize=1)
def _lexicon_re() -> re.Pattern:
    """Every alias of the lexicon in one pattern, matched on ``_straight(text)``."""
    return re.compile(alternation(lexicon()))


def _straight(text: str) -> str:
    """``text`` with typographic apostrophes made straight, offsets unchanged: "Russia’s
    foreign ministry" is the lexicon's "Russia's …"."""
    return text.replace("’", "'")




@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """spaCy's English stop words, imported when first needed: importing spaCy takes about
    2 s, which the dashboard's first render would pay although it extracts nothing."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


_CALENDAR = frozenset(w.lower() for w in (*calendar.month_name, *calendar.day_name) if w)
WORDS = DATA / "actor_words.toml"
PATTERNS = DATA / "actor_patterns.toml"


def words() -> dict:
    """The word lists of ``data/actor_words.toml`` (titles, locatives, pronouns, …)."""
    return read_toml(WORDS)


@functools.lru_cache(maxsize=None)
def _word_set(section: str, key: str) -> frozenset[str]:
    return frozenset(words()[section][key])


def _is(word: str, section: str, key: str) -> bool:
    return word in _word_set(section, key)


# the patterns of data/actor_patterns.toml (each with its examples there)
_ANAPHOR = pattern(PATTERNS, "anaphor")
_PLACE_AFTER = pattern(PATTERNS, "place_after_name")
_PLACE_LIST = pattern(PATTERNS, "place_list_head")
_SPEECH = pattern(PATTERNS, "speech_after")
_VESSEL = pattern(PATTERNS, "vessel_name")
_BODY = pattern(PATTERNS, "described_body")
_INSTITUTION = pattern(PATTERNS, "institution")
_MOD_WORD = pattern(PATTERNS, "modifier_word")
_POST = pattern(PATTERNS, "agent_place")
_LIST_GAP = pattern(PATTERNS, "place_list_gap")
_LIST_TAIL = pattern(PATTERNS, "place_list_tail")
_MEDIA = pattern(PATTERNS, "media_name")
_CAPITALISED = pattern(PATTERNS, "capitalised_word")
_CAPITALISED_RUN = pattern(PATTERNS, "capitalised_run")
_ACRONYM = pattern(PATTERNS, "acronym_definition")
_WORD_BEFORE = pattern(PATTERNS, "word_before_place")
_ACRONYM_AFTER = pattern(PATTERNS, "acronym_after")
_TITLED_NAME = pattern(PATTERNS, "titled_name")


@dataclass(frozen=True)
class _Text:
    """An article's text as the recognisers scan it: as written, with straight apostrophes
    (``_straight``), and the set of the words it holds (runs of word characters). A pattern
    that opens with a word of a list (a lexicon name, a state, a title) is tried only where
    one of them is written: most texts hold none of the lexicon's 300 names, and a regex scan
    of every position of a text costs more than a set look-up. For a pattern that ignores
    case, the same in ``low``, the text in lower case (``resources.fold``: a letter's case
    never makes a word character of another).
    The starts come from the word lists (``_first_runs``, as written), not from
    ``resources.OpeningIndex`` as in routes: ``openings`` reads no pattern that opens with
    ``(?<![\\w-])``, as these do, and looks for openings in lower case where most of these
    patterns keep case; taught to read them, it found the same matches on LGL 1.3-6 times
    slower (lexicon 45 ms against 7 ms: in lower case "who", "more", "the" open a name, and
    a text has 14 times the starts)."""
    text: str
    straight: str
    runs: frozenset[str]

    @classmethod
    def of(cls, text: str) -> "_Text":
        return cls(text, _straight(text), word_set(text, WORD_RUN))

    @functools.cached_property
    def low(self) -> Optional[str]:
        """The text in lower case, offset for offset (None when case changes a length)."""
        return fold(self.text)

    @functools.cached_property
    def low_runs(self) -> frozenset[str]:
        """The runs of ``low`` as far as words in ASCII go (what ``_word_matches`` asks): each
        run in lower case (no letter's case makes or unmakes a word character), unless the
        text holds one of the letters ``fold`` changes beyond ``str.lower`` ("ı")."""
        if self.low is not None and not any(x in self.text for x in LOWER_KEEPS):
            return frozenset(map(str.lower, self.runs))
        return frozenset(WORD_RUN.findall(self.low or ""))

    def written(self, firsts: Optional[frozenset[str]]) -> bool:
        """Whether a word of ``firsts`` (``_first_runs``) is written (True when unknown)."""
        return firsts is None or not self.runs.isdisjoint(firsts)

    def holds(self, rx: re.Pattern) -> bool:
        """Whether the text holds one of the strings every match of ``rx`` holds, in lower
        case (``resources.needs``): "ministry" for "Russia's Foreign Ministry"."""
        needed = needs(rx, folded=True)
        return needed is None or self.low is None or any(s in self.low for s in needed)

    def starts(self, firsts: frozenset[str], folded: bool = False) -> list[int]:
        """Where a word of ``firsts`` is written, also inside a longer word, ascending;
        ``folded``: in ``low`` (``firsts`` in lower case)."""
        text, runs = (self.low, self.low_runs) if folded else (self.text, self.runs)
        return positions(text, firsts & runs)


@functools.lru_cache(maxsize=None)
def _first_runs(words: frozenset[str]) -> Optional[frozenset[str]]:
    """The first run of word characters of each of ``words`` ("Lt" of "Lt. Gen."): a
    whole-word match of one of them starts where its first run is written as a whole word.
    None when a word opens with another character (then nothing can be told from the runs)."""
    out = set()
    for w in words:
        m = WORD_RUN.match(w)
        if m is None:
            return None
        out.add(m.group(0))
    return frozenset(out)


@functools.lru_cache(maxsize=None)
def _ascii(words: frozenset[str]) -> bool:
    return all(w.isascii() for w in words)


def _scan(rx: re.Pattern, text: str, starts: list[int]) -> list[re.Match]:
    """``list(rx.finditer(text))`` for a pattern that matches no empty string and whose every
    match starts at one of ``starts`` (ascending): the pattern is tried there only."""
    return matches_at(rx, text, starts, [(0, len(text))])


@functools.lru_cache(maxsize=1)
def _pronoun_re() -> re.Pattern:
    """The ``pronoun`` pattern with the words of both pronoun lists."""
    return compose(PATTERNS, "pronoun", pronoun_word=[*_word_set("pronouns", "singular"),
                                                      *_word_set("pronouns", "plural")])


@dataclass(frozen=True)
class _StatePatterns:
    """The patterns that take the country table's names, built together on the first text."""
    titles: re.Pattern      # titles before a name: a one-word state name or demonym is a prefix
    states: re.Pattern      # states' names, capitals, other names (``official Yerevan``)
    state_firsts: Optional[frozenset[str]]     # ``_first_runs`` of the names ``states`` takes


@functools.lru_cache(maxsize=1)
def _state_patterns() -> _StatePatterns:
    cs = countries()
    names = [k for k, c in cs.items() if k == c.name or k in c.capitals + c.aliases]
    return _StatePatterns(
        compose(PATTERNS, "title_before_name", state=[k for k in cs if " " not in k]),
        compose(PATTERNS, "state_name", state=names), _first_runs(frozenset(names)))


def _word_matches(rx: re.Pattern, text: str, t: "_Text",
                  firsts: Optional[frozenset[str]]) -> list[re.Match]:
    """The matches of ``rx`` in ``text`` (``t``'s text, or its straight copy) for a pattern
    opening with a whole word of a list whose ``_first_runs`` are ``firsts`` (in lower case
    for a pattern that ignores case)."""
    folded = bool(rx.flags & re.IGNORECASE)
    if firsts is None or (folded and (t.low is None or not _ascii(firsts))):
        return list(rx.finditer(text))
    return _scan(rx, text, t.starts(firsts, folded))


def find_actors(doc: Doc, settings: Settings = DEFAULT) -> list[ActorMention]:
    text, t = doc.text, _Text.of(doc.text)
    ranked: list[Ranked] = []
    _add_lexicon(t, ranked)
    _add_institutions(t, ranked)          # before the agents: "General Staff" is no staff
    _add_phrases(doc, t, ranked)
    _add_quantities(doc, t, ranked)
    _add_states(doc, t, ranked)
    places = _Places.of(doc)
    _add_entities(doc, places, ranked)
    _add_titled(doc, t, places, ranked)
    _add_descriptions(t, ranked)
    found = _with_acronyms(text, _resolve_overlaps(ranked))
    _canonicalise(found, text)
    found += _surnames(t, found)
    found += _anaphors(doc, t, found)
    return sorted(found, key=lambda a: (a.start, -a.end))


# ---------------------------------------------------------------- recognisers
def _add_lexicon(t: "_Text", out: list) -> None:
    lex = lexicon()
    for m in _word_matches(_lexicon_re(), t.straight, t, _lexicon_firsts()):
        canonical, cat = lex[m.group(0)]
        out.append(_ranked(t.text, m.start(), m.end(), canonical, cat, rank=3))


@functools.lru_cache(maxsize=1)
def _lexicon_firsts() -> Optional[frozenset[str]]:
    return _first_runs(frozenset(lexicon()))


def _add_phrases(doc: Doc, t: "_Text", out: list) -> None:
    """Actors named by description: a generic agent noun (``data/agents.csv``) with the words
    before it that belong to it (``data/agent_modifiers.csv``), and plural demonyms as peoples."""
    text, cs = doc.text, countries()
    for m in _word_matches(_agent_re(), t.straight, t, _agent_firsts()):
        phrase = agent_phrase(text, m, cs, doc)
        if phrase is None or not _admit(doc, phrase):
            continue
        name, cat = _known_name(text[phrase.start:phrase.noun_end]) or _agent_name(phrase, cs)
        # a described agent outranks a name inside it: "UN peacekeepers", "AFP reporters"
        rank = 3 if any(k == "name" or k == "state" for k, _ in phrase.mods) else 2
        out.append(_ranked(text, phrase.start, phrase.end, name, cat, rank=rank))
    # demonym plurals as populations: "Armenians", "Hondurans", "Kurds"
    for m in _word_matches(_peoples_re(), text, t, _first_runs(_peoples())):
        out.append(_ranked(text, m.start(), m.end(), m.group(0), "population", rank=1))


@functools.lru_cache(maxsize=1)
def _peoples() -> frozenset[str]:
    """The plural demonyms ("Armenians", "Kurds")."""
    return frozenset(d.form for d in demonyms().values() if d.plural)


@functools.lru_cache(maxsize=1)
def _peoples_re() -> re.Pattern:
    """Every plural demonym in one pattern (longest first), so a text is scanned once."""
    return re.compile(alternation(_peoples()))


@dataclass(frozen=True)
class Agent:
    """One generic agent noun of ``data/agents.csv``."""
    noun: str
    plural: str
    cls: str                # force | government | institution | armed | population | role | body | media
    category: str
    canonical: str
    bare: bool
    example: str


@functools.lru_cache(maxsize=1)
def agents() -> dict[str, Agent]:
    """Every form of every generic agent, lower-cased → its entry."""
    out: dict[str, Agent] = {}
    for r in _rows("agents.csv"):
        a = Agent(r["noun"], r["plural"], r["class"], r["category"], r["canonical"],
                  r["bare"] == "yes", r["example"])
        for form in filter(None, (a.noun, a.plural)):
            out.setdefault(form.lower(), a)
    return out


@functools.lru_cache(maxsize=1)
def _agent_re() -> re.Pattern:
    """Every form of every generic agent, matched on ``_straight(text)``."""
    return re.compile(alternation(agents()), re.I)


@functools.lru_cache(maxsize=1)
def _agent_firsts() -> Optional[frozenset[str]]:
    return _first_runs(frozenset(agents()))


@functools.lru_cache(maxsize=1)
def modifiers() -> dict[str, dict[str, str]]:
    """effect → {modifier (lower-cased) → example}: state, quantity, descriptor, patron,
    prefix, stop."""
    out: dict[str, dict[str, str]] = {}
    for r in _rows("agent_modifiers.csv"):
        out.setdefault(r["effect"], {})[r["modifier"].lower()] = r["example"]
    return out


@dataclass(frozen=True)
class AgentPhrase:
    """A generic agent as written: ``start``/``end`` cover modifiers and noun, not the article."""
    start: int
    end: int
    agent: Agent
    plural: bool            # the plural form was written ("gunmen", not "gunman")
    article: str            # "the", "a", "" …
    mods: tuple[tuple[str, str], ...]   # (kind, word) before the noun, in text order
    post: str               # a place after the noun: "officials in Nepal" → "Nepal"
    noun_end: int
    text: str


_MAX_MODS = 4       # "hundreds of heavily armed Russian-backed separatists": four units


def agent_phrase(text: str, m: re.Match, cs=None, doc: Optional[Doc] = None) -> Optional[AgentPhrase]:
    """The agent noun at ``m`` with its modifiers, read backwards word by word (linear: each
    word is looked at once, at most ``_MAX_MODS`` units); with ``doc``'s parse, nouns that
    modify the agent noun belong to it too ("port officials", "peshmerga forces")."""
    cs = countries() if cs is None else cs
    agent = agents()[m.group(0).lower().replace("’", "'")]
    start, article, mods = _modifiers_before(text, m.start(), cs, doc)
    end, place = m.end(), ""
    if not mods and not article:
        post = _POST.match(text, end)
        if post and not _stop_word(post.group("place").split()[-1]):
            end, place = post.end(), post.group("place")   # "officials in Nepal"
    noun = m.group(0).lower()
    plural = noun == agent.plural.lower() or not agent.plural     # mass nouns: "police"
    return AgentPhrase(start, end, agent, plural, article, tuple(mods), place, m.end(),
                       text[start:end])


# how far back the modifiers of an agent noun are read: four units of a few words each
_MOD_WINDOW = 120


def _modifiers_before(text: str, noun_start: int, cs,
                      doc: Optional[Doc] = None) -> tuple[int, str, list[tuple[str, str]]]:
    """Where the phrase of the agent noun at ``noun_start`` begins, the determiner before it
    ("the", "an", … or ""), and its modifiers as (kind, words) in text order; a line break
    or a word that belongs to no agent phrase ends it."""
    mods: list[tuple[str, str]] = []
    spans = _WordsBefore(text, max(0, noun_start - _MOD_WINDOW), noun_start)
    start, article = noun_start, ""
    multi = _multiword()
    i, units = len(spans.words), 0          # units: how many the modifiers make (``_new_unit``)
    while i > 0 and units < _MAX_MODS:
        ws, w = spans.start(i - 1), spans.words[i - 1]
        we = ws + len(w)
        if we == start or text.find("\n", we, start) >= 0:
            break
        ends_multi = multi.get(w.lower())
        if ends_multi:
            lower = [x.lower() for x in spans.words[max(0, i - 5):i]]
            q = next(((k, q) for k, q in ends_multi if lower[-len(q):] == q and len(q) <= i), None)
            if q is not None:             # "hundreds of", "internationally recognised"
                i -= len(q[1])
                start = spans.start(i)
                units += _new_unit(q[0], mods)
                mods.insert(0, (q[0], " ".join(q[1])))
                continue
        kind = _mod_kind(w, cs) or _compound_kind(doc, w, ws, noun_start)
        if kind is None:
            if w.lower() in _word_set("determiners", "definite") \
                    or w.lower() in _word_set("determiners", "indefinite"):
                article = w.lower()
            break
        units += _new_unit(kind, mods)
        mods.insert(0, (kind, w))
        start, i = ws, i - 1
    return start, article, mods


def _new_unit(kind: str, mods: list[tuple[str, str]]) -> int:
    """How many units a modifier of ``kind`` put before ``mods`` adds: a run of capitalised
    name words is one name ("Libyan National Army War Information Division")."""
    return 0 if kind == "name" and mods and mods[0][0] == "name" else 1


def _compound_kind(doc: Optional[Doc], w: str, ws: int, noun_start: int) -> Optional[str]:
    """A lower-case noun the parse attaches to the agent noun as a compound ("port officials",
    "peshmerga forces", "aid workers"): a descriptor of the group, no word of its own."""
    if doc is None or not w.isalpha() or not w.islower() or _stop_word(w):
        return None
    tok = _token_at(doc, ws)
    if tok is None or tok.dep_ != "compound" or tok.idx != ws:
        return None
    return "descriptor" if tok.head.idx >= noun_start and tok.head.i <= tok.i + 3 else None


class _WordsBefore:
    """The white-space separated words of ``text[lo:end]``, where each starts found from the
    end on, when asked: the modifiers of an agent noun are read backwards and end after a
    word or two, not at the window's start."""

    def __init__(self, text: str, lo: int, end: int):
        self.text, self.lo = text, lo
        self.words = text[lo:end].split()
        self._starts = [0] * len(self.words) + [end]   # found for the words from ``_known`` on
        self._known = len(self.words)

    def start(self, j: int) -> int:
        """Where word ``j`` starts (its last occurrence before the next word: only white
        space lies between them)."""
        while self._known > j:
            k = self._known = self._known - 1
            self._starts[k] = self.text.rindex(self.words[k], self.lo, self._starts[k + 1])
        return self._starts[j]


@functools.lru_cache(maxsize=1)
def _multiword() -> dict[str, list[tuple[str, list[str]]]]:
    """The modifiers of several words as (effect, words), longest first, by their last word."""
    out = [(k, m.split()) for k, ms in modifiers().items() for m in ms if " " in m]
    by_last: dict[str, list[tuple[str, list[str]]]] = {}
    for k, q in sorted(out, key=lambda km: len(km[1]), reverse=True):
        by_last.setdefault(q[-1], []).append((k, q))
    return by_last


def _stop_word(w: str) -> bool:
    return w.lower() in _stops()


@functools.lru_cache(maxsize=1)
def _stops() -> frozenset[str]:
    """spaCy's stop words, the modifiers that stop a phrase, months and days: one set."""
    return _stop_words() | frozenset(modifiers().get("stop", {})) | _CALENDAR


def _mod_kind(w: str, cs) -> Optional[str]:
    """What a word before an agent noun is to it, or None when it is no part of the phrase."""
    return _known_mod_kind(w) if cs is countries() else _word_kind(w, cs)


@functools.lru_cache(maxsize=4096)
def _known_mod_kind(w: str) -> Optional[str]:
    """``_mod_kind`` with the country table, kept for the words met again (the same few
    hundred words stand before agent nouns; bounded, as a corpus brings new names)."""
    return _word_kind(w, countries())


def _word_kind(w: str, cs) -> Optional[str]:
    mods = modifiers()
    if not _MOD_WORD.fullmatch(w):
        return None                       # "said," "Kabul." end the phrase
    lw = w.lower()
    if lw in mods.get("state", {}):
        return "state"
    if lw in mods.get("quantity", {}) or _is_number(w):
        return "quantity"
    if lw in mods.get("descriptor", {}):
        return "descriptor"
    if "-" in w:
        head, _, tail = w.partition("-")
        if tail.lower() in mods.get("patron", {}):
            return "patron"               # "Russian-backed": Russia is no owner
        if head.lower() in mods.get("prefix", {}):
            return "prefix"               # "pro-Turkish"
    bare = _bare(w)
    if bare in cs or bare in demonyms():
        return "state" if bare in cs and cs[bare].name else "name"
    if w[:1].isupper() and not _stop_word(w) \
            and not any(_lower_ascii(part[:1]) for part in w.split("-")[1:]):
        return "name"         # "M23 rebels", "SDF fighters" ("Battle-hardened" is no name)
    return None


def _is_number(w: str) -> bool:
    """A figure: a digit, then digits, commas and dots ("40", "1,200")."""
    return w[:1].isdecimal() and all(c.isdecimal() or c in ",." for c in w)


def _lower_ascii(c: str) -> bool:
    return "a" <= c <= "z"


def _upper_ascii(c: str) -> bool:
    return "A" <= c <= "Z"


def _possessive(w: str) -> bool:
    return w.endswith(("'s", "’s"))


def _bare(w: str) -> str:
    """A word without its possessive ending ("Russia's" → "Russia")."""
    return w[:-2] if _possessive(w) else w


def _admit(doc: Doc, p: AgentPhrase) -> bool:
    """Whether the phrase names an actor here: a noun too ambiguous alone needs a modifier
    other than a count; a definite state body alone ("the army") is an anaphor, left to the
    anaphora pass; a singular role needs "a"/"an" or to speak ("a spokesman", "spokesman
    said"); a noun modifying another ("police curfew", "military planes") is none."""
    # a noun of several words describes by itself: "the presidential guard", "the Red Crescent"
    described = any(k != "quantity" for k, _ in p.mods) or bool(p.post) \
        or " " in p.agent.noun or "-" in p.agent.noun
    if not p.agent.bare and not described and not (
            p.article not in _word_set("determiners", "definite") and _SPEECH.match(doc.text, p.end)):
        return False                      # "sources said", "a source told": they speak
    # (the parse is asked last, when the words have not told already)
    return (described or _admit_bare(doc, p)) and not _modifies_noun(doc, p)


def _admit_bare(doc: Doc, p: AgentPhrase) -> bool:
    """``_admit`` for a phrase with no modifier but a count: no title after it, and a
    plural or a group after "the", anything after "a", a plural or a speaker else."""
    nxt = doc.text[p.end:p.end + 3]
    if nxt[:1] == " " and _upper_ascii(nxt[1:2]) and _lower_ascii(nxt[2:3]):
        return False                      # a title: "Governor Oleh Synyehubov"
    cls = p.agent.cls
    if p.article in _word_set("determiners", "definite"):
        return cls not in ("force", "government", "institution", "role", "body") \
            and (p.plural or cls in ("armed", "population"))
    if p.article in _word_set("determiners", "indefinite"):
        return True
    return p.plural or bool(_SPEECH.match(doc.text, p.end))


def _modifies_noun(doc: Doc, p: AgentPhrase) -> bool:
    """The agent noun modifies the noun after it ("police curfew"); a distinct plural does not
    ("French soldiers patrol …" read as a noun phrase is the parser's slip)."""
    tok = _token_at(doc, p.noun_end - 1)
    if tok is None or _distinct_plural(doc.text[p.noun_end - len(tok.text):p.noun_end], p.agent):
        return False
    return tok.dep_ in ("compound", "amod", "nmod") and tok.head.i > tok.i \
        and tok.head.lower_ not in agents()


def _known_name(phrase: str) -> Optional[tuple[str, str]]:
    """The lexicon's name and category when the phrase ends with a name it knows ("the
    paramilitary Rapid Support Forces" is the Rapid Support Forces, an armed group)."""
    lex, phrase = lexicon(), _straight(phrase)
    for cut in _word_cuts(phrase):                # the longest known name ending the phrase
        if phrase[cut:] in lex:
            # only descriptions before it: "CSTO Collective Security Council" is no UN body
            if any(_upper_ascii(w[:1]) for w in phrase[:cut].split()):
                return None
            return lex[phrase[cut:]]
    return None


def _distinct_plural(word: str, a: "Agent") -> bool:
    return bool(a.plural) and a.plural.lower() != a.noun.lower() and word.lower() == a.plural.lower()


def _agent_name(p: AgentPhrase, cs) -> tuple[str, str]:
    """The canonical name and category of an agent phrase: a state's forces and government
    take the state's name ("Venezuelan troops" → "Venezuela armed forces"); forces of a named
    leader or group are an armed group ("Haftar's forces"); the rest keep their words."""
    a, phrase = p.agent, _strip_the(p.text)
    if a.cls in ("force", "government"):
        owners = [w for k, w in p.mods if k == "state"]
        # the longest state name the modifiers spell, read across them: "South Sudan's army"
        # is South Sudan's ("South" alone is a name word), "North Korea's army" a state's
        named = " ".join(w for k, w in p.mods if k in ("state", "name"))
        state = _state_in(named, cs) or _state_in(" ".join(owners), cs) or _state_in(p.post, cs)
        if state is not None:
            return f"{state.name} {a.canonical}", "state"
        if owners or a.cls == "government":
            return phrase.lower(), "state"
        if any(k in ("prefix", "patron") for k, _ in p.mods) or any(
                k == "name" and _possessive(w) for k, w in p.mods):
            return phrase, "armed_group"          # "pro-Turkish forces", "Haftar's forces"
        if any(k == "name" for k, _ in p.mods):
            return phrase, "state"                # "CRPF jawans", "Navy gunboats"
        return phrase.lower(), "state"
    if a.cls in ("role", "institution", "body"):
        return _of_known_body(phrase), a.category
    return _common_case(phrase, cs), a.category


def _of_known_body(phrase: str) -> str:
    """A role of a body the lexicon knows takes the body's canonical name ("a U.S. Defense
    Department official" → "US Department of Defense official"), so it is the same actor
    whichever of its names the text uses."""
    lex = lexicon()
    head, _, noun = phrase.rpartition(" ")
    for cut in _word_cuts(head):                  # the longest known name ending the head
        if head[cut:] in lex:
            return f"{lex[head[cut:]][0]} {noun}"
    return phrase


def _word_cuts(s: str) -> list[int]:
    """Where a word of ``s`` starts after a space (and 0), ascending, short of its end: the
    cuts where a name ending ``s`` can begin, found without a look at every character."""
    cuts = [0] if s else []
    i = s.find(" ")
    while 0 <= i < len(s) - 1:
        cuts.append(i + 1)
        i = s.find(" ", i + 1)
    return cuts


def _common_case(phrase: str, cs) -> str:
    """A described group in lower case, so "Rebels" and "rebels" are one actor, but the names
    of states in it as written ("Turkey-backed mercenaries", "Syrian refugees")."""
    return " ".join("-".join(part if part in cs else part.lower() for part in word.split("-"))
                    for word in phrase.split(" "))



def _state_matches(t: "_Text") -> list[re.Match]:
    """The matches of the ``state_name`` pattern: where a state's name is written, or the word
    before it across white space (``official Yerevan``)."""
    sp = _state_patterns()
    if sp.state_firsts is None:
        return list(sp.states.finditer(t.text))
    text, starts = t.text, []
    for q in t.starts(sp.state_firsts):
        j = q
        while j > 0 and text[j - 1].isspace():
            j -= 1
        if j < q:
            k = j
            while k > 0 and word_char(text[k - 1]):
                k -= 1
            starts.append(k)
        starts.append(q)
    return _scan(sp.states, text, sorted(set(starts)))


def _add_states(doc: Doc, t: "_Text", out: list) -> None:
    """Countries acting (subject/agent of a clause) and capitals standing for governments."""
    text, cs = doc.text, countries()
    for m in _state_matches(t):
        c = cs[m.group(2)]
        is_capital = m.group(2) in c.capitals
        before = text[max(0, m.start() - 30):m.start()].split()
        prev = before[-1].lower() if before else ""
        if m.group(1):                                # "official Yerevan"
            out.append(_ranked(text, m.start(), m.end(), c.name, "state", rank=3))
            continue
        if _is(prev, "locative", "words") or prev.endswith("-based") or \
                _is(prev, "locative", "directions") or _after_locative(text, m.start()):
            continue                          # "in Moscow", "through central Tehran", "southern Kyiv"
        tok = _token_at(doc, m.start(2))
        if text[m.end():m.end() + 1] == "-" or (tok is not None and tok.dep_ == "compound"):
            continue                                  # "Artsakh-Azerbaijan border"
        if is_capital and _is_heading_line(text, m.start()):
            continue                                  # datelines and headlines
        if is_capital and (prev == "capital" or (
                tok is not None and tok.dep_ == "dobj" and _place_verb(tok.head.lower_)) or (
                    _place_verb(prev) and prev.endswith(_place_verb_endings()))):
            continue                                  # "fled Kyiv", "the capital Asmara": a city
            #                                           ("approaching Kyiv" whatever the parse)
        if is_capital or _acting(tok):
            out.append(_ranked(text, m.start(2), m.end(2), c.name, "state", rank=2))


@functools.lru_cache(maxsize=1)
def _place_verb_stems() -> tuple[str, ...]:
    return tuple(words()["place_verbs"]["stems"])


@functools.lru_cache(maxsize=1)
def _place_verb_endings() -> tuple[str, ...]:
    return tuple(words()["place_verbs"]["endings"])


def _place_verb(word: str) -> bool:
    """A verb whose object is a place, not a government ("residents fled Kyiv", "shelled
    Tripoli"): a form of one of the stems of ``actor_words.toml``."""
    return word.startswith(_place_verb_stems())


def _state_body(noun: str) -> bool:
    a = agents().get(noun)
    return a is not None and a.cls in ("force", "government")


def _is_role(text: str) -> bool:
    """A mention that is a role ("an official", "the spokesman"), not a name."""
    last = text.split()[-1].lower() if text.split() else ""
    a = agents().get(last)
    return a is not None and a.cls == "role"


def _acting(tok) -> bool:
    """A country token that does something: subject, agent, or conjoined with one."""
    if tok is None:
        return False
    seen = 0
    while tok.dep_ == "conj" and seen < 5:
        tok, seen = tok.head, seen + 1
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.dep_ == "nsubj":
        return True
    # "Azerbaijan, which has claimed …, pressed its offensive": a relative clause on a country
    # describes what it does, whatever the parser made of the main clause
    if any(c.dep_ == "relcl" and any(_is(w.lower_, "relative", "pronouns") and w.dep_ == "nsubj"
                                     for w in c.children) for c in tok.children):
        return True
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        return True
    if tok.dep_ == "poss" and (_state_body(tok.head.lower_) or _is(tok.head.lower_, "deeds", "nouns")):
        return True
    return False






@dataclass(frozen=True)
class _Places:
    """The places of a doc arranged for bounded look-ups from an entity (linear in long texts,
    not a scan of every place per entity)."""
    starts: list[int]               # starts of the place spans, sorted
    reach: list[int]                # the furthest end of the spans up to each start
    texts: frozenset[str]           # resolved places of several words ("Bani Walid")
    ends: list[int]                 # ends of the resolved places, sorted
    listed: bool                    # the text may hold the head of a list ("the villages of")
    misread: list[tuple[int, int]]  # names ``geo.context`` takes for places (``_misread``)

    @classmethod
    def of(cls, doc: Doc) -> "_Places":
        spans = sorted({(p.start, p.end) for p in doc.places})
        return cls([ps for ps, _ in spans], list(itertools.accumulate((pe for _, pe in spans), max)),
                   frozenset(p.text for p in doc.places if p.lat is not None and " " in p.text),
                   sorted(p.end for p in doc.places if p.lat is not None),
                   has_needs(_PLACE_LIST, doc.text), _misread(doc))

    def misread_in(self, start: int, end: int) -> bool:
        """``geo.context.misread_place(doc, start, end)`` for an entity's span."""
        k = bisect.bisect_left(self.misread, (end,))
        return bool(k) and self.misread[k - 1][1] > start


def _misread(doc: Doc) -> list[tuple[int, int]]:
    """The names of the text's PERSON and ORG entities that ``geo.context`` takes for places
    (``misread_place``), found for all entities at once (ascending and apart: each lies in
    its entity, and entities do not overlap)."""
    try:
        gz = default_gazetteer(DEFAULT)
    except Exception:
        return []
    return sorted((p.start, p.end) for p in misread_names(doc, 0, len(doc.text), [], gz))


def _add_entities(doc: Doc, places: "_Places", out: list) -> None:
    """spaCy's PERSON and ORG entities that are no place, platform or time zone."""
    text, cs = doc.text, countries()
    surnames = {p.text.split()[-1] for p in doc.entities if p.label == "PERSON"}
    persons = [p.start for p in doc.entities if p.label == "PERSON"]    # in order, as the NER's
    for e in doc.entities:
        if e.label not in ("PERSON", "ORG") or _not_an_actor(doc, e, places):
            continue
        if e.label == "PERSON":
            s, t = _strip_title(text, e.start, e.end)
            if t in cs or not any(_upper_ascii(c) for c in t):
                continue
            out.append(_ranked(text, s, e.end, t, "person", rank=1))
        else:
            _add_organisation(doc, e, surnames, persons, out)


def _add_titled(doc: Doc, t: "_Text", places: "_Places", out: list) -> None:
    """A name after a title the NER missed ("Presidential Spokesperson Ernesto Abella"), below
    every other recogniser: no word of it a state, a place, a month or a day, not in a heading."""
    text, cs = doc.text, countries()
    for m in _word_matches(_TITLED_NAME, text, t, _first_runs(_word_set("titles", "words"))):
        s, e = m.span(1)
        k = bisect.bisect_left(places.starts, s)
        if any(w in cs or w.lower() in _CALENDAR for w in m.group(1).split()) \
                or (k < len(places.starts) and places.starts[k] < e) \
                or (k and places.reach[k - 1] > s) or _is_heading_line(text, s):
            continue
        out.append(_ranked(text, s, e, m.group(1), "person", rank=0))


def _not_an_actor(doc: Doc, e, places: _Places) -> bool:
    """An entity that is a time zone, a platform or a place (a toponym, a name before a
    settlement noun, one of a list of places, a place the NER took for a name)."""
    text = doc.text
    if _is(e.text, "timezones", "names"):
        return True                                   # "09:45 GMT –" of a live blog
    k = bisect.bisect_right(places.starts, e.start)
    if _is(e.text.lstrip("#"), "platforms", "names") or (k and places.reach[k - 1] >= e.end):
        return True                                   # a toponym or a platform, not an actor
    if _PLACE_AFTER.match(text, e.end) or e.text in places.texts:
        return True                                   # "Tartar's Narli village", "of Bani Walid"
    ends = places.ends
    if any(_LIST_GAP.fullmatch(text[pe:e.start])
           for pe in ends[bisect.bisect_left(ends, e.start - 300):bisect.bisect_right(ends, e.start)]) \
            and _place_words(doc, e.text):
        return True                                   # "Slovyansk, Bakhmut and Avdiivka"
    if places.listed and _in_place_list(text, e.start):
        return True                                   # "the villages of Shikharkh, Garagashli …"
    return places.misread_in(e.start, e.end)          # "Stepanakert, the main city of …"


def _add_organisation(doc: Doc, e, surnames: set[str], persons: list[int], out: list) -> None:
    """An ORG entity as an organisation or a news outlet, a person's name at its end split
    off ("Armenia's Defender Arman Tatoyan"); ``persons``: where PERSON entities start, in
    order."""
    text, lex, cs = doc.text, lexicon(), countries()
    s, t = e.start, e.text
    k = bisect.bisect_right(persons, e.start)
    inner = persons[k:k + 1] if k < len(persons) and persons[k] < e.end else []
    words = t.split()
    if not inner and len(words) >= 4 and words[-1] in surnames and words[-2][:1].isupper():
        ps = s + t.rfind(words[-2] + " " + words[-1])
        out.append(_ranked(text, ps, s + len(t), text[ps:s + len(t)], "person", rank=1))
        t = text[s:ps].rstrip()           # "Armenia's Defender" + "Arman Tatoyan"
    if inner:                                 # "Armenia's Defender Arman Tatoyan"
        t = text[s:inner[0]].rstrip()
    if " " not in t and not t.isupper() and t not in lex:
        return                                # "Karabakh", "International": noise
    if t.lower().startswith("the "):
        s, t = s + 4, t[4:]
    t = t.split(" (")[0]                      # "Movement for Democratic Change (MDC": the name
    if t in cs or len(t) < 2 or (any(c.isdecimal() for c in t) and not _MEDIA.search(t)):
        return                                # a figure is no name, but "Kurdistan 24 TV" is
    if "-" in t and all(p in cs for p in t.split("-")):
        return                                # "Artsakh-Azerbaijan" misread as ORG
    canonical, cat = lex.get(t, (t, "organization"))
    if cat == "organization" and _MEDIA.search(t):
        cat = "media"
    out.append(_ranked(text, s, s + len(t), canonical, cat, rank=0))


def _add_institutions(t: "_Text", out: list) -> None:
    text, cs = t.text, countries()
    for m in _INSTITUTION.finditer(text) if t.holds(_INSTITUTION) else ():
        state = _state_in(m.group("mods") or "", cs) or cs.get(m.group("of") or "")
        if state is None:
            continue                                  # "the ministry": an anaphor, later
        s = m.start(1)
        if m.group("mods") and not _state_in(m.group("mods").split()[0], cs):
            s += len(m.group("mods").split()[0]) + 1  # "Meanwhile Russia's …"
            s = s if _state_in(text[s:m.end(1)].split()[0], cs) else m.start(1)
        e = m.end(1)
        out.append(_ranked(text, s, e, text[s:e].rstrip(), "organization", rank=3))


def _place_words(doc: Doc, name: str) -> bool:
    """Whether the gazetteer knows ``name`` as a town or city."""
    try:
        return any(p.feature in ("city", "locality") for p in default_gazetteer().candidates(name))
    except Exception:
        return False


def _add_descriptions(t: "_Text", out: list) -> None:
    text = t.text
    for m in _word_matches(_VESSEL, text, t, _first_runs(_word_set("vessels", "nouns"))):
        name = m.group(1)
        if name in countries() or name.split()[0] in countries():
            continue                                  # "vessel Turkish …": a modifier
        out.append(_ranked(text, m.start(1), m.end(1), name, "organization", rank=2))
    if not (t.written(_first_runs(_word_set("bodies", "modifiers")))
            and t.written(_first_runs(_word_set("bodies", "heads")))):
        return                          # "a joint coordination center": both are written
    for m in _BODY.finditer(text):
        out.append(_ranked(text, m.start(1), m.end(1), m.group(1).lower(), "organization",
                            rank=1))


def _add_quantities(doc: Doc, t: "_Text", out: list) -> None:
    """A count alone as the subject of a clause ("Thousands celebrated", "Tens of thousands
    were displaced"): the crowd is the actor, a population."""
    if doc.parsed is None:
        return
    counts = _word_set("quantities", "nouns")
    if t.low is not None and not any(w in t.low for w in counts - {"of"}):
        return                        # no count written (a word's lower case is in ``low``)
    for i in nlp.lower_in(doc.parsed, counts - {"of"}):
        tok = doc.parsed[i]
        # "Thousands celebrated …" misread as a noun with a reduced relative: a finite verb
        # hanging on a root count is its predicate
        verb = [c for c in tok.children if c.dep_ == "acl" and c.tag_ in ("VBD", "VBP", "VBZ")]
        if tok.dep_ not in ("nsubj", "nsubjpass") and not (tok.dep_ == "ROOT" and verb):
            continue
        skip = {t.i for c in tok.children if c.dep_ in ("acl", "relcl") for t in c.subtree}
        sub = [t for t in tok.subtree if t.i not in skip and not (t.is_punct or t.is_space)]
        if all(t.lower_ in counts for t in sub):
            s, e = sub[0].idx, sub[-1].idx + len(sub[-1])
            out.append(_ranked(doc.text, s, e, doc.text[s:e].lower(), "population", rank=1))


def _with_acronyms(text: str, found: list[ActorMention]) -> list[ActorMention]:
    """A name and its acronym in brackets as one actor ("Jaish-e-Mohammad (JeM)"); a
    lower-case description with an actor's head before the brackets names the acronym's body
    ("the transitional assembly (CNT)"); after any other description the acronym is a thing
    ("armoured personnel carrier (APC)"), no actor."""
    by_start = {a.start: a for a in found}
    ends = {a.end: a for a in found}
    drop, out = set(), []
    for m in finditer(_ACRONYM_AFTER, text):
        short = m.group(1)
        if sum(c.isupper() for c in short) < 2:
            continue
        inner = by_start.get(m.start(1))
        long_ = ends.get(m.start())
        if long_ is None:
            long_ = _described_body(text, m.start(), short)
            if long_ is None:
                if inner is not None and inner.name == short and _described_thing(text, m.start()):
                    drop.add(id(inner))
                continue
            out.append(long_)
        elif long_.name == short or long_.text == short:
            continue
        if inner is not None:
            drop.add(id(inner))
        long_.end, long_.text = m.end(), text[long_.start:m.end()]
        if long_.name.islower():              # a description is known by its acronym
            long_.name = short
    return sorted([a for a in found if id(a) not in drop] + out, key=lambda a: a.start)


def _described_body(text: str, end: int, short: str) -> Optional[ActorMention]:
    """The lower-case words before ``end`` when their last is an actor's head ("transitional
    assembly"): up to three words, named by the acronym."""
    words_ = text[max(0, end - 80):end].split()[-3:]
    if not words_ or not (_is(words_[-1], "acronyms", "heads") or words_[-1] in agents()):
        return None
    while words_ and not (words_[0].isalpha() and words_[0].islower()
                          and not _stop_word(words_[0])):
        words_ = words_[1:]
    if not words_ or not all(w.isalpha() and w.islower() for w in words_):
        return None
    s = text.rindex(words_[0], 0, end)
    return _mention(text, s, end, short, "organization")


def _described_thing(text: str, end: int) -> bool:
    """Lower-case words right before ``end``: a description, not a name."""
    last = text[max(0, end - 40):end].split()[-1:]
    return bool(last) and last[0].isalpha() and last[0].islower()


def _surnames(t: "_Text", found: list[ActorMention]) -> list[ActorMention]:
    """A surname alone after the full name ("Artsrun Hovhannisyan … Hovhannisyan wrote"):
    the model often tags a lone foreign surname as a nationality or misses it."""
    by_surname: dict[str, ActorMention] = {}
    for a in found:
        words = a.text.split()
        if a.category == "person" and len(words) >= 2 and words[-1][:1].isupper() \
                and len(words[-1]) >= 4 and words[-1] not in countries():
            by_surname.setdefault(words[-1], a)
    out: list[ActorMention] = []
    if not by_surname:
        return out
    text = t.text
    covered = bytearray(len(text))
    for b in found:
        covered[b.start:b.end] = b"\x01" * (b.end - b.start)
    # the surname as written, or misspelt by one letter ("Hajiyev" … "Hajivev added"); a
    # word's person looked up once per text (names recur), and the pattern tried only where
    # a word that has one is written (a match is a whole word)
    person = {w: by_surname[w] for w in t.runs.intersection(by_surname)}
    person.update(_misspelt(by_surname, t.runs.difference(person)))
    for m in _scan(_CAPITALISED, text, t.starts(frozenset(person))):
        w = m.group(0)
        a = person.get(w)             # (a longer word than the one found there: "Smithson")
        if a is None or m.start() < a.start or covered[m.start()] or w in countries():
            continue
        out.append(_mention(text, m.start(), m.end(), a.name, "person"))
    return out


def _misspelt(by_surname: dict[str, ActorMention], words) -> dict[str, ActorMention]:
    """word → the person of the first surname (of six letters or more, in the text's order)
    that a capitalised word of ``words`` misspells by one letter."""
    near, people = _OneEdit(), []
    for sur, a in by_surname.items():
        if len(sur) >= 6:
            near.add(sur)
            people.append(a)
    if not people:
        return {}
    return {w: people[k] for w in words
            if len(w) >= 5 and w[:1].isupper() and (k := near.find(w)) is not None}


class _OneEdit:
    """Words by their first two and by their last two letters: a word one edit off another
    keeps one of the two (``_edit1``), so it is compared with the words that share one only,
    not with every word of the text."""

    def __init__(self):
        self.words: list[str] = []
        self.heads: dict[str, list[int]] = {}
        self.tails: dict[str, list[int]] = {}

    def add(self, word: str) -> None:
        self.heads.setdefault(word[:2], []).append(len(self.words))
        self.tails.setdefault(word[-2:], []).append(len(self.words))
        self.words.append(word)

    def find(self, w: str) -> Optional[int]:
        """The index of the first word added that ``w`` is up to one edit off, if any."""
        heads, tails = self.heads.get(w[:2]), self.tails.get(w[-2:])
        if heads is None or tails is None:
            ks = heads or tails or ()
        else:
            ks = sorted(set(heads).union(tails))
        for k in ks:
            # (a length two apart is no one-letter misspelling: not worth asking _edit1)
            if -2 < len(self.words[k]) - len(w) < 2 and _edit1(w, self.words[k]):
                return k
        return None


# ---------------------------------------------------------------- helpers
def _mention(text, s, e, name, cat) -> ActorMention:
    return ActorMention(s, e, text[s:e], name=name, category=cat)


@dataclass(frozen=True)
class Ranked:
    """A mention while overlaps are resolved: ``rank`` says which recogniser to trust
    (lexicon 3, described agents and states 2, NER 0-1)."""
    mention: ActorMention
    rank: int


def _ranked(text, s, e, name, cat, rank=1) -> Ranked:
    return Ranked(_mention(text, s, e, name, cat), rank)


def _drop_first(s: str, first: frozenset[str], fold: bool = True) -> str:
    """``s`` without its first word when that word (lower-cased if ``fold``) is in ``first``
    and more follows: "the Venezuelan troops" → "Venezuelan troops"."""
    head = s.split(maxsplit=1)
    if len(head) == 2 and s.startswith(head[0]) and (head[0].lower() if fold else head[0]) in first:
        return head[1]
    return s


def _strip_the(s: str) -> str:
    return _drop_first(s, _word_set("determiners", "articles"))


def _strip_title(text: str, s: int, e: int) -> tuple[int, str]:
    t = text[s:e]
    m = _state_patterns().titles.match(t)
    if m and m.end() < len(t):
        s, t = s + m.end(), t[m.end():]
    if t.endswith("’s") or t.endswith("'s"):
        t = t[:-2]
    return s, t


def _state_in(mods: str, cs) -> Optional[Country]:
    for w in _CAPITALISED_RUN.findall(mods):
        w = _bare(w)
        if w in cs:
            return cs[w]
        first = w.split()[0]
        if first in cs:
            return cs[first]
    return None


def _token_at(doc: Doc, char: int):
    """The parse's first word of ``nlp.span(doc.parsed, char, char + 1)`` (made without the
    span), or None."""
    if doc.parsed is None:
        return None
    bounds = nlp.token_bounds(doc.parsed, char, char + 1)
    return doc.parsed[bounds[0]] if bounds is not None and bounds[1] > bounds[0] else None


def _is_heading_line(text: str, pos: int) -> bool:
    ls, le = line_around(text, pos, pos)
    le = min(le, ls + 4000)      # only a line's first sentence can be a heading (max 1000 chars)
    # a later sentence is neither the whole line nor a dateline at its start: only the
    # first is asked (a generator: the rest of the line is not split)
    first = next(iter_sentences(text[ls:le]), None)
    if first is None or not first[0] + ls <= pos < first[1] + ls:
        return False
    return is_heading(text, (first[0] + ls, first[1] + ls))


def _resolve_overlaps(found: list[Ranked]) -> list[ActorMention]:
    """Keep the best of overlapping mentions: higher rank, then longer."""
    best = sorted(found, key=lambda r: (-r.rank, -(r.mention.end - r.mention.start),
                                        r.mention.start))
    kept: list[ActorMention] = []
    taken = bytearray(max((r.mention.end for r in found), default=0))
    for r in best:
        a = r.mention
        if not any(taken[a.start:a.end]):
            kept.append(a)
            taken[a.start:a.end] = b"\x01" * (a.end - a.start)
    return sorted(kept, key=lambda a: a.start)


def _edit1(a: str, b: str) -> bool:
    """Same word up to one edit (typos: "Hajivev"/"Hajiyev", "Emanuel"/"Emmanuel")."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 5 or (
            a[:2] != b[:2] and a[-2:] != b[-2:]):
        return False                  # (one edit leaves the first two or the last two letters)
    if len(a) > len(b):
        a, b = b, a
    # past the first difference, the rest must be the same: after one letter changed (same
    # length) or one letter dropped from the longer (deleting the first of a run of letters
    # is deleting any of them)
    i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    return a[i + 1:] == b[i + 1:] if len(a) == len(b) else a[i:] == b[i + 1:]


def _canonicalise(found: list[ActorMention], text: str) -> None:
    lex = lexicon()
    # acronyms defined in the text: "Tigray People's Liberation Front (TPLF)"
    for m in finditer(_ACRONYM, text):
        long_, short = _drop_first(m.group(1), frozenset({"The"}), fold=False), m.group(2)
        canonical = lex.get(long_, (long_,))[0]
        for a in found:
            if a.text in (short, long_) or a.name in (short, long_):
                a.name = canonical
    # people: cluster by surname (typo-tolerant); the lexicon spelling, else the longest form
    people = [a for a in found if a.category == "person" and _upper_ascii(a.text[:1])
              and " " not in a.name.lower().replace(a.text.lower(), "")]
    clusters: list[list[ActorMention]] = []     # by their first surname, in lower case
    near = _OneEdit()
    for a in people:
        sur = a.name.split()[-1].lower()
        k = near.find(sur)
        if k is not None:
            clusters[k].append(a)
        else:
            near.add(sur)
            clusters.append([a])
    for cl in clusters:
        known = [lex[a.name][0] for a in cl if a.name in lex]
        known += [lex[a.text][0] for a in cl if a.text in lex]
        names = [a.name for a in cl]
        canonical = known[0] if known else max(names, key=lambda n: (len(n.split()), len(n)))
        for a in cl:
            a.name = canonical




# a window wide enough for "the villages of A, B, C and D" before a name
_LIST_WINDOW = 160


def _in_place_list(text: str, pos: int) -> bool:
    """A name inside a list after "the villages of …" (linear: one search, one fullmatch)."""
    window = text[max(0, pos - _LIST_WINDOW):pos]
    heads = list(_PLACE_LIST.finditer(window))
    return bool(heads) and bool(_LIST_TAIL.fullmatch(window[heads[-1].end():]))


def _after_locative(text: str, pos: int) -> bool:
    """A locative before ``pos``, over a direction ("through central Tehran", "in northern
    Syria"): what follows is a place."""
    m = _WORD_BEFORE.search(text, max(0, pos - 30), pos)
    return bool(m) and _is(m.group(1).lower(), "locative", "words")


def _as_place(text: str, a: ActorMention) -> bool:
    """A country named as a place ("a resident of northern Syria"), no antecedent of "they"."""
    return a.category == "state" and _after_locative(text, a.start)


def _position(doc: Doc, a: ActorMention) -> str:
    """Where a mention stands in its clause: "subj" (subject, or conjoined with one: "he and
    many other Syrians were promised"), "obl" (object of a preposition or a possessor: "fight
    together with the Azerbaijani army", "the uniform of the army"), else "other"."""
    if doc.parsed is None:
        return "other"
    span = nlp.span(doc.parsed, a.start, a.end)
    if span is None or not len(span):
        return "other"
    t, seen = span.root, 0
    while t.dep_ == "conj" and seen < 5:
        t, seen = t.head, seen + 1
    if t.dep_ in ("nsubj", "nsubjpass"):
        return "subj"
    if t.dep_ in ("pobj", "poss") and not (t.dep_ == "pobj" and t.head.dep_ == "agent"):
        return "obl"
    return "other"


def _titled(text: str, a: ActorMention, head: str) -> bool:
    """A person named after a title with ``head`` ("President Rodrigo Duterte" is "the
    president" later): the title the mention left out, just before it."""
    before = text[max(0, a.start - 40):a.start].split()
    return bool(before) and before[-1].lower() == head


def _modifier_noun(doc: Doc, char: int) -> bool:
    """The word at ``char`` modifies a noun after it ("the police station")."""
    tok = _token_at(doc, char)
    return tok is not None and tok.dep_ in ("compound", "amod", "nmod") and tok.head.i > tok.i


def _group(a: ActorMention) -> bool:
    """A plural human group: a population, fighters, mercenaries, an armed group."""
    return a.category in ("armed_group", "population")


def _anaphors(doc: Doc, t: "_Text", found: list[ActorMention]) -> list[ActorMention]:
    """Pronouns and definite descriptions named after their antecedent (two sentences back).

    "they" takes the most recent plural antecedent in subject position (a group within about
    two paragraphs, a state within one), else the most recent plural group, else the most
    recent plural actor; a state or a state's forces named in an oblique position ("fight
    together with the Azerbaijani army") or as a place ("a resident of northern Syria") is no
    antecedent. "them" takes the most recent plural group."""
    text = doc.text
    out = []
    cands = sorted(found, key=lambda a: a.start)
    longest = max((a.end - a.start for a in cands), default=0)
    pos_cache: dict[int, str] = {}

    def pos(a):
        if id(a) not in pos_cache:
            pos_cache[id(a)] = _position(doc, a)
        return pos_cache[id(a)]

    def before(pos_, ok, window=600):
        """The last candidate that ends before ``pos_``, less than ``window`` back, and is
        ``ok`` (read backwards from ``pos_``: no mention is longer than ``longest``)."""
        for k in range(bisect.bisect_right(cands, pos_, key=lambda a: a.start) - 1, -1, -1):
            a = cands[k]
            if a.start + longest <= pos_ - window:
                break
            if a.end <= pos_ and pos_ - a.end < window and ok(a):
                return a
        return None

    def plural(a):
        return (a.category in ("armed_group", "state", "population") or a.text.endswith("s")) \
            and not _as_place(text, a) and not (a.category == "state" and pos(a) == "obl")

    for m in finditer(_pronoun_re(), text):
        word = m.group(0).lower()
        if word == "them":
            ante = before(m.start(), lambda a: _group(a) and not _as_place(text, a), window=1200)
        elif _is(word, "pronouns", "singular"):
            ante = before(m.start(), lambda a: a.category == "person" and _upper_ascii(a.text[:1])
                          and not _is_role(a.text))
        else:
            subj = [a for a in (before(m.start(), lambda a: _group(a) and pos(a) == "subj"
                                       and not _as_place(text, a), window=1200),
                                before(m.start(), lambda a: plural(a) and pos(a) == "subj"))
                    if a is not None]
            ante = max(subj, key=lambda a: a.start) if subj else (
                before(m.start(), lambda a: _group(a) and not _as_place(text, a))
                or before(m.start(), plural))
        if ante:
            out.append(_mention(text, m.start(), m.end(), ante.name, ante.category))
            bisect.insort(cands, out[-1], key=lambda a: a.start)   # "they … they": a chain
            longest = max(longest, m.end() - m.start())
    heads = t.written(_first_runs(_word_set("anaphora", "heads")))
    for m in finditer(_ANAPHOR, text) if heads else ():
        head = m.group(1).lower()
        ante = before(m.start(), lambda a: head in a.text.lower() or head in a.name.lower()
                      or (a.category == "person" and _titled(text, a, head)), window=1500)
        if ante is None and _is(head, "anaphora", "collective"):
            ante = before(m.start(), lambda a: a.category in ("organization", "armed_group"))
        if any(a.start <= m.start() < a.end for a in found):
            continue
        if ante is not None:
            out.append(_mention(text, m.start(), m.end(), ante.name, ante.category))
        elif _is(head, "anaphora", "standalone") and not _modifier_noun(doc, m.start(1)):
            out.append(_mention(text, m.start(1), m.end(1), head, "state"))   # "the police fired"
    return out
