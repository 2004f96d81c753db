"""The whole corpus: every article through the pipeline, then the cross-article links.

Articles stream through ``pipeline.process_many`` (in spaCy batches, on ``workers``
processes) into a store, one transaction per article; ``relink`` then links only what is
new (``store.pending``) against its candidates in the store, in one transaction. Nothing
holds the whole corpus: ``extract_streaming`` runs the CLI's corpus-sized extractions this way
through a scratch store and reads the records back as a stream. ``extract`` and ``link``
are the in-memory forms for a handful of articles (tests, benches); both give the same records.

A process that opens an existing store (the app's start) should call ``relink(store)``: it
costs one query when nothing is pending, and finishes a relink a crash interrupted.
"""
from __future__ import annotations

import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from geo.routes import assemble_routes

from . import export
from .config import DEFAULT, Settings
from .corroborate import corroborate, same_happening
from .export import CSV_COLUMNS, event_row
from .model import Article, Doc, Event, Route
from .pipeline import process_many
from .store import Store

Progress = Callable[[int, int, Article], None]


@dataclass
class Extraction:
    articles: list[Article] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    docs: list[Doc] = field(default_factory=list)


def link(events: list[Event], routes: list[Route]) -> tuple[list[Event], list[Route]]:
    """Corroborate events across articles and assemble cross-article routes."""

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
            on_doc: Optional[Callable[[Doc], None]] = None, linked: bool = True,
            workers: int = 1) -> Extraction:
    """Process every article (calling ``on_doc`` and ``progress`` as each is done), then link,
    all in memory."""
    articles = list(articles)
    docs = list(_run(articles, settings, progress, on_doc, workers, len(articles)))
    return collect(articles, docs, settings, linked)


def _run(articles: Iterable[Article], settings: Settings, progress: Optional[Progress],
         on_doc: Optional[Callable[[Doc], None]], workers: int,
         total: int) -> Iterator[Doc]:
    for done, doc in enumerate(process_many(articles, settings, workers=workers), 1):
        if on_doc:
            on_doc(doc)
        if progress:
            progress(done, total, doc.article)
        yield doc


def add_to_store(articles: Iterable[Article], store, settings: Settings = DEFAULT,
                 progress: Optional[Progress] = None, force: bool = False,
                 workers: int = 1) -> list[Article]:
    """Extract the articles the store lacks (all with ``force``), save each in its own
    transaction as it is done, then relink what changed. Returns the articles added."""
    todo = [a for a in articles if force or not store.has_article(a.article_id)]
    for _ in _run(todo, settings, progress, store.save, workers, len(todo)):
        pass
    relink(store)
    return todo


def relink(store) -> int:
    """Link the articles saved or removed since the last relink (``store.pending()``) with
    the rest of the store, in one transaction: a crash leaves the pending marks, and the next
    call does the work. Work is proportional to the pending articles' candidates (same kind,
    overlapping date window), not to the store. Returns how many articles were relinked."""

    with store.transaction():
        pending = store.pending()
        if not pending:
            return 0
        affected = store.drop_links(pending)
        ids = sorted(pending)
        for n in range(0, len(ids), 200):      # a slice of the pending articles at a time
            affected |= _link_new(store, store.article_events(ids[n:n + 200]), pending)
        store.update_corroboration(affected)
        if any(pending.values()):
            per_article = store.article_routes()
            store.put_cross_routes(assemble_routes(per_article, store.movement_events()))
        store.clear_pending(pending)
    if len(pending) >= 100:
        store.optimize()
    return len(pending)


_KNOWN_MAX = 5_000      # candidate events kept between look-ups (memory flat in the corpus)


def _link_new(store, fresh: list[Event], pending: dict) -> set[str]:
    """Link these new events with their candidates; the ids whose corroboration changed.
    Two pending articles' events are compared once (from the article with the lower id)."""

    known: dict[str, Event] = {e.event_id: e for e in fresh}
    pairs = []
    for e in fresh:
        cands = [(i, art) for i, art in store.candidates(e)
                 if art not in pending or art > e.article_id]
        if len(known) > _KNOWN_MAX:             # a cache, not the corpus
            known = {x.event_id: x for x in fresh}
        known.update((x.event_id, x) for x in store.events_by_id(
            [i for i, _ in cands if i not in known]))
        pairs += [(e, known[i]) for i, _ in cands if same_happening(e, known[i])]
    store.add_links(pairs)
    return {e.event_id for e in fresh} | {y.event_id for _, y in pairs}


@contextmanager
def extract_streaming(articles: Iterable[Article], settings: Settings = DEFAULT,
                      progress: Optional[Progress] = None, workers: int = 1,
                      total: Optional[int] = None, engine: str = "local",
                      scheduler: Optional[str] = None):
    """Extract into a scratch store (deleted on exit) and yield it, linked: read the records
    back with ``iter_articles``/``iter_events``/``routes``. Memory stays flat in corpus size
    (only a batch of articles is in flight); output keeps the input order."""

    with tempfile.TemporaryDirectory(prefix="atlas-extract-") as tmp:
        store = Store(Path(tmp) / "extract.sqlite")
        try:
            with store.transaction() as db:      # a scratch file: speed over durability
                db.execute("PRAGMA synchronous=OFF")
            # and memory flat in its size: no mapped file (its touched pages count as the
            # process's memory, up to 256 MB), a 2 MB page cache (the operating system
            # caches the file; a 16 MB cache filled as the store grew: +14 MB of the process
            # from 500 to 2,500 one-sentence articles, +2 MB with 2 MB)
            store.db.execute("PRAGMA mmap_size=0")
            store.db.execute("PRAGMA cache_size=-2048")
            keep = _confident(settings)
            if engine == "dask":
                from .distributed import docs_dask

                articles = list(articles)
                for seq, doc in docs_dask(articles, settings, scheduler, progress, workers):
                    store.save(keep(doc), seq=seq)
            else:
                n = total if total is not None else (
                    len(articles) if hasattr(articles, "__len__") else 0)
                for seq, doc in enumerate(_run(articles, settings, progress, None, workers, n)):
                    store.save(keep(doc), seq=seq)
            relink(store)
            yield store
        finally:
            store.close()


def _confident(settings: Settings) -> Callable[[Doc], Doc]:
    """The doc with only the events at or above ``min_confidence`` (as ``collect`` keeps)."""
    def keep(doc: Doc) -> Doc:
        doc.events = [e for e in doc.events if e.confidence >= settings.min_confidence]
        doc.parsed = None
        return doc
    return keep


def write_records(fmt: str, store, out) -> None:
    """A store's records to ``out`` as ``export`` writes them, streamed a batch at a time
    (``csv``, ``jsonl``; ``geojson`` one JSON document, written feature by feature)."""
    from itertools import islice


    if fmt == "csv":
        export.write_csv(store.iter_events(), out)
    elif fmt == "jsonl":
        for records in (store.iter_articles(), store.iter_events(), iter(store.routes())):
            while batch := list(islice(records, 1000)):
                export.write_jsonl(out, batch)
    elif fmt == "geojson":
        export.write_geojson(store.iter_events(), out, store.routes())
    else:
        raise ValueError(f"unknown format {fmt!r}")


def write_parquet(store, folder: Path, articles_per_part: int = 1000) -> list[Path]:
    """The events' rows (the CSV columns, typed) as ``part-NNNNN.parquet`` files in
    ``folder``, one per ``articles_per_part`` articles in input order: a corpus-sized run
    never holds more than one part. Returns the files written."""
    import pyarrow as pa
    import pyarrow.parquet as pq


    types = {"latitude": pa.float64(), "longitude": pa.float64(), "confidence": pa.float64(),
             "start": pa.int64(), "end": pa.int64(), "fatalities": pa.int64(),
             "injured": pa.int64(), "sources": pa.int64(), "edited": pa.bool_(),
             "evidence_count": pa.int64()}
    schema = pa.schema([(c, types.get(c, pa.string())) for c in CSV_COLUMNS])
    folder.mkdir(parents=True, exist_ok=True)
    seq = {a.article_id: n // articles_per_part for n, a in enumerate(store.iter_articles())}
    written: list[Path] = []
    rows: list[dict] = []
    part = 0

    def flush() -> None:
        path = folder / f"part-{part:05d}.parquet"
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
        written.append(path)
        rows.clear()

    for e in store.iter_events():
        if seq[e.article_id] != part:
            flush()
            part = seq[e.article_id]
        rows.append(event_row(e))
    if rows or not written:
        flush()
    return written
