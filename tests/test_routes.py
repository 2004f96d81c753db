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
    """The Syrian mercenaries' journey (Turkey → Azerbaijan in one article, deployed in
    Nagorno-Karabakh in the other) joins; a refused journey ("families who had refused to go
    to Azerbaijan") and origins of other groups ("armed groups from Syria and Libya",
    "militants from the Middle East") are no stops of it."""
    routes = [r for d in seed_docs for r in d.routes]
    events = [e for d in seed_docs for e in d.events]
    assembled = assemble_routes(routes, events)
    assert assembled and all(r.article_id is None for r in assembled)
    names = [[s.name for s in r.stops] for r in assembled]
    assert any(_in_order(n, "Azerbaijan", "Karabakh") for n in names), names
    for n in names:
        assert not {"Libya", "Middle East"} & set(n), names


def test_refused_journey_and_origin_descriptors_are_no_routes():
    text = ("Families who had refused to go to Azerbaijan to fight in Nagorno-Karabakh were "
            "expelled on Monday.\nPutin voiced concern about militants from the Middle East "
            "fighting in Nagorno-Karabakh on Friday.")
    doc = process(Article(text=text, published=date(2020, 10, 5)))
    assert doc.routes == [], [[s.name for s in r.stops] for r in doc.routes]


def test_coordinated_origins_are_parallel():
    text = ("The transfer of armed groups from Syria and Libya to Nagorno-Karabakh is being "
            "carried out, the ministry said on Thursday.")
    doc = process(Article(text=text, published=date(2020, 10, 1)))
    names = sorted([s.name for s in r.stops] for r in doc.routes)
    assert ["Libya", "Nagorno-Karabakh"] in names and ["Syria", "Nagorno-Karabakh"] in names, names
    assert not any("Syria" in n and "Libya" in n for n in names), names


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


def _names(doc):
    return [[(s.name, s.country) for s in r.stops] for r in doc.routes]


def test_the_capital_is_the_capital_of_the_country_in_context():
    text = ("Mercenaries left Libya on Sunday, a mayor said.\n"
            "The mercenaries withdrew from the capital to the airport of Bani Walid, the mayor "
            "of the town of Bani Walid said on Sunday.\n"
            "They were then flown out of western Libya to Jufra.")
    doc = process(Article(text=text, published=date(2020, 5, 25)))
    routes = [[n for n, _ in r] for r in _names(doc)]
    assert any(_in_order(n, "Tripoli", "Bani Walid", "Jufra") for n in routes), routes
    tripoli = [s for r in doc.routes for s in r.stops if s.name == "Tripoli"]
    assert tripoli and tripoli[0].country == "LY" and tripoli[0].text == "capital"


def test_country_qualifier_picks_the_same_named_place_in_that_country():
    text = ("A tanker sailed on Tuesday from Constanta to Tripoli in northern Lebanon, "
            "the port said.")
    doc = process(Article(text=text, published=date(2022, 8, 2)))
    stops = [s for r in doc.routes for s in r.stops if s.name == "Tripoli"]
    assert stops and all(s.country == "LB" for s in stops), _names(doc)


def test_name_cut_before_a_particle_keeps_its_full_form():
    text = ("Joint patrols will run on Friday from the town of Saraqib to the village of "
            "Ain al Havr in Syria's Idlib province.")
    doc = process(Article(text=text, published=date(2020, 3, 5)))
    stops = [s.text for r in doc.routes for s in r.stops]
    assert "Ain al Havr" in stops and "Ain" not in stops, _names(doc)
    ain = next(s for r in doc.routes for s in r.stops if s.text == "Ain al Havr")
    assert ain.country == "SY" and ain.score <= 0.3      # unknown: approximate coordinates


def test_assembly_does_not_join_same_named_places_of_two_countries():
    from timeline.model import PlaceMention, Route

    def stop(name, cc, lat, lon, feature="city"):
        return PlaceMention(0, len(name), name, name=name, lat=lat, lon=lon, country=cc,
                            feature=feature)
    a = Route("a", [stop("Odesa", "UA", 46.5, 30.7), stop("Tripoli", "LB", 34.4, 35.8)])
    b = Route("b", [stop("Tripoli", "LY", 32.9, 13.2), stop("Bani Walid", "LY", 31.7, 14.0),
                    stop("Libya", "LY", 25.0, 17.0, "country"), stop("Jufra", "LY", 28.0, 16.7,
                                                                       "admin")])
    assert assemble_routes([a, b], []) == []
