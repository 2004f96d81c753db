"""The whole corpus: every article through the pipeline, then the cross-article links.

``extract`` is what the CLI, the Dask engine and the app share: per-article ``process``,
then ``link`` (corroboration, routes assembled across articles) over all events at once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from .config import DEFAULT, Settings
from .model import Article, Doc, Event, Route
from .pipeline import process_many

Progress = Callable[[int, int, Article], None]


@dataclass
class Extraction:
    articles: list[Article] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    docs: list[Doc] = field(default_factory=list)


def link(events: list[Event], routes: list[Route]) -> tuple[list[Event], list[Route]]:
    """Corroborate events across articles and assemble cross-article routes."""
    from geo.routes import assemble_routes
    from .corroborate import corroborate

    events = corroborate(events)
    per_article = [r for r in routes if r.article_id is not None]
    return events, per_article + assemble_routes(per_article, events)


def collect(articles: list[Article], docs: list[Doc], settings: Settings = DEFAULT,
            linked: bool = True) -> Extraction:
    """Gather processed docs (in article order) into one linked Extraction."""
    out = Extraction(articles=list(articles), docs=list(docs))
    for doc in docs:
        out.events.extend(e for e in doc.events if e.confidence >= settings.min_confidence)
        out.routes.extend(doc.routes)
    if linked:
        out.events, out.routes = link(out.events, out.routes)
    return out


def extract(articles: Iterable[Article], settings: Settings = DEFAULT,
            progress: Optional[Progress] = None,
            on_doc: Optional[Callable[[Doc], None]] = None, linked: bool = True) -> Extraction:
    """Process every article (calling ``on_doc`` and ``progress`` as each is done), then link."""
    articles = list(articles)

    def step(doc: Doc) -> None:
        if on_doc:
            on_doc(doc)
        if progress:
            progress(len(docs) + 1, len(articles), doc.article)

    docs: list[Doc] = []
    for doc in process_many(articles, settings, on_done=step):
        docs.append(doc)
    return collect(articles, docs, settings, linked)


def add_to_store(articles: Iterable[Article], store, settings: Settings = DEFAULT,
                 progress: Optional[Progress] = None, force: bool = False) -> list[Article]:
    """Extract the articles the store lacks (all with ``force``), save each in its own
    transaction as it is done, then re-link the whole corpus. Returns the articles added."""
    todo = [a for a in articles if force or not store.has_article(a.article_id)]
    if todo:
        extract(todo, settings, progress=progress, on_doc=store.save, linked=False)
    relink(store)
    return todo


def relink(store) -> None:
    """Recompute corroboration and cross-article routes over everything in the store."""
    events, routes = link(store.events(corrected=False), store.routes())
    store.save_links(events, routes)
