"""The offline gazetteer: index build, lookups, geopy interface, online fallback (no network)."""
from __future__ import annotations

import logging

import pytest
from geopy.adapters import BaseSyncAdapter
from geopy.distance import distance
from geopy.exc import GeocoderUnavailable
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.gazetteer import load_index, Gazetteer, default_gazetteer, index_path, key
from geo.geocoding import make_geocoding
from timeline.config import Settings


@pytest.fixture(scope="session")
def places_settings(tmp_path_factory) -> Settings:
    """One data folder for the places tests, so the index is compiled once per session."""
    home = tmp_path_factory.getbasetemp() / "places-home"
    home.mkdir(exist_ok=True)
    return Settings(home=home)


@pytest.fixture(scope="session")
def gz(places_settings) -> Gazetteer:
    return default_gazetteer(places_settings)


def test_index_is_compiled_on_disk_and_versioned(gz, places_settings):
    path = index_path(places_settings)
    assert path.exists() and path.parent == places_settings.data_dir
    index = load_index(places_settings)
    assert index["version"] in path.name
    assert len(index["entries"]) > 200_000


def test_index_round_trips_and_rejects_a_corrupt_file(gz, places_settings, tmp_path):
    # Load time is measured by `python -m timeline bench places`, not asserted here.
    from geo.gazetteer import _fast_load

    data = index_path(places_settings).read_bytes()
    index = _fast_load(data)
    assert len(index["names"]) == len(gz.names) and len(index["entries"]) == len(gz.entries)
    for name in ("damascus", "\x00U.S.", "georgia"):
        assert index["names"][name] == gz.names[name]
        assert [index["entries"][i] for i in gz.names[name]] == [gz.entries[i] for i in gz.names[name]]
    with pytest.raises(Exception):
        _fast_load(data[: len(data) // 2])


def test_key_folds_spelling_variants():
    assert key("Nagorno-Karabakh") == key("Nagorno Karabakh")
    assert key("St. Cloud") == key("Saint Cloud")
    assert key("Şanlıurfa") == key("Sanliurfa")


def test_gazetteer_is_a_geopy_geocoder(gz):
    assert isinstance(gz, Geocoder)
    loc = gz.geocode("Damascus")
    assert isinstance(loc, Location)
    assert loc.raw["country"] == "SY"
    assert distance(loc.point, (33.51, 36.29)).km < 20


@pytest.mark.parametrize("query,country,near", [
    ("Antep", "TR", (37.07, 37.38)),
    ("Artsakh", "AZ", (39.82, 46.75)),
    ("Karabakh", "AZ", (39.82, 46.75)),
    ("Khankendi", "AZ", (39.82, 46.75)),
    ("Stepanakert", "AZ", (39.82, 46.75)),
    ("Aleppo Province", "SY", (36.2, 37.6)),
    ("Gaza Strip", "PS", (31.42, 34.37)),
    ("Donbas", "UA", (48.3, 38.0)),
    ("Yerevan", "AM", (40.18, 44.51)),
    ("Beirut", "LB", (33.89, 35.50)),
    # GeoNames gives this town no population figure, but twenty-odd spellings: a known place
    ("Tal Afar", "IQ", (36.38, 42.45)),
    ("Telafer", "IQ", (36.38, 42.45)),
])
def test_exonyms_and_curated_regions_resolve(gz, query, country, near):
    loc = gz.geocode(query)
    assert loc is not None, query
    assert loc.raw["country"] == country
    assert distance(loc.point, near).km < 60



def test_geocode_filters_and_lists(gz):
    us = gz.geocode("Damascus", country_codes="US", exactly_one=False)
    assert us and all(l.raw["country"] == "US" for l in us)
    assert gz.geocode("Xqzzyville") is None
    assert gz.geocode("La.").raw["name"] == "Louisiana"
    assert gz.geocode("W. Va.").raw["name"] == "West Virginia"


def test_reverse_finds_the_nearest_place(gz):
    loc = gz.reverse((36.20, 37.16))
    assert loc.raw["name"] == "Aleppo"
    assert gz.reverse((40.18, 44.51), exactly_one=False, limit=3)[0].raw["country"] == "AM"


def test_default_backend_is_offline(places_settings, gz):
    geo = make_geocoding(places_settings)
    assert geo.online is None
    assert geo.geocode("Istanbul").raw["country"] == "TR"


class _DownAdapter(BaseSyncAdapter):
    """A transport whose network is down: every request fails, nothing leaves the machine."""

    calls = 0

    def get_json(self, url, *, timeout, headers):
        type(self).calls += 1
        raise GeocoderUnavailable("network unreachable (fake)")

    def get_text(self, url, *, timeout, headers):
        type(self).calls += 1
        raise GeocoderUnavailable("network unreachable (fake)")


def test_online_backend_failure_falls_back_to_gazetteer(places_settings, gz, caplog):
    settings = places_settings.with_(
        geocoder="nominatim",
        geocoder_options={"adapter_factory": _DownAdapter, "min_delay_seconds": 0})
    geo = make_geocoding(settings)
    assert geo.online is not None and geo.backend == "nominatim"
    with caplog.at_level(logging.WARNING, logger="geo.geocoding"):
        loc = geo.geocode("Baku")
        back = geo.reverse((40.41, 49.87))
    assert _DownAdapter.calls >= 2
    assert loc.raw["country"] == "AZ"
    assert back.raw["country"] == "AZ"
    assert any("offline gazetteer" in r.message for r in caplog.records)


def test_online_answers_are_cached(places_settings, gz):
    class FakeService:
        asked = 0

        def __init__(self, **kw):
            pass

        def geocode(self, query, exactly_one=True, **kw):
            FakeService.asked += 1
            return Location("Somewhere", (1.0, 2.0), {"q": query})

        def reverse(self, query, exactly_one=True, **kw):
            return None

    settings = places_settings.with_(geocoder="fake", geocoder_options={"min_delay_seconds": 0})
    geo = make_geocoding(settings, geocoder_class=FakeService)
    assert geo.geocode("Somewhere").point[:2] == (1.0, 2.0)
    again = make_geocoding(settings, geocoder_class=FakeService)
    assert again.geocode("Somewhere").latitude == 1.0
    assert FakeService.asked == 1


def test_columnar_storage_round_trips_entries_and_names():
    """The stored columns read back as the tuples and id lists the build made (None geonameids
    and countries, empty admin-1 codes, the -1 'approximate' marker)."""
    from geo.gazetteer import _from_columns, _to_columns

    entries = [("Alpha", 1.5, -2.25, "US", "GA", "city", 12345, 42),
               ("Beta Region", 10.0, 20.0, None, "", "region", 0, None),
               ("Gamma County", 33.0, -84.0, "US", "GA", "admin", 20000, -1)]
    names = {"alpha": (0,), "beta": (1, 0), "gammacounty": (2,), "\x00Ga.": (2, 0)}
    back = _from_columns(_to_columns({"version": "t", "entries": entries, "names": names}))
    assert list(back["entries"]) == entries
    assert dict(back["names"].items()) == names
    assert back["names"].get("nowhere", ()) == () and "alpha" in back["names"]
    assert back["entries"][-1] == entries[-1]
    with pytest.raises(IndexError):
        back["entries"][3]


def test_points_by_country_reads_the_columns_as_the_entries_say():
    """A country's city points read from the columns (no entry tuples) are the entries' own;
    a country-less entry and other features are left out."""
    from geo.gazetteer import _from_columns, _to_columns

    entries = [("Alpha", 1.5, -2.25, "US", "GA", "city", 12345, 42),
               ("Beta Region", 10.0, 20.0, None, "", "region", 0, None),
               ("Delta", 48.5, 35.0, "UA", "12", "city", 900, 7),
               ("Epsilon", 49.0, 36.0, "UA", "12", "locality", 90, 8),
               ("Zeta", 5.0, 5.0, None, "", "city", 10, 9)]
    back = _from_columns(_to_columns({"version": "t", "entries": entries, "names": {}}))
    assert back["entries"].points_by_country("city") == {"US": [(1.5, -2.25)], "UA": [(48.5, 35.0)]}
    assert back["entries"].points_by_country("landmark") == {}


@pytest.mark.parametrize("variant,canonical", [
    ("Avdiivka", "Avdiyivka"), ("Ain Issa", "‘Ayn ‘Īsá"), ("Tell Abyad", "Tall Abyad"),
    ("Kharkov", "Kharkiv"), ("Kiev", "Kyiv"), ("Agdam", "Aghdam"), ("Deir Hafir", "Dayr Hafir"),
    ("Slovyansk", "Sloviansk"), ("al-Watiyah", "Watiya"),
])
def test_fold_key_meets_transliterations(variant, canonical):
    from geo.gazetteer import fold

    assert fold(variant) == fold(canonical)


def test_fold_keeps_distinct_names_apart():
    from geo.gazetteer import fold

    assert fold("Tripoli") != fold("Tripolis") and fold("Kyiv") != fold("Kiev Street")


def test_online_backend_fills_only_unresolved_places(places_settings, gz, monkeypatch):
    """A place the gazetteer could not resolve gets coordinates from the configured backend
    (country from the offline gazetteer); resolved places are never sent; with the default
    settings the pipeline asks nothing."""
    import geopy.geocoders

    from geo.geocoding import fill_unresolved
    from timeline.model import Article, PlaceMention
    from timeline.pipeline import process

    asked = []

    class FakeService:
        def __init__(self, **kw):
            pass

        def geocode(self, query, exactly_one=True, **kw):
            asked.append(query)
            return Location("Zzyzx Road, Somewhere", (36.55, 36.85), {})

        def reverse(self, query, exactly_one=True, **kw):
            return None

    monkeypatch.setitem(geopy.geocoders.SERVICE_TO_GEOCODER, "fakeonline", FakeService)
    process(Article(text="Shells hit Zzyzx Road near Aleppo on Sunday."), places_settings)
    assert asked == []
    places = [PlaceMention(0, 9, "Zzyzx Road", name="Zzyzx Road"),
              PlaceMention(15, 21, "Aleppo", name="Aleppo", lat=36.2, lon=37.16, country="SY")]
    assert fill_unresolved(places, places_settings) == places and asked == []
    online = places_settings.with_(geocoder="fakeonline", geocoder_options={"min_delay_seconds": 0})
    filled = fill_unresolved(places, online)
    assert (filled[0].lat, filled[0].lon, filled[0].country) == (36.55, 36.85, "SY")
    assert filled[1] == places[1] and asked == ["Zzyzx Road"]


def test_lookup_memo_keeps_plain_and_folded_lookups_apart(gz):
    """``ids`` and ``fold_ids`` share one memo: a folded answer must not leak into the plain one."""
    gz._memo.clear()
    folded = gz.fold_ids("Avdiivka")
    assert folded and gz.ids("Avdiivka") == gz.names.get(key("Avdiivka"), ())
    assert gz.fold_ids("Avdiivka") == folded
    assert gz.ids("Damascus") == gz.ids("Damascus") == gz.names.get(key("Damascus"))
    assert gz.ids("Nowhere-at-all-ville") == ()


@pytest.mark.parametrize("county,state,near", [
    # states where countrystatecity has a town in every county: the i-th id is the i-th county
    ("DeKalb County", "IL", (41.89, -88.77)),
    ("Madison County", "IL", (38.83, -89.90)),
    # states with counties that have no town: placed between the ids around them
    ("Clarke County", "GA", (33.95, -83.38)),
    ("Walker County", "GA", (34.74, -85.30)),
    ("Clayton County", "GA", (33.54, -84.36)),
    ("Williamson County", "TN", (35.90, -86.90)),
    ("Walker County", "TX", (30.74, -95.57)),
])
def test_us_counties_sit_in_their_county_not_at_the_state_centre(gz, county, state, near):
    found = [l for l in gz.geocode(county, country_codes="US", exactly_one=False)
             if l.raw["admin1"] == state and l.raw["feature"] == "admin"]
    assert found, (county, state)
    assert distance(found[0].point, near).km < 60, found[0].point


@pytest.mark.parametrize("name,country,near", [
    # bare names of provinces and states with a population: the region, not its namesake town
    ("Quebec", "CA", (52.0, -72.0)),
    ("Queensland", "AU", (-20.9, 142.7)),
    ("Ontario", "CA", (50.0, -85.0)),
])
def test_big_provinces_and_states_come_before_their_namesake_towns(gz, name, country, near):
    loc = gz.geocode(name)
    assert loc.raw["country"] == country and loc.raw["feature"] == "admin", loc.raw
    assert loc.raw["population"] > 1_000_000
    assert distance(loc.point, near).km < 800


def _curated_rows(name: str) -> list[dict]:
    from geo.gazetteer import DATA_DIR, _read_csv

    return _read_csv(DATA_DIR / name)


@pytest.mark.parametrize("row", _curated_rows("features.csv"), ids=lambda r: r["name"])
def test_every_feature_row_is_in_the_index_at_its_point(gz, row):
    """geo/data/features.csv: each name and alias finds the row's entry (at its point)."""
    point = (float(row["lat"]), float(row["lon"]))
    for name in [row["name"], *[a for a in row["aliases"].split("|") if a]]:
        got = [gz.entries[i] for i in gz.ids(name)]
        assert any(distance((e[1], e[2]), point).km < 1 for e in got), (name, got[:3])


@pytest.mark.parametrize("alias,country", [
    (r["alias"], r["country"]) for r in _curated_rows("aliases.csv") if not r["admin1"]])
def test_every_country_alias_names_its_country(gz, alias, country):
    got = [gz.entries[i] for i in gz.ids(alias)]
    assert any(e[3] == country and e[5] == "country" for e in got), (alias, got[:3])


def test_lexicons_load_with_their_kinds():
    from geo.gazetteer import read_lexicon
    from geo.toponyms.forms import ORG_HEADS
    from geo.toponyms.lexicon import CONNECTORS, FOLD_SKIP

    assert "of" in CONNECTORS and "The" in FOLD_SKIP and "Association" in ORG_HEADS
    assert read_lexicon("gazetteer_lexicon.toml", "fold_chars", "pairs")[0] == ("kh", "h")
    assert read_lexicon("gazetteer_lexicon.toml", "fold_words", "dict")["tell"] == "tal"


@pytest.mark.parametrize("query,name", [
    ("Frankfurt Airport", "Frankfurt am Main International Airport"),
    ("Ben Gurion Airport", "Ben Gurion International Airport"),
    ("Heathrow Airport", "London Heathrow Airport"),
    ("Kabul International Airport", "Kabul International Airport"),
])
def test_airports_by_the_names_news_uses(gz, query, name):
    assert gz.geocode(query).raw["name"] == name


def test_capitals_are_marked(gz):
    names = {(gz.entries[i][0], gz.entries[i][3]) for i in gz.capitals}
    assert {("Berlin", "DE"), ("Paris", "FR"), ("Kabul", "AF"), ("Canberra", "AU")} <= names
    assert ("Berlin", "US") not in names
