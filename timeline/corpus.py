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


def extract(articles: Iterable[Article], settings: Settings = DEFAULT,
            progress: Optional[Progress] = None,
            on_doc: Optional[Callable[[Doc], None]] = None) -> Extraction:
    articles = list(articles)
    out = Extraction(articles=articles)
    done = 0

    def step(doc: Doc) -> None:
        nonlocal done
        done += 1
        if on_doc:
            on_doc(doc)
        if progress:
            progress(done, len(articles), doc.article)

    for doc in process_many(articles, settings, on_done=step):
        out.events.extend(e for e in doc.events if e.confidence >= settings.min_confidence)
        out.routes.extend(doc.routes)
        out.docs.append(doc)
    out.events, out.routes = link(out.events, out.routes)
    return out


def add_to_store(articles: Iterable[Article], store, settings: Settings = DEFAULT,
                 progress: Optional[Progress] = None, force: bool = False) -> list[Article]:
    """Extract the articles the store lacks (all with ``force``), save each in its own
    transaction as it is done, then re-link the whole corpus. Returns the articles added."""
    todo = [a for a in articles if force or not store.has_article(a.article_id)]
    if todo:
        extract(todo, settings, progress=progress, on_doc=store.save)
    relink(store)
    return todo


def relink(store) -> None:
    """Recompute corroboration and cross-article routes over everything in the store."""
    events, routes = link(store.events(corrected=False), store.routes())
    store.save_links(events, routes)
