"""The corpus on disk: SQLite (standard library) under ``EVENT_ATLAS_HOME``.

Articles, their mentions, events and routes, and the user's corrections. Extraction output
is replaced wholesale when an article is re-extracted; corrections live in their own table,
keyed by the stable ``event_id``, and are applied on read, so they win over re-extraction.
WAL mode lets the dashboard read while an extraction writes; one transaction per article.

Two derived layers are kept beside the extraction, each written in the same transaction as
what it derives from:

- the *view* tables (``ev_view``, ``ev_facet``, ``ev_text``): one narrow row per visible
  event as the user corrected it, so ``timeline.views`` can answer the dashboard in SQL
  without reading the whole store (corrections win in every query because they are applied
  when the row is written);
- the *links* (``links``, ``pending``): corroboration pairs across articles. Saving or
  removing an article marks it ``pending``; ``corpus.relink`` links the pending articles
  against their candidates only (blocking on the corroboration kind and date window, see
  ``corroborate.link_window``) and clears the marks in its own single transaction, so a
  crash mid-relink leaves the marks and the next run relinks.
"""
from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .config import DEFAULT, Settings
from .corroborate import boosted, kind, link_window, unboosted
from .export import event_row
from .model import (Article, Doc, Event, EventDate, Route, actor_from_dict, date_precision,
                    place_from_dict)
from .periods import event_span

SCHEMA_VERSION = 2

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

# Schema 2: order columns (output in input order), the linking keys, the view tables.
_COLUMNS_V2 = {
    "articles": {"seq": "INTEGER"},
    "events": {"ord": "INTEGER", "kind": "TEXT", "lo": "INTEGER", "hi": "INTEGER",
               "wcls": "INTEGER", "base_conf": "REAL", "moves": "INTEGER NOT NULL DEFAULT 0"},
    "routes": {"ord": "INTEGER"},
}
# The views' covering indexes: a filter on type, dates, confidence, facets or text (the last
# two by rowid) with the timeline's GROUP BY (type, day) or the map's (1° cell) reads an
# index in its own order, never the table and never a sort (a broad filter at a million
# events: 14 s → 1 s). CELL is the map's cell expression exactly as ``ev_view_cell`` has it,
# so queries grouping by it use the index.
CELL = "(CAST(lat + 90 AS INTEGER) * 360 + CAST(lon + 180 AS INTEGER))"

_SCHEMA_V2 = f"""
CREATE INDEX IF NOT EXISTS articles_seq ON articles(seq);
CREATE INDEX IF NOT EXISTS events_block ON events(kind, wcls, lo);
CREATE INDEX IF NOT EXISTS events_moves ON events(moves) WHERE moves = 1;
CREATE INDEX IF NOT EXISTS routes_article ON routes(article_id);
CREATE TABLE IF NOT EXISTS links (
    a TEXT NOT NULL, a_article TEXT NOT NULL, b TEXT NOT NULL, b_article TEXT NOT NULL,
    PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS links_a_article ON links(a_article);
CREATE INDEX IF NOT EXISTS links_b_article ON links(b_article);
CREATE TABLE IF NOT EXISTS pending (
    article_id TEXT PRIMARY KEY, routes INTEGER NOT NULL DEFAULT 1);
CREATE INDEX IF NOT EXISTS corrections_merged ON corrections(merged_into);
CREATE TABLE IF NOT EXISTS ev_view (
    rid INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, article_id TEXT NOT NULL,
    type TEXT NOT NULL, t0 INTEGER, t1 INTEGER, conf REAL NOT NULL, lat REAL, lon REAL,
    source TEXT, edited INTEGER NOT NULL, sources INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS ev_view_article ON ev_view(article_id);
CREATE INDEX IF NOT EXISTS ev_view_t0 ON ev_view(t0, t1);
DROP INDEX IF EXISTS ev_view_type;
CREATE INDEX IF NOT EXISTS ev_view_cover ON ev_view(type, t0, t1, conf, lat, lon);
CREATE INDEX IF NOT EXISTS ev_view_cell ON ev_view({CELL}, type, t0, t1, conf, lat, lon);
CREATE INDEX IF NOT EXISTS ev_view_source ON ev_view(source);
CREATE INDEX IF NOT EXISTS ev_view_lat ON ev_view(lat, lon);
CREATE TABLE IF NOT EXISTS ev_facet (
    f TEXT NOT NULL, v TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (f, v, rid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ev_facet_rid ON ev_facet(rid, f, v);
CREATE TABLE IF NOT EXISTS ev_count (
    f TEXT NOT NULL, v TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (f, v)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ev_text (rid INTEGER PRIMARY KEY, search TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ev_day (
    cb INTEGER NOT NULL, type TEXT NOT NULL, t0 INTEGER NOT NULL, t1 INTEGER NOT NULL,
    n INTEGER NOT NULL, located INTEGER NOT NULL, PRIMARY KEY (cb, type, t0, t1)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ev_cells (
    cb INTEGER NOT NULL, type TEXT NOT NULL, dated INTEGER NOT NULL, cell INTEGER NOT NULL,
    n INTEGER NOT NULL, slat INTEGER NOT NULL, slon INTEGER NOT NULL,
    PRIMARY KEY (cb, type, dated, cell)) WITHOUT ROWID;
"""

# The summary tables count the view rows of confidence band ``cb`` or above (bands are
# CONF_BAND thousandths wide, as the sidebar's slider steps; band 0 holds every event), so a
# cut reads the rows of one band, in order: per event type and span (t0, t1; 0, 0 when
# undated) in ``ev_day``; the located ones per type and 1° map cell in ``ev_cells``
# (positions summed in millionths of a degree: integers, so taking rows away leaves exact
# sums). Kept on write beside ``ev_count``, they answer the first page and broad filters
# (dates, types, a slider's confidence) from a few thousand rows instead of a million index
# entries.
CONF_BAND = 50                            # thousandths of confidence per band
BAND = f"(CAST(round(conf * 1000) AS INTEGER) / {CONF_BAND})"
# the bands at or below an event's: it counts in each (its band's counts joined with them)
_BANDS = (f"WITH RECURSIVE bands(b) AS (SELECT 0 UNION ALL SELECT b + 1 FROM bands "
          f"WHERE b < {1000 // CONF_BAND}) ")

# The search texts' trigram index (SQLite FTS5 over ``ev_text``, kept by triggers): a word of
# three characters or more is found as a substring through it, not by reading every text.
_FTS = """
CREATE VIRTUAL TABLE ev_fts USING fts5(search, content='ev_text', content_rowid='rid',
                                       tokenize='trigram');
"""
_FTS_TRIGGERS = """
CREATE TRIGGER IF NOT EXISTS ev_text_ai AFTER INSERT ON ev_text BEGIN
    INSERT INTO ev_fts(rowid, search) VALUES (new.rid, new.search);
END;
CREATE TRIGGER IF NOT EXISTS ev_text_ad AFTER DELETE ON ev_text BEGIN
    INSERT INTO ev_fts(ev_fts, rowid, search) VALUES ('delete', old.rid, old.search);
END;
"""

# Fields a user may correct (see ``_corrected`` for how each is read back).
CORRECTABLE = ("event_type", "date", "location", "places", "actors")

# Facets of the view: an event names any number of each (``ev_facet.f``).
FACETS = {"actor": "a", "place": "p", "country": "c"}

_MOVES = ("movement", "deployment")       # the events ``assemble_routes`` extends routes with
_CHUNK = 500                              # ids per ``IN (...)``: under SQLite's variable limit


def _chunks(items: list, n: int = _CHUNK) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _marks(n: int) -> str:
    return ",".join("?" * n)


class Store:
    """One SQLite file: ``Store()`` opens ``<data_dir>/atlas.sqlite``."""

    def __init__(self, path: Optional[str | Path] = None, settings: Settings = DEFAULT):
        self.path = Path(path) if path else settings.data_dir / "atlas.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a killed process loses no committed transaction; only a power cut may
        # drop the last ones (never corrupts). FULL would fsync on every article's commit.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        # the view queries scan narrow tables: let them stay in memory (up to 256 MB, mapped)
        self.db.execute("PRAGMA cache_size=-65536")
        self.db.execute("PRAGMA mmap_size=268435456")
        self._migrate()

    def _migrate(self) -> None:
        with self.db:
            self.db.executescript(_SCHEMA)
            row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            version = int(row["value"]) if row else SCHEMA_VERSION
            if version > SCHEMA_VERSION:
                raise RuntimeError(f"{self.path} was written by a newer Event Atlas "
                                   f"(schema {row['value']} > {SCHEMA_VERSION})")
            for table, columns in _COLUMNS_V2.items():
                have = {r["name"] for r in self.db.execute(f"PRAGMA table_info({table})")}
                for name, decl in columns.items():
                    if name not in have:
                        self.db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {decl}")
            self.db.executescript(_SCHEMA_V2)
            if version < 2:
                self._upgrade_from_1()
            if not self.db.execute("SELECT 1 FROM sqlite_master WHERE name='ev_fts'").fetchone():
                self.db.executescript(_FTS)
                self.db.execute("INSERT INTO ev_fts(ev_fts) VALUES('rebuild')")  # older store
            self.db.executescript(_FTS_TRIGGERS)
            if self.db.execute("SELECT NOT EXISTS(SELECT 1 FROM ev_count)").fetchone()[0]:
                self._count_options("SELECT rid FROM ev_view", ())     # a store from before
            if self.db.execute("SELECT NOT EXISTS(SELECT 1 FROM ev_day)").fetchone()[0]:
                self._count_summary("SELECT rid FROM ev_view", ())     # them: filled once
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                            (str(SCHEMA_VERSION),))

    def _upgrade_from_1(self) -> None:
        """Fill the schema-2 columns of a store written before them, and mark every article
        for relinking (its links were kept only inside the event records)."""

        owner = dict(self.db.execute("SELECT event_id, article_id FROM events").fetchall())
        self.db.execute("UPDATE articles SET seq = rowid")
        for aid, in self.db.execute("SELECT article_id FROM articles").fetchall():
            events = self._load(
                "SELECT data FROM events WHERE article_id=? ORDER BY json_extract(data, '$.start')",
                (aid,))
            for e in events:
                k = len({owner[i] for i in e.corroborated_by if i in owner})
                e.confidence = unboosted(e.confidence, k)
                e.corroborated_by = []
            self.db.execute("DELETE FROM events WHERE article_id=?", (aid,))
            self._put_events(events)
            self._index(events)
            self.db.execute("INSERT OR REPLACE INTO pending VALUES (?, 1)", (aid,))

    def close(self) -> None:
        self.db.close()

    def optimize(self) -> None:
        """Refresh the query planner's statistics (sampled: fast at a million rows), after
        a bulk change, so the views pick the right index."""
        with self.db:
            self.db.execute("PRAGMA analysis_limit=1000")
            self.db.execute("ANALYZE")

    @contextmanager
    def transaction(self):
        """One transaction: everything inside commits together or not at all."""
        with self.db:
            yield self.db

    # ------------------------------------------------------------------ articles

    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE article_id=?",
                               (article_id,)).fetchone() is not None

    def articles(self) -> list[Article]:
        return list(self.iter_articles())

    def iter_articles(self) -> Iterator[Article]:
        """Every article in the order it was first saved."""
        rows = self.db.execute("SELECT * FROM articles ORDER BY seq, added_at, article_id")
        return (_article(r) for r in rows)

    def article(self, article_id: str) -> Optional[Article]:
        row = self.db.execute("SELECT * FROM articles WHERE article_id=?",
                              (article_id,)).fetchone()
        return _article(row) if row else None

    def remove_article(self, article_id: str) -> None:
        with self.db:
            moved = self._has_route_input(article_id)
            self._drop_extraction(article_id)
            self.db.execute("DELETE FROM articles WHERE article_id=?", (article_id,))
            self.db.execute("INSERT OR REPLACE INTO pending VALUES (?, ?)",
                            (article_id, int(moved)))

    def set_published(self, article_id: str, published: date) -> None:
        with self.db:
            self.db.execute("UPDATE articles SET published=?, published_from='cli' "
                            "WHERE article_id=?", (published.isoformat(), article_id))
            self._wrote()

    # ------------------------------------------------------------------ extraction output

    def save(self, doc: Doc, seq: Optional[int] = None) -> None:
        """Replace everything extracted from ``doc.article`` in one transaction, and mark the
        article for relinking. ``seq`` orders articles (default: after the last one)."""
        a = doc.article
        with self.db:
            old = self.db.execute("SELECT added_at, seq FROM articles WHERE article_id=?",
                                  (a.article_id,)).fetchone()
            moved = self._has_route_input(a.article_id) or bool(doc.routes) or any(
                _moves(e) for e in doc.events)
            self._drop_extraction(a.article_id)
            if seq is None:
                seq = old["seq"] if old and old["seq"] is not None else self.db.execute(
                    "SELECT coalesce(max(seq), 0) + 1 FROM articles").fetchone()[0]
            self.db.execute(
                "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?)",
                (a.article_id, a.source, a.title, a.url,
                 a.published.isoformat() if a.published else None, a.published_from, a.text,
                 old["added_at"] if old else time.time(), seq))
            self.db.executemany(
                "INSERT INTO mentions VALUES (?,?,?,?,?)",
                [(a.article_id, m.kind, m.start, m.end, json.dumps(m.to_dict()))
                 for m in doc.mentions])
            events = _distinct(doc.events)
            self._put_events(events)
            self._put_routes(doc.routes)
            self._index(events)
            self.db.execute("INSERT OR REPLACE INTO pending VALUES (?, ?)",
                            (a.article_id, int(moved)))

    def _has_route_input(self, article_id: str) -> bool:
        """Whether the stored extraction of an article feeds cross-article routes."""
        return self.db.execute(
            "SELECT EXISTS(SELECT 1 FROM routes WHERE article_id=?) OR "
            "EXISTS(SELECT 1 FROM events WHERE article_id=? AND moves=1)",
            (article_id, article_id)).fetchone()[0] == 1

    def _drop_extraction(self, article_id: str) -> None:
        self._wrote()
        self._count("SELECT rid FROM ev_view WHERE article_id=?", (article_id,), -1)
        self.db.execute("DELETE FROM ev_facet WHERE rid IN "
                        "(SELECT rid FROM ev_view WHERE article_id=?)", (article_id,))
        self.db.execute("DELETE FROM ev_text WHERE rid IN "
                        "(SELECT rid FROM ev_view WHERE article_id=?)", (article_id,))
        self.db.execute("DELETE FROM ev_view WHERE article_id=?", (article_id,))
        self.db.execute("DELETE FROM mentions WHERE article_id=?", (article_id,))
        self.db.execute("DELETE FROM events WHERE article_id=?", (article_id,))
        self.db.execute("DELETE FROM routes WHERE article_id=?", (article_id,))

    def _put_events(self, events: Iterable[Event]) -> None:
        """Extraction output; ``base_conf`` keeps the confidence before corroboration."""

        rows = []
        for n, e in enumerate(events):
            w = link_window(e)
            rows.append((e.event_id, e.article_id, e.date.value if e.date else None,
                         e.event_type, e.confidence, json.dumps(e.to_dict()), n,
                         kind(e.event_type) if w else None, w[0] if w else None,
                         w[1] if w else None, _window_class(w), e.confidence, int(_moves(e))))
        self.db.executemany(
            "INSERT OR REPLACE INTO events (event_id, article_id, event_date, event_type, "
            "confidence, data, ord, kind, lo, hi, wcls, base_conf, moves) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)

    def _put_routes(self, routes: Iterable[Route]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO routes (route_id, article_id, data, ord) "
                            "VALUES (?,?,?,?)",
                            [(r.route_id, r.article_id, json.dumps(r.to_dict()), n)
                             for n, r in enumerate(routes)])

    def mentions(self, article_id: str) -> list[dict]:
        rows = self.db.execute('SELECT data FROM mentions WHERE article_id=? ORDER BY start',
                               (article_id,))
        return [json.loads(r["data"]) for r in rows]

    def events(self, corrected: bool = True) -> list[Event]:
        """All events, with the user's corrections applied (deleted and merged ones dropped)."""
        events = self._load("SELECT data FROM events ORDER BY event_date, article_id, "
                            "json_extract(data, '$.start')")
        return apply_corrections(events, self.corrections()) if corrected else events

    def iter_events(self, batch: int = 1000) -> Iterator[Event]:
        """Every event as corrected, article by article in article order, each article's in
        extraction order: a stream for corpus-sized exports (memory flat in the store)."""
        corrections = self.corrections()
        merged = self._merged(corrections)
        rows = self.db.execute("SELECT e.data FROM events e JOIN articles a USING (article_id) "
                               "ORDER BY a.seq, e.ord")
        while chunk := rows.fetchmany(batch):
            events = [Event.from_dict(json.loads(r[0])) for r in chunk]
            yield from apply_corrections(events, corrections, merged)

    def events_by_id(self, event_ids: Iterable[str]) -> list[Event]:
        """Extraction records of these events (uncorrected), in no particular order."""
        out = []
        for ids in _chunks(list(event_ids)):
            out += self._load(f"SELECT data FROM events WHERE event_id IN ({_marks(len(ids))})",
                              ids)
        return out

    def corrected(self, event_ids: list[str]) -> list[Event]:
        """These events as the user corrected them, in the order given (deleted and merged
        ones left out): one page of the dashboard's table."""
        events = self.events_by_id(event_ids)
        corrections = self._corrections_for(event_ids)
        events = apply_corrections(events, corrections, self._merged(corrections))
        at = {e: n for n, e in enumerate(event_ids)}
        return sorted(events, key=lambda e: at[e.event_id])

    def _load(self, sql: str, params: Iterable = ()) -> list[Event]:
        return [Event.from_dict(json.loads(r[0])) for r in self.db.execute(sql, tuple(params))]

    def routes(self) -> list[Route]:
        """Per-article routes in article order, then the cross-article ones."""
        rows = self.db.execute(
            "SELECT r.data FROM routes r LEFT JOIN articles a USING (article_id) "
            "ORDER BY r.article_id IS NULL, a.seq, r.ord, r.route_id")
        return [Route.from_dict(json.loads(r["data"])) for r in rows]

    def size(self) -> tuple[int, int]:
        """How many events and routes the store holds (extraction records)."""
        return tuple(self.db.execute(
            "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM routes)").fetchone())

    def stamp(self) -> tuple:
        """A cheap fingerprint that changes whenever the store does, whoever wrote it (the app,
        the CLI, another server on the same folder): views cache on it. Every write bumps a
        counter in ``meta`` in its own transaction, so this reads a few rows whatever the
        size of the store (summing a million events' confidences took seconds)."""
        return tuple(self.db.execute(
            "SELECT (SELECT count(*) FROM articles), "
            "(SELECT value FROM meta WHERE key='writes'), "
            "(SELECT count(*) FROM corrections), (SELECT max(updated_at) FROM corrections), "
            "(SELECT count(*) FROM pending)"
        ).fetchone())

    def _wrote(self) -> None:
        """Bump the write counter ``stamp`` reads (inside the caller's transaction)."""
        self.db.execute("INSERT INTO meta VALUES ('writes', '1') ON CONFLICT(key) DO UPDATE "
                        "SET value = CAST(value AS INTEGER) + 1")

    def event_count(self) -> int:
        """How many events the dashboard shows (as corrected): a sum over the summary table
        (a few thousand rows, where counting the view's index reads a million entries)."""
        return self.db.execute("SELECT coalesce(sum(n), 0) FROM ev_day WHERE cb = 0").fetchone()[0]

    def article_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def source_titles(self) -> dict[str, str]:
        """Each source's article title, where it has one (sources are shown by title)."""
        return {r[0]: r[1] for r in self.db.execute(
            "SELECT source, title FROM articles WHERE coalesce(title, '') <> '' "
            "AND source IS NOT NULL ORDER BY seq")}

    def articles_page(self, words: Iterable[str] = (), offset: int = 0, limit: int = 20,
                      text_chars: int = 5000) -> tuple[int, list[Article]]:
        """One page of the corpus in saved order, optionally only the articles whose title
        or source holds every word (case-insensitive), with their text cut to
        ``text_chars``: the Corpus tab of a large store, without loading every text."""
        cond, args = ["1"], []
        for w in words:
            cond.append("instr(lower(coalesce(title, '') || ' ' || coalesce(source, '')), ?) > 0")
            args.append(w.lower())
        where = " AND ".join(cond)
        total = self.db.execute(f"SELECT count(*) FROM articles WHERE {where}", args).fetchone()[0]
        rows = self.db.execute(
            f"SELECT article_id, source, title, url, published, published_from, "
            f"substr(text, 1, ?) AS text FROM articles WHERE {where} "
            f"ORDER BY seq, added_at, article_id LIMIT ? OFFSET ?",
            [text_chars, *args, limit, offset])
        return total, [_article(r) for r in rows]

    def event_counts(self, article_ids: Iterable[str]) -> dict[str, int]:
        """Shown events per article, for these articles (an index range each)."""
        out: dict[str, int] = {}
        for ids in _chunks(list(article_ids)):
            out.update(self.db.execute(
                f"SELECT article_id, count(*) FROM ev_view WHERE article_id IN "
                f"({_marks(len(ids))}) GROUP BY article_id", ids).fetchall())
        return out

    # ------------------------------------------------------------------ links
    # The primitives of ``corpus.relink``; none commits: it runs them in one transaction.

    def pending(self) -> dict[str, bool]:
        """Articles saved or removed since the last relink → whether routes need redoing."""
        return {r[0]: bool(r[1]) for r in self.db.execute("SELECT * FROM pending")}

    def clear_pending(self, article_ids: Iterable[str]) -> None:
        for ids in _chunks(list(article_ids)):
            self.db.execute(f"DELETE FROM pending WHERE article_id IN ({_marks(len(ids))})", ids)

    def drop_links(self, article_ids: Iterable[str]) -> set[str]:
        """Forget every link touching these articles; the events of other articles that lost
        a link (their corroboration must be recomputed)."""
        lost: set[str] = set()
        for ids in _chunks(list(article_ids)):
            q = _marks(len(ids))
            lost.update(r[0] for r in self.db.execute(
                f"SELECT a FROM links WHERE b_article IN ({q})", ids))
            self.db.execute(f"DELETE FROM links WHERE a_article IN ({q}) OR b_article IN ({q})",
                            ids + ids)
        return lost

    def article_events(self, article_ids: Iterable[str]) -> list[Event]:
        """Extraction records of these articles' events."""
        out = []
        for ids in _chunks(list(article_ids)):
            out += self._load(f"SELECT data FROM events WHERE article_id IN ({_marks(len(ids))})"
                              " ORDER BY article_id, ord", ids)
        return out

    def candidates(self, event: Event) -> list[tuple[str, str]]:
        """(event_id, article_id) of other articles' events whose corroboration kind and date
        window meet this event's: the only ones it can corroborate (an index range each)."""

        w = link_window(event)
        if w is None:
            return []
        sql = " UNION ALL ".join(
            "SELECT event_id, article_id FROM events WHERE kind=? AND wcls=? "
            "AND lo BETWEEN ? AND ? AND hi >= ? AND article_id <> ?" for _ in _WINDOW_CLASSES)
        params = []
        for c, width in enumerate(_WINDOW_CLASSES):
            params += [kind(event.event_type), c, w[0] - width, w[1], w[0], event.article_id]
        return [(r[0], r[1]) for r in self.db.execute(sql, params)]

    def add_links(self, pairs: Iterable[tuple[Event, Event]]) -> None:
        rows = []
        for x, y in pairs:
            rows += [(x.event_id, x.article_id, y.event_id, y.article_id),
                     (y.event_id, y.article_id, x.event_id, x.article_id)]
        self.db.executemany("INSERT OR IGNORE INTO links VALUES (?,?,?,?)", rows)

    def update_corroboration(self, event_ids: Iterable[str]) -> None:
        """Rewrite these events' ``corroborated_by`` and confidence from the links and their
        base confidence, and their view rows."""

        for ids in _chunks(sorted(set(event_ids))):
            q = _marks(len(ids))
            links: dict[str, list[tuple[str, str]]] = {}
            for a, b, b_article in self.db.execute(
                    f"SELECT a, b, b_article FROM links WHERE a IN ({q})", ids):
                links.setdefault(a, []).append((b, b_article))
            events = []
            for data, base in self.db.execute(
                    f"SELECT data, base_conf FROM events WHERE event_id IN ({q})", ids):
                e = Event.from_dict(json.loads(data))
                pairs = links.get(e.event_id, [])
                e.corroborated_by = sorted(b for b, _ in pairs)
                e.confidence = boosted(base if base is not None else e.confidence,
                                       len({art for _, art in pairs}))
                events.append(e)
            self.db.executemany("UPDATE events SET data=?, confidence=? WHERE event_id=?",
                                [(json.dumps(e.to_dict()), e.confidence, e.event_id)
                                 for e in events])
            self._index(events)

    def article_routes(self) -> list[Route]:
        """Every per-article route, in article order."""
        rows = self.db.execute(
            "SELECT r.data FROM routes r JOIN articles a USING (article_id) ORDER BY a.seq, r.ord")
        return [Route.from_dict(json.loads(r[0])) for r in rows]

    def movement_events(self) -> list[Event]:
        """The located movement and deployment events, in article order: what extends routes."""
        return self._load("SELECT e.data FROM events e JOIN articles a USING (article_id) "
                          "WHERE e.moves=1 ORDER BY a.seq, e.ord")

    def put_cross_routes(self, routes: Iterable[Route]) -> None:
        self.db.execute("DELETE FROM routes WHERE article_id IS NULL")
        self._wrote()
        self._put_routes(r for r in routes if r.article_id is None)

    # ------------------------------------------------------------------ the view tables

    def _index(self, events: list[Event]) -> None:
        """(Re)write the view rows of these extraction records as the user corrected them."""
        ids = [e.event_id for e in events]
        if not ids:
            return
        self._wrote()
        for chunk in _chunks(ids):
            q = _marks(len(chunk))
            old = f"SELECT rid FROM ev_view WHERE event_id IN ({q})"
            self._count(old, chunk, -1)
            self.db.execute(f"DELETE FROM ev_facet WHERE rid IN ({old})", chunk)
            self.db.execute(f"DELETE FROM ev_text WHERE rid IN ({old})", chunk)
            self.db.execute(f"DELETE FROM ev_view WHERE event_id IN ({q})", chunk)
        corrections = self._corrections_for(ids)
        if corrections:
            touched = set(corrections) | {c["merged_into"] for c in corrections.values()}
            events = [Event.from_dict(e.to_dict()) if e.event_id in touched else e
                      for e in events]      # corrections apply to copies, not the caller's
        visible = apply_corrections(events, corrections, self._merged(corrections))
        rid = first = self.db.execute("SELECT coalesce(max(rid), 0) FROM ev_view").fetchone()[0]
        views, facets, texts = [], [], []
        for e in visible:
            rid += 1
            view, facet, text = _view_rows(e, rid)
            views.append(view)
            facets += facet
            texts.append((rid, text))
        self.db.executemany("INSERT INTO ev_view VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", views)
        self.db.executemany("INSERT OR IGNORE INTO ev_facet VALUES (?,?,?)", facets)
        self.db.executemany("INSERT INTO ev_text VALUES (?,?)", texts)
        self._count("SELECT rid FROM ev_view WHERE rid > ?", (first,))

    def _count(self, rids: str, params: tuple | list, sign: int = 1) -> None:
        """Add (``sign`` 1) or take away (-1, before they are deleted) the view rows that
        ``rids`` selects in the counts kept on write (``ev_count``, ``ev_day``, ``ev_cells``)."""
        self._count_options(rids, params, sign)
        self._count_summary(rids, params, sign)

    def _count_summary(self, rids: str, params: tuple | list, sign: int = 1) -> None:
        """The summary tables' share of ``_count``: rows whose count falls to 0 stay (the
        views skip them), so a correction's two steps never delete and re-insert."""
        self.db.execute(
            f"INSERT INTO ev_day SELECT * FROM ({_BANDS}, per AS (SELECT {BAND} AS cb, type, "
            f"coalesce(t0, 0) AS t0, coalesce(t1, 0) AS t1, count(*) AS n, count(lat) AS loc "
            f"FROM ev_view WHERE rid IN ({rids}) GROUP BY 1, 2, 3, 4) "
            f"SELECT b, type, t0, t1, ? * sum(n), ? * sum(loc) FROM per JOIN bands ON b <= cb "
            f"GROUP BY b, type, t0, t1) WHERE true ON CONFLICT (cb, type, t0, t1) DO UPDATE "
            f"SET n = n + excluded.n, located = located + excluded.located",
            (*params, sign, sign))
        self.db.execute(
            f"INSERT INTO ev_cells SELECT * FROM ({_BANDS}, per AS (SELECT {BAND} AS cb, type, "
            f"t0 IS NOT NULL AS dated, {CELL} AS cell, count(*) AS n, "
            f"sum(CAST(round(lat * 1e6) AS INTEGER)) AS slat, "
            f"sum(CAST(round(lon * 1e6) AS INTEGER)) AS slon FROM ev_view "
            f"WHERE rid IN ({rids}) AND lat IS NOT NULL AND lon IS NOT NULL GROUP BY 1, 2, 3, 4) "
            f"SELECT b, type, dated, cell, ? * sum(n), ? * sum(slat), ? * sum(slon) "
            f"FROM per JOIN bands ON b <= cb GROUP BY b, type, dated, cell) "
            f"WHERE true ON CONFLICT (cb, type, dated, cell) DO UPDATE "
            f"SET n = n + excluded.n, slat = slat + excluded.slat, slon = slon + excluded.slon",
            (*params, sign, sign, sign))

    def _count_options(self, rids: str, params: tuple | list, sign: int = 1) -> None:
        """The sidebar's option counts over the whole store (``ev_count``), kept on write so
        a million events' first page does not group them on every start."""
        params = tuple(params)
        rows = (f"SELECT f, v, count(*) AS d FROM ev_facet WHERE rid IN ({rids}) GROUP BY f, v "
                f"UNION ALL SELECT 't', type, count(*) FROM ev_view WHERE rid IN ({rids}) "
                f"AND type <> '' GROUP BY type "
                f"UNION ALL SELECT 's', source, count(*) FROM ev_view WHERE rid IN ({rids}) "
                f"AND coalesce(source, '') <> '' GROUP BY source")
        if sign < 0:
            self.db.execute(f"UPDATE ev_count SET n = n - x.d FROM ({rows}) AS x "
                            f"WHERE ev_count.f = x.f AND ev_count.v = x.v", params * 3)
        else:
            self.db.execute(f"INSERT INTO ev_count SELECT * FROM ({rows}) WHERE true "
                            f"ON CONFLICT (f, v) DO UPDATE SET n = n + excluded.n", params * 3)

    def _refresh(self, event_ids: Iterable[str]) -> None:
        """Rewrite the view rows of these events (after a correction of theirs changed)."""
        self._index(self.events_by_id([i for i in event_ids if i]))

    def _corrections_for(self, event_ids: list[str]) -> dict[str, dict]:
        """The corrections of these events and of the events merged into them."""
        out = {}
        for ids in _chunks(event_ids):
            q = _marks(len(ids))
            for r in self.db.execute(f"SELECT * FROM corrections WHERE event_id IN ({q}) "
                                     f"OR merged_into IN ({q})", ids + ids):
                out[r["event_id"]] = _correction(r)
        return out

    def _merged(self, corrections: dict[str, dict]) -> dict[str, list[str]]:
        """target → the stored events merged into it."""
        sources = [i for i, c in corrections.items() if c.get("merged_into")]
        present = {e for ids in _chunks(sources) for (e,) in self.db.execute(
            f"SELECT event_id FROM events WHERE event_id IN ({_marks(len(ids))})", ids)}
        merged: dict[str, list[str]] = {}
        for i in sources:
            if i in present:
                merged.setdefault(corrections[i]["merged_into"], []).append(i)
        return merged

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
            prev = self.correction(event_id)
            self.db.execute("DELETE FROM corrections WHERE event_id=?", (event_id,))
            self._refresh([event_id, prev["merged_into"]])

    def _put_correction(self, event_id: str, changes: Optional[dict] = None,
                        deleted: Optional[bool] = None, merged_into: Optional[str] = None) -> None:
        prev = self.correction(event_id)
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO corrections VALUES (?,?,?,?,?)",
                (event_id, json.dumps(changes if changes is not None else prev["changes"]),
                 int(deleted if deleted is not None else prev["deleted"]),
                 merged_into if merged_into is not None else prev["merged_into"], time.time()))
            self._refresh([event_id, prev["merged_into"], merged_into])


# Window classes of the linking index: windows shorter than each width are looked up in a
# range of that width, so a long window (a year) never widens the scan for a day.
_WINDOW_CLASSES = (16, 64, 400, 10 ** 7)


def _window_class(w: Optional[tuple[int, int]]) -> Optional[int]:
    if w is None:
        return None
    return next(c for c, width in enumerate(_WINDOW_CLASSES) if w[1] - w[0] < width)


def _distinct(events: list[Event]) -> list[Event]:
    """The events with the first of any repeated ``event_id`` kept (two records of one span,
    type and trigger would be one row of ``events`` and two of the views)."""
    seen: set[str] = set()
    return [e for e in events if not (e.event_id in seen or seen.add(e.event_id))]


def _moves(e: Event) -> bool:
    return e.event_type in _MOVES and e.location is not None and e.location.lat is not None


def _view_rows(e: Event, rid: int) -> tuple[tuple, list[tuple], str]:
    """An event's row in ``ev_view``, its facet rows and its search text, computed exactly as
    ``filters.frame`` computes the same columns (so SQL and pandas filters agree)."""

    row = event_row(e)
    s = event_span(row["event_date"], row["date_end"])
    loc = e.location
    view = (rid, e.event_id, e.article_id, e.event_type,
            s[0].toordinal() if s else None, s[1].toordinal() + 1 if s else None,
            round(e.confidence, 3), loc.lat if loc else None, loc.lon if loc else None,
            e.source, int(e.edited), e.sources)
    countries = {p.country for p in e.places if p.country} | (
        {loc.country} if loc and loc.country else set())
    facets = ([("a", a.name, rid) for a in e.actors if a.name]
              + [("p", p.name, rid) for p in e.places if p.name]
              + [("c", c, rid) for c in countries])
    text = " \x1f ".join((row["sentence"] or "", row["actors"] or "", row["places"] or "",
                          row["source"] or "", row["event_type"] or "")).lower()
    return view, facets, text


def apply_corrections(events: list[Event], corrections: dict[str, dict],
                      merged: Optional[dict[str, list[str]]] = None) -> list[Event]:
    """Events as the user corrected them: a pure function of extraction + corrections.
    ``merged`` (target → merged event ids) is read from ``events`` unless given (when they
    are only a part of the store)."""
    out = []
    if merged is None:
        merged = {}
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
