"""Routes: stops in order from movement language; assembly across the seed articles."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from geo.routes import assemble_routes
from timeline.model import Article
from timeline.pipeline import process

ROOT = Path(__file__).resolve().parents[1]


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


@pytest.fixture(scope="module", params=[0, 7], ids=["seeds", "seeds+7d"])
def shifted_seed_docs(request):
    from tests.test_events import seed_article

    return [process(seed_article(n, request.param)) for n in ("asbarez", "sputnik")]


def test_routes_assembled_across_the_seeds(shifted_seed_docs):
    """The Syrian fighters' journey, as an analyst reads it: Abdullah "a resident of northern
    Syria", "after leaving Syria", "they were taken to the airport of Antep to Istanbul and
    then to Azerbaijan" (they: "he and many other Syrians"), "hundreds of Syrian mercenaries"
    between Turkey and Azerbaijan, "Syrian mercenaries were being deployed in
    Nagorno-Karabakh" (the other article). A refused journey ("families who had refused to go
    to Azerbaijan") and origins of other groups ("armed groups from Syria and Libya",
    "militants from the Middle East") are no stops of it; dates shifted by a week change
    nothing."""
    docs = shifted_seed_docs
    routes = [r for d in docs for r in d.routes]
    events = [e for d in docs for e in d.events]
    assembled = assemble_routes(routes, events)
    assert assembled and all(r.article_id is None for r in assembled)
    names = [[s.name for s in r.stops] for r in assembled]
    assert any(_in_order(n, "Syria", "Gaziantep", "Istanbul", "Azerbaijan", "Karabakh")
               and "Turkey" not in n for n in names), names
    for n in names:
        assert not {"Libya", "Middle East"} & set(n), names
    abdullah = [r for r in docs[0].routes if any(s.name == "Gaziantep" for s in r.stops)]
    assert abdullah and {a.name for a in abdullah[0].actors} >= {"Abdullah", "Syrians"}
    assert not any(a.category == "state" for a in abdullah[0].actors), abdullah[0].actors


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


# ---------------------------------------------------------------- synthetic articles
KARIM = ("Karim Haddad, a resident of eastern Chad, said he joined an armed group in May.\n"
         "Karim told reporters that he and many other Chadians were promised $1,000 a month "
         "but were not told they would fight alongside the Libyan army.\n"
         "Immediately after leaving Chad, their phones were confiscated, Karim said.\n"
         "Later Karim was able to take back his phone and call his wife.\n"
         "Karim said that they were driven to the airport of Khartoum, flown to Cairo and then "
         "to Benghazi.")
MONITOR = ("Hundreds of Chadian mercenaries were transported between Egypt and Libya last week, "
           "a monitor said on Friday.\n"
           "Egyptian refugees travelled from Libya to Tunisia on Thursday, the UN said.")
SOURCE = ("A source said on Monday that Chadian fighters were being deployed in Sirte to fight "
          "on the side of the Libyan National Army.")


def _doc(text, day, name="x"):
    return process(Article(text=text, source=name, published=day))


def test_origin_of_the_group_told_elsewhere_in_the_article():
    """'a resident of eastern Chad', 'after leaving Chad': the route told later
    (Khartoum → Cairo → Benghazi) starts in Chad; 'they' is the Chadians, not Libya's army."""
    doc = _doc(KARIM, date(2021, 3, 1))
    names = [[s.name for s in r.stops] for r in doc.routes]
    assert any(_in_order(n, "Chad", "Khartoum", "Cairo", "Benghazi") for n in names), names
    r = next(r for r in doc.routes if any(s.name == "Khartoum" for s in r.stops))
    assert "Chadians" in {a.name for a in r.actors}
    assert not any(a.category == "state" for a in r.actors), r.actors


def test_no_origin_from_another_actor():
    """Where somebody else lives, or a place somebody else left, is no origin of the route."""
    text = ("Ahmed Saleh, a resident of eastern Chad, said on Monday he had never left Chad.\n"
            "Journalists were flown to Cairo and then to Benghazi on Tuesday.")
    doc = _doc(text, date(2021, 3, 1))
    names = [[s.name for s in r.stops] for r in doc.routes]
    assert any(_in_order(n, "Cairo", "Benghazi") for n in names), names
    assert not any("Chad" in n for n in names), names


def test_routes_of_one_group_chain_across_articles():
    """Chadians (A), Chadian mercenaries (B), Chadian fighters (C) are one group: Chad →
    Khartoum → Cairo → Benghazi, with B's 'Egypt and Libya' standing for A's Cairo and
    Benghazi, and C's deployment in Sirte after them; the Egyptian refugees' trip out of
    Libya (another group, sharing only a country) is no part of it."""
    docs = [_doc(KARIM, date(2021, 3, 1), "a"), _doc(MONITOR, date(2021, 3, 5), "b"),
            _doc(SOURCE, date(2021, 3, 8), "c")]
    assembled = assemble_routes([r for d in docs for r in d.routes],
                                [e for d in docs for e in d.events])
    names = [[s.name for s in r.stops] for r in assembled]
    assert any(_in_order(n, "Chad", "Khartoum", "Cairo", "Benghazi", "Sirte")
               and not {"Egypt", "Libya"} & set(n) for n in names), names
    assert not any("Tunisia" in n for n in names), names


def test_consecutive_sentences_of_two_groups_are_two_routes():
    doc = _doc(MONITOR, date(2021, 3, 5))
    names = sorted([s.name for s in r.stops] for r in doc.routes)
    assert ["Egypt", "Libya"] in names and ["Libya", "Tunisia"] in names, names


def _stop(name, cc, lat, lon, feature="city"):
    from timeline.model import PlaceMention
    return PlaceMention(0, len(name), name, name=name, lat=lat, lon=lon, country=cc,
                        feature=feature)


def _group(name, category="armed_group"):
    from timeline.model import ActorMention
    return ActorMention(0, len(name), name, name=name, category=category)


def test_one_group_joins_where_the_next_route_starts_inside_the_last_end():
    """'… → Azerbaijan' and 'Baku → Nagorno-Karabakh' of Syrian fighters / Syrians: one
    journey, Azerbaijan standing for Baku; the same routes of unrelated groups stay apart
    (they share only a country)."""
    from timeline.model import Route

    az = _stop("Azerbaijan", "AZ", 40.5, 47.5, "country")
    a = Route("a", [_stop("Turkey", "TR", 39.0, 35.0, "country"), az],
              actors=[_group("hundreds of Syrian fighters")])
    b = Route("b", [_stop("Baku", "AZ", 40.4, 49.9),
                    _stop("Nagorno-Karabakh", "AZ", 39.9, 46.7, "region")],
              actors=[_group("Syrians", "population")])
    names = [[s.name for s in r.stops] for r in assemble_routes([a, b], [])]
    assert ["Turkey", "Baku", "Nagorno-Karabakh"] in names, names
    c = Route("c", b.stops, actors=[_group("Egyptian refugees", "population")])
    assert assemble_routes([a, c], []) == []
    d = Route("d", b.stops, actors=[_group("Syrian militants")])    # no fighter head: other men
    assert assemble_routes([a, d], []) == []


# ---------------------------------------------------------------- route cues run as tests
def _cue_rows() -> list[dict]:
    import csv
    path = ROOT / "geo" / "data" / "route_cues.csv"
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(ln for ln in fh if not ln.startswith("#")))


@pytest.mark.parametrize("row", _cue_rows(), ids=lambda r: f"{r['role']}:{r['cue'][:24]}")
def test_every_route_cue_example(row):
    """Each cue's example gives a route; a role cue puts the place after it where the role
    says: origin first, destination or arrival last, a way between."""
    import re
    # after an opening sentence: an article's lone first line reads as its headline
    text = "It was reported on Monday. " + row["example"]
    doc = process(Article(text=text, published=date(2023, 3, 15)))
    routes = [r for r in doc.routes if len(r.stops) >= 2]
    if row["role"] == "unrealised":           # a journey only refused, wished or feared
        assert not routes, [[p.text for p in r.stops] for r in routes]
        return
    assert routes, [(p.text, p.name) for p in doc.places]
    if row["role"] in ("move", "planned"):    # a stop still ahead of a journey under way
        return
    if row["role"] == "border":              # the border phrase is a stop, at the border
        stops = [p for r in routes for p in r.stops if row["cue"] in p.text.lower()]
        assert stops and stops[0].name.endswith("border"), \
            [[p.text for p in r.stops] for r in routes]
        return
    m = re.search(rf"\b(?:{row['cue']})\s+", text, re.I)
    stops = routes[0].stops
    after = [i for i, p in enumerate(stops) if p.start is not None and p.start >= m.end()]
    assert after, [(p.text, p.start) for p in stops]
    i = after[0] if row["role"] in ("origin", "via", "return_from") else after[-1]
    where = {"origin": i == 0, "return_from": i == 0, "dest": i == len(stops) - 1,
             "goal": i == len(stops) - 1,
             "arrive": i == len(stops) - 1, "via": 0 < i < len(stops) - 1}[row["role"]]
    assert where, [p.text for p in stops]


@pytest.mark.parametrize("text,want", [
    # the origin told in the next sentence, after the destination
    ("The quake flattened the old town. On Monday Japan sent two planes to Ankara with "
     "rescuers. The planes left Narita airport near Tokyo with 70 rescuers on board.",
     ["Narita", "Ankara"]),
    ("The storm hit the coast. The navy sent a ship to Tacloban with food. The ship left "
     "the naval base outside Manila on Sunday.", ["Manila", "Tacloban"]),
    # an origin inside an actor's description
    ("Fighting went on all day. Militiamen from the town of Zawiya arrived in Tripoli on "
     "Sunday.", ["Zawiya", "Tripoli"]),
    ("The protest grew. Students from the city of Daejeon arrived in Seoul by bus.",
     ["Daejeon", "Seoul"]),
    # a journey told over two sentences
    ("The sea journey from Sfax took two days. Rescuers greeted those who made it to "
     "Lampedusa.", ["Sfax", "Lampedusa"]),
    # a stay told in a clause coordinated with the journey is where it starts
    ("The war went on. The refugees had lived in Aleppo for years, and then travelled "
     "through Turkey to Greece.", ["Aleppo", "Turkey", "Greece"]),
    ("The rains came. The families stayed in Goma for a week and then fled to Bukavu.",
     ["Goma", "Bukavu"]),
    # the journey's goal comes last wherever it is told
    ("The war went on. A column of rebel vehicles en route to Kinshasa have reached Kikwit.",
     ["Kikwit", "Kinshasa"]),
    # a travelled distance keeps its start
    ("The strike went on. The protesters walked 20 kilometres from Valparaiso to Vina del Mar.",
     ["Valparaíso", "Viña del Mar"]),
])
def test_movement_frames_across_sentences(text, want):
    doc = process(Article(text=text, published=date(2023, 3, 15)))
    routes = [[s.name for s in r.stops] for r in doc.routes]
    assert any(_in_order(n, *want) for n in routes), routes


@pytest.mark.parametrize("text", [
    "Troops from Armenia, Tajikistan and Kyrgyzstan guarded the airport in Almaty and the "
    "power station in Almaty.",
    "Leaders of Kenya, Uganda and Rwanda met in Nairobi on Friday.",
])
def test_a_list_of_places_is_no_route(text):
    doc = process(Article(text=text, published=date(2023, 3, 15)))
    assert not [r for r in doc.routes if len(r.stops) >= 3], \
        [[s.name for s in r.stops] for r in doc.routes]


# ---------------------------------------------------------------- borders as stops
@pytest.mark.parametrize("text,want,near", [
    # two countries named in the phrase
    ("The march went on. Thousands of migrants travelling from Honduras arrived at the "
     "Mexico/Guatemala border on Friday.", ["Honduras", "Guatemala–Mexico border"],
     (16.6, -90.9)),
    # a demonym in the phrase and the country the movement starts from
    ("The camp closed. Refugees walked from Serbia to the Hungarian border on Monday.",
     ["Serbia", "Hungary–Serbia border"], (46.1, 19.6)),
    # "their country" of the actor's demonym; the other side where the movement starts
    ("The mission ended. Kyrgyz peacekeepers left Almaty in a convoy towards the border of "
     "their country.", ["Almaty", "Kazakhstan–Kyrgyzstan border"], (42.8, 75.3)),
    # a lone "the border": the country crossed into, and where the travellers were last told
    # to be is the start of the journey
    ("The activists were detained on Monday in Minsk. Witnesses saw a van. Early on Tuesday "
     "the activists were driven to the border, where guards told them to cross into Ukraine.",
     ["Minsk", "Belarus–Ukraine border"], (51.7, 28.0)),
])
def test_a_border_named_as_the_end_of_a_movement_is_a_stop(text, want, near):
    doc = process(Article(text=text, published=date(2023, 3, 15)))
    routes = [r.stops for r in doc.routes]
    assert any(_in_order([s.name for s in r], *want) for r in routes), \
        [[s.name for s in r] for r in routes]
    border = next(s for r in routes for s in r if s.name == want[-1])
    assert abs(border.lat - near[0]) < 0.5 and abs(border.lon - near[1]) < 0.5
    assert border.text in text and "border" in border.text


def test_a_border_named_by_one_country_is_the_one_crossed_on_the_way():
    """"Hungary's southern frontier" after a journey through the Balkans: the Hungary–Serbia
    border (the side nearest where the travellers were), reached in a second sentence, with
    no preposition of its own ("crawl under barbed wire on")."""
    text = ("The war went on. Many of the asylum-seekers had spent months in camps in Turkey, "
            "and had taken long journeys by boat and foot through Greece and the Balkans. "
            "Some had to crawl under barbed wire on Hungary's southern frontier.")
    doc = process(Article(text=text, published=date(2023, 3, 15)))
    routes = [[s.name for s in r.stops] for r in doc.routes]
    assert any(_in_order(n, "Turkey", "Greece", "Balkans", "Hungary–Serbia border")
               for n in routes), routes
    border = next(s for r in doc.routes for s in r.stops if s.name == "Hungary–Serbia border")
    assert border.text == "Hungary's southern frontier"


def test_a_border_phrase_ends_before_who_arrived_there():
    text = ("The march went on. Thousands of migrants travelling from Honduras arrived at the "
            "Mexico/Guatemala border of thousands of people on Friday.")
    doc = process(Article(text=text, published=date(2023, 3, 15)))
    stops = [s.text for r in doc.routes for s in r.stops]
    assert "Mexico/Guatemala border" in stops, stops


@pytest.mark.parametrize("text", [
    "Heavy fighting raged along the border with Ukraine on Monday.",
    "Smoke was rising near the border with Turkey, as people fled the town of Tal Abyad.",
    "Border guards from Poland arrived in Minsk on Monday.",
])
def test_a_border_outside_a_movement_is_no_stop(text):
    doc = process(Article(text="It was reported on Monday. " + text, published=date(2023, 3, 15)))
    assert not any("border" in s.name for r in doc.routes for s in r.stops), \
        [[s.name for s in r.stops] for r in doc.routes]


def test_shared_border_of_two_neighbours_and_of_none():
    from geo.borders import shared_border
    name, lat, lon = shared_border("MX", "GT")
    assert name == "Guatemala–Mexico border" and 14 < lat < 18 and -93 < lon < -88
    assert shared_border("GT", "MX") == (name, lat, lon)      # one border seen from both sides
    assert shared_border("RU", "US") is None          # no shared line, only a strait
    assert shared_border("FR", "FR") is None


@pytest.mark.parametrize("text,unwanted", [
    # a distance from a place says where something lies, not where it set out from
    ("The war went on. Ten tanks moved from the town of Gori, 25 km (15 miles) from "
     "Tskhinvali, before stopping in the village of Igoeti.", "Tskhinvali"),
    # a place of another clause's subject is no stay of the travellers
    ("The war went on. Police in Paris said the migrants travelled to Calais.", "Paris"),
])
def test_a_place_that_only_locates_is_no_stop(text, unwanted):
    doc = process(Article(text=text, published=date(2023, 3, 15)))
    assert not any(s.name == unwanted for r in doc.routes for s in r.stops), \
        [[s.name for s in r.stops] for r in doc.routes]


# ---------------------------------------------------------------- movement frames, many stories
# Each row: a sentence (or two, joined by a line break) as a wire story tells it, and the stops
# a reader takes from it, in travel order (names as resolved). Stories of several kinds: migrant
# boats, refugees fleeing, troop redeployments, evacuation flights, prisoner transfers, a
# leader's tour.
FRAMES = [
    # migrant boats: "rescued/intercepted off X" is where the crossing ended
    ("More than 500 migrants were rescued off Lampedusa on Sunday after leaving Sfax in Tunisia.",
     ["Sfax", "Lampedusa"]),
    ("The Greek coast guard intercepted a boat off Lesbos that had set off from the Turkish "
     "coast near Ayvalik.", ["Ayvalık", "Lesbos"]),
    ("The migrants set sail from Sfax and reached Lampedusa after two days at sea.",
     ["Sfax", "Lampedusa"]),
    ("The migrants arrived in Lampedusa from Libya.", ["Libya", "Lampedusa"]),
    # refugees fleeing
    ("About 300 refugees fled from Khartoum to Port Sudan over the weekend.",
     ["Khartoum", "Port Sudan"]),
    ("Thousands of civilians fled the city of Bakhmut for Kramatorsk on Friday.",
     ["Bakhmut", "Kramatorsk"]),
    ("Residents of Mosul fled to camps near Erbil on Monday.", ["Mosul", "Erbil"]),
    ("Tens of thousands of Rohingya fled Myanmar into Bangladesh last week.",
     ["Myanmar", "Bangladesh"]),
    ("Refugees from Sudan streamed across the border into Chad.",
     ["Sudan", "Chad–Sudan border", "Chad"]),
    ("Hundreds of families fled Rafah and headed north to Deir al-Balah.", ["Rafa", "Deir"]),
    # troop redeployments
    ("The brigade was redeployed from Donetsk to Zaporizhzhia last week.",
     ["Donetsk", "Zaporizhzhia"]),
    ("Troops moved from Goma to Rutshuru on Tuesday.", ["Goma", "Rutshuru"]),
    ("The army sent reinforcements to Mariupol from Donetsk.", ["Donetsk", "Mariupol"]),
    ("Wagner fighters drove from Rostov towards Moscow.", ["Rostov", "Moscow"]),
    # evacuation and aid flights
    ("The soldiers were airlifted out of Kabul to Doha on Saturday.", ["Kabul", "Doha"]),
    ("An evacuation flight from Khartoum landed in Jeddah on Monday.", ["Khartoum", "Jeddah"]),
    ("The evacuees boarded a plane in Kabul bound for Islamabad.", ["Kabul", "Islamabad"]),
    ("The UN airlifted aid from Dubai to Kabul.", ["Dubai", "Kabul"]),
    ("The wounded were flown from Gaza to Cairo on Wednesday.", ["Gaza", "Cairo"]),
    # prisoner transfers
    ("The prisoners were transferred from Belmarsh to a prison in Manchester on Friday.",
     ["Belmarsh", "Manchester"]),
    ("The detainee was transferred on Tuesday from Guantanamo Bay to Saudi Arabia.",
     ["Guantanamo", "Saudi Arabia"]),
    # a leader's tour
    ("The president flew to Nairobi on Monday, then travelled on to Kampala and Kigali.",
     ["Nairobi", "Kampala", "Kigali"]),
    ("The Chinese president began a tour of Africa with a visit to Tanzania, before going on "
     "to South Africa and the Republic of Congo.", ["Tanzania", "South Africa", "Congo"]),
    ("The secretary of state flew from Tel Aviv to Amman and then on to Cairo.",
     ["Tel Aviv", "Amman", "Cairo"]),
    ("Biden travelled from Warsaw to Kyiv by train, then returned to Poland.",
     ["Warsaw", "Kyiv", "Poland"]),
    ("Macron visited Kyiv on Thursday after a train journey from Poland.", ["Poland", "Kyiv"]),
    # ways through
    ("Ships carrying grain sailed from Odesa through the Bosphorus to Egypt.",
     ["Odesa", "Bosphorus", "Egypt"]),
    ("Aid trucks crossed into Gaza from Egypt through the Rafah crossing.",
     ["Egypt", "Rafa", "Gaza"]),
    # more wire copy: hostages, deportations, surrender buses, marches, a stay before the trip
    ("The hostages were flown to Doha and then on to Tel Aviv.", ["Doha", "Tel Aviv"]),
    ("Five Americans freed by Iran landed in Doha on Monday before flying on to Washington.",
     ["Doha", "Washington"]),
    ("Russian troops crossed into Ukraine from Belarus in the early hours of Thursday.",
     ["Belarus", "Ukraine"]),
    ("The fighters were bused out of eastern Aleppo to Idlib province.", ["Aleppo", "Idlib"]),
    ("The journalist was deported from Turkey to Germany on Friday.", ["Turkey", "Germany"]),
    ("The convoy travelled from Kabul via Jalalabad to the Torkham border crossing.",
     ["Kabul", "Jal", "Torkham"]),
    ("The warship sailed from Sevastopol to Novorossiysk.", ["Sevastopol", "Novorossiysk"]),
    ("The migrants, mostly from Syria and Afghanistan, walked from the Hungarian capital "
     "toward the Austrian border.", ["Budapest", "Austria–Hungary border"]),
    ("Hundreds of refugees who had been stranded in Budapest arrived in Vienna by train on "
     "Saturday.", ["Budapest", "Vienna"]),
    ("The Ukrainian grain ship docked in Istanbul before continuing to Lebanon.",
     ["Istanbul", "Lebanon"]),
    ("The coach carrying the evacuees left Mariupol on Friday morning.\nThey reached "
     "Zaporizhzhia on Saturday night after passing through Berdyansk.",
     ["Mariupol", "Berd", "Zaporizhzhia"]),
    # two-sentence frames: the start in one sentence, the arrival in the next
    ("The ship left Benghazi on Monday.\nIt arrived in Valletta two days later.",
     ["Benghazi", "Valletta"]),
    ("The convoy set off from Kherson on Monday.\nIt reached Mykolaiv in the evening.",
     ["Kherson", "Mykolaiv"]),
    ("The migrants left Tapachula on Saturday.\nOn Monday they arrived in Huixtla.",
     ["Tapachula", "Huixtla"]),
    ("The caravan set off from San Pedro Sula in Honduras on Saturday.\nBy Monday it had "
     "crossed into Guatemala.", ["San Pedro Sula", "Guatemala"]),
    ("The ship left Odesa on Monday with 26,000 tonnes of corn.\nIt passed through the "
     "Bosphorus on Wednesday and docked in Tripoli in northern Lebanon on Sunday.",
     ["Odesa", "Bosphorus", "Tripoli"]),
]


@pytest.mark.parametrize("text,want", FRAMES, ids=[t[:40] for t, _ in FRAMES])
def test_movement_frames_of_many_stories(text, want):
    doc = process(Article(text="It was reported on Monday. " + text, published=date(2023, 3, 15)))
    routes = [[s.name for s in r.stops] for r in doc.routes]
    assert any(_in_order(n, *want) and len(n) == len(want) for n in routes), routes
    for r in doc.routes:                      # each stop as written, inside the evidence
        assert all(s.text in r.sentence for s in r.stops), [s.text for s in r.stops]


def test_the_lampedusa_rescue_is_a_route_and_lampedusa_no_actor():
    """The issue's example: Sfax → Lampedusa; the island is where the crossing ended, not who
    acted; Tunisia qualifies Sfax and is no stop of its own."""
    text = ("More than 500 migrants were rescued off Lampedusa on Sunday after leaving Sfax "
            "in Tunisia.")
    doc = process(Article(text=text, published=date(2023, 3, 15)))
    assert [[s.text for s in r.stops] for r in doc.routes] == [["Sfax", "Lampedusa"]]
    assert not any("Lampedusa" in a.text for a in doc.actors), doc.actors
    assert not any("Lampedusa" in a.text for e in doc.events for a in e.actors)


NO_JOURNEY = [
    # planned, refused, denied, stopped or only possible trips
    "The team had planned to travel from Kyiv to Kharkiv but the trip was cancelled.",
    "The president is expected to visit Kenya and Ethiopia next month.",
    "The authorities refused to transfer the prisoners from Minsk to Gomel.",
    "The government denied that the prisoners had been transferred from Minsk to Moscow.",
    "Flights from Kabul to Dubai were suspended on Monday.",
    "Police blocked the march from Valparaiso to Santiago on Sunday.",
    "The rebels could move from Goma to Bukavu within days, analysts said.",
    "He stayed in Singapore for a week before potentially moving to the United Arab Emirates.",
    # lists of places that are no journey
    "Leaders of France, Germany and Italy met in Brussels.",
    "Kenya, Uganda and Tanzania have all reported cases of cholera.",
    "Fighting was reported in Donetsk, Luhansk and Zaporizhzhia.",
    "Clashes broke out between police in Nairobi and protesters from Mombasa.",
    # things that run between places without travelling
    "The river flows from Uganda through South Sudan to Sudan.",
    "The main road leading from Kabul to Kandahar passes through Ghazni.",
    "The deal calls for transport links to be established through Armenia to Nakhchivan.",
    # words of movement that move nobody
    "Guards stopped the migrants, leaving about 1,000 people stuck at the entry point into "
    "Macedonia from Greece.",
    "The spokesman for the Sirte and Jafra operations room said the areas are closed.",
    "Duterte cut short his visit due to the recent developments in Mindanao, he said in Manila.",
]


@pytest.mark.parametrize("text", NO_JOURNEY, ids=[t[:40] for t in NO_JOURNEY])
def test_no_route_where_nobody_travelled(text):
    doc = process(Article(text="It was reported on Monday. " + text, published=date(2023, 3, 15)))
    assert doc.routes == [], [[s.name for s in r.stops] for r in doc.routes]


@pytest.mark.parametrize("text,stops", [
    # a container after a stop qualifies it ("Tripoli in northern Lebanon")
    ("A tanker sailed from Constanta to Tripoli in northern Lebanon on Tuesday.",
     ["Constan", "Tripoli"]),
    ("Trucks carried the belongings of people fleeing from Maarat al-Numan in northern Idlib "
     "to Aleppo on Tuesday.", ["Maarat", "Aleppo"]),
    # a hyphenated modifier is no stop ("the Ukrainian-controlled city of")
    ("Evacuees from Mariupol arrived in the Ukrainian-controlled city of Zaporizhzhia.",
     ["Mariupol", "Zaporizhzhia"]),
    # a reference point after a stop ("to the south of X") is no stop
    ("The column left Rostov and passed through Voronezh to the south of Lipetsk.",
     ["Rostov", "Voronezh"]),
])
def test_qualifiers_of_a_stop_are_no_stops(text, stops):
    doc = process(Article(text="It was reported on Monday. " + text, published=date(2023, 3, 15)))
    routes = [[s.name for s in r.stops] for r in doc.routes]
    assert any(len(n) == len(stops) and _in_order(n, *stops) for n in routes), routes


@pytest.mark.parametrize("way,joined", [("Ajdabiya", True), ("Tobruk", False)])
def test_a_way_told_apart_joins_the_groups_route_where_it_lies_on_the_way(way, joined):
    """'Haftar's columns earlier passed through Ajdabiya', told after the journey Benghazi →
    Sirte of Haftar's forces: Ajdabiya lies on the way and joins it between the two; Tobruk
    (the other way from Benghazi) does not."""
    text = ("The war went on. Haftar's forces left Benghazi on Monday and reached Sirte on "
            f"Thursday.\nResidents stayed indoors.\nHaftar's columns earlier passed through {way}.")
    doc = process(Article(text=text, published=date(2023, 3, 15)))
    routes = [[s.name for s in r.stops] for r in doc.routes]
    assert any(_in_order(n, "Benghazi", way, "Sirte") for n in routes) == joined, routes
    assert any(_in_order(n, "Benghazi", "Sirte") for n in routes), routes


def test_a_journey_told_twice_in_one_article_is_one_route():
    """The convoy's trip Mariupol → Zaporizhzhia, told in the first paragraph and again
    after another matter, is one route; a further leg of the trip is a route of its own."""
    text = ("The war went on. A bus convoy carrying civilians from Mariupol was on the way to "
            "Zaporizhzhia on Monday.\nOfficials in Kyiv met on Monday.\nThe evacuees from "
            "Mariupol arrived in Zaporizhzhia on Tuesday.\nOfficials said the men met on "
            "Friday.\nOn Wednesday the evacuees travelled on from Zaporizhzhia to Dnipro.")
    doc = process(Article(text=text, published=date(2023, 3, 15)))
    routes = [[s.name for s in r.stops] for r in doc.routes]
    assert routes.count(["Mariupol", "Zaporizhzhia"]) == 1, routes
    assert ["Zaporizhzhia", "Dnipro"] in routes, routes


@pytest.mark.parametrize("fragments, grouped", [
    (["via", "voyage", "en route"], "v(?:ia|oyage)|e(?:n route)"),
    (["(?:go|went) on to", "gone"], "g(?:o on to|one)|w(?:ent on to)"),
    (["fled", "(?:rescu\\w*|sank)", "flee\\w*"], "f(?:led|lee\\w*)|r(?:escu\\w*)|s(?:ank)"),
    (["Via", "visit"], "v(?:ia|isit)"),
])
def test_cue_fragments_grouped_by_first_letter(fragments, grouped):
    from geo.routes import _by_first_letter

    assert _by_first_letter(fragments) == grouped


@pytest.mark.parametrize("fragments", [
    ["via", "[ab]us"], ["via", "s?ail"], ["via", "a|b"], ["via", "(?=x)xy"], ["via", "(?:a|b)?c"],
    ["via", "(unbalanced"],
])
def test_cue_fragments_of_another_shape_stay_as_written(fragments):
    from geo.routes import _by_first_letter

    assert _by_first_letter(fragments) == "|".join(fragments)


def test_grouped_cue_patterns_match_as_the_plain_alternation():
    """Every role's pattern finds the same cues, at the same offsets, as its fragments joined
    as written, on sentences that use one cue of each shape."""
    import re

    from geo.routes import _cue_re, _pat, cues

    texts = ["The convoy left Mariupol and went on to Zaporizhzhia via Orikhiv on Monday.",
             "Migrants fled from Tijuana, heading for the border; others were rescued off Lampedusa.",
             "Troops pulled back to the city after they crossed into Syria.",
             "They set off for Kyiv, moving on to Lviv, and arrived in Warsaw.",
             "The ship sank near Crete; the survivors were brought to Athens by boat."]
    for role, fragments in cues().items():
        for before_place in (True, False):
            tail = r"\s+" + _pat("gap").pattern if before_place else r"\b"
            plain = re.compile(rf"\b(?P<cue>{'|'.join(fragments)}){tail}", re.I)
            new = _cue_re(role, before_place)
            for t in texts:
                assert [(m.span(), m.group("cue")) for m in new.finditer(t)] == \
                    [(m.span(), m.group("cue")) for m in plain.finditer(t)], (role, t)


@pytest.mark.parametrize("text", [
    "The convoy left Odesa for Lebanon. It will arrive in Istanbul via the Bosporus.\n"
    "Troops WITHDREW; refugees fled, were evacuated and bussed on. Nobody moved.",
    "Chri\u017ftma\u017f travellers Tr\u0131ed to leave.",         # letters fold changes
    "No movement here at all.",
])
def test_movement_cues_tried_at_their_words_are_the_sentences_own(text):
    """The movement cues of each sentence, tried only where a word a cue opens with is
    written, are what a scan of each sentence finds."""
    from geo.routes import _move_re, _sentence_cues
    from timeline.model import Doc
    from timeline.segment import sentences

    doc = Doc(Article(text=text, source="t"), sentences=sentences(text))
    assert [[m.span() for m in ms] for ms in _sentence_cues(doc)] == \
        [[m.span() for m in _move_re().finditer(text, s, e)] for s, e in doc.sentences]
