"""``process(article)``: one article through every stage, in one direction.

sentences → entities (NER) → dates → places → actors → events → routes. Each stage is a
plain function of the Doc built so far; the CLI, the Dask engine and the app all call this.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, Iterable, Iterator, Optional

from . import nlp
from .config import DEFAULT, Settings
from .model import Article, Doc, Event, Route


def _sentences(doc: Doc, settings: Settings) -> None:
    from .segment import sentences

    doc.sentences = sentences(doc.text)


def _ner(doc: Doc, settings: Settings) -> None:
    if settings.use_ner:
        if doc.parsed is None:
            doc.parsed = nlp.parse(doc.text)
        doc.entities = nlp.entities_of(doc.parsed)


def _dates(doc: Doc, settings: Settings) -> None:
    from .dates import find_dates

    doc.dates = find_dates(doc.text, doc.article.published, settings, parsed=doc.parsed)


def _places(doc: Doc, settings: Settings) -> None:
    from geo.geocoding import fill_unresolved
    from geo.toponyms import find_places

    doc.places = fill_unresolved(find_places(doc, settings), settings)


def _actors(doc: Doc, settings: Settings) -> None:
    from .actors import find_actors

    doc.actors = find_actors(doc, settings)


def _events(doc: Doc, settings: Settings) -> None:
    from .events import events_from

    doc.events = events_from(doc, settings)


def _routes(doc: Doc, settings: Settings) -> None:
    from geo.routes import routes_from

    doc.routes = routes_from(doc, settings)


# The stages in order, each filling its part of the Doc; ``bench pipeline`` times these same ones.
STAGES: tuple[tuple[str, Callable[[Doc, Settings], None]], ...] = (
    ("sentences", _sentences), ("ner", _ner), ("dates", _dates), ("places", _places),
    ("actors", _actors), ("events", _events), ("routes", _routes),
)


# A text longer than this (a book, a data dump, days of a live blog) goes through the stages in
# windows of at most this many characters, cut at line breaks, so that time and memory grow
# linearly with its length whatever a stage does within a window; each window's records are
# moved back to the article's offsets. No news article comes near it.
WINDOW_CHARS = 100_000


def process(article: Article, settings: Settings = DEFAULT, parsed=None) -> Doc:
    """Run every stage on one article (``parsed``: its spaCy Doc, when already made)."""
    if len(article.text) > WINDOW_CHARS:
        return _process_windows(article, settings)
    doc = Doc(article, parsed=parsed if settings.use_ner else None)
    for _, stage in STAGES:
        stage(doc, settings)
    return doc


def _process_windows(article: Article, settings: Settings) -> Doc:
    """``process`` window by window; the merged Doc keeps no parse (its entities stay)."""
    doc = Doc(article)
    offset = 0
    for part in nlp.chunks(article.text, WINDOW_CHARS):
        sub = process(replace(article, text=part), settings)
        moved = {e.event_id: _moved_event(e, offset) for e in sub.events}
        doc.sentences += [(s + offset, e + offset) for s, e in sub.sentences]
        for name in ("entities", "dates", "places", "actors"):
            getattr(doc, name).extend(_moved(m, offset) for m in getattr(sub, name))
        doc.events += moved.values()
        doc.routes += [_moved_route(r, offset, moved) for r in sub.routes]
        offset += len(part)
    return doc


def _moved(m, offset: int):
    return None if m is None else replace(m, start=m.start + offset, end=m.end + offset)


def _moved_event(e: Event, offset: int) -> Event:
    return replace(e, start=e.start + offset, end=e.end + offset, event_id="",
                   actors=[_moved(a, offset) for a in e.actors],
                   places=[_moved(p, offset) for p in e.places],
                   location=_moved(e.location, offset))


def _moved_route(r: Route, offset: int, events: dict[str, Event]) -> Route:
    return replace(r, start=None if r.start is None else r.start + offset,
                   end=None if r.end is None else r.end + offset, route_id="",
                   stops=[_moved(p, offset) for p in r.stops],
                   actors=[_moved(a, offset) for a in r.actors],
                   event_ids=[events[i].event_id if i in events else i for i in r.event_ids])


def process_many(articles: Iterable[Article], settings: Settings = DEFAULT,
                 on_done: Optional[Callable[[Doc], None]] = None) -> Iterator[Doc]:
    """``process`` for a stream of articles, parsing them in spaCy batches."""
    articles = list(articles)
    # an article long enough to go in windows is parsed window by window, not here
    parsed_docs = (nlp.parse_many("" if len(a.text) > WINDOW_CHARS else a.text for a in articles)
                   if settings.use_ner else (None for _ in articles))
    for article, parsed in zip(articles, parsed_docs):
        doc = process(article, settings, parsed=parsed)
        if on_done:
            on_done(doc)
        yield doc
