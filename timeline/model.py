"""The records that flow between stages.

Every stage reads and writes these dataclasses and nothing else, so a stage can be replaced
without touching its neighbours. ``to_dict`` produces exactly the JSON fields of
``CONTRACT.md`` (plus documented extras); ``from_dict`` reads them back (store, tests).
"""
from __future__ import annotations

import bisect
import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Optional

DateType = Literal["DATE", "TIME", "DURATION", "SET"]
Precision = Literal["day", "week", "month", "year"]
DateBasis = Literal["explicit", "relative", "reported"]
Feature = Literal["country", "admin", "region", "city", "locality", "landmark"]
ActorCategory = Literal["person", "organization", "armed_group", "state", "population", "media"]
PublishedFrom = Literal["cli", "header", "text", "none"]

EVENT_TYPES = (
    "attack", "deployment", "statement", "displacement", "casualties",
    "ceasefire", "meeting", "movement", "protest", "arrest", "disaster", "other",
)
ACTOR_CATEGORIES = ("person", "organization", "armed_group", "state", "population", "media")
FEATURES = ("country", "admin", "region", "city", "locality", "landmark")


def stable_id(*parts: Any, length: int = 16) -> str:
    """A short hex id that depends only on ``parts``: re-extraction gives the same ids."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


@dataclass(frozen=True)
class Entity:
    """A named entity from the NER model (spaCy labels: PERSON, ORG, GPE, LOC, NORP, ...)."""

    start: int
    end: int
    text: str
    label: str


@dataclass
class Article:
    """One article: its text (offsets count into it) and what we know about it."""

    text: str
    title: str = ""
    source: str = ""          # file name or URL: where the user got it
    url: str = ""
    published: Optional[date] = None
    published_from: PublishedFrom = "none"
    article_id: str = ""

    def __post_init__(self) -> None:
        if not self.article_id:
            # Content-addressed: the same text loaded twice is one article.
            self.article_id = stable_id(" ".join(self.text.split()))

    def to_dict(self) -> dict:
        return {
            "record": "article",
            "article_id": self.article_id,
            "source": self.source,
            "title": self.title,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "published_from": self.published_from,
        }


@dataclass
class Mention:
    """A span of the article text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    kind: str = dataclasses.field(default="", init=False)

    def to_dict(self) -> dict:
        d = {"kind": self.kind}
        for f in dataclasses.fields(self):
            if f.name != "kind":
                d[f.name] = getattr(self, f.name)
        return d


@dataclass
class DateMention(Mention):
    """A temporal expression normalised to a TIMEX3 value (None when it cannot be anchored)."""

    type: DateType = "DATE"
    value: Optional[str] = None
    end_value: Optional[str] = None     # the end of a range ("between 23 and 27 September")
    mod: Optional[str] = None           # TIMEX3 mod: START, MID, END, APPROX, BEFORE, AFTER...
    relative: bool = False              # resolved against an anchor (publication/narrative date)
    # an anchored duration's reach: "two days later" is the DURATION P2D (TimeML), and the day
    # it lands on is what dates the events it tells of
    point: Optional[str] = None

    def __post_init__(self) -> None:
        self.kind = "date"

    @property
    def when(self) -> Optional[str]:
        """The calendar value this mention dates things by: its own for a DATE or TIME, an
        anchored duration's ``point``, else None (a bare duration or a set dates nothing)."""
        return self.value if self.type in ("DATE", "TIME") else self.point


@dataclass
class PlaceMention(Mention):
    """A toponym resolved (or not: lat/lon None) to a gazetteer entry."""

    name: str = ""
    lat: Optional[float] = None
    lon: Optional[float] = None
    country: Optional[str] = None       # ISO 3166-1 alpha-2
    feature: Feature = "locality"
    geonameid: Optional[int] = None
    score: float = 1.0                  # resolver confidence 0..1

    def __post_init__(self) -> None:
        self.kind = "place"


@dataclass
class ActorMention(Mention):
    """Who acts: ``name`` is canonical, shared by every alias of one actor."""

    name: str = ""
    category: ActorCategory = "organization"

    def __post_init__(self) -> None:
        self.kind = "actor"


@dataclass
class EventDate:
    value: str                          # TIMEX3 value
    precision: Precision
    text: str = ""                      # the expression as written ("" when basis is reported)
    basis: DateBasis = "explicit"
    end: Optional[str] = None           # end of a range, TIMEX3 value
    from_context: bool = False          # inherited from a neighbouring sentence, not its own

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass
class Evidence:
    """One sentence of an article that states an event: ``sentence == text[start:end]``."""

    sentence: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass
class Event:
    """Who did what, when and where, with the sentence that says so.

    ``sentence``/``start``/``end`` are the fullest statement of the happening; ``evidence``
    lists every sentence of the article that states it, that one first ("the same happening
    restated in one article is one event"). Empty means the event's own sentence only."""

    article_id: str
    sentence: str
    start: int
    end: int
    event_type: str = "other"
    date: Optional[EventDate] = None
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    location: Optional[PlaceMention] = None
    confidence: float = 0.5
    source: str = ""
    published: Optional[date] = None
    trigger: str = ""                   # the word that made it an event ("shelled", "said")
    fatalities: Optional[int] = None
    injured: Optional[int] = None
    corroborated_by: list[str] = field(default_factory=list)   # event_ids in other articles
    event_id: str = ""
    edited: bool = False                # a user correction overrides extraction
    sub_event_type: str = ""            # ACLED's sub-event name where one applies ("Armed clash")
    evidence: list[Evidence] = field(default_factory=list)     # every sentence, fullest first

    def __post_init__(self) -> None:
        if not self.event_id:
            self.event_id = stable_id(self.article_id, self.start, self.end,
                                      self.event_type, self.trigger, length=12)

    @property
    def statements(self) -> list[Evidence]:
        """The sentences that state the event, the fullest (its own) first."""
        return self.evidence or [Evidence(self.sentence, self.start, self.end)]

    @property
    def sources(self) -> int:
        return 1 + len(self.corroborated_by)

    def to_dict(self) -> dict:
        return {
            "record": "event",
            "event_id": self.event_id,
            "article_id": self.article_id,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "date": self.date.to_dict() if self.date else None,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actors": [_actor_ref(a) for a in self.actors],
            "places": [place_ref(p) for p in self.places],
            "location": place_ref(self.location) if self.location else None,
            "confidence": round(self.confidence, 3),
            "trigger": self.trigger,
            "fatalities": self.fatalities,
            "injured": self.injured,
            "corroborated_by": list(self.corroborated_by),
            "sources": self.sources,
            "edited": self.edited,
            "evidence": [x.to_dict() for x in self.statements],
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Event":
        return cls(
            event_id=d["event_id"],
            article_id=d["article_id"],
            source=d.get("source", ""),
            published=date.fromisoformat(d["published"]) if d.get("published") else None,
            sentence=d["sentence"],
            start=d["start"],
            end=d["end"],
            date=EventDate(**d["date"]) if d.get("date") else None,
            event_type=d.get("event_type", "other"),
            sub_event_type=d.get("sub_event_type", ""),
            actors=[actor_from_dict(a) for a in d.get("actors", [])],
            places=[place_from_dict(p) for p in d.get("places", [])],
            location=place_from_dict(d["location"]) if d.get("location") else None,
            confidence=d.get("confidence", 0.5),
            trigger=d.get("trigger", ""),
            fatalities=d.get("fatalities"),
            injured=d.get("injured"),
            corroborated_by=list(d.get("corroborated_by", [])),
            edited=bool(d.get("edited", False)),
            # one statement is the event's own sentence: ``evidence`` stays empty
            evidence=[Evidence(**x) for x in d["evidence"]] if len(d.get("evidence", ())) > 1
            else [],
        )


@dataclass
class Route:
    """Ordered stops of a movement, with the evidence that states it."""

    article_id: Optional[str]           # None: assembled across articles
    stops: list[PlaceMention]
    sentence: str = ""
    start: Optional[int] = None
    end: Optional[int] = None
    actors: list[ActorMention] = field(default_factory=list)
    date: Optional[EventDate] = None
    event_ids: list[str] = field(default_factory=list)
    route_id: str = ""

    def __post_init__(self) -> None:
        if not self.route_id:
            self.route_id = stable_id(self.article_id, self.start,
                                      *(s.name for s in self.stops), length=12)

    def to_dict(self) -> dict:
        return {
            "record": "route",
            "route_id": self.route_id,
            "article_id": self.article_id,
            "stops": [place_ref(s) for s in self.stops],
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "actors": [_actor_ref(a) for a in self.actors],
            "date": self.date.to_dict() if self.date else None,
            "event_ids": list(self.event_ids),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Route":
        return cls(
            route_id=d["route_id"],
            article_id=d.get("article_id"),
            stops=[place_from_dict(s) for s in d.get("stops", [])],
            sentence=d.get("sentence", ""),
            start=d.get("start"),
            end=d.get("end"),
            actors=[actor_from_dict(a) for a in d.get("actors", [])],
            date=EventDate(**d["date"]) if d.get("date") else None,
            event_ids=list(d.get("event_ids", [])),
        )


def place_ref(p: PlaceMention) -> dict:
    """A place as events, routes and corrections store it."""
    return {"name": p.name, "lat": p.lat, "lon": p.lon, "country": p.country,
            "feature": p.feature, "text": p.text, "start": p.start, "end": p.end}


def _actor_ref(a: ActorMention) -> dict:
    return {"name": a.name, "category": a.category, "text": a.text,
            "start": a.start, "end": a.end}


def place_from_dict(d: dict) -> PlaceMention:
    return PlaceMention(start=d.get("start", -1), end=d.get("end", -1), text=d.get("text", ""),
                        name=d.get("name", ""), lat=d.get("lat"), lon=d.get("lon"),
                        country=d.get("country"), feature=d.get("feature", "locality"))


def actor_from_dict(d: dict) -> ActorMention:
    return ActorMention(start=d.get("start", -1), end=d.get("end", -1), text=d.get("text", ""),
                        name=d.get("name", ""), category=d.get("category", "organization"))


def date_precision(value: Optional[str]) -> Optional[Precision]:
    """Precision of a TIMEX3 date value: ``2020-09-27`` day, ``2020-W40`` week, ..."""
    if not value or value[:1] in ("P", "X") or value.endswith("_REF"):
        return None
    if "W" in value:
        return "week"
    head = value.split("T")[0]
    n = len(head.split("-"))
    if n >= 3:
        return "day"
    if n == 2:
        # 2020-09 month; 2020-Q3 / 2020-SU a season or quarter: month-ish span, call it month
        return "month"
    return "year"


@dataclass
class Doc:
    """One article and everything the pipeline found in it (spaCy's Doc, for our stages).

    Stages fill the fields in order (sentences, entities, dates, places, actors, events,
    routes); a stage reads only what earlier stages wrote.
    """

    article: Article
    sentences: list[tuple[int, int]] = field(default_factory=list)   # (start, end) offsets
    entities: list[Entity] = field(default_factory=list)
    parsed: Any = None                  # spaCy Doc when the model is available, else None
    dates: list[DateMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.article.text

    def entities_in(self, s: int, e: int) -> list[Entity]:
        """The entities that start in ``[s, e)`` (a sentence's), found by bisection: NER gives
        them in text order, and the stages ask sentence by sentence."""
        lo = bisect.bisect_left(self.entities, s, key=_start)
        return self.entities[lo:bisect.bisect_left(self.entities, e, lo, key=_start)]

    @property
    def mentions(self) -> list[Mention]:
        """Every mention ordered by start (then longest first)."""
        return sorted([*self.dates, *self.places, *self.actors], key=lambda m: (m.start, -m.end))


def _start(m) -> int:
    return m.start
