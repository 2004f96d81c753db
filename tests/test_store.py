"""The SQLite store: persistence, corrections that win over re-extraction."""
from __future__ import annotations

import json

from timeline.corpus import add_to_store
from timeline.export import render
from timeline.ingest import read_paths
from timeline.store import Store

from .conftest import SEEDS


def test_store_round_trip_and_corrections_survive_reextraction(tmp_path):
    path = tmp_path / "atlas.sqlite"
    store = Store(path)
    articles, _ = read_paths([SEEDS])
    assert len(add_to_store(articles, store)) == 2
    assert add_to_store(articles, store) == []          # already there: nothing redone
    events = store.events()
    assert events and {e.article_id for e in events} == {a.article_id for a in articles}
    first, second = events[0], events[1]
    store.correct(first.event_id, event_type="meeting", date="2020-09-30",
                  location={"name": "Ganja", "lat": 40.68, "lon": 46.36, "country": "AZ",
                            "feature": "city", "text": "Ganja"})
    store.delete_event(second.event_id)
    store.close()

    store = Store(path)                                  # reopen: persisted
    add_to_store(articles, store, force=True)            # re-extract: corrections still win
    fixed = {e.event_id: e for e in store.events()}
    assert second.event_id not in fixed
    e = fixed[first.event_id]
    assert (e.event_type, e.date.value, e.location.name, e.edited) == (
        "meeting", "2020-09-30", "Ganja", True)
    csv_text = render("csv", list(fixed.values()))
    assert "2020-09-30" in csv_text and "Ganja" in csv_text
    store.undo_correction(first.event_id)
    assert {x.event_id: x for x in store.events()}[first.event_id].edited is False


def test_merge_folds_events_into_one(tmp_path):
    store = Store(tmp_path / "a.sqlite")
    articles, _ = read_paths([SEEDS])
    add_to_store(articles, store)
    a, b, c = [e.event_id for e in store.events()[:3]]
    store.merge_events(a, [b, c])
    events = {e.event_id: e for e in store.events()}
    assert b not in events and c not in events
    assert {b, c} <= set(events[a].corroborated_by) and events[a].sources >= 3


def test_remove_article_removes_its_events(tmp_path):
    store = Store(tmp_path / "a.sqlite")
    articles, _ = read_paths([SEEDS])
    add_to_store(articles, store)
    store.remove_article(articles[0].article_id)
    assert [a.article_id for a in store.articles()] == [articles[1].article_id]
    assert {e.article_id for e in store.events()} == {articles[1].article_id}


def test_jsonl_export_round_trips_events(tmp_path):
    store = Store(tmp_path / "a.sqlite")
    articles, _ = read_paths([SEEDS])
    add_to_store(articles, store)
    lines = [json.loads(l) for l in render("jsonl", store.events(), store.routes(),
                                           store.articles()).splitlines()]
    assert [l["record"] for l in lines[:2]] == ["article", "article"]
    assert sum(l["record"] == "event" for l in lines) == len(store.events())
