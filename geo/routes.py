"""Movement routes: ordered stops from movement language, within and across articles.

Within an article (``routes_from``) each place of a sentence that speaks of movement gets a
role from the words before it: origin ("from", "out of", "leave"), waypoint ("via", "through",
"arrive in", "anchor off"), destination ("to", "for", "toward", "reach"), the journey's goal
("en route to", "bound for", "destination of"). The cues are data (``data/route_cues.csv``,
patterns in ``data/routes_patterns.toml``). A border named as a stop
("arrived at the Mexico/Guatemala border") is one, at the middle of the two countries' shared
line (``geo.borders``). Stops are ordered origins → waypoints and destinations in the order
the text tells them → the goal, so "taken to the airport of Antep to Istanbul and then to
Azerbaijan" keeps its order. A journey with no start of its own starts where the travellers
stayed in a coordinated clause ("had lived in Aleppo, and then travelled to Greece"), where
the article says they come from, or where it last put them ("detained in Minsk").
Consecutive movement sentences continue one route ("departed from Odesa for Lebanon. … arrive
in Istanbul … final destination of the port of Tripoli"); a country stop is dropped when a
later stop lies inside it (the trip's goal named before its detail).

Across articles (``assemble_routes``) routes that share a stop or an actor are joined into one
precedence graph (each route says A before B); countries precede their places at the
destination end and follow them at the origin end; a topological order, ties broken by date
and narrative position, gives the assembled route (``article_id=None``).
"""
from __future__ import annotations

import csv
import functools
import math
import re
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Optional

from geo.borders import border_places
from geo.demonyms import demonyms
from timeline import nlp
from timeline.config import DEFAULT, Settings
from timeline.model import Doc, Event, PlaceMention, Route
from timeline.resources import (LOWER_KEEPS, OpeningIndex, alternation, fold, matches_in,
                                pattern, positions, skipping, top_level, window_matches,
                                word_set, words)
from timeline.segment import WORD_RUN, is_heading, is_standfirst

from .context import event_places, sentence_places

CUES = Path(__file__).with_name("data") / "route_cues.csv"
PATTERNS = Path(__file__).with_name("data") / "routes_patterns.toml"


@functools.lru_cache(maxsize=None)
def _pat(name: str) -> re.Pattern:
    """A named pattern of ``data/routes_patterns.toml``."""
    return pattern(PATTERNS, name)


@functools.lru_cache(maxsize=1)
def cues() -> dict[str, list[str]]:
    """role → cue fragments of ``data/route_cues.csv`` (role "move": the sentence travels)."""
    out: dict[str, list[str]] = defaultdict(list)
    with CUES.open(encoding="utf-8") as fh:
        for r in csv.DictReader(ln for ln in fh if not ln.startswith("#")):
            out[r["role"]].append(r["cue"])
    return dict(out)


@functools.lru_cache(maxsize=None)
def _cue_re(role: str, before_place: bool = True) -> re.Pattern:
    """The cues of ``role`` as one pattern: whole words anywhere (``before_place=False``), or
    ending just before a place, with the gap words of ``routes_patterns.toml`` between."""
    tail = r"\s+" + _pat("gap").pattern if before_place else r"\b"
    return re.compile(rf"\b(?P<cue>{_by_first_letter(cues()[role])}){tail}", re.I)


def _by_first_letter(fragments: list[str]) -> str:
    """The alternation of regex ``fragments``, grouped by first letter ("v(?:ia|oyage)|e(?:n
    route|…)"), so that at each word the engine tries the few cues that start with its letter
    instead of all seventy: the same matches, as no two groups can match at one position
    and each group keeps its fragments' order. A fragment opening with a group is first
    spread over its branches ("(?:go|went) on to" → "go on to", "went on to"). Left as it is
    when a fragment is of another shape (no letter first, a quantifier on it, a top-level
    "|")."""
    flat = _spread(fragments)
    if flat is None or not all(f[:1].isascii() and f[:1].isalpha() and f[1:2] not in ("?", "*", "+", "{")
                               for f in flat):
        return "|".join(fragments)
    groups: dict[str, list[str]] = {}
    for f in flat:
        groups.setdefault(f[0].lower(), []).append(f[1:])
    return "|".join(f"{c}(?:{'|'.join(rest)})" for c, rest in groups.items())


def _spread(fragments: list[str]) -> Optional[list[str]]:
    """``fragments`` with each one that opens with a non-capturing group and no quantifier on
    it replaced by one fragment per branch with what follows the group; None when a
    fragment has a top-level "|" or cannot be read."""
    out: list[str] = []
    for f in fragments:
        parts = top_level(f)
        if parts is None or len(parts[0]) != 1:
            return None
        close = parts[1]
        if not f.startswith("(?:") or close is None:
            out.append(f)
            continue
        branches = top_level(f[3:close])
        if branches is None or f[close + 1:close + 2] in ("?", "*", "+", "{"):
            return None
        sub = _spread([b + f[close + 1:] for b in branches[0]])
        if sub is None:
            return None
        out += sub
    return out


@functools.lru_cache(maxsize=1)
def _move_re() -> re.Pattern:
    """The movement cues, as whole words (``skipping``: the engine goes from one letter that
    can open a cue to the next, not through every position of every sentence)."""
    return skipping(_cue_re("move", before_place=False))


@functools.lru_cache(maxsize=1)
def _cue_index() -> OpeningIndex:
    """The words a movement cue can open with (``resources.openings``)."""
    return OpeningIndex([_move_re()], WORD_RUN)


def _sentence_cues(doc: Doc) -> list[list[re.Match]]:
    """The movement cues of each sentence (``window_matches``), tried only where a word a cue
    opens with is written: most words of an article are looked up in its word set
    (``resources.word_set``, which the actor stage made), not scanned for."""
    text, rx, index = doc.text, _move_re(), _cue_index()
    low = fold(text)
    if not index.indexed[0] or low is None or any(x in text for x in LOWER_KEEPS):
        return window_matches(rx, text, doc.sentences)
    firsts = {w.lower() for w in index.opening_words(word_set(text, WORD_RUN))}
    return matches_in(rx, text, positions(low, firsts), doc.sentences)


@functools.lru_cache(maxsize=1)
def _role_res() -> list[tuple[str, re.Pattern]]:
    """A pattern per role, for the words just before a place; "between X and Y" reads X as
    the origin and Y as the destination; "400 km from X" gives X no role (a distance)."""
    out = [(role, _cue_re(role)) for role in ("origin", "arrive", "via", "dest", "goal")]
    return out + [("dest", _pat("between_dest")), ("origin", _pat("between_origin"))]


_CONTAINER = {"country", "region", "admin"}


def _return_from(text: str, p: PlaceMention, before: str) -> bool:
    """A trip's destination named in a sentence of return is where the return starts."""
    if not _cue_re("return_from").search(before):
        return False
    s = text.rfind(".", 0, p.start) + 1
    return bool(_pat("return_word").search(text, s, p.start))


def _last(pat: re.Pattern, before: str) -> Optional[re.Match]:
    """The match of a pattern anchored at the end of ``before`` that starts last (its cue is
    the nearest to the place)."""
    m = last = pat.search(before)
    while m:
        last, m = m, pat.search(before, m.start() + 1)
    return last


def _role(doc: Doc, p: PlaceMention, prev: Optional[tuple], floor: int = 0) -> Optional[str]:
    """The role of place ``p`` from the cue words before it. Only the words after the previous
    place count ("fleeing from Maarat al-Numan in northern Idlib": Idlib qualifies the town, it
    is no second start), save "between X and Y"; a verb between the cue and the place ends the
    cue's reach ("towards Moscow began after Wagner appeared to capture the city of Rostov")."""
    text = doc.text
    wide = text[max(0, p.start - 60):p.start]
    seg = text[max(0, p.start - 60, floor):p.start]
    before = _pat("clause_break").split(seg)[-1]
    base = p.start - len(before)              # where ``before`` starts in the text
    before += " " if seg.endswith(" ") and not before.endswith(" ") else ""
    if floor > p.start - 60 and _pat("relative_to").fullmatch(text[floor:p.start]):
        return None       # "Voronezh Oblast to the south of Lipetsk": where the first one lies
    # the role word nearest the name decides ("from the capital to the airport of X": to),
    # the longest of those ending there ("en route to X" over "to X")
    best = None
    for role, pat in _role_res():
        between = pat is _pat("between_dest")
        m = _last(pat, wide if between else before)
        at = p.start - len(wide) if between else base
        if m and between and not at + m.start() < floor <= at + m.start("cue"):
            continue                          # "between government troops and the group in X"
        if m and (best is None or (m.end("cue"), -m.start()) > best[0]):
            best = ((m.end("cue"), -m.start()), role, at + m.start("cue"), at + m.end("cue"))
    if best and (_verb_between(doc, best[3], p.start) or _noun_preposition(doc, best[2])):
        best = None
    if best and best[1] == "origin" and _pat("distance_from").search(before) \
            and not text[p.end:p.end + 9].lstrip().startswith(("to ", "toward")):
        return None       # "400 km from the capital": where it lies ("walked 20 km from X to Y")
    if best:
        if best[1] == "dest" and _return_from(text, p, before):
            return "origin"                   # "returned to Manila after his trip to Russia"
        return best[1]
    if prev is not None:                      # "from Syria and Libya": coordinated, same role
        gap = text[prev[0].end:p.start]
        if _pat("coordinated").fullmatch(gap):
            return prev[1]
    return None


def _noun_preposition(doc: Doc, at: int) -> bool:
    """A bare preposition cue ("to", "for", "into") that hangs from a noun which tells no
    movement ("the spokesman for the Sirte operations room", "ambassador to Russia"), not from
    a verb ("left Odesa for Istanbul") or a noun of travel ("his trip to Russia")."""
    if doc.parsed is None:
        return False
    span = nlp.span(doc.parsed, at, at + 1)
    if span is None or len(span) != 1 or span[0].dep_ != "prep" \
            or span[0].lower_ not in words(PATTERNS, "bare_preposition"):
        return False
    head = span[0].head
    return head.tag_.startswith("NN") and not _move_re().fullmatch(head.text) \
        and head.dep_ in ("nsubj", "nsubjpass", "appos", "attr", "npadvmod", "ROOT")


def _verb_between(doc: Doc, a: int, b: int) -> bool:
    """A verb of its own clause between a cue and a place (not a participle describing a noun:
    "the Russian-occupied town of")."""
    if doc.parsed is None or b <= a:
        return False
    span = doc.parsed.char_span(a, b, alignment_mode="contract")
    return span is not None and any(t.tag_.startswith("VB") and t.dep_ not in (
        "amod", "compound", "nmod", "aux", "auxpass") for t in span)


def _stops(doc: Doc, s: int, e: int) -> list[tuple[PlaceMention, str]]:
    text = doc.text
    inside = lambda ms: [m for m in ms if s <= m.start and m.end <= e]
    every = sentence_places(doc, s, e)
    acts = inside(doc.actors)
    kept = event_places(text, every, acts)
    # a place in an actor's description that it set out from is the journey's origin all the
    # same ("forces from the city of Misrata have arrived in Tripoli")
    places = [p for p in every if p.lat is not None and (p in kept or _cued(text, p) or not any(
        a.start <= p.start and p.end <= a.end for a in acts))]
    borders = _borders(doc, s, e, every)
    places = [p for p in places if not any(b.start <= p.start and p.end <= b.end
                                           for b in borders)] + borders
    out: list[tuple[PlaceMention, str]] = []
    prev = None
    for p in sorted(places, key=lambda p: p.start):
        if _unrealised(doc, p) or _modifier(text, p):
            continue
        floor = max((q.end for q in every + borders if q.end <= p.start
                     and not _modifier(text, q)), default=0)
        role = _role(doc, p, prev, floor) or ("dest" if p in borders and _crossed(doc, p) else None)
        if role:
            out.append((p, role))
            prev = (p, role)
    stay = _stay_before(doc, places, out) or _home_before(doc, places, out)
    if stay is not None:
        out.insert(0, (stay, "origin"))
    # "peacekeepers from Armenia … have left Almaty": where a group comes from describes it
    # when the sentence tells where the movement itself started
    described: list[PlaceMention] = []
    for i, (p, r) in enumerate(out):         # "from Armenia, Tajikistan and Kyrgyzstan"
        if r == "origin" and (_describes(text, p, doc.actors) or i and out[i - 1][0] in described
                              and _pat("coordinated").fullmatch(text[out[i - 1][0].end:p.start])):
            described.append(p)
    told = [p for p, r in out if r == "origin" and p not in described]
    if told:
        out = [(p, r) for p, r in out if r != "origin" or p in told]
    return out


def _verb(doc: Doc, p: PlaceMention):
    """The verb a place's phrase hangs from (its nearest verb ancestor in the parse), or None."""
    span = nlp.span(doc.parsed, p.start, p.end)
    if span is None or not len(span):
        return None
    return next((t for t in span.root.ancestors if t.tag_.startswith("VB")), None)


def _stay_before(doc: Doc, places: list[PlaceMention],
                 out: list[tuple[PlaceMention, str]]) -> Optional[PlaceMention]:
    """Where travellers stayed before the journey a sentence tells, in a clause coordinated
    with it ("had spent months in camps in Turkey, and had taken long journeys through Greece";
    "had lived in Aleppo, and then travelled to Greece"): the journey's start when the
    sentence names none."""
    if doc.parsed is None or not out or any(r == "origin" for _, r in out):
        return None
    v = _verb(doc, out[0][0])
    if v is None:
        return None
    for p in places:
        if p.start >= out[0][0].start or any(p is q for q, _ in out) \
                or not _pat("located").search(doc.text, max(0, p.start - 60), p.start):
            continue
        u = _verb(doc, p)
        if u is not None and u in v.conjuncts:
            return p
    return None


def _cued(text: str, p: PlaceMention) -> bool:
    """A role cue right before a place that the actor finder took for a group or a government:
    where the travellers set out from or went to all the same ("forces from the city of
    Misrata", "a plane bound for Islamabad")."""
    before = text[max(0, p.start - 60):p.start]
    return any(pat.search(before) for role, pat in _role_res() if role != "via")


def _home_before(doc: Doc, places: list[PlaceMention],
                 out: list[tuple[PlaceMention, str]]) -> Optional[PlaceMention]:
    """Where the travellers of a sentence that names no start live or come from, told before
    its stops ("Residents of Mosul fled to camps near Erbil"): the journey's start."""
    if not out or any(r == "origin" for _, r in out):
        return None
    return next((p for p in places if p.start < out[0][0].start and not any(p is q for q, _ in out)
                 and _pat("home_of").search(doc.text, max(0, p.start - 60), p.start)), None)


def _modifier(text: str, p: PlaceMention) -> bool:
    """A place name in a hyphenated modifier ("the Ukrainian-controlled city of", "a
    Turkish-backed group") describes a noun; it is no stop."""
    return bool(_pat("modifier_tail").match(text, p.end))


def _borders(doc: Doc, s: int, e: int, places: list[PlaceMention]) -> list[PlaceMention]:
    """Borders a sentence names, as stops ("arrived at the Mexico/Guatemala border"): the
    phrases of a border noun (route_cues.csv, role "border"), read by ``geo.borders``."""
    return border_places(doc, s, e, places, cues().get("border", ()))


def _crossed(doc: Doc, p: PlaceMention) -> bool:
    """A border phrase that hangs from a verb of movement ("crawled under barbed wire on
    Hungary's southern frontier") is reached, whatever its preposition; not one that only
    places something ("smoke was rising near the border")."""
    v = _verb(doc, p)
    return v is not None and bool(_move_re().fullmatch(v.text))


def _describes(text: str, p: PlaceMention, actors) -> bool:
    """The place follows an actor's noun as its "from" phrase ("units from Armenia")."""
    if any(a.start < p.start and p.end <= a.end for a in actors):
        return True
    w = max(0, p.start - 60)
    m = _pat("described").search(text[w:p.start])
    return bool(m) and any(a.end == w + m.start() for a in actors)


@functools.lru_cache(maxsize=1)
def _unrealised_verbs() -> tuple[str, ...]:
    """How verbs of refusal, wish or fear begin ("refus" for refused, refusing)."""
    return tuple(cues().get("unrealised", ()))


def _unrealised(doc: Doc, p: PlaceMention) -> bool:
    """A stop of a journey that was refused, wished, feared or only possible ("families who
    had refused to go to Azerbaijan", "militants could move to Sirte") is no stop of a route."""
    if doc.parsed is None:
        return False
    span = nlp.span(doc.parsed, p.start, p.end)
    if span is None or not len(span):
        return False
    t, seen = span.root, 0
    while t.head.i != t.i and seen < 40:
        t, seen = t.head, seen + 1
        if not t.tag_.startswith("VB"):
            continue
        if t.lower_.startswith(_unrealised_verbs()) or any(
                k.dep_ == "neg" or k.dep_ == "aux" and k.lower_ in ("could", "might", "may", "should")
                or k.dep_ == "advmod" and k.lower_ in words(PATTERNS, "hedge") for k in t.children):
            return True
    return False


def _planned(doc: Doc, p: PlaceMention) -> bool:
    """A stop told as still ahead ("is expected to arrive in Istanbul", "is scheduled to dock
    in Bari"): part of a journey under way, but no route on its own. A plain future ("the
    patrol will run from X to Y") is told as fact, as news reports a scheduled movement."""
    if doc.parsed is None or p.start is None:
        return False
    span = nlp.span(doc.parsed, p.start, p.end)
    if span is None or not len(span):
        return False
    for t in list(span.root.ancestors)[:40]:
        if t.tag_.startswith("VB") and t.lower_.startswith(tuple(cues().get("planned", ()))):
            return True
    return False


def _moving(doc: Doc, cues: Iterable[re.Match]) -> bool:
    """The sentence tells a journey: a movement cue (``cues``: the sentence's) that is no
    modifier of another noun ("transport links"), whose subject is no road, river or line
    ("the road leading from X to Y passes through"), and no "leave" of leaving people in a
    state ("leaving 1,000 people stuck at the border")."""
    paths = words(PATTERNS, "path_noun")
    for m in cues:
        span = nlp.span(doc.parsed, m.start(), m.end()) \
            if doc.parsed is not None else None
        if span is None or not len(span):
            return True
        t = span[0]
        if t.dep_ == "compound" or (t.dep_ in ("acl", "relcl") and t.head.lower_ in paths) \
                or any(k.dep_ in ("nsubj", "nsubjpass") and k.lower_ in paths for k in t.children):
            continue
        if t.lower_.startswith(("leav", "left")) and _leaves_in_a_state(t):
            continue
        return True
    return False


def _leaves_in_a_state(t) -> bool:
    """``leave`` of leaving somebody in a state ("leaving 1,000 people stuck", "left three
    dead"): a complement after its object, not a place left."""
    return any(k.dep_ in ("ccomp", "oprd", "acomp") or k.dep_ == "dobj" and any(
        c.i > k.i and c.dep_ in ("acl", "amod") and c.tag_ in ("VBN", "VBD", "JJ")
        for c in k.children) for k in t.children)


def _parallel_origins(stops: list[tuple[PlaceMention, str]], text: str) -> list[PlaceMention]:
    """Origins coordinated in one phrase ("from Syria and Libya"): parallel starting points
    of one movement, not stops one after another."""
    origins = [p for p, r in stops if r == "origin"]
    group = origins[:1]
    for a, b in zip(origins, origins[1:]):
        if _pat("coordinated").fullmatch(text[a.end:b.start]):
            group.append(b)
        else:
            break
    return group if len(group) > 1 else []


def _order(stops: list[tuple[PlaceMention, str]]) -> list[PlaceMention]:
    """Origins, then the ways a sentence says were taken ("arrived in Zaporizhzhia after
    travelling via Berdyansk"), then arrivals and destinations as told, then the journey's
    goal ("en route to Kinshasa have reached Kikwit")."""
    origins = [p for p, r in stops if r == "origin"]
    vias = [p for p, r in stops if r == "via"]
    rest = [p for p, r in stops if r not in ("origin", "via", "goal")]
    return _tidy(origins + vias + rest + [p for p, r in stops if r == "goal"])


def _tidy(stops: list[PlaceMention]) -> list[PlaceMention]:
    """Drop repeats, a container named before a stop inside it, and a container the route is
    already inside."""
    out: list[PlaceMention] = []
    for i, p in enumerate(stops):
        if any(_same(q, p) for q in out):
            continue                          # a route visits a stop once; no list of places
        if p.feature in _CONTAINER and any(_inside(q, p) for q in stops[i + 1:]):
            continue
        if p.feature == "country" and out and out[-1].country == p.country \
                and out[-1].feature != "country":
            continue                          # "… Bani Walid … out of western Libya": already in it
        out.append(p)
    return out


def _inside(q: PlaceMention, c: PlaceMention) -> bool:
    """Stop ``q`` lies in container ``c``: a place of a country, or the city a region or
    district is named after ("Donetsk" in "Donetsk Oblast"); a district is no container of
    another town (Misrata district does not hold Tripoli; Zawiya district is Zawiya's)."""
    if q.feature in _CONTAINER or q.country != c.country:
        return False
    if c.feature == "country":
        return True
    return q.name.lower() in c.name.lower() or c.name.lower() in q.name.lower()


def _same(a: PlaceMention, b: PlaceMention) -> bool:
    """One stop under two names ("the capital", "Tripoli"); not two unknown villages that
    both stand at the nearest known town (score <= 0.3: approximate coordinates)."""
    if a.name == b.name:
        return True
    return (a.lat is not None and b.lat is not None and min(a.score, b.score) > 0.3
            and abs(a.lat - b.lat) < 0.05 and abs(a.lon - b.lon) < 0.05)


def _origin_told_after(prev: list[tuple[PlaceMention, str]],
                       nxt: list[tuple[PlaceMention, str]]) -> bool:
    """The next sentence tells only where a journey the previous one told (with no start) set
    out from: "France sent three planes to Beirut. Two military planes left Paris …"."""
    return bool(prev) and all(r != "origin" for _, r in prev) and all(r == "origin"
                                                                     for _, r in nxt)


def _continues(prev: list[tuple[PlaceMention, str]], nxt: list[tuple[PlaceMention, str]]) -> bool:
    """The next sentence goes on with the same journey: it names no new starting point, or
    starts where (or in the country where) the previous one ended."""
    origins = [p for p, r in nxt if r == "origin"]
    if not origins or _origin_told_after(prev, nxt):
        return True
    end = _order(prev)[-1] if prev else None
    return end is not None and any(_same(o, end) or (o.country == end.country and
                                                      o.feature in _CONTAINER) for o in origins)


def routes_from(doc: Doc, settings: Settings = DEFAULT) -> list[Route]:
    text = doc.text
    chains: list[list[tuple[int, int, list]]] = []
    last_index, last_who = -10, set()     # another group's movement starts its own route
    cues = _sentence_cues(doc)
    for i, (s, e) in enumerate(doc.sentences):
        # most sentences tell no movement: that test first, the layout tests on the few left
        if not _moving(doc, cues[i]) or is_heading(text, (s, e)) or is_standfirst(text, (s, e)):
            continue
        stops = _stops(doc, s, e)
        if not stops:
            continue
        who = _groups([a for a in doc.actors if s <= a.start and a.end <= e
                       and a.category in ("armed_group", "population")])
        if chains and i - last_index == 1 and _continues(chains[-1][-1][2], stops) \
                and not (who and last_who and not who & last_who):
            chains[-1].append((s, e, stops))
        else:
            chains.append([(s, e, stops)])
        last_index, last_who = i, who
    routes = []
    for chain in chains:
        parallel = _parallel_origins(chain[0][2], text)
        variants = [[(s0, e0, [(p, r) for p, r in st if (i or p is o or p not in parallel)])
                     for i, (s0, e0, st) in enumerate(chain)] for o in parallel] or [chain]
        for variant in variants:
            routes += _chain_route(doc, variant, cues)
    lone = [c[0] for c in chains if len(c) == 1 and len(c[0][2]) == 1 and c[0][2][0][1] == "via"]
    return _restated([_with_waypoints(doc, r, lone) for r in routes])


def _restated(routes: list[Route]) -> list[Route]:
    """The same journey told twice in one article ("A convoy from Mariupol ... on the way to
    Zaporizhzhia"; "evacuees from Mariupol ... arrive in Zaporizhzhia") is one route: a route
    whose stops another route of the article visits in the same order is dropped (the fuller
    telling stays; of two alike, the first)."""
    out = []
    for i, r in enumerate(routes):
        if not any(j != i and _within_route(r, o) and (len(o.stops) > len(r.stops) or j < i)
                   for j, o in enumerate(routes)):
            out.append(r)
    return out


def _within_route(r: Route, o: Route) -> bool:
    """Every stop of ``r`` is a stop of ``o``, in the same order."""
    k = 0
    for q in o.stops:
        if k < len(r.stops) and _same(r.stops[k], q):
            k += 1
    return k == len(r.stops)


def _with_waypoints(doc: Doc, route: Route, lone: list) -> Route:
    """A way told on its own elsewhere in the article ("Wagner units earlier passed through
    Voronezh Oblast") by a group of the route (a name in common: "Wagner Group", "Wagner
    units") joins the route where it lengthens the journey least, and only where it lies
    on the way (the detour is shorter than the leg it splits); the evidence then spans it."""
    stops, s, e = list(route.stops), route.start, route.end
    names = _name_words(route.actors)
    for s0, e0, ((p, _),) in lone:
        actors = [a for a in doc.actors if s0 <= a.start and a.end <= e0]
        if not names & _name_words(actors) or any(_same(p, q) for q in stops) \
                or any(q.lat is None for q in stops):
            continue
        legs = [(_deg(a, p) + _deg(p, b) - _deg(a, b), k + 1, _deg(a, b))
                for k, (a, b) in enumerate(zip(stops, stops[1:]))]
        cost, at, leg = min(legs, default=(0.0, 0, 0.0))
        if legs and cost < leg:
            stops.insert(at, p)
            s, e = min(s, s0), max(e, e0)
    if stops == route.stops:
        return route
    return Route(article_id=route.article_id, stops=stops, sentence=doc.text[s:e], start=s,
                 end=e, actors=route.actors, date=route.date, event_ids=route.event_ids)


def _name_words(actors) -> set[str]:
    """The proper-name words of a route's groups and people ("Wagner" of "Wagner units",
    "Haftar" of "Haftar's forces")."""
    words = {w.replace("’", "'").split("'")[0] for a in actors if a.category != "media"
             for w in (a.name or "").split()}
    return {w for w in words if len(w) >= 4 and w[:1].isupper()}


def _deg(a: PlaceMention, b: PlaceMention) -> float:
    """Distance in degrees, longitude shrunk with latitude: enough to compare detours."""
    k = math.cos(math.radians((a.lat + b.lat) / 2))
    return math.hypot(a.lat - b.lat, (a.lon - b.lon) * k)


def _chain_route(doc: Doc, chain: list, cues: list[list[re.Match]]) -> list[Route]:
    """The route a chain of sentences tells (``cues``: each sentence's movement cues)."""
    text = doc.text
    late = [i for i, (_, _, st) in enumerate(chain) if i and _origin_told_after(chain[0][2], st)]
    ordered = [p for i in late for p in _order(chain[i][2])] + \
        [p for i, (_, _, st) in enumerate(chain) if i not in late for p in _order(st)]
    stops = _tidy(ordered)
    if all(_planned(doc, p) for p in stops):
        return []                             # "is expected to visit Kenya and Ethiopia"
    s, e = chain[0][0], chain[-1][1]
    actors = [a for a in doc.actors if s <= a.start and a.end <= e
              and a.category not in ("media",)]
    if len(stops) >= 2 and not any(r == "origin" for _, _, st in chain for _, r in st):
        origin = _origin_of(doc, actors, stops, s, cues)
        if origin is not None:
            stops = _tidy([origin] + stops)
    if len(stops) < 2:
        return []
    evs = [ev for ev in doc.events if s <= ev.start and ev.end <= e]
    dated = [ev.date for ev in evs if ev.date and ev.date.basis != "reported"]
    return [Route(article_id=doc.article.article_id, stops=stops,
                  sentence=text[s:e], start=s, end=e, actors=actors,
                  date=dated[0] if dated else (evs[0].date if evs else None),
                  event_ids=[ev.event_id for ev in evs])]


def _origin_of(doc: Doc, actors, stops: list[PlaceMention], pos: int,
               cues: list[list[re.Match]]) -> Optional[PlaceMention]:
    """The group's starting point told elsewhere in the article, for a route that names none:
    "a resident of northern Syria", "after leaving Syria", "fled from X" in a sentence of the
    same actor (a person of the group or the group itself). The nearest such place before the
    route (else after it) that is none of the route's stops and not the country of its first
    stop; failing those, where the text last put the actor before the route ("was detained in
    Minsk" … "were driven to the border"). ``cues``: each sentence's movement cues."""

    who = {a.name for a in actors if a.category not in ("state", "media")}
    gs = _groups(actors)
    if not who:
        return None
    # a person of the route by any part of the name ("Karim Haddad" … "Karim said"), also
    # where the recogniser missed the name
    words = {w for a in actors if a.category == "person" for w in a.name.split()
             if len(w) >= 4 and w[:1].isupper()}
    names = re.compile(alternation(words)) if words else None
    text = doc.text
    best = None
    for i, (s, e) in enumerate(doc.sentences):
        if is_heading(text, (s, e)) or is_standfirst(text, (s, e)):
            continue
        same = [a for a in doc.actors if s <= a.start and a.end <= e
                and (a.name in who or _groups([a]) & gs)]
        if not same and not (names and names.search(text, s, e)):
            continue
        moving = _moving(doc, cues[i])
        for p in sentence_places(doc, s, e):
            if p.lat is None or _unrealised(doc, p):
                continue
            before = text[max(0, p.start - 60):p.start]
            cue = _pat("home_of").search(before) or (moving and _pat("from_bare").search(before))
            last_seen = not cue and e <= pos and _pat("located").search(before)
            if not (cue or last_seen) or any(_same(p, q) or _within(q, p) or _within(p, q)
                                             for q in stops):
                continue
            d = (bool(last_seen), 0 if p.start < pos else 1, abs(pos - p.start))
            if best is None or d < best[0]:
                best = (d, p)
    return best[1] if best else None


def _within(p: PlaceMention, c: PlaceMention) -> bool:
    """``p`` lies inside ``c``: a town of a country, a region of a country (Nagorno-Karabakh
    in Azerbaijan, de jure)."""
    return (c.feature == "country" and p.feature != "country" and bool(p.country)
            and p.country == c.country)


# ---------------------------------------------------------------- across articles
def assemble_routes(routes: list[Route], events: list[Event]) -> list[Route]:
    """Join routes of different articles into ordered routes. Two routes join when they share
    a stop below country or region level (the same town, port, airport) or the same actor
    group (canonical name less quantifiers: "hundreds of Syrian mercenaries" = "Syrian
    mercenaries"); a country both pass through is no evidence of one journey ("from Syria and
    Libya" of armed groups vs. Syrians flown to Azerbaijan). A ``movement``/``deployment``
    event of another article whose actors are a route's group and that names one place
    extends that route to it ("Syrian mercenaries were being deployed in Nagorno-Karabakh")."""
    routes = list(routes) + _legs(routes, events)
    if len(routes) < 2:
        return []
    key = _key
    # connected components over shared specific stops and shared actor groups
    parent = list(range(len(routes)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, r in enumerate(routes):
        for tag in {f"p:{key(p)}" for p in r.stops if p.feature not in _CONTAINER}:
            if tag in owner:
                parent[find(i)] = find(owner[tag])
            else:
                owner[tag] = i
    # one actor group's routes join where they touch: a shared stop, or a stop inside another
    # ("Turkey → Azerbaijan" and "Gaziantep → Istanbul → Azerbaijan"; "… Azerbaijan" and
    # "Baku → …"); a country shared by unrelated groups is no evidence of one journey
    sigs = [_groups(r.actors) for r in routes]
    for i in range(len(routes)):
        for j in range(i + 1, len(routes)):
            if sigs[i] & sigs[j] and _touch(routes[i], routes[j]):
                parent[find(j)] = find(i)
    groups: dict[int, list[Route]] = defaultdict(list)
    for i, r in enumerate(routes):
        groups[find(i)].append(r)
    out = []
    for group in groups.values():
        if len({r.article_id for r in group}) < 2:
            continue
        stops = _drop_containers(_merge(_specific(sorted(group, key=_route_order))))
        if len(stops) >= 2:
            actors = {a.name: a for r in group for a in r.actors}
            out.append(Route(article_id=None, stops=stops,
                             sentence=" … ".join(dict.fromkeys(r.sentence for r in group)),
                             actors=list(actors.values()),
                             date=min((r.date for r in group if r.date),
                                      key=lambda d: d.value, default=None),
                             event_ids=list(dict.fromkeys(x for r in group
                                                          for x in r.event_ids))))
    return out


def _groups(actors) -> set[str]:
    """Actor groups that can tie routes of different articles: not states (every report of a
    war names them), not pronouns. Besides its own name, a group of one nationality's fighters
    ("hundreds of Syrian mercenaries", "Syrian fighters") or that nationality itself
    ("Syrians", "he and many other Syrians") is one group ``nat:<country>``."""
    dem = demonyms()
    out = set()
    for a in actors:
        if a.category in ("state", "media") or not a.name:
            continue
        g = _pat("quantifier").sub("", a.name.lower()).strip()
        if len(g) > 3 and g not in ("they", "them", "both"):
            out.add(g)
            words = g.split()
            for k, w in enumerate(words):
                d = dem.get(w.capitalize()) or (dem.get(w[:-1].capitalize())
                                                if w.endswith("s") and k == len(words) - 1 else None)
                if d is None or d.kind != "country":
                    continue                  # "Syria", "Damascus", "Kurdish": no state's people
                if k == len(words) - 1 or (k == len(words) - 2
                                           and _pat("fighter_head").fullmatch(words[-1])):
                    out.add(f"nat:{d.country}")
    return out


def _touch(a: Route, b: Route) -> bool:
    """Two routes meet: a stop in common, or a stop of one inside a stop of the other."""
    return any(_key(p) == _key(q) or _within(p, q) or _within(q, p)
               for p in a.stops for q in b.stops)


def _specific(group: list[Route]) -> list[Route]:
    """A country stop of one route stands for the more specific stops the group's other routes
    name in it ("Turkey → Azerbaijan" with "Gaziantep → Istanbul → Azerbaijan" is "Gaziantep →
    Istanbul → Azerbaijan"); regions (Nagorno-Karabakh) do not replace their country."""
    inner: dict[str, list[PlaceMention]] = defaultdict(list)
    for r in group:
        for p in r.stops:
            if p.feature not in _CONTAINER and p.country and \
                    all(_key(p) != _key(q) for q in inner[p.country]):
                inner[p.country].append(p)
    out = []
    for r in group:
        stops = []
        for p in r.stops:
            if p.feature == "country" and inner.get(p.country) and \
                    not any(q.country == p.country and q.feature not in _CONTAINER for q in r.stops):
                stops += [q for q in inner[p.country] if all(_key(q) != _key(x) for x in stops)]
            else:
                stops.append(p)
        out.append(Route(r.article_id, stops, sentence=r.sentence, start=r.start, end=r.end,
                         actors=r.actors, date=r.date, event_ids=r.event_ids,
                         route_id=r.route_id))
    return out


def _legs(routes: list[Route], events: list[Event]) -> list[Route]:
    """One-place movements of a route's actor group in another article, as routes from the
    route's last stop to that place."""
    legs = []
    for ev in events:
        loc = ev.location
        if ev.event_type not in ("movement", "deployment") or loc is None or loc.lat is None:
            continue
        g = _groups(ev.actors)
        for r in routes:
            if r.article_id == ev.article_id or not r.stops or not (g & _groups(r.actors)):
                continue
            last = r.stops[-1]
            if _same(last, loc) or any(_same(p, loc) for p in r.stops):
                continue
            legs.append(Route(article_id=ev.article_id, stops=[last, loc], sentence=ev.sentence,
                              start=ev.start, end=ev.end, date=ev.date,
                              actors=[a for a in ev.actors if _groups([a]) & g & _groups(r.actors)],
                              event_ids=[ev.event_id]))
            break
    return legs


def _drop_containers(stops: list[PlaceMention]) -> list[PlaceMention]:
    """A country next to a stop inside it is no stop of its own (Gaziantep, Turkey, Istanbul)."""
    return [p for i, p in enumerate(stops) if not (p.feature == "country" and any(
        q.country == p.country and q.feature not in _CONTAINER
        for q in stops[max(0, i - 1):i] + stops[i + 1:i + 2]))]


def _key(p: PlaceMention) -> str:
    """A stop's identity across articles: its name in its country (Tripoli, LB ≠ Tripoli, LY)."""
    return f"{p.name.lower()}|{p.country or ''}"


def _route_order(r: Route):
    return (r.date.value if r.date else "9999", r.article_id or "", r.start or 0)


def _merge(group: list[Route]) -> list[PlaceMention]:
    """Topological order of every stop under the routes' own orderings."""
    nodes: dict[str, PlaceMention] = {}
    rank: dict[str, int] = {}
    edges: dict[str, set] = defaultdict(set)
    first, last = set(), set()
    n = 0
    for r in group:
        keys = []
        for p in r.stops:
            k = _key(p)
            nodes.setdefault(k, p)
            rank.setdefault(k, n)
            n += 1
            keys.append(k)
        for a, b in zip(keys, keys[1:]):
            if a != b:
                edges[a].add(b)
        first.add(keys[0])
        last.add(keys[-1])

    def reaches(a, b, seen=None):
        seen = seen or set()
        if a == b:
            return True
        seen.add(a)
        return any(reaches(c, b, seen) for c in edges[a] if c not in seen)

    # a country precedes its places at the destination end and follows them at the origin end
    for c, cp in nodes.items():
        if cp.feature != "country":
            continue
        for k, p in nodes.items():
            if k == c or p.country != cp.country or p.feature == "country":
                continue
            if reaches(c, k) or reaches(k, c):
                continue
            if k in last and k not in first:
                edges[c].add(k)
            elif k in first:
                edges[k].add(c)
    indeg = {k: 0 for k in nodes}
    for a in edges:
        for b in edges[a]:
            indeg[b] += 1
    ready = sorted((k for k, d in indeg.items() if d == 0), key=rank.get)
    order = []
    while ready:
        k = ready.pop(0)
        order.append(k)
        for b in edges[k]:
            indeg[b] -= 1
            if indeg[b] == 0:
                ready.append(b)
        ready.sort(key=rank.get)
    order += [k for k in sorted(nodes, key=rank.get) if k not in order]   # cycles: text order
    return [nodes[k] for k in order]
