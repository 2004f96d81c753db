"""Where an event happened (issue 11's "where"): the place attached to the trigger's clause,
else the sentence's, else the state the sentence names, else the dateline's, else the story's;
relative locations at their anchor; sites and misread spans inside actors. Sentences written
for these tests from stories other than the development sets, several variants each."""
from __future__ import annotations

from datetime import date

import pytest

from geo.context import PLACE_NOUN, event_places, sentence_places
from timeline.model import ActorMention, Article, Doc, PlaceMention
from timeline.pipeline import process

PUB = date(2023, 3, 15)


def _events(text: str):
    return process(Article(text=text, published=PUB)).events


def _where(text: str, etype: str | None = None):
    evs = [e for e in _events(text) if etype is None or e.event_type == etype]
    assert evs, f"no event in {text!r}"
    return evs[0].location


@pytest.mark.parametrize("text,name", [
    ("Heavy clashes erupted on Tuesday some 40 km north of Aleppo.", "Aleppo"),
    ("Rebels shelled army positions 20 miles west of Mosul on Friday.", "Mosul"),
    ("Gunmen ambushed a convoy about 60 kilometres east of Kandahar on Sunday.", "Kandahar"),
    ("Fighting raged on Monday south of Khartoum.", "Khartoum"),
])
def test_relative_location_is_mapped_at_its_anchor(text, name):
    loc = _where(text)
    assert loc is not None and loc.text == name, loc


@pytest.mark.parametrize("text,name", [
    ("Fighting broke out on Monday in Homs, 160 km north of Damascus.", "Homs"),
    ("Militants attacked a checkpoint in Kunduz on Friday, 250 km north of Kabul.", "Kunduz"),
])
def test_a_named_place_beats_the_reference_point(text, name):
    loc = _where(text)
    assert loc is not None and loc.text == name, loc


@pytest.mark.parametrize("text,country", [
    ("Peru imposed a nighttime curfew on Monday.", "PE"),
    ("Ecuador declared a state of emergency on Tuesday.", "EC"),
    ("Kenya deployed troops on Saturday.", "KE"),
])
def test_a_country_named_as_its_state_locates_a_happening(text, country):
    loc = _where(text)
    assert loc is not None and loc.country == country and loc.feature == "country", loc


@pytest.mark.parametrize("first,second,name", [
    ("Protesters gathered in Lima on Monday.", "Police fired tear gas at the crowd on Tuesday.",
     "Lima"),
    ("Floods hit Karachi on Sunday.", "Rescuers evacuated 3,000 residents on Monday.",
     "Karachi"),
    ("Troops entered Goma on Friday.", "Hundreds of families fled on Saturday.", "Goma"),
])
def test_a_sentence_without_a_place_takes_the_story_s_place(first, second, name):
    evs = _events(f"{first} {second}")
    later = [e for e in evs if e.sentence == second]
    assert later, [(e.sentence, e.event_type) for e in evs]
    assert later[0].location is not None and later[0].location.name == name
    assert later[0].location.score <= 0.4           # a weaker reading than a named place


@pytest.mark.parametrize("text,name", [
    ("The Ukrainian capital was hit by drones on Monday.", "Kyiv"),
    ("The Syrian capital was shelled on Tuesday.", "Damascus"),
    ("The Sudanese capital was bombed on Saturday.", "Khartoum"),
])
def test_a_capital_described_at_the_start_of_a_sentence(text, name):
    loc = _where(text)
    assert loc is not None and loc.name == name, loc


@pytest.mark.parametrize("text,name", [
    ("The convoy left Voronezh on Saturday, about 300 miles away from Moscow.", "Voronezh"),
    ("The rebels withdrew from Kidal on Sunday, some 300 km from Gao.", "Kidal"),
])
def test_distance_away_from_is_a_reference_point(text, name):
    loc = _where(text)
    assert loc is not None and loc.name == name, loc


@pytest.mark.parametrize("text,name", [
    ("A column of fighters en route to Moscow reached Voronezh on Saturday.", "Voronezh"),
    ("A convoy on its way to Kyiv reached Chernihiv on Friday.", "Chernihiv"),
])
def test_the_place_reached_beats_the_place_headed_for(text, name):
    loc = _where(text)
    assert loc is not None and loc.text.startswith(name), loc


def _doc(text: str) -> Doc:
    return Doc(Article(text=text, published=PUB))


@pytest.mark.parametrize("text,actor,place", [
    ("Awali Musa told LEADERSHIP in Kano on Monday.", "LEADERSHIP in Kano", "Kano"),
    ("A soldier stands guard in Odesa on Friday.", "guard in Odesa", "Odesa"),
    ("The blast hit Herat's Grand Mosque on Friday.", "Herat's Grand Mosque", "Herat"),
    ("Wagner fighters reached Voronezh Oblast.", "Voronezh Oblast", "Voronezh"),
])
def test_a_place_inside_a_misread_actor_span_stays_a_place(text, actor, place):
    a0 = text.index(actor)
    p0 = text.index(place)
    pm = PlaceMention(p0, p0 + len(place), place, name=place, lat=1.0, lon=1.0, feature="city")
    am = ActorMention(a0, a0 + len(actor), actor, name=actor, category="state")
    assert event_places(text, [pm], [am]) == [pm]


@pytest.mark.parametrize("text,actor,place", [
    ("The Government of Chad said on Monday.", "The Government of Chad", "Chad"),
    ("Kabul-based officials met on Monday.", "Kabul-based officials", "Kabul"),
])
def test_a_government_is_not_where_it_happened(text, actor, place):
    a0 = text.index(actor)
    p0 = text.index(place)
    pm = PlaceMention(p0, p0 + len(place), place, name=place, lat=1.0, lon=1.0,
                      feature="country")
    am = ActorMention(a0, a0 + len(actor), actor, name=actor, category="state")
    assert event_places(text, [pm], [am]) == []


@pytest.mark.parametrize("text", [
    "Fighters advanced in southern Russia as Chechen units withdrew on Sunday.",
    "Shelling resumed in eastern Ukraine at Dawn Station on Sunday.",
])
def test_an_english_word_is_no_name_particle(text):
    doc = process(Article(text=text, published=PUB))
    s, e = doc.sentences[0]
    texts = [p.text for p in sentence_places(doc, s, e)]
    assert not any(" as " in t or " at " in t for t in texts), texts


@pytest.mark.parametrize("word,place", [
    ("outskirts", True), ("oblast", True), ("villages", True), ("camps", True),
    ("agreement", False), ("deal", False), ("toll", False),
])
def test_place_nouns(word, place):
    assert (PLACE_NOUN.fullmatch(word) is not None) is place


@pytest.mark.parametrize("text,name", [
    ("Thousands marched through Kenya's capital on Monday.", "Nairobi"),
    ("Drones struck Ukraine’s capital on Tuesday.", "Kyiv"),
    ("Protesters gathered in Peru's capital on Sunday.", "Lima"),
])
def test_a_country_s_capital_is_its_capital_city(text, name):
    loc = _where(text)
    assert loc is not None and loc.name == name, loc


@pytest.mark.parametrize("text,dateline", [
    ("KANO, Nigeria (AP) — Gunmen attacked a school in Kaduna on Friday.", "KANO"),
    ("March 3 (MOGADISHU) – A bomb exploded in Baidoa on Sunday.", "MOGADISHU"),
])
def test_an_opening_dateline_is_not_where_the_story_happened(text, dateline):
    places = []
    for name in (dateline, text.split(" in ")[1].split(" on ")[0]):
        i = text.index(name)
        places.append(PlaceMention(i, i + len(name), name, name=name, lat=1.0, lon=1.0,
                                   feature="city"))
    assert [p.text for p in event_places(text, places, [])] == [places[1].text]
    # with no other place, the dateline still locates it
    assert [p.text for p in event_places(text, places[:1], [])] == [dateline]


@pytest.mark.parametrize("text,name", [
    ("In Kenya, police raided the charity's Nairobi office on Monday.", "Kenya"),
    ("In Mexico, gunmen shot dead two Tijuana journalists on Friday.", "Mexico"),
    ("Troops shelled the Kharkiv airport in Ukraine on Monday.", "Kharkiv"),
])
def test_a_place_qualifying_a_noun_is_not_where(text, name):
    loc = _where(text)
    assert loc is not None and loc.name == name, loc


@pytest.mark.parametrize("text,name,cc", [
    ("Migrants climbed the fence to get to San Diego from Tijuana, Mexico, on Sunday.",
     "San Diego", "US"),
    ("Refugees walked to Lahore from Amritsar, India, on Sunday.", "Lahore", "PK"),
])
def test_a_country_after_another_place_qualifies_that_place(text, name, cc):
    doc = process(Article(text=text, published=PUB))
    got = {p.text: p for p in sentence_places(doc, 0, len(text))}
    assert got[name].country == cc


def test_event_location_without_a_parse_picks_a_place_and_does_not_crash():
    """Two resolved places and no parse (no trigger heads): the key must stay comparable
    (a crash here stopped `bench pipeline` on news-wide)."""
    from geo.context import event_location
    from timeline.model import PlaceMention
    text = "Officials in Kenya said troops reached Nairobi's outskirts in Kenya."
    a = PlaceMention(13, 18, "Kenya", name="Kenya", lat=0.0, lon=38.0, country="KE",
                     feature="country")
    b = PlaceMention(39, 46, "Nairobi", name="Nairobi", lat=-1.28, lon=36.82, country="KE",
                     feature="city")
    got = event_location([a, b], text)
    assert got is not None and got.name == "Kenya"      # Nairobi's is a possessor here
    got = event_location([a, b], text, doc=None, trigger=(31, 38))
    assert got is not None


# ---------------------------------------------------------------- issue 11/12: event places
@pytest.mark.parametrize("text,name", [
    ("AMMAN/BAGHDAD: Thousands marched through the streets of Iraq's capital on Friday.",
     "Baghdad"),
    ("NAIROBI/MOGADISHU: Gunmen stormed a hotel in Somalia’s capital on Tuesday.", "Mogadishu"),
    ("BEIRUT/DAMASCUS: Shells hit the Syrian capital on Sunday.", "Damascus"),
])
def test_a_dateline_of_several_places_is_not_where_it_happened(text, name):
    loc = _where(text)
    assert loc is not None and loc.name == name, loc


@pytest.mark.parametrize("first,second,cc", [
    ("A cyclone hit Fiji on Sunday.", "Aid flights landed in the island nation on Tuesday.",
     "FJ"),
    ("An earthquake struck Nepal on Saturday.",
     "Rescue teams arrived in the Himalayan nation on Monday.", "NP"),
    ("Rebels attacked Chad on Friday.",
     "French troops were flown to the landlocked country on Sunday.", "TD"),
])
def test_a_country_described_by_an_epithet_is_the_country_named_before(first, second, cc):
    evs = [e for e in _events(f"{first} {second}") if e.sentence == second]
    assert evs and evs[0].location is not None and evs[0].location.country == cc, \
        [(e.event_type, e.location) for e in evs]


@pytest.mark.parametrize("text,name", [
    ("Turkish jets bombed Iraq on Sunday to hit fighters who were hiding in Sinjar.", "Sinjar"),
    ("Israeli aircraft struck Lebanon on Monday to destroy rockets that militants had stored in "
     "Tyre.", "Tyre"),
    ("Police fired tear gas into Mexico on Tuesday to push back migrants who tried to climb the "
     "fence in Tijuana.", "Tijuana"),
])
def test_a_country_gives_way_to_a_town_of_its_own_in_the_sentence(text, name):
    loc = _where(text)
    assert loc is not None and loc.text == name, loc


@pytest.mark.parametrize("text,name,near", [
    ("Police detained the activists in Belarus on Monday. On Tuesday they were driven to the "
     "border, where guards told them to cross into Poland.", "Belarus–Poland border",
     (52.9, 23.7)),
    ("Hundreds of refugees reached Serbia on Thursday. On Friday police detained them on the "
     "Hungarian side of the border.", "Hungary–Serbia border", (46.1, 19.6)),
    ("Villages were shelled on Sunday. Iranian troops were deployed to the border with Iraq "
     "on Monday.", "Iran–Iraq border", (33.3, 46.7)),
    ("Migrants gathered in Tijuana on Sunday, hoping to reach the United States. On Monday "
     "police detained a group at the border.", "Mexico–United States of America border", (32.5, -117.0)),
])
def test_a_border_is_where_it_happened(text, name, near):
    evs = _events(text)
    second = [e.location for e in evs if e.sentence in text.split(". ", 1)[1]]
    assert any(loc is not None and loc.name == name and abs(loc.lat - near[0]) < 1.5
               and abs(loc.lon - near[1]) < 2.5 for loc in second), second


@pytest.mark.parametrize("text", [
    "Russian jets scrambled to patrol borders on Thursday as gunmen seized the airport in "
    "Simferopol.",
])
def test_a_bare_plural_border_is_no_place(text):
    loc = _where(text)
    assert loc is not None and "border" not in loc.name, loc


@pytest.mark.parametrize("text,country,lat,lon", [
    ("Chile ordered a curfew on Sunday after riots.", "CL", -35.7, -71.3),
    ("Protests spread across Mexico on Monday.", "MX", 23.6, -102.0),
    ("Chad declared a state of emergency on Friday.", "TD", 15.4, 18.7),
    ("Floods hit Afghanistan on Tuesday.", "AF", 33.9, 67.8),
])
def test_a_country_wide_event_sits_where_maps_centre_the_country(text, country, lat, lon):
    """The middle of the country's outline, as web maps and news graphics centre it, not the
    gazetteer's rough point (Chile's is 630 km north, at -30, -71)."""
    loc = _where(text)
    assert loc is not None and loc.country == country and loc.feature == "country", loc
    assert abs(loc.lat - lat) < 0.2 and abs(loc.lon - lon) < 0.4, (loc.lat, loc.lon)


def test_a_country_whose_outline_middle_is_abroad_keeps_its_gazetteer_point():
    """Croatia's bounding box is centred in Bosnia: the gazetteer's point stays."""
    from geo.borders import map_centre

    assert map_centre("HR") is None and map_centre("NO") is None
    loc = _where("Croatia declared a state of emergency on Friday.")
    assert loc is not None and loc.country == "HR"
    assert loc.lat is not None and (round(loc.lat, 2), round(loc.lon, 2)) not in [(44.49, 16.52)]


@pytest.mark.parametrize("text,country", [
    ("Turkey's army chief said 104 putschists had been killed. He blamed the coup attempt in his "
     "country on a cleric living in the US state of Pennsylvania on Saturday.", "TR"),
    ("Nigeria's president spoke on Monday. He said the kidnapping of students in his country "
     "on Friday was a crime.", "NG"),
    ("Kenya's foreign minister arrived on Monday. She condemned the attacks in her country "
     "on Sunday.", "KE"),
])
def test_his_country_is_the_country_named_before_even_as_a_possessor(text, country):
    """"his/her country" is a person's own: the country named before it ("Turkey's army
    chief"), not a place named later in the sentence."""
    evs = [e for e in _events(text) if "country" in e.sentence]
    assert evs and evs[0].location is not None and evs[0].location.country == country, \
        [(e.sentence[:40], e.location) for e in evs]


@pytest.mark.parametrize("text,possessor,place", [
    ("A chartered plane carrying Sri Lanka's fleeing president landed at Male on Wednesday.",
     "Sri Lanka", "Male"),
    ("Kenya's fleeing opposition leader arrived in Kampala on Monday.", "Kenya", "Kampala"),
    ("A convoy carrying Niger's deposed president reached Agadez on Friday.", "Niger", "Agadez"),
])
def test_a_possessor_says_whose_not_where(text, possessor, place):
    """A place that only possesses a participant ("Sri Lanka's fleeing president") does not
    locate the clause's event when the sentence names where it happened."""
    evs = [e for e in _events(text) if e.location is not None]
    assert evs and all(e.location.text != possessor for e in evs), \
        [(e.event_type, e.location.text) for e in evs]
    assert any(e.location.text == place for e in evs), [(e.event_type, e.location.text) for e in evs]


@pytest.mark.parametrize("text", [
    "Troops entered Mosul on Monday. The army said it had cleared the city.",
    "A car bomb exploded in Kabul. Police in Kabul said the toll was rising.",
    "Rebels seized Kidal in Mali. Officials said the capital was calm.",
    "Shelling hit the frontier town of Sumy. Crowds gathered at the border with Russia.",
    "Gunmen raided Maiduguri on Friday. They stormed the maternity hospital at dawn.",
    "Fighters flew from Bani Walid to Jufra on Sunday, a spokesman said.",
])
def test_a_sentence_with_places_is_never_passed_over(text):
    """Events pass over a sentence for which ``may_name_places`` is False: every sentence in
    which ``sentence_places`` or ``facility_places`` finds a place must be True."""
    from geo.context import facility_places, may_name_places

    doc = process(Article(text=text, published=PUB))
    for s, e in doc.sentences:
        named = sentence_places(doc, s, e)
        if named or facility_places(doc, s, e, named):
            assert may_name_places(doc, s, e), text[s:e]


@pytest.mark.parametrize("text", [
    "He said the plan was good.",
    "Officials declined to comment further.",
    "The report was welcomed by analysts, who called it overdue.",
])
def test_a_sentence_without_places_is_passed_over(text):
    from geo.context import may_name_places

    doc = process(Article(text=text, published=PUB))
    s, e = doc.sentences[0]
    assert sentence_places(doc, s, e) == [] and not may_name_places(doc, s, e)
