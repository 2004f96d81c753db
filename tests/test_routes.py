"""Routes: stops in order from movement language; assembly across the seed articles."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from geo.routes import assemble_routes
from timeline.model import Article
from timeline.pipeline import process

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENT_ATLAS_HOME", str(tmp_path / "home"))


@pytest.fixture(scope="module")
def seed_docs():
    out = []
    for name, pub in (("000_53c8b435406dd2c6.txt", date(2020, 10, 1)),
                      ("003_319349d5f97b6c57.txt", date(2020, 10, 5))):
        text = (ROOT / "seeds" / name).read_text(encoding="utf-8")
        out.append(process(Article(text=text, source=name, published=pub)))
    return out


def _in_order(names, *wanted):
    idx = []
    for w in wanted:
        hits = [i for i, n in enumerate(names) if w in n]
        if not hits:
            return False
        idx.append(hits[0])
    return idx == sorted(idx)


def test_route_in_the_asbarez_seed(seed_docs):
    doc = seed_docs[0]
    routes = [[s.name for s in r.stops] for r in doc.routes]
    assert any(_in_order(n, "Gaziantep", "Istanbul", "Azerbaijan") for n in routes), routes
    for r in doc.routes:
        assert doc.text[r.start:r.end] == r.sentence and r.article_id == doc.article.article_id


def test_routes_assembled_across_the_seeds(seed_docs):
    routes = [r for d in seed_docs for r in d.routes]
    events = [e for d in seed_docs for e in d.events]
    assembled = assemble_routes(routes, events)
    assert assembled and all(r.article_id is None for r in assembled)
    names = [[s.name for s in r.stops] for r in assembled]
    assert any(_in_order(n, "Syria", "Gaziantep", "Istanbul", "Azerbaijan", "Karabakh")
               for n in names), names


def test_route_told_over_consecutive_sentences():
    text = ("The first ship departed on Monday from the port of Odesa for Lebanon, the ministry "
            "announced.\nThe ship is expected to arrive in Istanbul on Aug. 2, the ministry said.\n"
            "The ship is on course for its final destination of the port of Beirut.")
    doc = process(Article(text=text, published=date(2022, 8, 1)))
    names = [[s.name for s in r.stops] for r in doc.routes]
    assert any(_in_order(n, "Odesa", "Istanbul", "Beirut") for n in names), names


def test_no_route_without_movement():
    doc = process(Article(text="Officials in Kyiv and Lviv met on Monday.",
                          published=date(2022, 8, 1)))
    assert doc.routes == []
