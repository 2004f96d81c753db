"""``process(article)``: one article through every stage, in one direction.

sentences → entities (NER) → dates → places → actors → events → routes. Each stage is a
plain function of the Doc built so far; the CLI, the Dask engine and the app all call this.
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator, Optional

from . import nlp
from .config import DEFAULT, Settings
from .model import Article, Doc


def process(article: Article, settings: Settings = DEFAULT, parsed=None) -> Doc:
    """Run every stage on one article and return the filled Doc."""
    from geo.geocoding import fill_unresolved
    from geo.routes import routes_from
    from geo.toponyms import find_places
    from .actors import find_actors
    from .dates import find_dates
    from .events import events_from
    from .segment import sentences

    doc = Doc(article)
    doc.sentences = sentences(article.text)
    if settings.use_ner:
        doc.parsed = parsed if parsed is not None else nlp.parse(article.text)
        doc.entities = nlp.entities_of(doc.parsed)
    doc.dates = find_dates(article.text, article.published, settings, parsed=doc.parsed)
    doc.places = fill_unresolved(find_places(doc, settings), settings)
    doc.actors = find_actors(doc, settings)
    doc.events = events_from(doc, settings)
    doc.routes = routes_from(doc, settings)
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
