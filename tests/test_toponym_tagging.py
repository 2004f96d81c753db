"""Toponym tagging by class (issue 12): table tests written from varied stories, one table per
general class, asserting the spans a reader would tag and where they are placed."""
from __future__ import annotations

import pytest
from geopy.distance import distance

from geo.toponyms import find_places
from timeline import nlp
from timeline.config import Settings
from timeline.model import Article, Doc
from timeline.segment import sentences


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    home = tmp_path_factory.getbasetemp() / "places-home"   # shared with test_places
    home.mkdir(exist_ok=True)
    return Settings(home=home, place_demonyms=True, place_country_parts=False)


def tagged(text: str, settings: Settings, with_parse: bool = True) -> dict:
    """The places found in ``text``, by name; ``with_parse=False`` gives the tagger the
    entities but not the parse they came from."""
    doc = Doc(Article(text=text))
    doc.sentences = sentences(text)
    parsed = nlp.parse(text)
    doc.parsed = parsed if with_parse else None
    doc.entities = nlp.entities_of(parsed)
    return {p.text: p for p in find_places(doc, settings)}


def near(p, point: tuple, km: float = 100) -> bool:
    return p.lat is not None and distance((p.lat, p.lon), point).km <= km


def assert_placed(text: str, settings: Settings, name: str, point: tuple, km: float = 60):
    """``name`` is tagged in ``text`` and placed within ``km`` of ``point``."""
    found = tagged(text, settings)
    assert name in found, list(found)
    assert near(found[name], point, km), found[name]


# Names listed before a plural type noun: each name is a place of that type.
@pytest.mark.parametrize("text,names,point", [
    ("School boards in Barrow, Jackson and Madison counties tweaked their layoff policies.",
     ["Barrow", "Jackson", "Madison"], (34.1, -83.6)),          # Georgia
    ("Flooding closed roads in Becker, Clay, Otter Tail and Wilkin counties on Friday.",
     ["Becker", "Clay", "Otter Tail", "Wilkin"], (46.6, -96.0)),  # Minnesota
    ("Homes sold in Alachua and Gilchrist counties fell 25 percent in February.",
     ["Alachua", "Gilchrist"], (29.8, -82.6)),                  # Florida
    ("Several trucks overturned in a stretch from Ellsworth to Riley counties, Kansas.",
     ["Riley"], (39.3, -96.7)),
])
def test_names_listed_before_a_plural_type_noun(settings, text, names, point):
    found = tagged(text, settings)
    for n in names:
        assert n in found, (n, list(found))
        assert near(found[n], point, 250), (n, found[n])


def test_a_plural_type_noun_alone_tags_nothing(settings):
    found = tagged("Officials in three counties and two parishes met on Monday.", settings)
    assert not found


# A legislator's party letter and home: the home is a state, county or town.
@pytest.mark.parametrize("text,name,point", [
    ("“These bonuses squander the people's money,” said Rep. Earl Pomeroy, D-N.D. “Stop it.”",
     "N.D.", (47.5, -100.5)),
    ("Senate Tax Chairman Tom Bakk, DFL-Cook, said most new revenue would come from taxes.",
     "Cook", (47.8, -90.3)),
    ("State Rep. Jay Roberts (R-Ocilla), chairman of the caucus, is pushing the bill.",
     "Ocilla", (31.6, -83.3)),
    ("Delegate Carrie Webster, D-Kanawha, chairs the committee in Charleston, W.Va.",
     "Kanawha", (38.4, -81.6)),
    ("House Speaker Nancy Pelosi, D-Calif, told colleagues the money must come back.",
     "Calif", (37.0, -120.0)),
])
def test_a_legislators_home_after_the_party_letter(settings, text, name, point):
    assert_placed(text, settings, name, point, 400)


def test_party_letter_words_that_are_not_homes(settings):
    found = tagged("Veterans recalled the D-Day landings, R-rated films and Sen. Joe Smith, "
                   "I-Conn., in Paris.", settings)
    assert "Paris" in found and "Conn." in found
    assert not {"Day", "rated", "D-Day"} & set(found)


# A town or county opening the name of a court, an office or a public body is a place, whatever
# the model called the name; a facility often named after a person is not evidence.
@pytest.mark.parametrize("text,name,point", [
    ("The Torrington, Conn., man will appear in Litchfield Superior Court on April 7.",
     "Litchfield", (41.75, -73.19)),
    ("Julius Givens was arraigned at the Henderson County Jail in Athens, Texas, on Tuesday.",
     "Henderson County", (32.2, -95.85)),
    ("\u201cIt has been dry,\u201d said Huntsville Fire Chief Tom Grisham of Huntsville, Texas.",
     "Huntsville", (30.7, -95.55)),
    ("\u201cNo right turn on red,\u201d Beaconsfield Mayor Georges Bourelle told reporters in Quebec.",
     "Beaconsfield", (45.43, -73.87)),
    ("A Charleston man admitted in Kanawha Circuit Court on Monday that he fired the shots.",
     "Kanawha", (38.35, -81.6)),
])
def test_place_opening_an_office_or_court(settings, text, name, point):
    assert_placed(text, settings, name, point)


@pytest.mark.parametrize("text,word", [
    ("Flights were cancelled at Toronto's Pearson International Airport on Saturday.", "Pearson"),
    ("The service was held in Sunset Memorial Park in South Charleston.", "Sunset"),
    ("It was the only vote against, cast by Vice Mayor Ray Melton of Franklin, Tenn.", "Vice"),
    ("Nearly 29 states have full coverage, according to Linda Daily, a director.", "Linda"),
])
def test_facility_named_after_a_person_is_not_its_town(settings, text, word):
    assert word not in tagged(text, settings)


# A dateline run on after the headline's sentence is the place before the dash.
@pytest.mark.parametrize("text,name,point", [
    ("Fleeing shoplifting suspect struck by car . ROSWELL - A man police say took a bracelet "
     "was hit on Holcomb Bridge Road.", "ROSWELL", (34.02, -84.36)),
    ("Two vie for council seat. ISLE OF PALMS — Two members of the city Planning Commission "
     "will appear on the ballot.", "ISLE OF PALMS", (32.79, -79.79)),
    ("Home hit by fire a second time. BYESVILLE -- Firefighters are searching for the cause "
     "of a blaze in Guernsey County, Ohio.", "BYESVILLE", (39.97, -81.54)),
])
def test_dateline_after_the_headline(settings, text, name, point):
    assert_placed(text, settings, name, point)


def test_capitals_after_a_sentence_without_a_place_are_not_a_dateline(settings):
    found = tagged("The vote was close. FBI agents - who declined to comment - were there.",
                   settings)
    assert not found


# Common words that are town names somewhere but in news open a court's, a law's or a police
# force's name, or a compass street prefix: not places; the place beside them is.
@pytest.mark.parametrize("text,word,place", [
    ("A civil panel in Clarke County Superior Court found him competent.", "Superior",
     "Clarke County"),
    ("The killer asked the Ohio Supreme Court to delay his execution.", "Supreme", "Ohio"),
    ("Money from the Recovery Act reached Athens, Ga., this spring.", "Act", "Athens"),
    ("The crash in Las Vegas is under investigation by Metro Police.", "Metro", "Las Vegas"),
    ("Protesters in Gainesville, Fla., marched near Northwest 34th Street.", "Northwest",
     "Gainesville"),
])
def test_common_words_opening_a_name_are_not_places(settings, text, word, place):
    found = tagged(text, settings)
    assert word not in found, list(found)
    assert place in found, list(found)


# A town named before a lower-case noun of its public bodies or people is framed as a place.
@pytest.mark.parametrize("text,name,point", [
    ("Roselle police ticketed hundreds of motorists near Chicago last month.",
     "Roselle", (41.98, -88.08)),
    ("He was arrested by Danbury police on Monday night and brought to New Milford, Conn.",
     "Danbury", (41.39, -73.45)),
    ("The road gives Vicksburg residents another exit, the Mississippi engineer said.",
     "Vicksburg", (32.35, -90.88)),
])
def test_town_before_its_public_bodies(settings, text, name, point):
    assert_placed(text, settings, name, point)


def test_surname_before_family_is_not_framed(settings):
    assert "Welch" not in tagged("After the Welch family left, the house stood empty.", settings)


# An unknown NER "place" made of a place and an institution's words is the place alone, also
# when an institution word is itself a town's name somewhere (Police, Council).
@pytest.mark.parametrize("text,name,point", [
    ("North Las Vegas Police Officer Michael Eggers shot Bell as the two struggled.",
     "North Las Vegas", (36.2, -115.12)),
    ("West Columbia City Council calls special meeting in South Carolina.",
     "West Columbia", (33.99, -81.07)),
    ("Isaac Fisher of Kansas City, Kan., was charged in Wyandotte County District Court.",
     "Wyandotte County", (39.11, -94.76)),
])
def test_place_inside_an_institutions_ner_span(settings, text, name, point):
    assert_placed(text, settings, name, point)


# ``Name, age, of Town``: where the person lives.
@pytest.mark.parametrize("text,name,point", [
    ("Authorities said Rebecca Sears, 41, of Grovetown, planned the robbery in Augusta, Ga.",
     "Grovetown", (33.45, -82.2)),
    ("Survivors include her son Edward Moayyad of Southlake and a daughter in Fort Worth, Texas.",
     "Southlake", (32.94, -97.13)),
    ("No one knows that better than Mindy Miller of Ravenel, S.C., whose son is eight.",
     "Ravenel", (32.76, -80.23)),
])
def test_home_town_after_a_persons_name(settings, text, name, point):
    assert_placed(text, settings, name, point)


def test_of_after_a_title_or_institution_is_not_a_home(settings):
    found = tagged("Relations soured under the administration of George Bush, said Tom Hill, "
                   "of Athens, Ga.", settings)
    assert "George" not in found and "Athens" in found


# A town the model labels a group, an organisation, a person or another name is a place as
# the object or the prepositional complement of a verb of attack, capture or movement.
@pytest.mark.parametrize("text,name,point", [
    ("Troops shelled Kidal on Friday.", "Kidal", (18.44, 1.41)),                 # NORP
    ("Russian forces shelled Kidal on Friday.", "Kidal", (18.44, 1.41)),
    ("Troops shelled Bakhmut on Friday.", "Bakhmut", (48.59, 38.0)),             # ORG, RB
    ("Government forces recaptured Avdiivka in March.", "Avdiivka", (48.14, 37.75)),
    ("Ukrainian troops entered Kupiansk on Saturday.", "Kupiansk", (49.71, 37.62)),
    ("Residents evacuated Lysychansk as the front neared.", "Lysychansk", (48.9, 38.43)),
    ("Soldiers advanced on Toretsk overnight.", "Toretsk", (48.4, 37.85)),       # LANGUAGE
    ("Jihadists stormed Djibo at dawn.", "Djibo", (14.1, -1.63)),
    ("M23 rebels seized Rutshuru on Sunday.", "Rutshuru", (-1.19, 29.45)),
    ("Paramilitaries besieged Omdurman for weeks.", "Omdurman", (15.64, 32.48)),
    ("Insurgents captured Mocimboa da Praia in August.", "Mocimboa da Praia", (-11.35, 40.35)),
    ("Al-Shabaab fighters raided Mpeketoni in June.", "Mpeketoni", (-2.39, 40.7)),
    # a spelling the gazetteer has only in another transliteration (Al Hudaydah), unlabelled
    ("Airstrikes hit Hodeidah on Monday.", "Hodeidah", (14.8, 42.95)),
    ("Coalition jets pounded Hodeidah overnight.", "Hodeidah", (14.8, 42.95)),
    # a town GeoNames gives no population but many spellings (not Ethiopia's Afar region)
    ("Iraqi forces retook Tal Afar from the militants.", "Tal Afar", (36.38, 42.45)),
])
def test_town_in_an_actions_frame(settings, text, name, point):
    assert_placed(text, settings, name, point)


def test_town_in_an_actions_frame_without_a_parse(settings):
    """Entities but no parse: the verb (and its preposition) right before the name."""
    for text, name in [("Troops shelled Kidal on Friday.", "Kidal"),
                       ("Wagner fighters occupied Soledar in January.", "Soledar")]:
        assert name in tagged(text, settings, with_parse=False), text


@pytest.mark.parametrize("text,word", [
    ("Troops loyal to Haftar seized the port on Friday.", "Haftar"),
    ("Fans of Chelsea stormed the pitch after the match.", "Chelsea"),
    ("The Bakhmut brigade withdrew to new positions.", "Bakhmut"),
    ("Tragedy struck the Webster last year, the owners said.", "Webster"),
])
def test_names_outside_an_actions_frame_stay_names(settings, text, word):
    assert word not in tagged(text, settings)
