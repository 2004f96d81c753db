"""The corpus on disk: SQLite (standard library) under ``EVENT_ATLAS_HOME``.

Articles, their mentions, events and routes, and the user's corrections. Extraction output
is replaced wholesale when an article is re-extracted; corrections live in their own table,
keyed by the stable ``event_id``, and are applied on read, so they win over re-extraction.
WAL mode lets the dashboard read while an extraction writes; one transaction per article.
"""
from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Iterable, Optional

from .config import DEFAULT, Settings
from .model import Article, Doc, Event, EventDate, Route, actor_from_dict, place_from_dict

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY, source TEXT, title TEXT, url TEXT,
    published TEXT, published_from TEXT, text TEXT NOT NULL, added_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    kind TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
CREATE TABLE IF NOT EXISTS events (
    event_id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    event_date TEXT, event_type TEXT, confidence REAL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE TABLE IF NOT EXISTS routes (
    route_id TEXT PRIMARY KEY, article_id TEXT, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS corrections (
    event_id TEXT PRIMARY KEY, changes TEXT NOT NULL DEFAULT '{}',
    deleted INTEGER NOT NULL DEFAULT 0, merged_into TEXT, updated_at REAL NOT NULL);
"""

# Fields a user may correct (see ``_corrected`` for how each is read back).
CORRECTABLE = ("event_type", "date", "location", "places", "actors")


class Store:
    """One SQLite file: ``Store()`` opens ``<data_dir>/atlas.sqlite``."""

    def __init__(self, path: Optional[str | Path] = None, settings: Settings = DEFAULT):
        self.path = Path(path) if path else settings.data_dir / "atlas.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    def _migrate(self) -> None:
        with self.db:
            self.db.executescript(_SCHEMA)
            row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row is None:
                self.db.execute("INSERT INTO meta VALUES ('schema_version', ?)",
                                (str(SCHEMA_VERSION),))
            elif int(row["value"]) > SCHEMA_VERSION:
                raise RuntimeError(f"{self.path} was written by a newer Event Atlas "
                                   f"(schema {row['value']} > {SCHEMA_VERSION})")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self):
        with self.db:
            yield self.db

    # ------------------------------------------------------------------ articles

    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE article_id=?",
                               (article_id,)).fetchone() is not None

    def articles(self) -> list[Article]:
        rows = self.db.execute("SELECT * FROM articles ORDER BY added_at, article_id")
        return [_article(r) for r in rows]

    def article(self, article_id: str) -> Optional[Article]:
        row = self.db.execute("SELECT * FROM articles WHERE article_id=?",
                              (article_id,)).fetchone()
        return _article(row) if row else None

    def remove_article(self, article_id: str) -> None:
        with self.db:
            self.db.execute("DELETE FROM routes WHERE article_id=?", (article_id,))
            self.db.execute("DELETE FROM articles WHERE article_id=?", (article_id,))

    def set_published(self, article_id: str, published: date) -> None:
        with self.db:
            self.db.execute("UPDATE articles SET published=?, published_from='cli' "
                            "WHERE article_id=?", (published.isoformat(), article_id))

    # ------------------------------------------------------------------ extraction output

    def save(self, doc: Doc) -> None:
        """Replace everything extracted from ``doc.article`` in one transaction."""
        a = doc.article
        with self.db:
            old = self.db.execute("SELECT added_at FROM articles WHERE article_id=?",
                                  (a.article_id,)).fetchone()
            self.db.execute("DELETE FROM mentions WHERE article_id=?", (a.article_id,))
            self.db.execute("DELETE FROM events WHERE article_id=?", (a.article_id,))
            self.db.execute("DELETE FROM routes WHERE article_id=?", (a.article_id,))
            self.db.execute(
                "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?)",
                (a.article_id, a.source, a.title, a.url,
                 a.published.isoformat() if a.published else None, a.published_from, a.text,
                 old["added_at"] if old else time.time()))
            self.db.executemany(
                "INSERT INTO mentions VALUES (?,?,?,?,?)",
                [(a.article_id, m.kind, m.start, m.end, json.dumps(m.to_dict()))
                 for m in doc.mentions])
            self._put_events(doc.events)
            self._put_routes(doc.routes)

    def save_links(self, events: Iterable[Event], routes: Iterable[Route]) -> None:
        """Store the corpus-wide results (corroboration, cross-article routes)."""
        with self.db:
            self._put_events(events)
            self.db.execute("DELETE FROM routes WHERE article_id IS NULL")
            self._put_routes(r for r in routes if r.article_id is None)

    def _put_events(self, events: Iterable[Event]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO events VALUES (?,?,?,?,?,?)",
            [(e.event_id, e.article_id, e.date.value if e.date else None, e.event_type,
              e.confidence, json.dumps(e.to_dict())) for e in events])

    def _put_routes(self, routes: Iterable[Route]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO routes VALUES (?,?,?)",
                            [(r.route_id, r.article_id, json.dumps(r.to_dict())) for r in routes])

    def mentions(self, article_id: str) -> list[dict]:
        rows = self.db.execute('SELECT data FROM mentions WHERE article_id=? ORDER BY start',
                               (article_id,))
        return [json.loads(r["data"]) for r in rows]

    def events(self, corrected: bool = True) -> list[Event]:
        """All events, with the user's corrections applied (deleted and merged ones dropped)."""
        rows = self.db.execute("SELECT data FROM events ORDER BY event_date, article_id, "
                               "json_extract(data, '$.start')")
        events = [Event.from_dict(json.loads(r["data"])) for r in rows]
        return apply_corrections(events, self.corrections()) if corrected else events

    def routes(self) -> list[Route]:
        rows = self.db.execute("SELECT data FROM routes ORDER BY article_id IS NULL, route_id")
        return [Route.from_dict(json.loads(r["data"])) for r in rows]

    def stamp(self) -> tuple:
        """A cheap fingerprint that changes whenever the store does, whoever wrote it (the app,
        the CLI, another server on the same folder): views cache on it."""
        return tuple(self.db.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT max(added_at) FROM articles), "
            "(SELECT count(*) FROM events), (SELECT total(confidence) FROM events), "
            "(SELECT count(*) FROM corrections), (SELECT max(updated_at) FROM corrections)"
        ).fetchone())

    # ------------------------------------------------------------------ corrections

    def corrections(self) -> dict[str, dict]:
        rows = self.db.execute("SELECT * FROM corrections")
        return {r["event_id"]: _correction(r) for r in rows}

    def correction(self, event_id: str) -> dict:
        """One event's correction (empty when it has none)."""
        row = self.db.execute("SELECT * FROM corrections WHERE event_id=?",
                              (event_id,)).fetchone()
        return _correction(row) if row else {"changes": {}, "deleted": False, "merged_into": None}

    def correct(self, event_id: str, **changes) -> None:
        """Record a user's correction: ``event_type``, ``date`` (a dict as in the contract, or a
        TIMEX3 string), ``location``/``places`` (dicts), ``actors`` (dicts or names)."""
        unknown = set(changes) - set(CORRECTABLE)
        if unknown:
            raise ValueError(f"cannot correct {', '.join(sorted(unknown))}")
        current = self.correction(event_id)["changes"]
        current.update(changes)
        self._put_correction(event_id, changes=current)

    def delete_event(self, event_id: str) -> None:
        self._put_correction(event_id, deleted=True)

    def merge_events(self, keep: str, others: Iterable[str]) -> None:
        """Fold ``others`` into ``keep``: they disappear and count as its corroboration."""
        for other in others:
            if other != keep:
                self._put_correction(other, merged_into=keep)

    def undo_correction(self, event_id: str) -> None:
        with self.db:
            self.db.execute("DELETE FROM corrections WHERE event_id=?", (event_id,))

    def _put_correction(self, event_id: str, changes: Optional[dict] = None,
                        deleted: Optional[bool] = None, merged_into: Optional[str] = None) -> None:
        prev = self.correction(event_id)
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO corrections VALUES (?,?,?,?,?)",
                (event_id, json.dumps(changes if changes is not None else prev["changes"]),
                 int(deleted if deleted is not None else prev["deleted"]),
                 merged_into if merged_into is not None else prev["merged_into"], time.time()))


def apply_corrections(events: list[Event], corrections: dict[str, dict]) -> list[Event]:
    """Events as the user corrected them: a pure function of extraction + corrections."""
    out = []
    merged: dict[str, list[str]] = {}
    for e in events:
        c = corrections.get(e.event_id)
        if c and c.get("merged_into"):
            merged.setdefault(c["merged_into"], []).append(e.event_id)
    for e in events:
        c = corrections.get(e.event_id)
        if c and (c["deleted"] or c["merged_into"]):
            continue
        if c and c["changes"]:
            e = _corrected(e, c["changes"])
        if e.event_id in merged:
            e.corroborated_by = sorted(set(e.corroborated_by) | set(merged[e.event_id]))
            e.edited = True
        out.append(e)
    return out


def _corrected(e: Event, changes: dict) -> Event:
    from .model import date_precision

    e.edited = True
    if "event_type" in changes:
        e.event_type = changes["event_type"]
    if "date" in changes:
        d = changes["date"]
        if d is None or d == "":
            e.date = None
        elif isinstance(d, str):
            e.date = EventDate(d, date_precision(d) or "day", d, "explicit")
        else:
            e.date = EventDate(**d)
    if "places" in changes:
        e.places = [place_from_dict(p) for p in changes["places"]]
    if "location" in changes:
        loc = changes["location"]
        e.location = place_from_dict(loc) if loc else None
        if e.location and all(p.name != e.location.name for p in e.places):
            e.places = [e.location, *e.places]
    if "actors" in changes:
        e.actors = [actor_from_dict(a if isinstance(a, dict) else
                                    {"name": a, "text": a, "category": "organization"})
                    for a in changes["actors"]]
    return e


def _correction(row: sqlite3.Row) -> dict:
    return {"changes": json.loads(row["changes"]), "deleted": bool(row["deleted"]),
            "merged_into": row["merged_into"]}


def _article(row: sqlite3.Row) -> Article:
    return Article(article_id=row["article_id"], text=row["text"], title=row["title"] or "",
                   source=row["source"] or "", url=row["url"] or "",
                   published=date.fromisoformat(row["published"]) if row["published"] else None,
                   published_from=row["published_from"] or "none")
