"""What the views read, once per data version: ``Data``, the whole store in a frame (a small
store), and ``Overview``, the same interface answered by the store a query at a time (a store
too large to load, ``timeline.views``)."""
from __future__ import annotations

import pandas as pd

from timeline import filters as flt
from timeline import views
from timeline.store import Store


class Data:
    """Everything the views read, loaded once per data version."""

    def __init__(self, store: Store):
        self.articles = store.articles()
        self.events = store.events()
        self.by_id = {e.event_id: e for e in self.events}
        self.routes = store.routes()
        self.frame = flt.frame(self.events)
        self.places = {p.name.lower(): p for e in self.events for p in e.places
                       if p.lat is not None}
        self.event_counts = self.frame["article_id"].value_counts().to_dict()
        self.article_by_id = {a.article_id: a for a in self.articles}
        # A source is shown by its article's title when it has one (seed files are named
        # 003_319349d5f97b6c57.txt), so the filter and the table read as the articles do.
        self.source_titles = {e.source: self.article_by_id[e.article_id].title
                              for e in self.events if e.article_id in self.article_by_id
                              and self.article_by_id[e.article_id].title}
        self.bounds = flt.date_bounds(self.frame)
        self.n_articles = len(self.articles)
        self._counts: dict[str, pd.Series] = {}

    def counts(self, column: str) -> pd.Series:
        """The sidebar's option counts (over all events): computed once per data version."""
        if column not in self._counts:
            self._counts[column] = flt.counts(self.frame, column)
        return self._counts[column]

    def event(self, event_id: str):
        return self.by_id.get(event_id)

    def events_by_id(self, ids) -> dict:
        return {i: self.by_id[i] for i in ids if i in self.by_id}

    def article(self, article_id: str):
        return self.article_by_id.get(article_id)

    def event_count(self, article_id: str) -> int:
        return self.event_counts.get(article_id, 0)

    def articles_page(self, words: list[str], offset: int, limit: int):
        """(how many match, one page of them): the Corpus tab's list."""
        found = [a for a in self.articles
                 if all(w in f"{a.title} {a.source}".lower() for w in words)]
        return len(found), found[offset:offset + limit]


class Overview:
    """What a large store's dashboard reads once per data version (the same interface as
    ``Data``, answered by the store): option counts, date bounds, titles, routes. Events are
    asked for a view at a time (``timeline.views``), never all at once."""

    places: dict = {}           # a typed place is resolved by the gazetteer, not the corpus

    def __init__(self, store: Store):
        self.store = store
        self.total = store.event_count()
        self.n_articles = store.article_count()
        self.bounds = views.date_bounds(store)
        self.source_titles = store.source_titles()
        self.routes = store.routes()
        self._counts: dict[str, pd.Series] = {}

    def counts(self, column: str) -> pd.Series:
        if column not in self._counts:
            self._counts[column] = views.option_counts(self.store, column)
        return self._counts[column]

    def event(self, event_id: str):
        found = self.store.corrected([event_id])
        return found[0] if found else None

    def events_by_id(self, ids) -> dict:
        return {e.event_id: e for e in self.store.corrected(list(ids))}

    def article(self, article_id: str):
        return self.store.article(article_id)

    def event_count(self, article_id: str) -> int:
        return self.store.event_counts([article_id]).get(article_id, 0)

    def articles_page(self, words: list[str], offset: int, limit: int):
        return self.store.articles_page(words, offset, limit)
