"""Directional regions of a country (issue 12: ``southern Mexico`` is a region of Mexico, at
the point an atlas gives it, not the middle-west of the country's bounding box)."""
from __future__ import annotations

import pytest
from geopy.distance import distance

from geo.toponyms import find_places
from timeline.config import Settings
from timeline.model import Article, Doc
from timeline.segment import sentences


@pytest.fixture(scope="session")
def region_settings(tmp_path_factory) -> Settings:
    home = tmp_path_factory.getbasetemp() / "places-home"   # shared with test_places
    home.mkdir(exist_ok=True)
    return Settings(home=home, use_ner=False)


def _places(text: str, settings: Settings) -> dict:
    doc = Doc(Article(text=text))
    doc.sentences = sentences(text)
    return {p.text: p for p in find_places(doc, settings)}


# (sentence, span, country, where an atlas puts the region, km allowed). Computed from the
# country's admin-1 regions (geo.country_parts): the gazetteer has no entry of these names.
COMPUTED = [
    # Chiapas, Oaxaca, Guerrero (the box put it at 18.7, -101.5, in Michoacán)
    ("Migrants crossed into southern Mexico on Friday.", "southern Mexico", "MX", (17.0, -95.5), 300),
    ("Cartel violence flared in northern Mexico.", "northern Mexico", "MX", (28.0, -105.0), 300),
    ("Gunmen kidnapped pupils in northern Nigeria.", "northern Nigeria", "NG", (12.0, 8.5), 200),
    ("Oil workers were seized in southern Nigeria.", "southern Nigeria", "NG", (5.5, 6.5), 200),
    ("Bandits raided villages in northwestern Nigeria.", "northwestern Nigeria", "NG", (12.0, 6.0),
     250),
    ("Herders and farmers clashed in central Nigeria.", "central Nigeria", "NG", (9.0, 8.0), 250),
    ("Refugees reached western Ukraine by train.", "western Ukraine", "UA", (49.5, 24.5), 200),
    ("Missiles struck central Ukraine overnight.", "central Ukraine", "UA", (49.0, 31.5), 150),
    ("An earthquake struck western Afghanistan.", "western Afghanistan", "AF", (34.3, 62.2), 250),
    ("The Taliban took districts in northern Afghanistan.", "northern Afghanistan", "AF",
     (36.5, 68.0), 200),
    ("Rebels advanced in northern Chad.", "northern Chad", "TD", (19.0, 18.5), 250),
    ("Drought hit southern Ethiopia hard.", "southern Ethiopia", "ET", (5.5, 38.5), 300),
    ("Protests spread across southern Iraq.", "southern Iraq", "IQ", (31.0, 46.5), 200),
    ("Militants attacked a convoy in western Iraq.", "western Iraq", "IQ", (33.4, 42.0), 250),
    ("Boko Haram attacked a village in northern Cameroon.", "northern Cameroon", "CM", (9.5, 13.9),
     200),
    ("Fighting displaced thousands in western Sudan.", "western Sudan", "SD", (13.5, 24.0), 250),
    ("The typhoon hit the central Philippines.", "central Philippines", "PH", (11.0, 123.5), 250),
    ("Troops fought militants in the southern Philippines.", "southern Philippines", "PH",
     (7.5, 124.5), 200),
    ("Floods hit southern India.", "southern India", "IN", (12.0, 78.0), 250),
    ("Unrest grew in northeastern India.", "northeastern India", "IN", (26.0, 93.0), 200),
    ("A heatwave gripped western India.", "western India", "IN", (21.5, 73.5), 300),
    ("Separatists attacked a gas field in southwestern Pakistan.", "southwestern Pakistan", "PK",
     (28.5, 65.5), 300),
    ("Air strikes hit northern Yemen.", "northern Yemen", "YE", (16.0, 44.0), 300),
    ("An earthquake struck southeastern Turkey.", "southeastern Turkey", "TR", (37.9, 40.2), 250),
    ("Gunmen attacked a police post in eastern Turkey.", "eastern Turkey", "TR", (39.0, 41.5), 200),
    ("Raiders stole cattle in northern Kenya.", "northern Kenya", "KE", (2.5, 38.0), 250),
    ("Jihadists attacked a town in northern Burkina Faso.", "northern Burkina Faso", "BF",
     (14.0, -1.0), 150),
    ("A convoy was ambushed in northern Niger.", "northern Niger", "NE", (18.5, 9.0), 250),
    ("Fighting flared in northern Myanmar.", "northern Myanmar", "MM", (25.5, 97.5), 300),
    ("Villages burned in western Myanmar.", "western Myanmar", "MM", (20.0, 93.5), 200),
    ("Rebels abducted children in northern Uganda.", "northern Uganda", "UG", (3.0, 32.5), 150),
    ("Floods struck northern Italy.", "northern Italy", "IT", (45.5, 10.0), 150),
    # France's overseas regions (Guadeloupe, Réunion) stay out of its south
    ("Wildfires raged in southern France.", "southern France", "FR", (43.6, 3.5), 150),
    ("Storms hit northern France.", "northern France", "FR", (50.0, 2.5), 200),
    ("Far-right rallies were held in eastern Germany.", "eastern Germany", "DE", (51.5, 13.0), 200),
    ("Drought struck northeastern Brazil.", "northeastern Brazil", "BR", (-7.5, -38.5), 250),
    ("Shelling hit southern Syria.", "southern Syria", "SY", (32.7, 36.3), 150),
    ("Militants attacked an army post in central Mali.", "central Mali", "ML", (14.5, -4.0), 250),
    ("Protesters gathered in western Iran.", "western Iran", "IR", (34.5, 47.0), 300),
]

# The same mechanism's names that regions.csv curates: the gazetteer's point comes first.
CURATED = [
    ("The army said fighting continued in eastern DRC.", "eastern DRC", "CD", (-1.5, 28.9), 300),
    ("Militants attacked a base in northern Mali.", "northern Mali", "ML", (17.5, -1.0), 300),
    ("Troops moved into southern Lebanon.", "southern Lebanon", "LB", (33.3, 35.4), 60),
    ("Shelling continued in eastern Ukraine.", "eastern Ukraine", "UA", (48.5, 37.5), 200),
    ("Al-Shabaab attacked a base in southern Somalia.", "southern Somalia", "SO", (1.5, 43.5), 300),
    ("Aid reached northern Ethiopia.", "northern Ethiopia", "ET", (13.0, 39.0), 300),
    # the Indo-Gangetic plain, not the Himalayan regions that lie furthest north
    ("At least 34 deaths occurred in northern India.", "northern India", "IN", (27.5, 79.5), 200),
]


@pytest.mark.parametrize("text,span,country,near,km", COMPUTED + CURATED)
def test_a_directional_region_is_where_an_atlas_puts_it(region_settings, text, span, country,
                                                        near, km):
    found = _places(text, region_settings)
    assert span in found, sorted(found)
    p = found[span]
    assert (p.country, p.feature, p.name) == (country, "region", span)
    assert distance((p.lat, p.lon), near).km < km, (p.lat, p.lon)


def test_opposite_parts_lie_apart(region_settings):
    """Each part lies on its own side of the country: north above south, east right of west."""
    found = _places("Fighting spread from northern Nigeria to southern Nigeria, and from "
                    "western Ukraine to eastern Ukraine.", region_settings)
    assert found["northern Nigeria"].lat > found["southern Nigeria"].lat + 4
    assert found["eastern Ukraine"].lon > found["western Ukraine"].lon + 8


def test_the_corpus_convention_keeps_the_country(region_settings):
    """The geoparsing corpora's convention (``place_country_parts=False``): the country's point."""
    found = _places("Migrants crossed into southern Mexico.",
                    region_settings.with_(place_country_parts=False))
    assert found["Mexico"].feature == "country"


def _english_rows() -> list[tuple[str, str, str]]:
    from geo.gazetteer import DATA_DIR, _read_csv
    return [(r["alias"], r["country"], r["admin1"]) for r in _read_csv(DATA_DIR / "aliases.csv")
            if r["admin1"] and r["country"] not in ("US", "CA")]


@pytest.fixture(scope="module")
def gz(region_settings):
    from geo.gazetteer import default_gazetteer
    return default_gazetteer(region_settings)


@pytest.mark.parametrize("alias,country,local", _english_rows())
def test_every_english_admin1_name_finds_its_region(gz, alias, country, local):
    """geo/data/aliases.csv: "North Kivu" is the admin-1 region countrystatecity calls Nord-Kivu."""
    got = [gz.entries[i] for i in gz.ids(alias)]
    assert any(e[0] == local and e[3] == country and e[5] == "admin" for e in got), got[:3]


@pytest.mark.parametrize("text,span,country,near", [
    ("Thousands fled fighting in North Kivu on Monday.", "North Kivu", "CD", (-0.6, 28.9)),
    ("M23 rebels advanced in South Kivu.", "South Kivu", "CD", (-3.0, 28.3)),
    ("Drones hit the Belgorod Region overnight.", "Belgorod Region", "RU", (50.6, 37.6)),
    ("The column reached Lipetsk Oblast on Saturday.", "Lipetsk Oblast", "RU", (52.6, 39.3)),
    ("Missiles struck Odesa Oblast.", "Odesa Oblast", "UA", (46.5, 30.3)),
    ("Militants attacked a base in Anbar on Sunday.", "Anbar", "IQ", (33.0, 42.0)),
    ("Floods hit the State of Mexico.", "State of Mexico", "MX", (19.4, -99.6)),
    ("The army shelled villages in Karen State.", "Karen State", "MM", (17.2, 97.7)),
])
def test_an_admin1_region_written_in_english_is_found(region_settings, text, span, country, near):
    found = _places(text, region_settings)
    assert span in found, sorted(found)
    p = found[span]
    assert p.country == country and distance((p.lat, p.lon), near).km < 150, (p.lat, p.lon)
