"""``process(article)``: one article through every stage, in one direction.

sentences → entities (NER) → dates → places → actors → events → routes. Each stage is a
plain function of the Doc built so far; the CLI, the Dask engine and the app all call this.
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator, Optional

from . import nlp
from .config import DEFAULT, Settings
from .model import Article, Doc


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


def process(article: Article, settings: Settings = DEFAULT, parsed=None) -> Doc:
    """Run every stage on one article (``parsed``: its spaCy Doc, when already made)."""
    doc = Doc(article, parsed=parsed if settings.use_ner else None)
    for _, stage in STAGES:
        stage(doc, settings)
    return doc


def process_many(articles: Iterable[Article], settings: Settings = DEFAULT,
                 on_done: Optional[Callable[[Doc], None]] = None) -> Iterator[Doc]:
    """``process`` for a stream of articles, parsing them in spaCy batches."""
    articles = list(articles)
    parsed_docs = (nlp.parse_many(a.text for a in articles) if settings.use_ner
                   else (None for _ in articles))
    for article, parsed in zip(articles, parsed_docs):
        doc = process(article, settings, parsed=parsed)
        if on_done:
            on_done(doc)
        yield doc
