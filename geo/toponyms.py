"""Toponym recognition and resolution: which spans of an article are places, and where.

**Recognition** joins two signals and keeps what either is sure of:

- *gazetteer scan*: every run of capitalised words (with ``of``/``de``/``al``-style connectors,
  hyphens and dotted abbreviations such as ``W.Va.``) is looked up, longest first. A match alone is
  trusted when it names a country, an admin-1 region, a curated region or a city of 100k+, or when
  the text frames it as a place (``in``/``near``/``outside`` before it, ``, Ga.`` after it,
  ``the village of X``); it is dropped when it is a common English word written lower-case
  elsewhere in the article, a stop word, a month or weekday, or follows a title (``Mr.``, ``Gov.``);
- *spaCy NER* (``Settings.use_ner``): GPE and LOC spans are places even when the gazetteer lacks
  them (coordinates then come from the containing place the sentence names, else null); FAC only
  when the gazetteer knows it; PERSON spans veto a bare gazetteer match (``Jordan Smith``), ORG
  spans veto all but strong matches (``Laurel County`` in ``Laurel County Sheriff's Office``),
  except a span that is only places joined by ``and``/``to``/commas (``Abuja to Accra``).

Streets and roads written as names (``Wichita Drive``, ``Main St.``) are places without
coordinates. Demonyms (``Syrian forces``) count as places only with ``Settings.place_demonyms``:
news geoparsing corpora annotate them, the product's place list does not want them.

**Resolution** first drops the senses the story leaves closed: the small namesakes of a country,
a national capital or a world city (``Berlin``, ``Paris``) unless the text names their country or
state, the story is US local news, or another of its places is near them; the senses a qualifier
written after the name rules out (``Alexandria, La.``); a country's own admin-1 namesake
(``Mexico``); towns matched only by an alternate spelling where another sense lies in the story's
countries; the people the story is about (a demonym written twice: ``Lebanese troops``) open
the gate for their own cities of 100k+ (``Tripoli``, Lebanon). A name matched only by an
alternate name of small towns outside the countries the story names (a surname: ``Casa``, one
of Chas's names) is no place unless the model or the text calls it one. A name written
after ``the`` is the curated river, sea or region of the name, not a town (``the Rio Grande``).
A town the writer places in a country where no candidate lies (``the town of Palma in
Mozambique``), or that only has namesakes far from a story about one country, is a town the
gazetteer lacks: placed by its containing place, not abroad. It then scores each
remaining entry: a prior from population and feature type
(countries before regions before cities) plus document context (``DocContext``): the countries,
regions and places the other names expect, the demonyms written (``Chadian troops``) and the
conventions of US local news. One sense per discourse: every mention of a name in an article gets
the same place. A direction word before a country (``northern Chad``) makes the mention a region
of it, named as written, at its own point. Weights and thresholds are named constants with their
reasons; word lists and patterns live in ``geo/data``.
"""
from __future__ import annotations

import functools
import itertools
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Optional

from timeline.config import DEFAULT, Settings
from timeline.model import Doc, Entity, PlaceMention
from timeline.resources import (finditer, matches_at, occurs, pattern, prefix_tree,
                                word_char)

from .country_parts import part_point
from .demonyms import demonyms
from .gazetteer import (ADM1, CC, DATA_DIR, FEATURE, LAT, LON, NAME, POP, GID, Gazetteer,
                        _read_csv, _toml_file, default_gazetteer, fold, key, abbrev_key,
                        km, read_lexicon,
                        US_STATE_ABBREV)


def _lexicon(name: str, kind: str):
    """A word list of ``geo/data/toponym_lexicon.toml``."""
    return read_lexicon("toponym_lexicon.toml", name, kind)


def _pattern(name: str) -> re.Pattern:
    """A named regular expression of ``geo/data/toponym_patterns.toml``."""
    return pattern(DATA_DIR / "toponym_patterns.toml", name)


MAX_TOKENS = 6
CONNECTORS = _lexicon("connectors", "set")
LOCATIVE = _lexicon("locative", "set")
TITLES = _lexicon("titles", "set")
MONTHS = _lexicon("months", "set")
# Capitalised words that are gazetteer names somewhere but nearly always something else in news
# (geo/data/not_places.csv: common words, famous people's names, outlets, brands, groups).
COMMON = frozenset(r["word"] for r in _read_csv(DATA_DIR / "not_places.csv"))
INSTITUTION = _lexicon("institution", "set")
PLACE_TYPES = _lexicon("place_types", "set")
NOT_PLACE_WORDS = _lexicon("not_place_words", "set")
PLACE_JOINERS = _lexicon("place_joiners", "set")
# A street is up to three capitalised words (after an optional ``E.``/``North``) before a street
# word; the match starts at a word start, and leading function words (``On Main Street``,
# ``The Midland Trail``) are trimmed off in ``_streets``.
STREET_RE = _pattern("street_re")
# Numbered roads: ``Highway 19``, ``County Road 43``, ``Interstate 45``, ``Illinois Route 159``,
# ``State Highway 360``, ``KY 90``, ``FM 678``.
HIGHWAY_RE = _pattern("highway_re")
# State routes written with the state's AP abbreviation (``W.Va. 61``, ``S.C. 6``): roads, named.
STATE_ROUTE_RE = re.compile(r"(?<![\w.])((?:" + "|".join(
    re.escape(a) for v in US_STATE_ABBREV.values() for a in v if "." in a) + r") ?\d{1,3}[A-Z]?)\b")
CONTAINER_RE = _pattern("container_re")
# ``Duyarli village``, ``the Narli settlement``: a name before a lower-case settlement noun
VILLAGE_AFTER_RE = _pattern("village_after_re")
# Arabic names written with the article (``al-Habit``, ``Al-Wasaka``, ``Buwairat Al-Hassoun``)
ARABIC_NAME_RE = _pattern("arabic_name_re")
# Lists: ``Slovyansk, Bakhmut and Avdiivka``, ``#Shoushi and #Stepanakert``
LIST_GAP_RE = _pattern("list_gap_re")
NEWS_RE = _pattern("news_re")
TYPE_WORDS = _lexicon("type_words", "set")
ADMIN_TYPE_WORDS = _lexicon("admin_type_words", "set")
SITE_NOUNS = _lexicon("site_nouns", "set")
INITIALS_RE = _pattern("initials_re")
# Generic head words of Arabic place names (``Ain``/``Tal``/``Deir`` ... + a name): such a word
# followed by a name is one compound name.
ARABIC_HEADS = _lexicon("arabic_heads", "set")
# Those that open only place names, never a person's (``Tel Abyad``, ``Ras al-Ain``, ``Deir
# Hafer``; not ``Sheikh``, ``Abu``, ``Khan``, ``Umm``, ``Bani``).
PLACE_HEADS = ARABIC_HEADS - {"Khan", "Bani", "Beni", "Beit", "Bayt", "Umm", "Sheikh", "Hayy",
                              "Arab"}
ARABIC_TAIL_RE = _pattern("arabic_tail_re")
FOLD_SKIP = _lexicon("fold_skip", "set")
TOKEN_RE = _pattern("token_re")
PREV_WORD_RE = _pattern("prev_word_re")
SENTENCE_END_RE = _pattern("sentence_end_re")
SPACE_CAP = _pattern("space_cap")            # `` Police``: a capitalised word follows
SPACES_CAP = _pattern("spaces_cap")
COMMA_CAP = _pattern("comma_cap")
NEXT_NAME = _pattern("next_name")
NEXT_WORD = _pattern("next_word")
NEXT_WORD_SPACED = _pattern("next_word_spaced")
NEXT_LOWER_WORD = _pattern("next_lower_word")
DEMONYM_PLACE_NOUNS = _lexicon("demonym_place_nouns", "set")
TYPE_AFTER_RE = _pattern("type_after_re")
QUALIFIER_AFTER = _pattern("qualifier_after")
QUALIFIER_IN = _pattern("qualifier_in")
LEADING_THE = _pattern("leading_the")
OFFICE_TYPE_RE = _pattern("office_type_re")
LOWER_WORD_RE = _pattern("lower_word_re")
WORD_RE = _pattern("word_re")
LISTABLE_AFTER_RE = _pattern("listable_after_re")
LISTABLE_BEFORE_RE = _pattern("listable_before_re")
AMERICAN_COMPOUND_RE = _pattern("american_compound_re")
NAME_RUN_RE = _pattern("name_run_re")
REGION_WRITTEN_RE = _pattern("region_written_re")
STRONG_POP = 100_000


@dataclass
class Candidate:
    """A span that may be a place, and what made us think so."""

    start: int
    end: int
    text: str
    ids: tuple = ()
    source: str = "gaz"             # gaz, ner, street, container, demonym
    strong: bool = False            # trusted without NER support
    label: str = ""                 # the NER label covering it, if any
    fixed: Optional[tuple] = None   # (name, lat, lon, cc, feature) decided outside the gazetteer
    folded: bool = False            # matched only by the transliteration-folding key


@functools.lru_cache(maxsize=1)
def _demonyms() -> dict:
    """Demonym as written → (place, ISO2 or None), from the one table ``geo.demonyms``."""
    return {d.form: (d.place, d.country or None) for d in demonyms().values()}


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset:
    try:
        from spacy.lang.en.stop_words import STOP_WORDS
    except Exception:
        STOP_WORDS = set()
    return frozenset(STOP_WORDS) | MONTHS | COMMON | TITLES | DIRECTION_ADJECTIVES | {"pct", "no", "ms"}


def _tokens(text: str) -> list[tuple[int, int]]:
    """Word spans, a possessive ``'s`` cut off (``Martha's`` is ``Martha``)."""
    spans = list(map(re.Match.span, TOKEN_RE.finditer(text)))
    cut = []        # (index, span) of the words ending in a possessive, found by bisection
    for mark in ("'s", "’s"):
        at = text.find(mark)
        while at >= 0:
            j = bisect_left(spans, (at + 2,)) - 1      # the last word starting before its end
            if j >= 0 and spans[j][1] == at + 2 and at - spans[j][0] > 0:
                cut.append((j, (spans[j][0], at)))
            at = text.find(mark, at + 1)
    for j, span in cut:
        spans[j] = span
    return spans


def _gap_ok(gap: str) -> bool:
    return gap in (" ", "-", ".", ". ", "-", " - ") or (gap.strip() == "" and "\n" not in gap and len(gap) <= 2)


def _scan(text: str, gz: Gazetteer, toks: Optional[list] = None) -> list[Candidate]:
    """Longest gazetteer matches over runs of capitalised words, left to right (``toks``: the
    text's ``_tokens``, when the caller has them)."""
    toks = _tokens(text) if toks is None else toks
    caps = [text[s].isupper() for s, _ in toks]
    out: list[Candidate] = []
    i, n, size = 0, len(toks), len(text)
    names_ids, ids_of, extends = gz.names.ids, gz.ids, gz.extends
    for i0 in itertools.compress(range(n), caps):     # the capitalised words, in order
        if i0 < i:
            continue        # inside the match before
        i = i0
        s0, e0 = toks[i]
        w0 = text[s0:e0]
        best = None
        # True when no key starts with the key of the run so far (and only spaces since); a
        # span when that is still to be asked of it (only a run that goes on asks)
        dead = False
        for j in range(i, min(n, i + MAX_TOKENS)):
            sj, ej = toks[j]
            if j > i:
                gap = text[toks[j - 1][1]:sj]
                if gap != " ":
                    if not _gap_ok(gap):
                        break
                    dead = False
            if not caps[j]:
                wj = text[sj:ej]
                if wj.lower() in CONNECTORS or (j > i and text[sj - 1] == "-" and len(wj) <= 3):
                    continue
                break
            span = text[s0:ej] if j > i else w0
            ids = ()
            end = ej
            if ej < size and text[ej] == ".":
                ids = names_ids(abbrev_key(span + "."))
                if ids:
                    end = ej + 1
                elif INITIALS_RE.match(span):
                    # ``D.C.``, ``L.A.``: dotted initials keep their final dot
                    ids = ids_of(span)
                    end = ej + 1
            if not ids and dead and span.isascii() and (dead is True or not extends(dead)):
                # an ASCII run's key is its dead prefix's key plus more: only abbreviations
                dead = True
                ids = names_ids(abbrev_key(span))
            elif not ids:
                ids = ids_of(span)
                dead = span
            folded = False
            if not ids and (j > i or len(span) >= 5) and not span.isupper() and w0 not in FOLD_SKIP \
                    and not (j + 1 < n and caps[j + 1] and _gap_ok(text[ej:toks[j + 1][0]])):
                # the whole capitalised run only, spelled another way (``Avdiivka``)
                ids, folded = gz.fold_ids(span), True
            if ids:
                if best and j > i and text[sj:ej] in TYPE_WORDS and SPACE_CAP.match(text[ej:ej + 2]) \
                        and (best[2][0] == ids[0] or key(gz.entries[ids[0]][NAME]) != key(span)):
                    # ``Kentucky State Police``, ``Dublin City Council``, ``Alexandria City Public
                    # Schools``: a type word the gazetteer knows only in an alias (not the
                    # entry's own name, as in ``Kansas City``) belongs to the organisation
                    break
                if not (folded and best and not best[3]):   # an exact match beats a folded one
                    best = (end, j, ids, folded)
        if best and best[1] == i and w0 in ARABIC_HEADS and ARABIC_TAIL_RE.match(text, e0):
            # ``Ain al Havr``, ``Tal al-Sakhr``: the generic head word alone (``Ain``, France) is
            # not the place; the whole name, unknown to the gazetteer, is left to the rules below
            best = None
        if best:
            end, j, ids, folded = best
            end, j, ids = _admin_type_word(text, toks, end, j, ids, gz)
            out.append(Candidate(s0, end, text[s0:end], ids, folded=folded))
            i = j + 1
        else:
            i += 1
    return out


def _admin_type_word(text: str, toks: list, end: int, j: int, ids: tuple,
                     gz: Gazetteer) -> tuple[int, int, tuple]:
    """``Voronezh Oblast``, ``Lipetsk Oblast``: a type word after a name with an admin-1 entry
    is part of the region's name (the model often reads the whole as an organisation, and the
    town of the name is another place); ``Kentucky State Police`` keeps its type word."""
    if j + 1 >= len(toks) or toks[j][1] != end:
        return end, j, ids
    s1, e1 = toks[j + 1]
    if text[end:s1] != " " or text[s1:e1] not in ADMIN_TYPE_WORDS \
            or SPACE_CAP.match(text[e1:e1 + 2]):
        return end, j, ids
    admin = tuple(i for i in ids if gz.entries[i][FEATURE] == "admin")
    if not admin:
        return end, j, ids
    return e1, j + 1, admin + tuple(i for i in ids if i not in admin)


def _prev_word(text: str, start: int) -> str:
    """The word right before ``start`` (lower-case, no final dot), or "" when a comma or
    semicolon comes between (``Orchard St., Alexandria``: not a title before Alexandria)."""
    return _last_word(text[max(0, start - 30):start])


@functools.lru_cache(maxsize=4096)
def _last_word(before: str) -> str:
    """``_prev_word`` of the 30 characters before a mention: the rules ask it of the same
    mention several times, and of the same words across articles (``in``, ``the town of``);
    keyed by those characters, so that the cache holds no article."""
    m = PREV_WORD_RE.search(before)
    return m.group(1).lower().rstrip(".") if m else ""


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start]
    return start == 0 or before.strip() == "" and ("\n" in before or start < 3) or \
        bool(SENTENCE_END_RE.search(text[max(0, start - 4):start]))


def _strength(c: Candidate, text: str, gz: Gazetteer, lower_words: set, stops: frozenset) -> bool:
    """Whether a gazetteer match is a place on its own (see the module docstring)."""
    top = gz.entries[c.ids[0]]
    k = key(c.text)
    words = c.text.split()
    if c.text.startswith("\x00"):
        return True
    if c.folded:
        # a spelling the gazetteer has only in another transliteration: a place only after a
        # locative word (``in Avdiivka``, ``near Slovyansk``) and not as the first part of a
        # longer name (``at Minnie Howard``)
        return len(c.text) > 3 and k not in stops and _prev_word(text, c.start) in LOCATIVE \
            and not SPACES_CAP.match(text[c.end:c.end + 3])
    if (k in stops and not _dotted(c.text, gz)) or c.text.lower() in lower_words or (len(words) == 1 and c.text.isupper() and len(c.text) <= 3
                                                        and not gz.names.get("\x00" + c.text)):
        return False
    if len(c.text) <= 2:
        return False
    prev = _prev_word(text, c.start)
    feat = top[FEATURE]
    if feat in ("country", "admin", "region") and not c.text.isupper():
        return True
    if prev in TITLES:
        return False
    # A following capitalised word that is not a place (``Jordan Smith``) makes it a name.
    after = text[c.end:c.end + 40]
    m = NEXT_NAME.match(after)
    if m and not gz.ids(m.group(1)) and m.group(1).lower() not in stops:
        return False
    feat = top[FEATURE]
    if feat in ("country", "admin", "region") or "\x00" in k:
        return True
    if top[POP] >= STRONG_POP and len(gz.names.get(k, ())) >= 1 and (
            key(top[NAME]) == k or _dotted(c.text, gz) or not all(key(w) in stops for w in words)):
        # a big city's alternate name made of common words (``White House``, Casablanca's
        # translation) does not make a place on its own
        return True
    if prev in LOCATIVE and top[POP] >= 1000:
        return True
    if COMMA_CAP.match(after) and _qualifier(text, c.end, gz):
        return True
    if (TYPE_AFTER_RE.match(after) or _local_noun_after(text, c.end)) and top[POP] >= 1000:
        return True
    if feat == "landmark" and top[GID] is None and (len(words) > 1 or prev == "the"):
        # a curated landmark of several words (``Lachin Corridor``) names nothing else; one
        # word after ``the`` is a feature's name (``the Danube``, ``the Kremlin``)
        return True
    return False


PERSON_CUE_RES = (
    # a title before a name: ``President Saakashvili``, ``Capt. Roy A. Nelson``, ``coach Ripley``
    re.compile(r"\b(?i:" + prefix_tree({t.lower() for t in TITLES}) + r")\.?\s+"
               r"((?:[A-Z][a-z'’]+\.?\s+|[A-Z]\.\s+){0,2}[A-Z][a-z'’]+)\b(?!\s+[A-Z])"),
    # a lone capitalised word next to a verb of speech: ``Nelson said``, ``said Welch``
    _pattern("person_before_speech"),
    _pattern("person_after_speech"),
    # a first name, a middle initial and a surname: ``Tyrise M. Bell``, ``George W. Bush``
    _pattern("person_middle_initial"),
)


_TITLES_LOWER = frozenset(t.lower() for t in TITLES)


def _title_cues(text: str, toks: list) -> list:
    """``finditer`` of the title cue (``PERSON_CUE_RES[0]``), tried only where a match can
    start: its title is a whole word (a word boundary before it, a dot or a space after it), so
    a word of the article's tokens spelling a title (any non-ASCII word too: case folding beyond
    ASCII is left to ``re``), or a word after an apostrophe inside a token (``O'Gov.``). The
    case-insensitive alternation is otherwise tried at every character of the article."""
    rx = PERSON_CUE_RES[0]
    low = text.lower()
    if len(low) == len(text):    # (no letter lower-cased to two: the offsets hold)
        starts = [s for s, e in toks if (w := low[s:e]) in _TITLES_LOWER or not w.isascii()]
    else:
        starts = [s for s, e in toks if text[s:e].lower() in _TITLES_LOWER
                  or not text[s:e].isascii()]
    for mark in ("'", "’"):
        at = text.find(mark)
        while at >= 0:
            starts.append(at + 1)
            at = text.find(mark, at + 1)
    return matches_at(rx, text, sorted(starts), [(0, len(text))])


def _person_words(text: str, ents: list, gz: Gazetteer, toks: Optional[list] = None) -> set:
    """Words the article uses as a person's name: the later words of multi-word PERSON entities
    (``Jones`` after ``Tim Jones``), the surname after a title, a lone word before or after a
    verb of speech. One sense per discourse: every bare mention of such a word is that person
    unless the text frames it as a place (see ``_place_framed``)."""
    # a town or region the model itself tags as a place twice or more (``Idlib`` in a PERSON
    # entity ``Maarat al-Numan Idlib``) is not taken for a surname (hamlets are: ``Brunson``)
    placed = Counter(e.text for e in ents if e.label in ("GPE", "LOC"))

    personal = Counter(w.rstrip(".,") for e in ents if e.label == "PERSON" for w in e.text.split())

    def surname(w: str) -> bool:
        return placed[w] < max(2, personal[w] + 1) or not any(
            gz.entries[i][FEATURE] in ("admin", "region", "country") for i in gz.ids(w)[:3])

    out = {w.rstrip(".,") for e in ents if e.label == "PERSON" and " " in e.text.strip()
           for w in e.text.split()[1:] if surname(w.rstrip(".,"))}
    toks = _tokens(text) if toks is None else toks
    for n, rx in enumerate(PERSON_CUE_RES):
        for m in (_title_cues(text, toks) if n == 0 else finditer(rx, text)):
            w = m.group(1).split()[-1]
            if m.group(1).lower() in TITLES or w in out:
                continue
            if n == 3 and any(_major(gz.entries[i]) for i in gz.ids(w)[:1]):
                continue  # ``Lyndon B. Johnson`` names a person; ``Georgia`` stays a state
            if n in (1, 2) and (_prev_word(text, m.start(1)) in LOCATIVE or any(
                    gz.entries[i][POP] >= STRONG_POP or gz.entries[i][FEATURE] != "locality"
                    for i in gz.ids(w)[:3])):
                continue  # ``Tbilisi says``, ``from Brampton said``: a place speaking
            out.add(w)
    return out


def _org_names(ents: list) -> set:
    """Names the model reads as an organisation somewhere in the article: a whole ORG entity
    (``United Way``), or the words that open a longer one (``Titan`` of ``Titan Operating``,
    ``United Way`` of ``United Way of Metropolitan Atlanta``). One sense per discourse: a bare
    mention the model calls a place elsewhere is that organisation, unless the gazetteer knows
    a real place of the name or the text frames it as one."""
    out = set()
    for e in ents:
        if e.label != "ORG":
            continue
        t = LEADING_THE.sub("", e.text).strip()
        words = t.split()
        out.add(t)
        for n in range(1, len(words)):
            if words[n][:1].isupper() or words[n] in ("of", "for", "and", "&"):
                out.add(" ".join(words[:n]))
    return out


def _major(e: tuple) -> bool:
    """A country, or an admin-1 region with a real population (not the floor given to regions
    outside the US): names too big to be taken for a person's (``Georgia``, not ``Nelson``)."""
    return e[FEATURE] == "country" or (e[FEATURE] == "admin" and e[POP] > 200_000)


OF_FRAME_RE = _pattern("of_frame_re")


def _place_framed(text: str, start: int, end: int, gz: Gazetteer) -> bool:
    """``in X``, ``X, Ga.``, ``the airport of X``, ``the outskirts of X``, ``south of X``: the
    text itself says X is a place."""
    return _prev_word(text, start) in LOCATIVE or _qualifier(text, end, gz) is not None \
        or OF_FRAME_RE.search(text, max(0, start - 40), start) is not None


def _dotted(name: str, gz: Gazetteer) -> bool:
    """``U.S.``, ``D.C.``, ``S.C.``: an abbreviation written with dots is never the stop word its
    letters spell (``us``)."""
    return "." in name and (INITIALS_RE.match(name.rstrip(".")) is not None
                            or bool(gz.names.get(abbrev_key(name))))


def _qualifier(text: str, end: int, gz: Gazetteer) -> Optional[set]:
    """Countries/states written right after a name: ``Alexandria, La.``, ``Tripoli, Lebanon``,
    ``Tripoli in northern Lebanon``."""
    m = QUALIFIER_AFTER.match(text[end:end + 40]) or QUALIFIER_IN.match(text[end:end + 50])
    if not m:
        return None
    q = m.group(1).strip()
    for cut in range(len(q), 0, -1):
        sub = q[:cut].rstrip(" ,")
        if not sub or (q[len(sub):].lstrip(" ")[:1].isupper() and not sub.endswith(".")):
            # ``Malang, East Java``: the qualifier is the whole name, not ``East`` (Cameroon's
            # region); ``Springfield, Ill. Police`` keeps its dotted abbreviation
            continue
        ids = gz.names.get(abbrev_key(sub), ()) or gz.names.get(key(sub), ())
        places = [gz.entries[i] for i in ids if gz.entries[i][FEATURE] in ("country", "admin")]
        if places:
            out = set()
            for p in places:
                out.add((p[CC], p[ADM1] if p[FEATURE] == "admin" else ""))
                if p[FEATURE] == "admin" and p[CC] != "US":
                    # the two sources code admin-1 regions alike only in the US (GeoNames
                    # numbers Ontario 08, countrystatecity writes ON): elsewhere the country
                    # is what a region qualifier can check (``Hyderabad, Sindh``)
                    out.add((p[CC], ""))
            return out
    return None


def find_places(doc: Doc, settings: Settings = DEFAULT) -> list[PlaceMention]:
    """Place mentions of ``doc``, sorted by start, resolved where the gazetteer allows."""
    gz = default_gazetteer(settings)
    text = doc.text
    if not text:
        return []
    cands = recognise(doc, gz, settings)
    out = resolve(doc, cands, gz)
    if settings.place_country_parts:
        _country_part(text, out, gz)
    return out


# ``Western nations``, ``Eastern Europe``: an adjective of direction is never a place alone
DIRECTION_ADJECTIVES = _lexicon("direction_adjectives", "set")
DIRECTIONS = _lexicon("directions", "set")
SITE_PARTS = _lexicon("site_parts", "set")
DIRECTION_RE = _pattern("direction_re")
GENERIC_SUFFIX = _pattern("generic_suffix")
NATURAL_WORDS = _lexicon("natural_words", "set")
NATURAL_AFTER_RE = _pattern("natural_after_re")
LOWER_SUFFIX = _pattern("lower_suffix")
DATELINE_RE = _pattern("dateline_re")


@dataclass
class _Reading:
    """One article being read for places: its text, the NER entities by offset, the words it
    uses as people's or organisations' names, and the candidates accepted so far."""

    text: str
    gz: Gazetteer
    settings: Settings
    stops: frozenset
    lower_words: _LowerWords
    ents: list
    at: dict
    person_words: set
    org_names: set
    scanned: list
    chosen: list = field(default_factory=list)
    accepted_keys: set = field(default_factory=set)
    pending: list = field(default_factory=list)
    context: list = field(default_factory=list)

    def ent_over(self, s: int, e: int) -> Optional[Entity]:
        at = self.at
        for p in range(s, e):
            if p in at:
                return at[p]
        return None

    def accept(self, c: Candidate) -> None:
        self.chosen.append(c)
        self.accepted_keys.add(key(c.text))


def line_entities(doc: Doc) -> list[Entity]:
    """The NER entities cut at their first line break: a name never runs on into the next
    line, and the model that ran a photo credit into the next paragraph
    (``Kaze/AFP\n\nCameroon's`` as one PERSON) has not read the next line's first word."""
    out = []
    for e in doc.entities:
        cut = e.text.find("\n")
        if cut < 0:
            out.append(e)
        elif e.text[:cut].strip():
            t = e.text[:cut].rstrip()
            out.append(replace(e, end=e.start + len(t), text=t))
    return out


def _reading(doc: Doc, gz: Gazetteer, settings: Settings) -> _Reading:
    text = doc.text
    ents = line_entities(doc) if settings.use_ner else []
    at: dict[int, Entity] = {}
    for e in ents:
        at.update(dict.fromkeys(range(e.start, e.end), e))
    # Words of multi-word person names: ``Jones`` alone later in the article is that person.
    toks = _tokens(text)
    return _Reading(text, gz, settings, _stop_words(), _LowerWords(text), ents, at,
                    _person_words(text, ents, gz, toks), _org_names(ents), _scan(text, gz, toks))


class _LowerWords:
    """The article's lower-case words of two letters or more (``LOWER_WORD_RE``: a whole word
    of ``a``-``z`` only), asked one name at a time: ``name in words`` finds the name in the text
    and checks that no word character touches it, instead of collecting every word of the
    article (the rules ask a few dozen names an article)."""

    def __init__(self, text: str):
        self.text = text
        self._seen: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        got = self._seen.get(word)
        if got is None:
            got = self._seen[word] = len(word) > 1 and word.isascii() and word.isalpha() \
                and word.islower() and self._written(word)
        return got

    def _written(self, word: str) -> bool:
        text, n = self.text, len(word)
        at = text.find(word)
        while at >= 0:
            end = at + n
            if (at == 0 or not word_char(text[at - 1])) \
                    and (end == len(text) or not word_char(text[end])):
                return True
            at = text.find(word, at + 1)
        return False


def recognise(doc: Doc, gz: Gazetteer, settings: Settings = DEFAULT) -> list[Candidate]:
    """Candidate place spans of ``doc`` (see the module docstring for the rules): NER places,
    gazetteer matches judged alone or by their NER label, named settlements, one sense per
    discourse, lists, demonyms, datelines and streets; the longest of overlapping spans."""
    r = _reading(doc, gz, settings)
    ner_spans = [c for c in (_ner_candidate(r, e) for e in r.ents
                             if e.label in ("GPE", "LOC", "FAC")) if c]
    for c in r.scanned:
        _judge_scanned(r, c)
    _place_ner_spans(r, ner_spans)
    containers, arabic = _settlements(r)
    taken = _one_sense(r)
    _grow_lists(r, taken, containers, arabic)
    _demonyms_datelines_streets(r)
    r.chosen[:0] = _type_lists(r) + _party_seats(r) + _inline_datelines(r)
    r.chosen.extend(containers)
    text = r.text
    for c in r.chosen:
        m = NATURAL_AFTER_RE.match(text, c.end)
        if m and c.source in ("gaz", "ner") and c.text.split()[-1] not in NATURAL_WORDS:
            # ``the Naugatuck River``, ``the Monongahela National Forest``: a river, lake or
            # forest named after the place; the corpora tag the whole name (placed at the place)
            c.end = m.end()
            c.text = text[c.start:c.end]
    kept = _non_overlapping(r.chosen)
    spans = [(c.start, c.end) for c in kept]
    kept += [c for c in r.context if not any(s < c.end and c.start < e for s, e in spans)]
    return kept


def _ner_span_text(r: _Reading, e: Entity) -> tuple[int, str]:
    """The place name inside an NER span: no ``the``, possessive, trailing comma or dot."""
    s, t = e.start, e.text
    m = LEADING_THE.match(t)
    if m:
        s += m.end()
        t = t[m.end():]
    if t.endswith(("'s", "’s")):
        t = t[:-2]
    t = t.rstrip(" ,")
    if t.endswith(".") and not r.gz.names.get(abbrev_key(t)) \
            and not INITIALS_RE.match(t[:-1]):
        t = t[:-1]
    return s, t


def _ner_candidate(r: _Reading, e: Entity) -> Optional[Candidate]:
    """An NER place (GPE, LOC; FAC when the gazetteer knows it), or None."""
    gz, text = r.gz, r.text
    s, t = _ner_span_text(r, e)
    if not t or not t[0].isupper() or t.lower() in DIRECTIONS or key(t) in MONTHS:
        return None
    g = LOWER_SUFFIX.search(t)
    if g and gz.ids(t[:g.start()]):
        # ``Kermanshah province``, ``Fargo city administrator``: the name is the place, the
        # lower-case generic word is not part of it
        t = t[:g.start()]
    ids = gz.ids(t) or gz.fold_ids(t)
    g = OFFICE_TYPE_RE.search(t)
    if g and SPACE_CAP.match(text[s + len(t):s + len(t) + 2]) and gz.ids(t[:g.start()]) \
            and (not ids or key(gz.entries[ids[0]][NAME]) != key(t)):
        # ``Fargo City Commissioner``: the type word belongs to the office, unless the
        # gazetteer's own name of the place has it (``Kansas City Star``)
        t = t[:g.start()]
        ids = gz.ids(t)
    if not ids:
        g = GENERIC_SUFFIX.search(t)
        if g:  # ``Aleppo Province``: the admin entry of the name, else the name itself
            base = gz.ids(t[:g.start()])
            ids = tuple(sorted(base, key=lambda i: gz.entries[i][FEATURE] != "admin"))
    if not ids and " " in t and t.split()[-1] in SITE_NOUNS and e.label in ("FAC", "LOC", "GPE"):
        # ``Independence Square``, ``Galata Bridge``: a site, placed at its city if one is named
        return Candidate(s, s + len(t), t, (), source="site", strong=True, label=e.label)
    if (e.label == "FAC" or any(ch.isdigit() for ch in t)) and not ids:
        return None   # an unknown facility; ``M23``, ``G7``: a group's or a meeting's name
    if ids and _site_part(t) and gz.entries[ids[0]][FEATURE] in ("city", "locality") \
            and gz.entries[ids[0]][POP] < STRONG_POP:
        return None  # ``the East Gate`` of an airport, not Eastgate, Washington
    if ids and " " not in t and key(t) in r.stops and not any(
            gz.entries[i][FEATURE] in ("country", "admin", "region")
            or gz.entries[i][POP] >= STRONG_POP for i in ids[:3]):
        # ``the Valley``, ``Lincoln``: a common noun or a famous person's name the model
        # called a place, meaning no town of it (Valley, Alabama) unless a big one
        return None
    if t in r.person_words and not _place_framed(text, s, s + len(t), gz) and not any(
            _major(gz.entries[i]) for i in ids[:1]):
        return None  # ``Nelson said``, ``President Saakashvili``: the article's person
    if not ids and t in _demonyms():
        # ``Sri Lankan``: the demonym rule below places it when demonyms count as places;
        # otherwise ``Ukrainian drones`` names no place (nor the unknown-place fallback's)
        return None
    d = DIRECTION_RE.match(t)
    if not ids and d:
        # ``Northeast Georgia``, ``North Queensland``, ``Western Canada``: an area the
        # gazetteer does not name is tagged as the state or country it is part of
        base = gz.ids(t[d.end():])
        if base and gz.entries[base[0]][FEATURE] in ("country", "admin"):
            s, t, ids = s + d.end(), t[d.end():], base
    if t in r.org_names and not _place_framed(text, s, s + len(t), gz) and not any(
            gz.entries[i][FEATURE] in ("country", "admin", "region") or gz.entries[i][POP] >= 1000
            for i in ids[:3]):
        return None  # ``United Way``, ``Titan``: the article's organisation, a hamlet at most
    return Candidate(s, s + len(t), t, ids, source="ner", strong=True, label=e.label)


def _judge_scanned(r: _Reading, c: Candidate) -> None:
    """A gazetteer match is a place when trusted alone, by its NER label, or inside an
    organisation's name; else pending (``_one_sense``, ``_grow_lists`` may take it)."""
    gz, text = r.gz, r.text
    e = r.ent_over(c.start, c.end)
    top = gz.entries[c.ids[0]]
    if c.text in _demonyms() and (key(top[NAME]) != key(c.text) or _adjective_use(text, c.end)):
        return   # ``Kazakh officials``, ``Somali forces``: a demonym, not a town or region
    if _acronym_shaped(text, c, gz):
        return   # ``MiG fighters``, ``(UPI)``: a brand or an agency's initials
    if _site_part(c.text) and top[FEATURE] in ("city", "locality") and top[POP] < STRONG_POP:
        return   # ``the East Gate`` of an airport, not Eastgate, Washington
    c.label = e.label if e else ""
    # a stop word (``The``, ``He``: nearly half the matches) is never a place alone; its
    # letters (``us`` of ``U.S.``), looked up once for the tests below
    stop_word = key(c.text) in r.stops
    stop = stop_word and not _dotted(c.text, gz) and not c.text.startswith("\x00")
    alone = not stop and _strength(c, text, gz, r.lower_words, r.stops)
    if c.text.split()[0] in PLACE_HEADS and len(c.text.split()) > 1 and not c.text.isupper() \
            and (e is None or e.label in ("PERSON", "GPE", "LOC", "NORP")):
        # ``Tel Abyad``, ``Ras al-Ain``: a name opened by a generic word of Arabic place names
        # is a place even where the model took it for a person's name
        c.strong = True
        r.accept(c)
        return
    if c.folded:
        if c.text in r.person_words or (e is not None and e.label not in ("GPE", "LOC")):
            return
        if alone or (e is not None and e.start == c.start and e.end == c.end):
            c.strong = True
            r.chosen.append(c)
        return
    if c.text in r.person_words and not _major(top):
        r.pending.append(c)
        return
    # (a stop word outside an NER place: what ``_strong_by_label`` decides, without its work)
    strong = False if stop and (e is None or e.label not in ("GPE", "LOC", "FAC")) \
        else _strong_by_label(r, c, e, top, alone, stop_word)
    if strong is None:
        return   # the NER candidate covers it
    c.strong = strong
    if c.strong:
        r.accept(c)
    else:
        r.pending.append(c)
        if e is not None and e.label == "ORG" and top[FEATURE] == "admin" and top[CC] == "US" \
                and not NEWS_RE.search(e.text):
            # ``Georgia Bureau of Investigation``: not tagged, but evidence of the state
            r.context.append(Candidate(c.start, c.end, c.text, c.ids, source="context"))


LOCAL_NOUNS = _lexicon("local_nouns", "set")


def _local_noun_after(text: str, end: int) -> bool:
    """``Roselle police``, ``Vicksburg residents``: a town's public body or people follow."""
    m = NEXT_LOWER_WORD.match(text[end:end + 30])
    return m is not None and m.group(1) in LOCAL_NOUNS


def _adjective_use(text: str, end: int) -> bool:
    """A lower-case noun follows (``Somali forces``), not a place noun (``Somali region``)."""
    m = NEXT_LOWER_WORD.match(text[end:end + 30])
    return m is not None and m.group(1) not in DEMONYM_PLACE_NOUNS


def _site_part(name: str) -> bool:
    """A direction and a part of a site (``East Gate``, ``North Terminal``)."""
    words = name.lower().split()
    return len(words) == 2 and words[0] in DIRECTIONS and words[1] in SITE_PARTS


def _acronym_shaped(text: str, c: Candidate, gz: Gazetteer) -> bool:
    """A one-word match written in a case no place of the name is written in: a capital after
    a small letter (``MiG``, ``JetBlue``; not ``DeKalb``, the gazetteer's own spelling, nor
    ``LoC``, a curated landmark's abbreviation), or
    initials in brackets spelling a town's ordinary name (``(UPI)`` is the agency, not Upi;
    ``(UAE)`` abbreviates a country and stays)."""
    w = c.text
    if " " in w or not w.isalpha():
        return False
    if not (w.isupper() or w[1:].islower()) and any(
            a.islower() and b.isupper() for a, b in zip(w, w[1:])):
        # a curated abbreviation of a landmark or region (``LoC``) is spelled so on purpose
        return w not in {gz.entries[i][NAME] for i in c.ids} and all(
            gz.entries[i][FEATURE] in ("city", "locality") for i in c.ids)
    return w.isupper() and len(w) > 1 and text[c.start - 1:c.start] == "(" \
        and text[c.end:c.end + 1] == ")" and any(
            key(n) == key(w) and not n.isupper() for n in {gz.entries[i][NAME] for i in c.ids})


def _strong_by_label(r: _Reading, c: Candidate, e: Optional[Entity], top: tuple,
                     alone: bool, stop_word: bool) -> Optional[bool]:
    """Whether gazetteer match ``c`` is a place given the NER entity over it (None: an NER
    place candidate covers it already); ``stop_word``: its key is a stop word's."""
    gz, text = r.gz, r.text
    # a stop word, not an abbreviation written with dots (``U.S.``)
    stop = stop_word and not _dotted(c.text, gz)
    if _leads_institution(r, c, e, stop) or _residence(r, c, stop_word):
        return True
    if e is not None and e.label in ("PERSON", "NORP") and alone and top[GID] is None \
            and top[FEATURE] in ("region", "landmark") \
            and (" " in c.text or _prev_word(text, c.start) == "the"):
        return True   # ``the Darien Gap``, ``the Evros``: a curated feature the model misread
    if e is None:
        if not (r.ents and alone):
            return alone
        # The model saw it and called it nothing: keep only names that cannot be words.
        return (top[FEATURE] in ("country", "admin", "region") or c.text[:2] in ("U.", "D.")
                or top[POP] >= STRONG_POP or _prev_word(text, c.start) in LOCATIVE
                or _qualifier(text, c.end, gz) is not None or c.text.isupper()
                or _local_noun_after(text, c.end))
    if e.label in ("GPE", "LOC", "FAC"):
        the = LEADING_THE.match(e.text)
        e_start = e.start + (the.end() if the else 0)
        if not (c.start == e_start and c.end > e.end and text[e.end:e.end + 1] == " "
                and not c.folded):
            return None
        return True   # ``Tal Abyad`` where the model saw only ``Tal``: the longer name
    if e.label == "PERSON":
        # A person's name that is a place (``Jordan Smith``) is a person; a lone word the
        # model guessed a person (``Alexandria woman``) is a place when it can stand alone,
        # possessive and all (``Sri Lanka's president``: the model's PERSON ends after 's).
        return e.start == c.start and alone and (
            e.end == c.end or text[c.end:e.end] in ("'s", "’s"))
    if e.label == "NORP":
        # a demonym-like label on a town the text frames as a place (``Greer, S.C.``)
        return alone and c.text not in _demonyms() and _place_framed(text, c.start, c.end, gz)
    if not alone and stop:
        return False   # (what the last test below decides, before the work above it)
    # ``Mansfield Police Department``, ``Henderson County Jail``: the place leads the name;
    # countries and states anywhere (``University of Georgia``).
    lead = LEADING_THE.sub("", e.text)
    leads = e.text.endswith(lead) and e.start + len(e.text) - len(lead) == c.start
    nxt = NEXT_WORD_SPACED.match(text[c.end:e.end])
    inst = nxt is not None and nxt.group(1).rstrip("'’s") in INSTITUTION
    feat = top[FEATURE]
    # The corpora tag places inside organisation names (``U.S. Department of Justice``,
    # ``Georgia Bureau of Investigation``, ``Kentucky State Police``): countries anywhere,
    # admin-1 regions leading the name, towns leading an institution's name; a place
    # after ``in`` inside the entity is the model's span running on (``the Children's
    # Hospital of Manitoba in Winnipeg``).
    if alone and _joined_places(r, e):
        return True   # ``Abuja to Accra`` read as one organisation: the places it joins
    return ((feat == "country" or (feat == "admin" and leads)
             or (top[POP] >= 1000 and leads and inst))
            or (e.start == c.start and e.end == c.end and alone)
            or (e.start < c.start and _prev_word(text, c.start) in ("in", "near", "outside")
                and (top[POP] >= 1000 or feat in ("admin", "region")))) \
        and not stop and not _prev_word(text, c.start) in TITLES


RESIDENCE_OF_RE = _pattern("residence_of_re")


def _residence(r: _Reading, c: Candidate, stop_word: bool) -> bool:
    """``Nadia Moayyad of Southlake``, ``Rebecca Sears, 41, of Grovetown``: a town after a
    person's name (a PERSON entity ends there, or the word is the article's person) and
    ``of`` is where the person lives, whatever the model made of the run."""
    top = r.gz.entries[c.ids[0]]
    if stop_word or c.text in r.person_words or c.text.isupper() \
            or (top[POP] < 1000 and top[FEATURE] not in ("admin", "region")):
        return False   # (tested before the search: most scanned words are stop words)
    lo = max(0, c.start - 30)
    # (every match has ``of``: a window without one is not searched)
    m = RESIDENCE_OF_RE.search(r.text, lo, c.start) if "of" in r.text[lo:c.start] else None
    if m is None:
        return False
    end = m.end(1)
    # the last word before ``end`` (split from the right: not the whole text before it)
    last = r.text[:end].rsplit(None, 1)
    surname = last[-1].rstrip(",") if last else ""
    if not surname[:1].isupper() or surname in INSTITUTION or NEXT_NAME.match(r.text, c.end):
        return False   # ``the administration of George Bush``: no name before, one after
    return surname in r.person_words or any(
        e.label == "PERSON" and e.end == end for e in r.ents)


FACILITY_HEADS = _lexicon("facility_heads", "set")


def _leads_institution(r: _Reading, c: Candidate, e: Optional[Entity], stop: bool) -> bool:
    """``Litchfield Superior Court``, ``Henderson County Jail``, ``Huntsville Fire Chief``,
    ``Beaconsfield Mayor``: a town or county opening an institution's or an office's name is a
    place whatever the model called the name (organisation, facility, person) or if it saw
    none; not a common word or the article's person (``Lincoln Memorial``, ``Welch Fire``),
    nor a type word of the place itself (``Dublin City``) when no entity frames the name."""
    text, top = r.text, r.gz.entries[c.ids[0]]
    if top[POP] < 1000 and top[FEATURE] not in ("admin", "country", "region"):
        return False
    if stop or c.text in r.person_words \
            or _prev_word(text, c.start) in TITLES or c.text.isupper():
        return False
    if e is not None:
        the = LEADING_THE.match(e.text)
        if e.start + (the.end() if the else 0) != c.start or e.end <= c.end:
            return False
    nxt = NEXT_WORD.match(text[c.end:c.end + 30])
    word = nxt.group(1).rstrip("'’s") if nxt else ""
    if nxt and e is not None and e.label == "PERSON" and e.end == c.end + nxt.end() \
            and not SPACE_CAP.match(text, e.end):
        return False   # ``Linda Daily``: a person's name of two words
    return word in INSTITUTION and word not in FACILITY_HEADS \
        and (e is not None or word not in PLACE_TYPES)


def _joined_places(r: _Reading, e: Entity) -> bool:
    """Entity ``e`` is two or more gazetteer names joined only by ``PLACE_JOINERS``: the
    model ran places together (``Abuja to Accra``), it named no organisation."""
    inner = [g for g in r.scanned if e.start <= g.start and g.end <= e.end]
    if len(inner) < 2:
        return False
    pos, gaps = e.start, []
    for g in sorted(inner, key=lambda g: g.start):
        gaps.append(r.text[pos:g.start])
        pos = g.end
    gaps.append(r.text[pos:e.end])
    inside = gaps[1:-1]
    return not gaps[0].strip() and not gaps[-1].strip() and all(
        g.split() and all(w in PLACE_JOINERS for w in g.replace(",", " , ").split()) for g in inside)


def _place_ner_spans(r: _Reading, ner_spans: list[Candidate]) -> None:
    """NER places the gazetteer knows are places; an unknown one whose other words name an
    institution or join two places is the places inside it."""
    gz, text = r.gz, r.text
    for c in ner_spans:
        if c.ids:
            r.accept(c)
            continue
        if c.source == "site":
            r.chosen.append(c)
            continue
        inner = [g for g in r.scanned if g.start >= c.start and g.end <= c.end and not g.folded]
        rest = text[c.start:c.end]
        for g in sorted((g for g in inner if key(g.text) not in r.stops), key=lambda g: -g.start):
            rest = rest[:g.start - c.start] + " " + rest[g.end - c.start:]
        # ``Guernsey County Common Pleas Court``, ``North Las Vegas Police Department``,
        # ``United Way of America``, ``Norman to D.C``: an unknown NER "place" whose other words
        # name an institution (or that joins two places) is the places inside it
        inst = any((w.rstrip("'’s") in INSTITUTION and w not in PLACE_TYPES) or w in NOT_PLACE_WORDS
                   or (w.islower() and w not in CONNECTORS)    # ``Russia as Chechen``
                   for w in WORD_RE.findall(rest))
        if inst:
            inner = [g for g in inner if key(g.text) not in r.stops or _dotted(g.text, gz)]
        natural = rest.split() and all(w in NATURAL_WORDS for w in rest.split())
        if natural and len(inner) == 1:
            c.ids = inner[0].ids   # ``the Naugatuck River``: placed at the place it is named after
        if inner and not natural and (inst or all(len(g.text) >= 0.6 * len(c.text) for g in inner)):
            r.chosen.extend(inner)
            r.accepted_keys.update(key(g.text) for g in inner)
        else:
            r.chosen.append(c)


def _settlements(r: _Reading) -> tuple[list[Candidate], list[Candidate]]:
    """``the village of X``, ``X village``: named settlements, known to the gazetteer or not;
    and Arabic names with the article the gazetteer lacks (places only in a list, see
    ``_grow_lists``)."""
    gz, text = r.gz, r.text
    containers = []
    for m in CONTAINER_RE.finditer(text):
        name = m.group(1)
        containers.append(Candidate(m.start(1), m.end(1), name, gz.ids(name) or gz.fold_ids(name),
                                    source="container", strong=True))
    for m in finditer(VILLAGE_AFTER_RE, text):
        name = m.group(1)
        if key(name) in r.stops or name in _demonyms() or name.lower() in r.lower_words \
                or _sentence_initial(text, m.start(1)) or _prev_word(text, m.start(1)) in TITLES:
            continue
        containers.append(Candidate(m.start(1), m.end(1), name, gz.ids(name) or gz.fold_ids(name),
                                    source="container", strong=True))
    r.accepted_keys.update(key(c.text) for c in containers if c.ids)
    arabic = [Candidate(m.start(1), m.end(1), m.group(1), source="container", strong=True)
              for m in finditer(ARABIC_NAME_RE, text) if not gz.ids(m.group(1))]
    return containers, arabic


def _one_sense(r: _Reading) -> list[Candidate]:
    """One sense per discourse, recognition side: a name accepted once is a place everywhere,
    unless it is part of a longer person's name or follows a title. Returns those taken."""
    taken = []
    for c in r.pending:
        if c.text in r.person_words:
            continue
        if key(c.text) in r.accepted_keys and not _prev_word(r.text, c.start) in TITLES:
            e = r.ent_over(c.start, c.end)
            if e is not None and e.label == "PERSON" and (e.end - e.start) > (c.end - c.start):
                continue
            r.chosen.append(c)
            taken.append(c)
    return taken


def _listable(r: _Reading, c: Candidate) -> bool:
    """A pending gazetteer name that may be a place when listed with one: not the article's
    person, a word, a small hamlet, part of a longer capitalised name or a title's name."""
    text, top = r.text, r.gz.entries[c.ids[0]]
    return (c.text not in r.person_words and not c.text.isupper() and not c.folded
            and c.text.lower() not in r.lower_words
            and (top[POP] >= 1000 or top[FEATURE] != "locality")
            and not LISTABLE_AFTER_RE.match(text[c.end:c.end + 12])
            and not LISTABLE_BEFORE_RE.search(text[max(0, c.start - 20):c.start])
            and (c.label not in ("WORK_OF_ART", "EVENT", "LAW", "FAC") or _ran_together(r, c))
            and key(c.text) not in r.stops
            and top[FEATURE] in ("city", "locality", "admin", "region", "landmark")
            and _prev_word(text, c.start) not in TITLES)


def _ran_together(r: _Reading, c: Candidate) -> bool:
    """``Marte and Dikwa`` read as one work of art or event: the model ran places together."""
    e = r.ent_over(c.start, c.end)
    return e is not None and e.label in ("WORK_OF_ART", "EVENT") and _joined_places(r, e)


def _grow_lists(r: _Reading, taken: list, containers: list, arabic: list) -> None:
    """Lists: a gazetteer name written in a list with a place (``Slovyansk, Bakhmut and
    Avdiivka``; ``Tal Abyad, Ras al-Ain, Qamishli and Ain Issa``) is a place too, whatever the
    model called it, unless it is the article's person or a word; so is an Arabic name the
    gazetteer lacks (``Abu Gurayn, Buwairat Al-Hassoun, and Al-Wasaka``: placed by the
    containing place, ``_contain_unknown``). Repeated until no change."""
    text = r.text
    rest = [c for c in r.pending if c not in taken and _listable(r, c)]
    placed = [c for c in r.chosen + containers if c.source != "demonym"
              and (c.ids or c.source in ("container", "ner"))]
    grew = True
    while grew and rest:
        grew = False
        for c in list(rest):
            e = r.ent_over(c.start, c.end)
            if e is not None and e.label == "PERSON" and (e.end - e.start) > (c.end - c.start) + 1:
                continue
            if any(_listed(text, q, c) or _listed(text, c, q) for q in placed) \
                    or any(_listed_in(r, c, q) for q in placed):
                r.chosen.append(c)
                placed.append(c)
                rest.remove(c)
                grew = True
    grew = True
    while grew and arabic:
        grew = False
        for c in list(arabic):
            if any(_listed(text, q, c) or _listed(text, c, q) for q in placed):
                containers.append(c)
                placed.append(c)
                arabic.remove(c)
                grew = True


def _listed_in(r: _Reading, c: Candidate, q: Candidate) -> bool:
    """``overran Marte and Dikwa in Borno``, ``attacked Djibo and Dori in northern Burkina
    Faso``: a town (alone or in a list of capitalised names) written before ``in`` and a place
    of its own country is a place, though nothing else frames it."""
    if not q.ids or not c.end < q.start <= c.end + 80:
        return False
    words = r.text[c.end:q.start].replace(",", " , ").split()
    if "in" not in words:
        return False
    at = len(words) - 1 - words[::-1].index("in")
    if any(w not in DIRECTIONS for w in words[at + 1:]) or not all(
            w in PLACE_JOINERS or w[:1].isupper() for w in words[:at]):
        return False
    ents = r.gz.entries
    home = ents[q.ids[0]][CC]
    return any(ents[i][CC] == home and ents[i][FEATURE] in ("city", "locality") for i in c.ids)


def _demonyms_datelines_streets(r: _Reading) -> None:
    """Demonyms (corpus convention, off for the product by default), datelines
    (``MANSFIELD --``), streets and highways (no coordinates)."""
    text, gz = r.text, r.gz
    if r.settings.place_demonyms:
        for s, e, name in _demonyms_written(text):
            ent = r.ent_over(s, e)
            if ent is not None and ent.label == "LANGUAGE":
                continue  # ``spoke only French``: the language, not the people or the place
            if _demonym_in_name(text, s, e):
                continue
            r.chosen.append(Candidate(s, e, name, source="demonym", strong=True))
    for m in DATELINE_RE.finditer(text):
        ids = gz.ids(m.group(1))
        if ids:
            r.chosen.append(Candidate(m.start(1), m.end(1), m.group(1), ids, strong=True))
    r.chosen.extend(_streets(text, r.stops))
    for m in finditer(STATE_ROUTE_RE, text):
        r.chosen.append(Candidate(m.start(1), m.end(1), m.group(1), source="street", strong=True))


STREET_AFTER = _lexicon("street_after", "set")
STREET_LEAD = _lexicon("street_lead", "set")


def _streets(text: str, stops: frozenset) -> list[Candidate]:
    """Streets, roads and numbered highways written as names (``Wichita Drive``, ``E. Main
    Street``, ``Highway 19``): places without coordinates. A capitalised function word that
    opens the run (``On Main Street``, sentence-initial ``The Midland Trail``) is not part of
    the name; a direction word is (``North Nokomis Street``) unless it opens a sentence before
    a street that is named without it elsewhere. A run followed by an organisation word
    (``Minnesota Highway Safety``, ``Court Street Church``) is an organisation."""
    out = []
    for m in finditer(STREET_RE, text) + finditer(HIGHWAY_RE, text):
        s, e = m.start(1), m.end(1)
        words = text[s:e].split(" ")
        while len(words) > 2 and (words[0] in STREET_LEAD - {"West", "East", "North", "South"}
                                  or key(words[0]) in MONTHS or words[0].endswith(("'s", "’s"))):
            s += len(words[0]) + 1
            words = words[1:]
        nxt = NEXT_WORD.match(text[e:e + 30])
        if nxt and (nxt.group(1) in STREET_AFTER or nxt.group(1) in INSTITUTION):
            continue
        if len(words) == 2 and key(words[0]) in stops and words[0] not in ("Main", "Market", "Park"):
            # ``The Drive``, ``Supreme Court``: a street word after a bare common word
            if key(words[0]) in MONTHS or words[0] in STREET_LEAD or words[0].lower() in TITLES:
                continue
        out.append(Candidate(s, e, text[s:e], source="street", strong=True))
    return out


TYPE_LIST_RE = _pattern("type_list_re")
PLURAL_TYPES = _lexicon("plural_types", "dict")


def _type_lists(r: _Reading) -> list[Candidate]:
    """``Barrow and Jackson counties``, ``the Williams and Cranberry rivers``: each name listed
    before a plural type noun is a place of that type, whatever the model called it, placed at
    the entry named with the type word (Jackson County) when the gazetteer has one. A common
    word opening the list (``In``, ``The``) is not one of its names."""
    out = []
    for m in finditer(TYPE_LIST_RE, r.text):
        kind = PLURAL_TYPES[m.group(2)]
        s, items = m.start(1), []
        for g in LIST_GAP_RE.finditer(r.text, m.start(1), m.end(1)):
            if g.end() > g.start():
                items.append((s, g.start()))
                s = g.end()
        items.append((s, m.end(1)))
        for n, (a, b) in enumerate(items):
            name = r.text[a:b]
            if n == 0 and " " in name and key(name.split()[0]) in r.stops:
                a += len(name.split()[0]) + 1
                name = r.text[a:b]
            if n == 0 and key(name) in r.stops:
                continue
            ids = r.gz.ids(f"{name} {kind}") or r.gz.ids(name)
            out.append(Candidate(a, b, name, ids, strong=True))
    return out


INLINE_DATELINE_RE = _pattern("inline_dateline_re")


def _inline_datelines(r: _Reading) -> list[Candidate]:
    """A dateline run on after the headline (``... supporters. HARWINTON — Former ...``): the
    capitalised name before the dash is a place when the gazetteer knows it, as a dateline
    opening a line is (``DATELINE_RE``)."""
    out = []
    for m in INLINE_DATELINE_RE.finditer(r.text):
        ids = r.gz.ids(m.group(1))
        if ids:
            out.append(Candidate(m.start(1), m.end(1), m.group(1), ids, strong=True))
    return out


PARTY_SEAT_RE = _pattern("party_seat_re")


def _party_seats(r: _Reading) -> list[Candidate]:
    """``Sen. Byron Dorgan, D-N.D.``, ``Rep. Torrey Westrom, R-Elbow Lake``: the home written
    after a legislator's party letter is a place (a state, or the town or county of the
    district: both senses are kept for the story's coherence to settle). A match running
    over the party letter (``D-N.D`` read as one name) gives way."""
    out = []
    for m in finditer(PARTY_SEAT_RE, r.text):
        name = m.group(1)
        ids = (r.gz.ids(name) or r.gz.ids(name + ".")) + r.gz.ids(name + " County")
        if ids:
            out.append(Candidate(m.start(1), m.end(1), name, ids, strong=True))
            r.chosen = [c for c in r.chosen if not c.start < m.start(1) < c.end]
    return out


def _listed(text: str, a: Candidate, b: Candidate) -> bool:
    """``a`` is written right before ``b`` in a list (``a, b``, ``a and b``, ``a, and #b``)."""
    if not a.end <= b.start <= a.end + 8:
        return False
    m = LIST_GAP_RE.fullmatch(text, a.end, b.start)
    return m is not None


@functools.lru_cache(maxsize=1)
def _demonym_re() -> re.Pattern:
    return re.compile(r"\b(" + prefix_tree(_demonyms()) + r")\b")


@functools.lru_cache(maxsize=4)
def _demonyms_written(text: str) -> tuple:
    """``(start, end, demonym)`` of every demonym written in ``text``: one scan of an article
    serves recognition (``_demonyms_datelines_streets``) and resolution (``_demonym_context``)."""
    return tuple((m.start(1), m.end(1), m.group(1)) for m in finditer(_demonym_re(), text))


# Head words of associations, laws and the like named with a demonym (``American Red Cross``,
# ``American Heart Association``, ``American Recovery and Reinvestment Act``), which the corpora
# do not tag as places (unlike ``Russian Foreign Ministry``, ``Lebanese Army``, ``British Council``).
ORG_HEADS = _lexicon("org_heads", "set")


def _demonym_in_name(text: str, start: int, end: int) -> bool:
    """A demonym that is part of a name, not a reference to the place: the first word of an
    association's or a law's name (a capitalised run after it with an ``ORG_HEADS`` word among
    its first four words), or a hyphenated or ``Native`` American (``African-American``,
    ``Native Americans``: an ethnicity, not the country)."""
    if text[start:end].startswith("American") and AMERICAN_COMPOUND_RE.search(
            text[max(0, start - 8):start]):
        return True
    run = NAME_RUN_RE.match(text[end:end + 80])
    if not run:
        return False
    words = [w.strip(".,'’") for w in run.group(0).split() if w[:1].isupper()]
    return any(w in ORG_HEADS for w in words[:4])


def _non_overlapping(cands: list[Candidate]) -> list[Candidate]:
    """Keep the longest of overlapping candidates (earliest on ties)."""
    cands.sort(key=lambda c: (-(c.end - c.start), c.start))
    taken: list[Candidate] = []
    occupied: set = set()
    for c in cands:
        rng = range(c.start, c.end)
        if any(p in occupied for p in rng):
            continue
        occupied.update(rng)
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


# Resolution weights, in log10 units of population (a weight of 1 is worth a tenfold population),
# tuned on LGL part 1 and checked on TR-News (see ``bench places``).
W_COUNTRY = 6.0      # times the share of the other names' expected mass in the candidate's country:
                     # a story's places cluster in one country, strongly enough to outweigh a
                     # millionfold population ratio when every other name is there
W_STATE = 3.0        # per expected other name in the candidate's admin-1 region ...
STATE_CAP = 3.0      # ... capped: a state named ten times is no surer than one named thrice
W_NEAR = 1.0         # per expected other name within NEAR_KM (capped at NEAR_CAP)
NEAR_KM = 150.0      # about the 161 km of the accuracy measure: "the same area"
NEAR_CAP = 3.0
W_ALT = 1.0          # a city matched only by one of its alternate names, not its own name
W_QUALIFIED = 8.0    # ``Alexandria, La.``: the writer said which one; beats any prior
W_UNQUALIFIED = -3.0  # the other senses of a qualified name
ROUNDS = 3           # coherence rounds: enough for states and big cities to settle the rest
MIN_NAMES = 1        # the country share is over at least this many other names
BONUS_COUNTRY = 3.0  # prior: a country name means the country (``Georgia`` aside: see below)
BONUS_ADMIN = 1.5    # prior: a real admin-1 region (``Aleppo Province`` names only the region)
ADMIN_FLOOR = 200_000  # the floor population gazetteer gives admin-1 regions without a figure
BONUS_REGION = 1.5   # prior: a curated region (``Donbas``, ``the Sahel``)
CITY_FIRST_BONUS = 4.0  # a bare name listed in city_first.csv means the city
# Prominence (issue 12): a country, a national capital or a world city is what a bare name means
# in news, over any smaller namesake, unless the text names the namesake's country or admin-1
# region, qualifies the mention, or the story is local news of the namesake's country.
WORLD_CITY_POP = 1_000_000
# A namesake under this share of the prominent place's population (a village of 2,000 called
# ``San Diego``) is not kept by its country being named alone: only its admin-1 region, a place
# of the story near it, or a qualifier keep it (stories about Mexico name San Diego, California).
NAMESAKE_SHARE = 0.01
# Document context (issue 12): demonyms of the story's country (``Chadian troops``) stand for
# this many names of places in that country each, at most DEMONYM_MAX in all.
W_DEMONYM = 0.5
DEMONYM_MAX = 2.0
DEMONYM_GATE_MIN = 2   # demonym mentions that make a people the story's (see ``_demonym_context``)
# A story about one country (issue 12): that country holds STORY_SHARE of the countries of its
# names and demonyms, at least STORY_MIN of them; a town more than STORY_FAR_KM from its places,
# in a country the story nowhere points to, is a town of that country the gazetteer lacks.
STORY_MIN = 3
STORY_SHARE = 0.75
STORY_FAR_KM = 2500.0
# The US local-news lean is off when the story names at least FOREIGN_MIN countries or admin-1
# regions outside the US, and more of them than US states (wire copy from abroad uses AP style).
FOREIGN_MIN = 2


@functools.lru_cache(maxsize=1)
def _city_first() -> dict:
    """``key -> (country, admin1)``: bare names that in news mean a capital city, not the
    same-named region ranked above it by size (``geo/data/city_first.csv``)."""
    return {key(r["name"]): (r["country"], r["admin1"]) for r in _read_csv(DATA_DIR / "city_first.csv")}


def _prior(e: tuple) -> float:
    """Population and feature prior. Admin-1 regions outside the US carry only a floor population:
    no bonus, so a bare ``Damascus`` or ``Baku`` is the city, while ``Aleppo Province`` names only
    the region."""
    bonus = {"country": BONUS_COUNTRY, "admin": BONUS_ADMIN if e[POP] > ADMIN_FLOOR else 0.0,
             "region": BONUS_REGION}
    return math.log10(e[POP] + 10) + bonus.get(e[FEATURE], 0.0)


@functools.lru_cache(maxsize=1)
def _us_cues() -> tuple:
    """The US local-news cues and counter-cues of ``geo/data/us_local_cues.toml``."""
    rows = _toml_file("us_local_cues.toml")["cue"]
    return (tuple(re.compile(r["pattern"]) for r in rows if r["kind"] == "us"),
            tuple(re.compile(r["pattern"]) for r in rows if r["kind"] == "non_us"))


US_MIN_CUES = 2       # below this, no US weight
US_W_PER_CUE = 1.0    # weight (in names) per cue from the minimum on, capped at US_W_MAX
US_W_MAX = 3.0


def _us_local(text: str) -> float:
    """How many pseudo-names of US places the article's conventions are worth: US local news
    (``Dublin``, ``Athens`` with ``$``, ``Sept. 8``, ``7:35 p.m.``, ``the sheriff``, ``high
    school``) pulls ambiguous names home, without a state being named."""
    us, non_us = _us_cues()
    capped = US_MIN_CUES - 1 + US_W_MAX / US_W_PER_CUE   # more cues weigh no more
    cues = iter(us)
    score = 0
    for r in cues:
        score += occurs(r, text)
        if score >= capped:
            break
    if score < US_MIN_CUES:
        return 0.0      # (every cue read: the counter-cues could only lower the score)
    score -= sum(1 for r in non_us if occurs(r, text))
    for r in cues:      # the cues not read yet, while the counter-cues keep the score below the cap
        if score >= capped:
            break
        score += occurs(r, text)
    if score < US_MIN_CUES:
        return 0.0
    return min(US_W_MAX, US_W_PER_CUE * (score - US_MIN_CUES + 1))


@dataclass
class DocContext:
    """What the whole article says about where it is, weighing every ambiguous name in it."""

    named: set = field(default_factory=set)       # countries {(cc, "")} and regions {(cc, adm1)}
    quals: dict = field(default_factory=dict)     # name key -> qualifiers written after it
    cue_mass: Counter = field(default_factory=Counter)  # country -> pseudo-names (US cues, demonyms)
    us_local: bool = False                         # US local news (the lean fires)
    region_written: set = field(default_factory=set)  # ``Washington state``: the region meant
    # (name key, lat, lon) of the senses of the other names that may be meant: the prominent
    # ones of a name that has any, else all (``St. Thomas`` makes ``London`` Ontario's)
    anchors: list = field(default_factory=list)
    demonym_cc: set = field(default_factory=set)   # the people the story is about (``_demonym_context``)
    the_names: set = field(default_factory=set)    # names written after ``the`` (``the Rio Grande``)


def _demonym_context(text: str) -> tuple[Counter, set]:
    """From one scan of the demonyms written: country -> pseudo-names (``Chadian troops``; one
    ``W_DEMONYM`` per distinct demonym, capped at ``DEMONYM_MAX``), and the people the story is
    about: countries whose demonyms are written at least ``DEMONYM_GATE_MIN`` times (``Lebanese
    troops ... the Lebanese army``), whose real cities may be meant by a name a capital
    elsewhere also has. Once is an aside (``Canadian officials in London``)."""
    dem = _demonyms()
    written = Counter(name for _, _, name in _demonyms_written(text))
    mass: Counter = Counter()
    mentions: Counter = Counter()
    for name, n in written.items():
        cc = dem[name][1]
        if cc:
            mass[cc] += W_DEMONYM
            mentions[cc] += n
    return (Counter({cc: min(v, DEMONYM_MAX) for cc, v in mass.items()}),
            {cc for cc, n in mentions.items() if n >= DEMONYM_GATE_MIN})


def _doc_context(text: str, cand_ids: dict, quals: dict, gz: Gazetteer) -> DocContext:
    """Countries and regions the article names outright, qualifiers, and the pseudo-names its
    conventions (US local news) and demonyms are worth."""
    ents = gz.entries
    ctx = DocContext(quals=quals)
    big: Counter = Counter()     # country -> its countries and admin-1 regions named
    for k, ids in cand_ids.items():
        top = ents[ids[0]]
        for i in ids[:3] if top[FEATURE] in ("country", "admin") else ():
            # a name that means a country or region first (``Georgia``: either); not a city
            # that shares its region's name (``Moscow``)
            e = ents[i]
            if e[FEATURE] in ("country", "admin") and e[CC] and (key(e[NAME]) == k or i == ids[0]):
                ctx.named.update({(e[CC], e[ADM1] if e[FEATURE] == "admin" else ""), (e[CC], "")})
        if top[CC] and top[FEATURE] in ("country", "admin"):
            big[top[CC]] += 1
        prominent = [i for i in ids[:8] if _prominent_sense(k, i, gz)]
        for i in prominent or ids:
            if ents[i][FEATURE] in ("city", "locality", "admin"):
                ctx.anchors.append((k, ents[i][LAT], ents[i][LON]))
    for q in quals.values():
        ctx.named.update(q)
        ctx.named.update((cc, "") for cc, _ in q)
    ctx.cue_mass, ctx.demonym_cc = _demonym_context(text)
    foreign = sum(v for cc, v in big.items() if cc != "US")
    # (the cues are read only where the foreign names leave the lean possible)
    if (foreign < FOREIGN_MIN or foreign <= big["US"]) and (us_w := _us_local(text)):
        ctx.us_local = True
        ctx.cue_mass["US"] += us_w
    ctx.region_written = {key(m.group(1) or m.group(2)) for m in finditer(REGION_WRITTEN_RE, text)}
    ctx.anchors.sort(key=_latitude)    # ``_in_region`` reads a band of latitudes
    return ctx


def _prominent(i: int, gz: Gazetteer) -> bool:
    """A country, a national capital or a world city: what a bare name means in world news."""
    e = gz.entries[i]
    return e[FEATURE] == "country" or i in gz.capitals or (
        e[FEATURE] == "city" and e[POP] >= WORLD_CITY_POP)


@functools.lru_cache(maxsize=1 << 12)
def _prominent_sense(k: str, i: int, gz: Gazetteer) -> bool:
    """Name ``k`` means prominent place ``i`` by its own name (or a country's alias), or a
    spelling of it (``Odessa`` for Odesa: the same transliteration-folded key), not by one of
    the many alternate names GeoNames lists (Paris is also ``Bali`` in some language). Cached:
    the context and the gate ask it of the same name and entry up to three times."""
    e = gz.entries[i]
    return _prominent(i, gz) and (e[FEATURE] == "country" or key(e[NAME]) == k
                                  or fold(e[NAME]) == fold(k))


def _gate_namesakes(k: str, ids: tuple, ctx: DocContext, gz: Gazetteer) -> tuple:
    """The senses of name ``k`` the story leaves open (``_gate_prominent``, ``_gate_in_context``,
    ``_gate_the``)."""
    return _gate_the(k, _gate_in_context(k, _gate_prominent(k, ids, ctx, gz), ctx, gz), ctx, gz)


def _gate_the(k: str, ids: tuple, ctx: DocContext, gz: Gazetteer) -> tuple:
    """A name written after ``the`` (``the Rio Grande``, ``the Mekong``) is the curated river,
    sea, island group or region of the name, not a town or district of it (Rio Grande, New
    Jersey; Río Grande, Puerto Rico): English writes towns without the article."""
    if k not in ctx.the_names:
        return ids
    ents = gz.entries
    natural = [i for i in ids
               if ents[i][GID] is None and ents[i][FEATURE] in ("region", "landmark")]
    if not natural:
        return ids
    return tuple(i for i in ids if ents[i][FEATURE] not in ("city", "locality", "admin"))


def _in_context(k: str, e: tuple, ctx: DocContext) -> bool:
    """The story names ``e``'s country or region, or another of its places is near ``e``."""
    return (e[CC], "") in ctx.named or _in_region(k, e, ctx)


def _in_region(k: str, e: tuple, ctx: DocContext) -> bool:
    """The story names ``e``'s admin-1 region, or another of its places is near ``e``."""
    if (e[CC], e[ADM1]) in ctx.named:
        return True
    anchors, lat = ctx.anchors, e[LAT]
    for j in range(bisect_left(anchors, lat - _BAND, key=_latitude), len(anchors)):
        k2, la, lo = anchors[j]
        if la > lat + _BAND:
            return False
        if k2 != k and abs(la - lat) < 1.5 and km(lat, e[LON], la, lo) < NEAR_KM:
            return True
    return False


# Places within NEAR_KM lie within 1.5 degrees of latitude; the sorted band searched for them
# is a hair wider, so that rounding never leaves one out (the exact test is applied inside).
_BAND = 1.5 + 1e-6


def _latitude(point: tuple) -> float:
    return point[1]


def _gate_prominent(k: str, ids: tuple, ctx: DocContext, gz: Gazetteer) -> tuple:
    """Drop the small namesakes (towns under WORLD_CITY_POP) of a prominent place called
    ``k`` by its own name (``Berlin``, ``Paris``; not Paris's alternate name ``Bali``) unless
    the text names their country or admin-1 region (a namesake under ``NAMESAKE_SHARE`` of
    the prominent place's size needs its region), the story is local news of their country
    (the US lean breaks ties only: it keeps no namesake under ``NAMESAKE_SHARE``, so a US
    story's ``Lima office`` is Peru's unless Ohio is named),
    the namesake is a city of 100k+ of the people the story is about (``_demonym_context``), or
    another name of the story is near them (``Edmonton`` with ``London``; see ``DocContext``).
    A qualifier written after the name (``Toronto, Ontario``) keeps only what it names; a
    country's name is not its own admin-1 namesake unless written so (``Mexico`` is the country,
    ``State of Mexico``/``Mexico state`` the region)."""
    ents = gz.entries
    qual = ctx.quals.get(k)
    if qual and not any((ents[i][CC], ents[i][ADM1]) in qual or (ents[i][CC], "") in qual
                        for i in ids):
        qual = None
    country = {ents[i][CC] for i in ids[:8] if ents[i][FEATURE] == "country"}
    if k in ctx.region_written:
        country = set()
    big = max((ents[i][POP] for i in ids[:8] if _prominent_sense(k, i, gz)), default=None)
    gate = big is not None
    kept = []
    for i in ids:
        e = ents[i]
        if qual and (e[CC], e[ADM1]) not in qual and (e[CC], "") not in qual:
            continue   # ``Toronto, Ontario``: the writer said which one
        if e[FEATURE] == "admin" and e[CC] in country:
            continue   # ``Mexico``: the country, not the State of Mexico
        if gate and e[FEATURE] in ("city", "locality") and not _prominent_sense(k, i, gz):
            # a small namesake (where it lies is read only for these)
            tiny = not qual and e[POP] < NAMESAKE_SHARE * big
            if not (ctx.us_local and e[CC] == "US" and not tiny) \
                    and not (e[CC] in ctx.demonym_cc and e[POP] >= STRONG_POP) \
                    and not (_in_region(k, e, ctx) if tiny else _in_context(k, e, ctx)):
                continue   # not named, not local news, not near another place the story names,
                # not a real city of the people the story is about (``Lebanese troops in Tripoli``)
        kept.append(i)
    return tuple(kept) or ids


def _gate_in_context(k: str, ids: tuple, ctx: DocContext, gz: Gazetteer) -> tuple:
    """A town matched only by an alternate or differently spelled name (``Changi`` for China's
    Zhangye) is dropped when another sense lies where the story is (``_in_context``):
    an alternate name is weak evidence, the story's own country strong."""
    ents = gz.entries
    # the first sense in context; those before it are not, those after it are read only when
    # they are alternate-name towns
    first = next((n for n, i in enumerate(ids) if _in_context(k, ents[i], ctx)), None)
    if first is None:
        return ids
    return tuple(i for n, i in enumerate(ids) if n == first or key(ents[i][NAME]) == k
                 or ents[i][FEATURE] not in ("city", "locality")
                 or (n > first and _in_context(k, ents[i], ctx)))


def _base_scores(cand_ids: dict, ctx: DocContext, gz: Gazetteer) -> dict:
    """Each name's candidates scored by prior, alternate-name match, qualifier and the
    city-first list; coherence (``_cohere``) adds to these."""
    ents = gz.entries
    city_first_of = _city_first()
    base: dict[str, list[float]] = {}
    for k, ids in cand_ids.items():
        qual = ctx.quals.get(k)
        city_first = city_first_of.get(k) if k not in ctx.region_written else None
        row = []
        for i in ids:
            e = ents[i]
            s = _prior(e)
            if e[FEATURE] in ("city", "locality") and key(e[NAME]) != k:
                s -= W_ALT
            if qual:
                s += W_QUALIFIED if ((e[CC], e[ADM1]) in qual or (e[CC], "") in qual) \
                    else W_UNQUALIFIED
            if city_first and (e[CC], e[ADM1]) == city_first and e[FEATURE] == "city":
                s += CITY_FIRST_BONUS
            row.append(s)
        base[k] = row
    return base


def _softmax(row: list[float]) -> list[float]:
    m = max(row)
    ws = [10 ** max(v - m, -8) for v in row]
    t = sum(ws)
    return [w / t for w in ws]


@dataclass
class _Masses:
    """One coherence round's expectations: per name, its probability mass per country and per
    admin-1 region and its likely points; and the article's totals."""

    by_cc: dict
    by_st: dict
    pts: dict
    tot_cc: Counter
    tot_st: Counter
    n: float
    flat: list = field(default_factory=list)   # (name, lat, lon, p) of ``pts``, in order
    by_lat: list = field(default_factory=list)  # indices into ``flat`` by latitude ...
    lats: list = field(default_factory=list)    # ... and their latitudes


def _facts(e: tuple) -> tuple:
    """What coherence reads of entry ``e``, once an article instead of once a round: ``(country,
    (country, admin-1) or None, admin-1 weight, a point others count, a point that counts
    others, lat, lon)``."""
    feat = e[FEATURE]
    placed = feat in ("city", "locality", "admin")
    st = (e[CC], e[ADM1]) if e[ADM1] and feat != "country" else None
    return (e[CC], st, 1.0 if feat == "admin" else 0.6, placed and e[GID] != -1, placed,
            e[LAT], e[LON])


def _masses(rows: dict, prob: dict, ctx: DocContext) -> _Masses:
    """``rows``: name key -> its candidates' ``_facts`` (read once per article by ``_cohere``)."""
    by_cc: dict[str, dict] = {}     # (plain dicts: only ``get`` and ``items`` read them)
    by_st: dict[str, dict] = {}
    pts: dict[str, list] = {}
    for k, fs in rows.items():
        cc_m, st_m, pl = {}, {}, []
        for (cc, st, w, pt, _, lat, lon), p in zip(fs, prob[k]):
            if cc:
                cc_m[cc] = cc_m.get(cc, 0) + p
            if st is not None:
                st_m[st] = st_m.get(st, 0) + p * w
            if p > 0.05 and pt:
                pl.append((lat, lon, p))
        by_cc[k], by_st[k], pts[k] = cc_m, st_m, pl
    tot_cc: Counter = Counter()
    tot_st: Counter = Counter()
    # (summed here: ``Counter.update`` is a Python function with an ABC check, per name a round)
    for k in rows:
        for cc, v in by_cc[k].items():
            tot_cc[cc] = tot_cc.get(cc, 0) + v
        for st, v in by_st[k].items():
            tot_st[st] = tot_st.get(st, 0) + v
    # the article's conventions and demonyms stand for names of places in their country
    tot_cc.update(ctx.cue_mass)
    n = len(rows) + sum(ctx.cue_mass.values())
    flat = [(k, la, lo, p) for k, pl in pts.items() for la, lo, p in pl]
    order = sorted(range(len(flat)), key=lambda j: flat[j][1])
    return _Masses(by_cc, by_st, pts, tot_cc, tot_st, n, flat, order, [flat[j][1] for j in order])


def _coherence(k: str, fs: list, m: _Masses) -> list[float]:
    """What the other names of the article expect of each candidate (``_facts``) of name ``k``:
    the share of their mass in its country, the mass in its admin-1 region, the mass near it
    (one call a name, the name's own masses read once)."""
    own_cc, own_st = m.by_cc[k], m.by_st[k]
    tot_cc, tot_st, lats, by_lat, flat = m.tot_cc, m.tot_st, m.lats, m.by_lat, m.flat
    others = max(m.n - 1, MIN_NAMES)
    several = m.n > 1
    out = []
    for cc, st, _, _, placed, lat, lon in fs:
        s = 0.0
        if several and cc:    # (``get``: a Counter's missing key costs a Python call)
            s += W_COUNTRY * (tot_cc.get(cc, 0) - own_cc.get(cc, 0)) / others
        if st is not None:
            s += min(W_STATE * (tot_st.get(st, 0) - own_st.get(st, 0)), STATE_CAP)
        if placed and W_NEAR:
            # the points in a band of latitude, summed in ``flat`` order (the same float sum)
            band = by_lat[bisect_left(lats, lat - _BAND):bisect_right(lats, lat + _BAND)]
            near = 0
            if band:
                band.sort()
                for j in band:
                    k2, la, lo, p = flat[j]
                    if k2 != k and abs(la - lat) < 1.5 and km(lat, lon, la, lo) < NEAR_KM:
                        near += p
            s += W_NEAR * min(near, NEAR_CAP)
        out.append(s)
    return out


def _cohere(cand_ids: dict, base: dict, ctx: DocContext, gz: Gazetteer) -> dict:
    """Scores after ``ROUNDS`` rounds of coherence: unambiguous names (states, qualified towns,
    big cities) settle the ambiguous ones (a name of one sense keeps its base score)."""
    ents = gz.entries
    rows = {k: [_facts(ents[i]) for i in ids] for k, ids in cand_ids.items()}
    score = dict(base)
    prob = {k: _softmax(r) for k, r in base.items()}
    # a name of one sense has nothing to choose: its probability stays 1 whatever the others
    # expect (it keeps its base score); the last round's probabilities are not read
    choice = [k for k, es in rows.items() if len(es) > 1]
    for n in range(ROUNDS):
        m = _masses(rows, prob, ctx)
        for k in choice:
            score[k] = [b + c for c, b in zip(_coherence(k, rows[k], m), base[k])]
        if n < ROUNDS - 1:
            for k in choice:
                prob[k] = _softmax(score[k])
    return score


def _name_candidates(doc: Doc, cands: list[Candidate], gz: Gazetteer) -> tuple[dict, dict, set]:
    """``name key -> candidate ids`` (one sense per discourse), ``name key -> qualifiers``
    written after any of its mentions, and the names written after ``the``."""
    quals: dict[str, set] = {}
    cand_ids: dict[str, tuple] = {}
    the_names: set = set()
    for c in cands:
        ids = _ids_of(c, gz)
        if not ids:
            continue
        k = _name_key(c)
        cand_ids.setdefault(k, tuple(ids[:40]))
        if c.ids:
            q = _qualifier(doc.text, c.end, gz)
            if q:
                quals.setdefault(k, set()).update(q)
            if _prev_word(doc.text, c.start) == "the":
                the_names.add(k)
    return cand_ids, quals, the_names


def _off_story_towns(cand_ids: dict, ctx: DocContext, gz: Gazetteer) -> set:
    """Names whose every sense is a town far from a story about one country (``Palma``, only
    the Spanish city in the gazetteer, in a story about Mozambique): the story's country holds
    ``STORY_SHARE`` of its names (at least ``STORY_MIN``), and no other name or demonym of the
    story points to a town's country. Such a name is a town of the story's country the
    gazetteer lacks: placed by its containing place (``_contain_unknown``), not abroad.
    Countries, capitals and world cities stay what they are (``_prominent``)."""
    ents = gz.entries
    tops = {k: ents[ids[0]] for k, ids in cand_ids.items() if ents[ids[0]][CC]}
    count = Counter(e[CC] for e in tops.values())
    count.update(ctx.demonym_cc)
    if not count or ctx.us_local:
        return set()
    main, n = count.most_common(1)[0]
    if n < STORY_MIN or n < STORY_SHARE * sum(count.values()):
        return set()
    pts = [(e[LAT], e[LON]) for e in tops.values() if e[CC] == main]
    lat, lon = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
    out = set()
    for k, ids in cand_ids.items():
        own = tops[k][CC] if k in tops else None    # (the other names: ``count`` less this one)
        if all(ents[i][FEATURE] in ("city", "locality") and not _prominent(i, gz)
               and ents[i][CC] != main
               and count[ents[i][CC]] - (own is not None and ents[i][CC] == own) <= 0
               and (ents[i][CC], "") not in ctx.named
               and km(lat, lon, ents[i][LAT], ents[i][LON]) > STORY_FAR_KM for i in ids):
            out.add(k)
    return out


def _unlisted_towns(text: str, cands: list[Candidate], cand_ids: dict, gz: Gazetteer) -> set:
    """Names of towns the writer places where the gazetteer has no town of the name: a
    settlement word before the mention or a comma qualifier after it (``the town of Palma in
    Mozambique``, ``Palma, Mozambique``) names a country or admin-1 region no candidate lies
    in. The gazetteer lacks that town; its namesakes elsewhere (Palma, Spain) are not it. A
    bare ``in X`` after a name does not count (``refugees from Aleppo in Germany``)."""
    out = set()
    ents = gz.entries
    for c in cands:
        k = _name_key(c)
        ids = cand_ids.get(k)
        if not ids or c.source == "demonym" or c.start < 1 or not all(
                ents[i][FEATURE] in ("city", "locality") for i in ids):
            continue
        framed = any(m.start(1) == c.start for m in CONTAINER_RE.finditer(
            text, max(0, c.start - 40), c.end))
        m = QUALIFIER_AFTER.match(text[c.end:c.end + 40])
        if m and text[c.end + m.end():c.end + m.end() + 6].lstrip(" ,").startswith(("and ", "or ")):
            m = None   # ``Krakow, Germany and France``: a list, not a qualifier
        q = _qualifier(text, c.end, gz) if framed or m else None
        # the country only: admin-1 codes outside the US differ between the two sources
        if q and not any(ents[i][CC] in {cc for cc, _ in q} for i in ids):
            out.add(k)
    return out


def _ids_of(c: Candidate, gz: Gazetteer) -> tuple:
    dem = _demonyms()
    if c.source == "demonym" and c.text in dem:
        place, cc = dem[c.text]
        ids = gz.ids(place)
        return tuple(i for i in ids if not cc or gz.entries[i][CC] == cc) or ids
    return c.ids


def _name_key(c: Candidate) -> str:
    return key(c.text) if c.source != "demonym" else key(_demonyms()[c.text][0])


def resolve(doc: Doc, cands: list[Candidate], gz: Gazetteer) -> list[PlaceMention]:
    """Pick one gazetteer entry per name (one sense per discourse) by prior and coherence.

    Each distinct name keeps a probability over its candidate entries (softmax of its score,
    in log10 units). Small namesakes of a prominent place are dropped first
    (``_gate_namesakes``). A candidate's score is its prior (population, feature type), minus
    ``W_ALT`` when only an alternate name matched, plus a qualifier written after any mention
    (``Alexandria, La.``), plus what the *other* names of the article expect (``_coherence``),
    updated for ``ROUNDS`` rounds."""
    cand_ids, quals, the_names = _name_candidates(doc, cands, gz)
    for k in _unlisted_towns(doc.text, cands, cand_ids, gz):
        del cand_ids[k]
    ctx = _doc_context(doc.text, cand_ids, quals, gz)
    ctx.the_names = the_names
    for k in _off_story_towns(cand_ids, ctx, gz):
        del cand_ids[k]
    cand_ids = {k: _gate_namesakes(k, ids, ctx, gz) for k, ids in cand_ids.items()}
    stray = _stray_alternates(doc.text, cands, cand_ids, ctx, gz)
    if stray:
        cands = [c for c in cands if not (c.source == "gaz" and _name_key(c) in stray)]
        cand_ids = {k: ids for k, ids in cand_ids.items() if k not in stray}
    score = _cohere(cand_ids, _base_scores(cand_ids, ctx, gz), ctx, gz)
    sense: dict[str, int] = {}
    conf_of: dict[str, float] = {}
    for k, ids in cand_ids.items():
        order = sorted(zip(score[k], ids), reverse=True)
        sense[k] = order[0][1]
        conf_of[k] = 1.0 if len(order) == 1 else min(1.0, 0.5 + (order[0][0] - order[1][0]) / 10)
    return _mentions(doc, [c for c in cands if c.source != "context"], sense, conf_of, gz)


def _stray_alternates(text: str, cands: list[Candidate], cand_ids: dict, ctx: DocContext,
                      gz: Gazetteer) -> set:
    """Names matched only by an alternate name of small towns the story is nowhere near
    (``Casa``, one of the names GeoNames lists for Chas, India, in a story about Nigeria): not
    places when the model calls no mention of them a place and the text frames none as one. An
    alternate name is weak evidence (GeoNames lists names in many languages and scripts); a
    country, a capital or a world city (``Bombay``, ``Peking``) keeps its old names."""
    if not ctx.named:
        return set()
    ents = gz.entries
    out = {k for k, ids in cand_ids.items() if all(
        ents[i][FEATURE] in ("city", "locality") and key(ents[i][NAME]) != k
        and not _prominent(i, gz) and not _in_context(k, ents[i], ctx) for i in ids)}
    for c in cands if out else ():
        if c.source != "gaz" or c.label in ("GPE", "LOC") or _place_framed(text, c.start, c.end, gz):
            out.discard(_name_key(c))
    return out


def _mentions(doc: Doc, cands: list[Candidate], sense: dict, conf_of: dict,
              gz: Gazetteer) -> list[PlaceMention]:
    """One ``PlaceMention`` per candidate span, with its name's chosen entry (or none)."""
    text = doc.text
    out: list[PlaceMention] = []
    admin1: dict[int, str] = {}     # id(mention) -> admin-1 code, for ``_place_approx``
    for c in cands:
        name, lat, lon, cc, feat, gid, conf = c.text, None, None, None, "locality", None, 0.3
        adm1 = None
        k = _name_key(c) if _ids_of(c, gz) else None
        if k in sense:      # not a town the gazetteer lacks (``_unlisted_towns``)
            e = gz.entries[sense[k]]
            name, lat, lon, cc, feat, gid, adm1 = e[NAME], e[LAT], e[LON], e[CC], e[FEATURE], e[GID], e[ADM1]
            conf = max(conf_of[k], 0.5)
        pm = PlaceMention(c.start, c.end, text[c.start:c.end], name=name, lat=lat, lon=lon,
                          country=cc, feature=feat, geonameid=gid, score=round(conf, 3))
        admin1[id(pm)] = adm1
        out.append(pm)
    _contain_unknown(doc, cands, out)
    _place_approx(out, admin1)
    return out


PART_RE = _pattern("part_re")


def _country_part(text: str, out: list[PlaceMention], gz: Gazetteer) -> None:
    """``northern Chad``, ``north-east Syria``, ``central Ukraine``: a lower-case direction word
    right before a country makes the mention that part of the country: a region named as
    written, at the point of the gazetteer's entry of that name when it has one (``western
    Libya``), else where the country's own regions put it (``country_parts.part_point``)."""
    for p in out:
        if p.feature != "country" or not p.country or p.lat is None:
            continue
        m = PART_RE.search(text, max(0, p.start - 20), p.start)
        if not m:
            continue
        written = text[m.start():p.end]
        curated = [i for i in gz.ids(written) if gz.entries[i][CC] == p.country
                   and gz.entries[i][FEATURE] in ("region", "admin")]
        point = part_point(gz, p.country, m.group(1), m.group(2) or m.group(3)) \
            if not curated else None
        if curated:    # the gazetteer names that part (``western Libya``: Tripolitania)
            p.lat, p.lon = gz.entries[curated[0]][LAT], gz.entries[curated[0]][LON]
        elif point:
            p.lat, p.lon = point
        else:
            continue
        p.start = m.start()
        p.text = text[p.start:p.end]
        p.name = p.text
        p.feature = "region"


def _place_approx(out: list[PlaceMention], admin1: dict) -> None:
    """Entries with approximate coordinates (geonameid -1: US counties placed at their state's
    centre) move to the nearest-in-text town the article names in the same state."""
    for p in out:
        if p.geonameid != -1:
            continue
        p.geonameid = None
        same = [q for q in out if q.geonameid not in (-1, None) or q.feature in ("city", "locality")]
        same = [q for q in same if q.country == p.country and q.feature in ("city", "locality")
                and admin1.get(id(q)) == admin1.get(id(p))]
        if same:
            q = min(same, key=lambda q: abs(q.start - p.start))
            p.lat, p.lon = q.lat, q.lon


# What may contain a place the gazetteer lacks: any settlement or region; a site only a town
_CONTAINERS = {False: ("city", "admin", "locality", "region"), True: ("city", "locality")}


def _contain_unknown(doc: Doc, cands: list[Candidate], out: list[PlaceMention]) -> None:
    """A named place the gazetteer lacks (``the village of Akhur``, ``Wichita Drive``) takes the
    coordinates of the containing place the same sentence names (``Afrin``), else the place the
    two sentences before name last, with that place's coarser feature. One sense per
    discourse: a later mention of the same name takes what its first placed mention took
    (``the village of Igoeti`` near ``Gori``; then ``arrived in Igoeti`` after ``Moscow``)."""
    named = Counter(q.country for q in out if q.country and q.lat is not None)
    main = named.most_common(1)[0][0] if named else None    # the story's country
    placed: dict[str, PlaceMention] = {}
    for c, p in zip(cands, out):
        if p.lat is not None or c.source not in ("container", "ner", "street", "gaz", "site") \
                or (c.label == "FAC" and c.source != "site"):
            continue
        first = placed.get(key(c.text))
        if first is not None:
            p.lat, p.lon, p.country, p.feature, p.score = \
                first.lat, first.lon, first.country, first.feature, first.score
            continue
        sent = next(((s, e) for s, e in doc.sentences if s <= p.start < e), (0, len(doc.text)))
        near = [q for q in out if q is not p and q.lat is not None and sent[0] <= q.start < sent[1]
                and q.feature in _CONTAINERS[c.source == "site"]]
        if not near:
            # ``the district’s Duyarli village``: the place the two sentences before name last,
            # in the story's own country when one of them is (``Igoeti`` in a story about
            # Georgia after ``Moscow`` said something)
            prev = [s for s in doc.sentences if s[1] <= sent[0]][-2:]
            lo = prev[0][0] if prev else sent[0]
            near = [q for q in out if q is not p and q.lat is not None and lo <= q.start < sent[0]
                    and q.feature in _CONTAINERS[c.source == "site"][:3] and q.country]
            home = [q for q in near if q.country == main]
            near = (home or near)[-1:]
        if not near:
            continue
        # the nearest town named in the sentence, else the nearest region
        box = min(near, key=lambda q: (q.feature not in ("city", "locality"), abs(q.start - p.start)))
        p.lat, p.lon, p.country = box.lat, box.lon, box.country
        p.feature = "region" if box.feature in ("admin", "region") else box.feature
        p.feature = "landmark" if c.source == "site" else p.feature
        p.score = 0.3
        placed[key(c.text)] = p
    for c, p in zip(cands, out):   # an earlier mention with no place before it (``Palma``)
        first = placed.get(key(c.text)) if p.lat is None else None
        if first is not None:
            p.lat, p.lon, p.country, p.feature, p.score = \
                first.lat, first.lon, first.country, first.feature, first.score
