"""``process(article)``: one article through every stage, in one direction.

sentences → entities (NER) → dates → places → actors → events → routes. Each stage is a
plain function of the Doc built so far; the CLI, the Dask engine and the app all call this.
"""
from __future__ import annotations

import itertools
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
                 on_done: Optional[Callable[[Doc], None]] = None, workers: int = 1,
                 batch_size: int = 16) -> Iterator[Doc]:
    """``process`` for a stream of articles, lazily: a batch at a time is read, parsed (spaCy
    ``pipe``) and processed, so memory does not grow with the stream. With ``workers`` > 1
    the batches run on that many processes, a few batches in flight; docs come out in input
    order either way (their spaCy parse is dropped: it stays in the worker)."""
    batches = _batches(iter(articles), batch_size)
    docs = (_parallel(batches, settings, workers) if workers > 1 else
            (doc for batch in batches for doc in _process_batch(batch, settings, keep=True)))
    for doc in docs:
        if on_done:
            on_done(doc)
        yield doc


def _batches(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    while batch := list(itertools.islice(articles, size)):
        yield batch


def _process_batch(batch: list[Article], settings: Settings, keep: bool = False) -> list[Doc]:
    parsed = (nlp.parse_many([a.text for a in batch], batch_size=len(batch))
              if settings.use_ner else (None for _ in batch))
    docs = [process(a, settings, parsed=p) for a, p in zip(batch, parsed)]
    if not keep:
        for d in docs:
            d.parsed = None       # big, and not needed once the stages have run
    return docs


def _parallel(batches: Iterator[list[Article]], settings: Settings,
              workers: int) -> Iterator[Doc]:
    """Batches on a process pool, at most ``2 × workers`` in flight, results in order."""
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers start with the parent's modules (and model, when loaded) already in memory
    ctx = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        inflight: deque = deque()
        for batch in batches:
            inflight.append(pool.submit(_process_batch, batch, settings))
            if len(inflight) >= 2 * workers:
                yield from inflight.popleft().result()
        while inflight:
            yield from inflight.popleft().result()


def default_workers() -> int:
    """The cores this process may use."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:       # not on Linux
        return max(1, os.cpu_count() or 1)
