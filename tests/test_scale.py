"""Corpus-sized runs: incremental, crash-safe relinking; streaming extraction; workers."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from timeline import corroborate as corr
from timeline import corpus
from timeline.corpus import add_to_store, extract, extract_streaming, link, relink
from timeline.ingest import read_paths
from timeline.model import ActorMention, Article, Doc, Event, EventDate, PlaceMention
from timeline.store import Store

from .conftest import SEEDS

CITIES = [("Stepanakert", 39.82, 46.75, "AZ"), ("Shusha", 39.76, 46.75, "AZ"),
          ("Baku", 40.41, 49.87, "AZ"), ("Aleppo", 36.20, 37.16, "SY")]
ACTORS = ["Armenian forces", "Azerbaijani army", "Red Cross", "civilians"]


def synthetic_docs(n_articles: int, per: int = 6, seed: int = 3, day0: date = date(2020, 9, 27),
                   days: int = 12) -> list[Doc]:
    """Articles whose events overlap in type, date, place and actors: many true links."""
    rng = random.Random(seed)
    docs = []
    for a in range(n_articles):
        art = Article(text=f"Synthetic report {seed}-{a}.", source=f"s{a}.txt",
                      published=day0 + timedelta(days=days))
        doc = Doc(art)
        for i in range(per):
            day = day0 + timedelta(days=rng.randrange(days))
            basis = "reported" if rng.random() < 0.2 else "explicit"
            when = (EventDate(f"{day:%Y-%m}", "month") if rng.random() < 0.1
                    else EventDate(day.isoformat(), "day", basis=basis))
            name, lat, lon, cc = rng.choice(CITIES)
            place = PlaceMention(0, 3, name, name=name, lat=lat, lon=lon, country=cc,
                                 feature="city")
            actors = [ActorMention(0, 3, x, name=x) for x in rng.sample(ACTORS, rng.randint(0, 2))]
            doc.events.append(Event(article_id=art.article_id, sentence=f"Event {a}-{i}.",
                                    start=10 * i, end=10 * i + 5,
                                    event_type=rng.choice(["attack", "casualties", "statement"]),
                                    date=when, actors=actors, places=[place], location=place,
                                    confidence=round(rng.uniform(0.3, 0.9), 2),
                                    source=art.source, trigger=f"t{i}"))
        docs.append(doc)
    return docs


def _records(events) -> dict[str, tuple]:
    return {e.event_id: (tuple(e.corroborated_by), e.confidence) for e in events}


def _in_memory(docs) -> dict[str, tuple]:
    events, _ = link([e for d in docs for e in d.events], [])
    return _records(events)


def test_incremental_relink_gives_the_full_links(tmp_path):
    docs = synthetic_docs(10)
    store = Store(tmp_path / "a.sqlite")
    for doc in docs:                        # one article at a time, relinking after each
        store.save(doc)
        relink(store)
    expected = _in_memory(docs)
    assert sum(bool(v[0]) for v in expected.values()) > 20      # the data does link
    assert _records(store.events()) == expected
    store.remove_article(docs[3].article.article_id)             # removal unlinks
    relink(store)
    rest = [d for i, d in enumerate(docs) if i != 3]
    assert _records(store.events()) == _in_memory(rest)
    store.save(docs[3])                                          # and back
    relink(store)
    assert _records(store.events()) == expected


def test_adding_one_article_checks_only_its_candidates(tmp_path, monkeypatch):
    far = synthetic_docs(30, seed=5, day0=date(2019, 1, 1), days=300)
    store = Store(tmp_path / "a.sqlite")
    for doc in far:
        store.save(doc)
    relink(store)
    calls = []
    real = corr.same_happening
    monkeypatch.setattr(corpus, "same_happening", lambda a, b: calls.append(1) or real(a, b))
    one = synthetic_docs(1, seed=9, day0=date(2019, 6, 1), days=3)[0]
    add_to_store([], store)                  # nothing pending: nothing compared
    assert calls == []
    store.save(one)
    relink(store)
    # 6 new events against a 3-day window of a 300-day store of 180 events: a few dozen
    # comparisons at most, never the store's 180 × 6 (or the 16,110 pairs of a full relink)
    assert 0 < len(calls) < 6 * 180 / 4


def test_a_crash_while_relinking_leaves_the_store_to_relink(tmp_path, monkeypatch):
    docs = synthetic_docs(6)
    path = tmp_path / "a.sqlite"
    store = Store(path)
    for doc in docs:
        store.save(doc)

    def crash(*args):
        raise KeyboardInterrupt("killed while relinking")

    monkeypatch.setattr(Store, "update_corroboration", crash)
    with pytest.raises(KeyboardInterrupt):
        relink(store)
    monkeypatch.undo()
    store.close()
    store = Store(path)                      # as after a restart: the marks survived
    assert set(store.pending()) == {d.article.article_id for d in docs}
    assert add_to_store([], store) == []      # the next run, with nothing new, relinks
    assert store.pending() == {}
    assert _records(store.events()) == _in_memory(docs)


def test_corrections_survive_relinking(tmp_path):
    docs = synthetic_docs(4)
    store = Store(tmp_path / "a.sqlite")
    for doc in docs:
        store.save(doc)
    relink(store)
    target = next(e for e in store.events() if e.corroborated_by)
    store.correct(target.event_id, event_type="meeting")
    store.save(synthetic_docs(1, seed=11)[0])
    relink(store)
    assert {e.event_id: e for e in store.events()}[target.event_id].event_type == "meeting"


def test_streaming_extraction_gives_the_in_memory_records():
    articles, _ = read_paths([SEEDS])
    memory = extract(articles)
    with extract_streaming(iter(articles), total=len(articles)) as store:
        assert [a.article_id for a in store.iter_articles()] == [a.article_id
                                                                 for a in articles]
        assert [e.to_dict() for e in store.iter_events()] == [e.to_dict()
                                                              for e in memory.events]
        assert [r.to_dict() for r in store.routes()] == [r.to_dict() for r in memory.routes]


def test_two_workers_give_the_same_docs_in_order():
    articles, _ = read_paths([SEEDS])
    articles = articles * 3                  # more batches than workers
    one = extract(articles, workers=1)
    two = extract(articles, workers=2)
    assert [e.to_dict() for e in two.events] == [e.to_dict() for e in one.events]
    assert [d.article.article_id for d in two.docs] == [a.article_id for a in articles]


def test_a_store_of_schema_1_is_upgraded_and_relinked(tmp_path):
    import json
    import sqlite3

    from timeline.store import _SCHEMA

    docs = synthetic_docs(3)
    linked, _ = link([e for d in docs for e in d.events], [])
    db = sqlite3.connect(tmp_path / "old.sqlite")      # as schema 1 wrote it: links inside
    db.executescript(_SCHEMA)
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    for n, d in enumerate(docs):
        a = d.article
        db.execute("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?)",
                   (a.article_id, a.source, "", "", None, "none", a.text, float(n)))
    db.executemany("INSERT INTO events VALUES (?,?,?,?,?,?)",
                   [(e.event_id, e.article_id, e.date.value, e.event_type, e.confidence,
                     json.dumps(e.to_dict())) for e in linked])
    db.commit()
    db.close()
    store = Store(tmp_path / "old.sqlite")
    assert len(store.pending()) == 3
    relink(store)
    assert _records(store.events()) == _records(linked)
    from timeline import views
    assert views.count(store, views.Filters()) == len(linked)


def test_parquet_writes_one_file_per_partition(tmp_path):
    import pyarrow.parquet as pq

    from timeline.corpus import write_parquet

    articles, _ = read_paths([SEEDS])
    with extract_streaming(articles) as store:
        files = write_parquet(store, tmp_path / "out", articles_per_part=1)
        events = list(store.iter_events())
    assert [f.name for f in files] == ["part-00000.parquet", "part-00001.parquet"]
    table = pq.read_table(tmp_path / "out")
    assert table.num_rows == len(events)
    assert table.column("event_id").to_pylist() == [e.event_id for e in events]
    assert pq.read_table(files[0]).column("article_id").unique().to_pylist() == [
        articles[0].article_id]


def test_dask_on_two_workers_gives_the_local_records():
    articles, _ = read_paths([SEEDS])
    with extract_streaming(articles, workers=1) as local:
        want = [e.to_dict() for e in local.iter_events()], [r.to_dict() for r in local.routes()]
    with extract_streaming(articles, engine="dask", workers=2) as dask:
        got = [e.to_dict() for e in dask.iter_events()], [r.to_dict() for r in dask.routes()]
    assert got == want and want[0]
