"""Events on the user's seed articles, and on a copy with every date moved a week later.

Moving by seven days keeps every weekday name true, so the same assertions must hold with
all expected dates shifted: nothing may depend on fixed answers.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from timeline.corroborate import corroborate
from timeline.model import Article
from timeline.pipeline import process

ROOT = Path(__file__).resolve().parents[1]
SEEDS = {"asbarez": ("000_53c8b435406dd2c6.txt", date(2020, 10, 1)),
         "sputnik": ("003_319349d5f97b6c57.txt", date(2020, 10, 5))}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
_M = "(" + "|".join(MONTHS) + ")"


def _suffix(d: int) -> str:
    return "th" if 10 <= d % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")


def shift_dates(text: str, days: int, year: int) -> str:
    """Every explicit calendar date of ``text`` moved by ``days`` (formats kept)."""
    def dmy(m):
        day_s, suffix, month, sep, year_s = m.groups()
        d = date(int(year_s), MONTHS.index(month) + 1, int(day_s)) + timedelta(days)
        day = f"{d.day:02d}" if len(day_s) == 2 else str(d.day)
        return f"{day}{_suffix(d.day) if suffix else ''} {MONTHS[d.month - 1]}{sep}{d.year}"

    def md(m):
        d = date(year, MONTHS.index(m.group(1)) + 1, int(m.group(2))) + timedelta(days)
        return f"{MONTHS[d.month - 1]} {d.day}"

    text = re.sub(rf"\b(\d{{1,2}})(st|nd|rd|th)?\s+{_M}(,?\s+)(\d{{4}})\b", dmy, text)
    return re.sub(rf"\b{_M}\s+(\d{{1,2}})\b(?!,?\s+\d{{4}})", md, text)


def seed_article(name: str, shift: int = 0) -> Article:
    fname, published = SEEDS[name]
    text = (ROOT / "seeds" / fname).read_text(encoding="utf-8")
    if shift:
        text = shift_dates(text, shift, published.year)
    return Article(text=text, source=fname, published=published + timedelta(shift))


@pytest.fixture(scope="module", params=[0, 7], ids=["seeds", "seeds+7d"])
def seeds(request):
    shift = request.param
    return shift, {n: process(seed_article(n, shift)) for n in SEEDS}


def _d(s: str, shift: int) -> str:
    return (date.fromisoformat(s) + timedelta(shift)).isoformat()


def _find(doc, etype, day=None, actor=None, words=None):
    out = []
    for e in doc.events:
        if e.event_type != etype:
            continue
        if day and not (e.date and e.date.value == day):
            continue
        if actor and not any(actor.lower() in a.name.lower() for a in e.actors):
            continue
        if words and words.lower() not in e.sentence.lower():
            continue
        out.append(e)
    return out


def test_shift_helper_moves_dates_only():
    s = shift_dates("By X | Thursday, 01 October 2020. Sent since September 23 and on "
                    "September 27. (Sputnik - 05th October, 2020)", 7, 2020)
    assert "08 October 2020" in s and "September 30" in s and "October 4" in s
    assert "12th October, 2020" in s and "Thursday" in s


def test_evidence_offsets_are_exact(seeds):
    _, docs = seeds
    for doc in docs.values():
        assert doc.events
        for e in doc.events:
            assert doc.text[e.start:e.end] == e.sentence
            assert 0.0 <= e.confidence <= 1.0
            assert e.source and e.published


def test_statements_of_october_first(seeds):
    shift, docs = seeds
    doc, oct1 = docs["asbarez"], _d("2020-10-01", shift)
    assert _find(doc, "statement", oct1, "Macron")
    assert _find(doc, "statement", oct1, "Russian Foreign Ministry")
    assert _find(doc, "statement", oct1, "Department of Defense", "official")
    assert _find(doc, "statement", oct1, "Tatoyan")


def test_statement_and_reported_event_are_separate(seeds):
    shift, docs = seeds
    doc = docs["asbarez"]
    # "Azerbaijan began a systematic attack ... on Sunday, official Yerevan sounded the alarm"
    attacks = _find(doc, "attack", _d("2020-09-27", shift), "Azerbaijan")
    assert attacks and attacks[0].date.basis == "relative"
    assert attacks[0].location is not None and attacks[0].location.country == "AZ"


def test_deployments_since_september_23(seeds):
    shift, docs = seeds
    evs = [e for e in docs["asbarez"].events
           if e.event_type in ("deployment", "movement") and e.date
           and e.date.value == _d("2020-09-23", shift)]
    assert evs and any(a.category == "media" and a.name == "BBC" for a in evs[0].actors)


def test_putin_pashinyan_call(seeds):
    shift, docs = seeds
    calls = _find(docs["sputnik"], "meeting", _d("2020-10-02", shift), "Putin")
    assert calls and any(a.name == "Nikol Pashinyan" for a in calls[0].actors)


def test_evictions_in_afrin(seeds):
    shift, docs = seeds
    evs = _find(docs["sputnik"], "displacement", _d("2020-10-05", shift))
    assert evs
    located = [e for e in evs if e.location is not None and e.location.country == "SY"]
    assert located, [(e.sentence[:60], e.location) for e in evs]
    assert any("Afr" in e.location.name or "Akhur" in e.location.text for e in located)
    assert any(a.category == "armed_group" for e in evs for a in e.actors)


def test_headlines_and_bylines_make_no_events(seeds):
    _, docs = seeds
    doc = docs["asbarez"]
    first_body = doc.text.index("“I directly told")
    assert all(e.start >= first_body for e in doc.events)


def test_corroboration_between_the_seed_articles(seeds):
    shift, docs = seeds
    events = [e for d in docs.values() for e in d.events]
    out = corroborate(events)
    assert len(out) == len(events)
    assert all(not e.corroborated_by for e in events)          # inputs untouched
    by_id = {e.event_id: e for e in out}
    ids = {n: {e.event_id for e in d.events} for n, d in docs.items()}
    attack = [e for e in out if e.event_id in ids["asbarez"] and e.event_type == "attack"
              and e.date and e.date.value == _d("2020-09-27", shift)]
    assert attack and any(i in ids["sputnik"] for i in attack[0].corroborated_by)
    before = {e.event_id: e.confidence for e in events}
    assert attack[0].confidence > before[attack[0].event_id]
    macron = [e for e in out if e.event_id in ids["sputnik"] and e.event_type == "statement"
              and any(a.name == "Emmanuel Macron" for a in e.actors)]
    assert macron and any(i in ids["asbarez"] for i in macron[0].corroborated_by)
    for e in out:                                             # links are symmetric
        for i in e.corroborated_by:
            assert e.event_id in by_id[i].corroborated_by


def test_casualty_counts():
    from timeline.events import casualties

    assert casualties("killing one civilian and injuring eight others") == (1, 8)
    assert casualties("after 12 people were killed") == (12, None)
    assert casualties("resulting in the deaths of over 30 Turkish troops") == (30, None)


def test_news_dev_figures():
    gold = ROOT.parent / "shared" / "data" / "news-dev"
    if not (gold / "gold.jsonl").exists():
        pytest.skip("news-dev gold set not present")
    from timeline.bench import events as bench

    arts = bench._read_articles(gold)
    golds = bench._read_jsonl(gold / "gold.jsonl")
    sc = bench.Score()
    docs = {aid: process(art) for aid, art in arts.items()}
    for aid in arts:
        bench.score_article(aid, docs[aid], [g for g in golds if g["article"] == aid], sc)
    assert sc.recalled / sc.gold >= 0.8
    assert sc.precise / sc.preds >= 0.75
    assert sc.dates[0] / sc.dates[1] >= 0.8
    assert sc.actors[0] / sc.actors[1] >= 0.85           # issue 5 goal (0.952 when written)
    found = [bench.route_found(rg, docs[rg["article"]].routes)
             for rg in bench._read_jsonl(gold / "route_gold.jsonl")]
    assert sum(found) * 3 >= 2 * len(found)               # issue 5 goal (4/4 when written)


def test_clause_without_actors_takes_those_of_the_clauses_below_it():
    doc = process(Article(text="Heavy clashes broke out in Maarat al-Numan on Monday after "
                               "rebels and government forces traded accusations.",
                          published=date(2020, 1, 29)))
    clash = next(e for e in doc.events if e.event_type == "attack")
    assert {a.text for a in clash.actors} & {"rebels", "government forces"}


def test_control_claims_are_other_and_the_capital_is_a_place():
    doc = process(Article(text="Libya's rivals fought near Sirte on Monday. Moscow claimed "
                               "control of the port on Tuesday. Fighters tried to capture the "
                               "capital on Wednesday.", published=date(2020, 5, 28)))
    assert any(e.event_type == "other" and e.trigger.startswith("claimed control")
               for e in doc.events)
    cap = [e for e in doc.events if "capital" in e.sentence]
    assert cap and cap[0].location is not None and cap[0].location.name == "Tripoli"


def test_a_date_premodifying_a_noun_dates_that_noun_only():
    doc = process(Article(text="Azerbaijan launched a counteroffensive on Sunday. Armenia accused "
                               "Baku of violating the 1994 OSCE-mediated ceasefire in Nagorno-Karabakh.",
                          published=date(2020, 10, 5)))
    second = [e for e in doc.events if "1994" in e.sentence]
    truce = [e for e in second if e.event_type == "ceasefire"]
    assert truce and truce[0].date.value == "1994"
    others = [e for e in second if e.event_type != "ceasefire"]
    assert others and all(e.date.value != "1994" for e in others)


def test_a_statement_without_a_date_is_dated_by_the_report_not_the_narrative():
    # a news speech act (a warning) keeps its statement; "said" would give only what it says
    doc = process(Article(text="Azerbaijan began an attack along the border on Sunday. The "
                               "office of the ombudsman warned that 4,000 mercenaries were "
                               "fighting for Azerbaijan.", published=date(2020, 10, 1)))
    said = [e for e in doc.events if e.event_type == "statement" and "ombudsman" in e.sentence]
    assert said and said[0].date.value == "2020-10-01" and said[0].date.basis == "reported"


def test_caption_date_reaches_a_clause_the_parser_joined_to_the_line_above():
    text = ("Ukraine evacuees flee to safety after ordeal in Mariupol steel works\n\n"
            "REUTERS/Alexander Ermochenko\nA bus convoy carrying civilians from Mariupol, "
            "including evacuees from Azovstal steel plant, is seen on a road on the way to "
            "Zaporizhzhia, during Ukraine-Russia conflict in the Donetsk Region, Ukraine "
            "May 2, 2022.\n\nThe first evacuees were expected to arrive in Zaporizhzhia "
            "later on Monday.")
    doc = process(Article(text=text, published=date(2022, 5, 3)))
    bus = [e for e in doc.events if "bus convoy" in e.sentence]
    assert bus and all(e.date.value == "2022-05-02" for e in bus)
    # the evacuees' arrival restates the convoy's displacement (same day and place): it is
    # that event's further evidence sentence, or an event of its own on the same day
    later = [e for e in doc.events if any("later on Monday" in x.sentence for x in e.statements)]
    assert later and all(e.date.value == "2022-05-02" for e in later)


def test_a_quote_restating_a_reported_event_adds_none_but_again_is_new():
    text = ("The mayor of Bani Walid said on Sunday that the Russians had been flown to Jufra. "
            "\"They were flown in three military planes to Jufra,\" he said.")
    doc = process(Article(text=text, published=date(2020, 5, 25)))
    assert doc.events and not any(e.sentence.startswith('"They') for e in doc.events)
    text2 = ("Azerbaijani officials said on Sunday that Ganja was shelled. \"Ganja is "
             "being shelled again,\" Hovhannisyan wrote on Twitter.")
    doc2 = process(Article(text=text2, published=date(2020, 10, 7)))
    assert any("again" in e.sentence for e in doc2.events)


def _types(text: str, published: date) -> dict[str, set[str]]:
    doc = process(Article(text=text, published=published))
    out: dict[str, set[str]] = {}
    for e in doc.events:
        out.setdefault(e.sentence, set()).add(e.event_type)
    return out


def test_injuries_in_the_strike_already_told_are_casualties_not_a_new_attack():
    got = _types("A Russian missile hit a shopping centre in Kremenchuk on Monday. The "
                 "governor said 40 people had been wounded in the strike in Kremenchuk.",
                 date(2022, 6, 28))
    second = next(v for k, v in got.items() if "wounded" in k)
    assert "casualties" in second and "attack" not in second
    # an attack with its own target is still told as an attack
    got = _types("Nine people were killed in an attack on a checkpoint in Mosul on Monday.",
                 date(2017, 3, 7))
    assert "attack" in next(iter(got.values()))


def test_arrests_martial_law_and_gained_control_are_typed():
    got = _types("Police in Addis Ababa said on Friday they had arrested 50 people suspected of "
                 "plotting attacks in the city. The president declared martial law across "
                 "Ethiopia on Friday. Rebels said they had gained control over 12 villages "
                 "in Tigray on Thursday.", date(2020, 11, 14))
    arrests = next(v for k, v in got.items() if "arrested" in k)
    assert "arrest" in arrests and "attack" not in arrests
    assert "other" in next(v for k, v in got.items() if "martial law" in k)
    assert "attack" in next(v for k, v in got.items() if "gained control" in k)


def test_a_condition_is_no_event_but_the_admission_is_a_statement():
    got = _types("The leader admitted on Tuesday that had the hostilities continued, the "
                 "army would have lost Shusha within days.", date(2020, 11, 10))
    types = next(iter(got.values()))
    assert "statement" in types and "attack" not in types


def test_a_described_site_is_in_the_town_named_before_it():
    doc = process(Article(text="The mayor of Mariupol spoke to reporters on Wednesday.\n\n"
                               "Witnesses said a missile hit the maternity hospital.",
                          published=date(2022, 3, 9)))
    hit = [e for e in doc.events if "maternity hospital" in e.sentence
           and e.event_type == "attack"]
    assert hit and hit[0].location is not None and hit[0].location.name == "Mariupol"
    assert any(p.text == "maternity hospital" for p in hit[0].places)
    # a statement about a site with no happening there is not located by it
    doc = process(Article(text="The mayor of Mariupol spoke to reporters on Wednesday.\n\n"
                               "The hospital is still working, officials said."))
    assert not [e for e in doc.events if "hospital" in e.sentence]


def test_entering_a_town_is_typed_by_who_enters_and_on_what_terms():
    got = _types("Government troops entered the town of Manbij on Monday under a deal with the "
                 "SDF. Rebel fighters entered the town of Saraqib on Tuesday. An aid convoy "
                 "entered Idlib on Wednesday.", date(2019, 10, 17))
    assert "deployment" in next(v for k, v in got.items() if "Manbij" in k)
    assert "attack" in next(v for k, v in got.items() if "Saraqib" in k)
    convoy = next(v for k, v in got.items() if "convoy" in k)
    assert "movement" in convoy and "attack" not in convoy


def test_crossing_to_fight_is_an_offensive():
    got = _types("In 2016, Turkish troops crossed into Syria to push Islamic State from "
                 "Jarablus.", date(2019, 10, 15))
    assert "attack" in next(iter(got.values()))


def test_a_truce_coming_into_force_is_a_ceasefire_and_being_told_to_shelter_an_order():
    got = _types("Shelling of Tartar went on despite the humanitarian truce that entered force on "
                 "October 10. Local residents in Stepanakert have been told to seek shelter "
                 "underground. The new protocol will come into force on 5 March.",
                 date(2020, 10, 14))
    assert "ceasefire" in next(v for k, v in got.items() if "truce" in k)
    told = next(v for k, v in got.items() if "told" in k)
    assert "other" in told and "statement" not in told
    # planned events are not annotated (news-wide README): "will come into force" is none
    assert not next((v for k, v in got.items() if "protocol" in k), set())


def test_a_call_to_cease_firing_is_no_attack():
    got = _types("The Minsk Group co-chairs in Paris called on all parties to cease firing "
                 "immediately on Monday.", date(2020, 10, 5))
    assert "attack" not in next(iter(got.values()), set())


def test_today_and_its_date_in_apposition_are_one_day():
    doc = process(Article(text="\"The truce starts from today June 28, 2021,\" the government "
                               "said in a statement.", published=date(2021, 6, 29)))
    truce = [e for e in doc.events if e.event_type == "ceasefire"]
    assert [e.date.value for e in truce] == ["2021-06-28"]


def test_an_accused_attack_and_a_second_report_elsewhere_are_events_of_their_own():
    doc = process(Article(text="Prime Minister Abiy Ahmed ordered a military offensive against "
                               "the TPLF on Nov. 4, accusing it of attacking a federal army base "
                               "in Mekelle.", published=date(2020, 11, 14)))
    attacks = [e for e in doc.events if e.event_type == "attack"]
    assert len(attacks) == 2
    doc = process(Article(text="The city of Energodar was shelled late Sunday, according to a "
                               "news site, which also reported that Russia hit the city of Sarny "
                               "with missiles.", published=date(2022, 8, 29)))
    where = {e.location.name for e in doc.events if e.event_type == "attack" and e.location}
    assert {"Enerhodar", "Sarny"} <= where or len(where) == 2


def test_what_analysts_say_is_no_event():
    doc = process(Article(text="Turkey launched an offensive in northern Syria on Wednesday. "
                               "Analysts say the offensive could redraw the map of northern "
                               "Syria.", published=date(2019, 10, 10)))
    assert not [e for e in doc.events if e.sentence.startswith("Analysts")]


def test_a_long_line_without_a_full_stop_is_body_text_not_a_headline():
    text = ("Azerbaijan accuses Armenia of missile strike\n\n"
            "Condemning the civilian casualties, the aide added \"Treacherous and cruel missile "
            "attack of Armenia against civilians in Ganja is a sign of weakness and desperation "
            "of its leadership,”\n\nThe talks will continue.")
    doc = process(Article(text=text, published=date(2020, 10, 17)))
    assert any("Ganja" in e.sentence for e in doc.events)
    assert not any(e.sentence.startswith("Azerbaijan accuses") for e in doc.events)


def test_merged_triggers_keep_the_most_specific_place_and_the_city_is_the_one_just_named():
    doc = process(Article(text="The first ship to leave Ukraine under the grain deal departed on "
                               "Monday from the port of Odesa for Lebanon, the ministry said.",
                          published=date(2022, 8, 1)))
    move = [e for e in doc.events if e.event_type == "movement"]
    assert move and move[0].location is not None and move[0].location.name == "Odesa"
    doc = process(Article(text="Egypt warned against an attack, calling it a red line for Cairo. "
                               "In early 2020, the Libyan National Army captured Sirte after "
                               "launching a surprise attack to capture the city.",
                          published=date(2020, 7, 9)))
    cap = [e for e in doc.events if "Sirte" in e.sentence and e.event_type == "attack"]
    assert cap and all(e.location is not None and e.location.name == "Sirte" for e in cap)


def test_the_country_is_the_country_named_before_not_the_possessor():
    doc = process(Article(text="A local mayor in Libya said on Sunday that Russia's Wagner Group "
                               "has left the country.", published=date(2020, 5, 25)))
    left = [e for e in doc.events if e.event_type == "movement"]
    assert left and left[0].location is not None and left[0].location.name == "Libya"


def test_casualty_adjectives_and_nouns_report_casualties():
    got = _types("Among the injured people in Tartar are two village representatives. "
                 "Three dead were found in Ganja on Sunday.", date(2020, 10, 14))
    assert "casualties" in next(v for k, v in got.items() if "injured" in k)
    assert "casualties" in next(v for k, v in got.items() if "dead" in k)


def test_speaking_to_a_reporter_and_an_inspection_are_events():
    got = _types("Yelena Aytulova spoke to Reuters at Bezimenne on Monday. The IAEA chief will "
                 "lead an inspection of the Zaporizhzhia nuclear power plant on Thursday.",
                 date(2022, 5, 3))
    assert "statement" in next(v for k, v in got.items() if "spoke" in k)
    assert "other" in next(v for k, v in got.items() if "inspection" in k)


def test_control_held_since_a_year_is_other_and_the_region_is_located():
    doc = process(Article(text="Turkey's offensive in north-east Syria entered its sixth day. "
                               "The Kurdish-led Syrian Democratic Forces have controlled much of "
                               "the region since 2015.", published=date(2019, 10, 15)))
    ctl = [e for e in doc.events if "controlled" in e.sentence]
    assert ctl and ctl[0].event_type == "other" and ctl[0].date.value == "2015"
    assert ctl[0].location is not None and ctl[0].location.country == "SY"


def test_noun_forms_topics_of_talks_and_evaluations():
    got = _types("Russia said on Friday it had completed the withdrawal of its troops from "
                 "Kherson. The UN mission said it was holding talks with both sides in Geneva "
                 "on a possible ceasefire. The president called the recapture of Kherson a "
                 "historic day. A mass grave was found in Tarhuna on Sunday.", date(2022, 11, 11))
    assert "movement" in next(v for k, v in got.items() if "withdrawal" in k)
    talks = next(v for k, v in got.items() if "talks" in k)
    assert "meeting" in talks and "ceasefire" not in talks
    called = next(v for k, v in got.items() if "historic day" in k)
    assert called == {"statement"}
    assert "casualties" in next(v for k, v in got.items() if "mass grave" in k)


def test_a_place_called_something_is_no_statement():
    got = _types("Shells hit a village called Akhur in Tartar on Monday.", date(2020, 10, 14))
    assert "statement" not in next(iter(got.values()))


def test_since_the_fighting_began_is_a_time_and_residents_of_a_town_locate_it():
    doc = process(Article(text="Hundreds of residents of Stepanakert have been sheltering in "
                               "basements since the fighting began on Sept. 27.",
                          published=date(2020, 10, 19)))
    types = {e.event_type for e in doc.events}
    assert "displacement" in types and "attack" not in types
    ev = next(e for e in doc.events if e.event_type == "displacement")
    assert ev.date.value == "2020-09-27"
    assert ev.location is not None and ev.location.name == "Stepanakert"


def test_speaking_by_phone_is_a_meeting():
    got = _types("Russian Foreign Minister Sergei Lavrov spoke by phone with his Armenian "
                 "counterpart on Sunday, the ministry said.", date(2020, 10, 19))
    assert "meeting" in next(iter(got.values()))


def test_a_country_qualifying_a_speaker_is_not_where_it_happened():
    doc = process(Article(text="Azerbaijan's President Ilham Aliyev called the agreement "
                               "\"a glorious victory.\"", published=date(2020, 11, 10)))
    assert not [e for e in doc.events if e.location is not None
                and e.location.name == "Azerbaijan"]


def test_a_convoy_approaching_a_capital_is_a_movement_there():
    doc = process(Article(text="A 64-km-long Russian military convoy was approaching Kyiv, "
                               "satellite images from Maxar Technologies showed.",
                          published=date(2022, 3, 1)))
    move = [e for e in doc.events if e.event_type == "movement"]
    assert move and move[0].location is not None and move[0].location.name == "Kyiv"
    doc = process(Article(text="The family approached the UN office for help on Monday.",
                          published=date(2022, 3, 1)))
    assert not [e for e in doc.events if e.event_type == "movement"]


def test_who_the_speaker_is_does_not_date_or_locate_what_it_says():
    doc = process(Article(text="The TPLF, which dominated Ethiopia's ruling coalition for nearly "
                               "three decades before Abiy took office in 2018, said it would keep "
                               "fighting.", published=date(2020, 11, 30)))
    assert not [e for e in doc.events if e.date is not None and e.date.value == "2018"]
    assert not [e for e in doc.events if e.location is not None]


def test_counted_people_of_a_nationality_leaving_are_displaced_troops_are_not():
    got = _types("Thousands of ethnic Armenians left Kalbajar on Sunday, setting fire to their "
                 "houses. The Russians had been flown out of western Libya to Jufra on Monday.",
                 date(2020, 11, 20))
    assert "displacement" in next(v for k, v in got.items() if "Kalbajar" in k)
    flown = next(v for k, v in got.items() if "Jufra" in k)
    assert "movement" in flown and "displacement" not in flown


def test_full_control_gunfire_and_recovered_bodies():
    got = _types("The government said on Sunday it had taken full control of Mekelle. "
                 "Residents heard gunfire in Mekelle on Saturday. The bodies of dozens of "
                 "soldiers were recovered near Shusha on Friday.", date(2020, 11, 30))
    assert "attack" in next(v for k, v in got.items() if "full control" in k)
    assert "attack" in next(v for k, v in got.items() if "gunfire" in k)
    assert "casualties" in next(v for k, v in got.items() if "bodies" in k)


# ---------------------------------------------------------------- resources and taxonomy
import csv  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402

from timeline import events as ev_mod  # noqa: E402
from timeline.export import geojson, write_csv  # noqa: E402
from timeline.model import Event  # noqa: E402

TYPES = {"attack", "casualties", "deployment", "movement", "displacement", "ceasefire",
         "meeting", "statement", "protest", "arrest", "disaster", "other"}


def _events(text: str, published: date = date(2023, 3, 15)):
    return process(Article(text=text, source="table", published=published)).events


def _nonfactual_examples():
    return [pytest.param(ex, id=f"{p['name']}:{i}")
            for p in ev_mod.nonfactual_patterns() for i, ex in enumerate(p["examples"])]


@pytest.mark.parametrize("example", _nonfactual_examples())
def test_nonfactual_pattern_examples(example):
    """Every example of data/events/nonfactual.json gives (or withholds) its event type."""
    got = {e.event_type for e in _events(example["text"])}
    assert (example["type"] in got) == example["event"], (example, got)


def test_trigger_lexicon_at_scale_and_consistent():
    """At least 1,000 entries, each with a known type and part of speech, and a sub-event type
    that the ACLED table lists for that type."""
    path = ev_mod.DATA / "triggers.csv"
    rows = list(csv.DictReader(ln for ln in path.open(encoding="utf-8")
                               if not ln.startswith("#")))
    assert len(rows) >= 1000
    subs = set(ev_mod._sub_event_order())
    for r in rows:
        assert r["event_type"] in TYPES and r["pos"] in ("V", "N", "*"), r
        assert 0 < float(r["strength"]) <= 1, r
        assert r["rank"] in ("", "first", "armed", "report", "factive", "participant"), r
        assert not r["sub_event_type"] or (r["event_type"], r["sub_event_type"]) in subs, r
    assert {r["event_type"] for r in rows} == TYPES


# (sentence, publication date, type, sub-event type, day): wire-copy sentences written for
# these tests, several per type, from stories of different conflicts and crises
TABLE = [
    ("Protesters marched through central Tehran on Monday, chanting slogans against the "
     "government.", date(2023, 3, 15), "protest", "Peaceful protest", "2023-03-13"),
    ("Thousands of teachers went on strike in Lagos on Tuesday over unpaid wages.",
     date(2022, 6, 9), "protest", "Peaceful protest", "2022-06-07"),
    ("Police fired tear gas at demonstrators in Nairobi on Wednesday.", date(2023, 7, 20),
     "protest", "Protest with intervention", "2023-07-19"),
    ("Riots broke out in Dhaka on Friday after the verdict.", date(2021, 3, 28), "protest",
     "Violent demonstration", "2021-03-26"),
    ("Gunmen kidnapped 80 students from a school in Kaduna state on Thursday.",
     date(2023, 3, 15), "arrest", "Abduction/forced disappearance", "2023-03-09"),
    ("Police arrested 40 opposition supporters in Harare on Saturday.", date(2019, 1, 22),
     "arrest", "Arrests", "2019-01-19"),
    ("Two aid workers were abducted near Gao on Sunday.", date(2020, 5, 12), "arrest",
     "Abduction/forced disappearance", "2020-05-10"),
    ("A 7.8-magnitude earthquake struck southern Turkey early on Feb. 6, killing thousands.",
     date(2023, 3, 15), "disaster", "", "2023-02-06"),
    ("Flash floods swept through villages in Sindh province on Monday.", date(2022, 8, 30),
     "disaster", "", "2022-08-29"),
    ("Typhoon Rai made landfall on Siargao island on Thursday.", date(2021, 12, 19),
     "disaster", "", "2021-12-16"),
    ("Fighting near Ganja on 4 October 2020.", date(2023, 3, 15), "attack", "Armed clash",
     "2020-10-04"),
    ("Insurgents opened fire on an army patrol near Mopti on Tuesday.", date(2019, 4, 4),
     "attack", "Armed clash", "2019-04-02"),
    ("A roadside bomb exploded near a police convoy in Kandahar on Monday.",
     date(2018, 10, 24), "attack", "Remote explosive/landmine/IED", "2018-10-22"),
    ("Government forces carried out a raid on a rebel camp near Beni on Friday.",
     date(2020, 2, 3), "attack", "Armed clash", "2020-01-31"),
]


@pytest.mark.parametrize("text,published,etype,sub,day", TABLE,
                         ids=[t[0][:40] for t in TABLE])
def test_taxonomy_table(text, published, etype, sub, day):
    evs = [e for e in _events(text, published) if e.event_type == etype]
    assert evs, [(e.event_type, e.trigger) for e in _events(text, published)]
    assert evs[0].sub_event_type == sub
    assert evs[0].date is not None and evs[0].date.value == day


def test_a_natural_hazard_is_no_attack():
    for text in ("A 7.8-magnitude earthquake struck southern Turkey early on Feb. 6, killing "
                 "thousands.",
                 "A powerful cyclone hit the coast of Mozambique on Sunday, destroying homes.",
                 "The storm slammed into Havana on Tuesday."):
        types = {e.event_type for e in _events(text)}
        assert "disaster" in types and "attack" not in types, (text, types)


def test_an_explosion_is_an_attack_only_in_a_story_of_attacks():
    alone = "A huge explosion tore through a fuel depot in Conakry on Saturday."
    assert {e.event_type for e in _events(alone)} == {"disaster"}
    war = ("Militants attacked an army base in Kidal on Friday. A huge explosion tore through "
           "the base in Kidal on Saturday.")
    got = [e.event_type for e in _events(war)]
    assert got.count("attack") == 2 and "disaster" not in got


def test_no_ceasefire_was_agreed_is_no_ceasefire():
    for text in ("No ceasefire was agreed at the talks in Geneva on Tuesday.",
                 "The two sides failed to agree a truce in Doha on Monday.",
                 "The UN called for a ceasefire in Gaza on Sunday."):
        assert "ceasefire" not in {e.event_type for e in _events(text)}, text


def test_sub_event_type_in_every_export():
    ev = [e for e in _events("Police arrested 40 opposition supporters in Harare on Saturday.",
                             date(2019, 1, 22)) if e.event_type == "arrest"][0]
    assert ev.sub_event_type == "Arrests"
    assert Event.from_dict(json.loads(json.dumps(ev.to_dict()))).sub_event_type == "Arrests"
    buf = io.StringIO()
    write_csv([ev], buf)
    row = next(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["sub_event_type"] == "Arrests"
    assert list(row)[:16][-1] == "confidence"      # the contract's columns come first
    props = geojson([ev])["features"][0]["properties"]
    assert props["sub_event_type"] == "Arrests"


@pytest.mark.parametrize("text,etype,day", [
    ("On Friday, officials in Goma recalled the attack of March 2 on the airport.", "attack",
     "2023-03-02"),
    ("Villagers on Monday described the raid of Jan. 9 on Kawa, near Mopti.", "attack",
     "2023-01-09"),
])
def test_a_date_attached_to_the_trigger_dates_it(text, etype, day):
    evs = [e for e in _events(text) if e.event_type == etype]
    assert evs and evs[0].date.value == day


@pytest.mark.parametrize("text,etype,place", [
    ("KABUL, Aug 26 (Reuters) - A roadside bomb exploded on Thursday, killing two soldiers.",
     "attack", "Kabul"),
    ("NIAMEY, July 27 (AFP) - Soldiers detained the president on Wednesday.", "arrest",
     "Niamey"),
])
def test_the_dateline_locates_an_event_whose_sentence_names_no_place(text, etype, place):
    evs = [e for e in _events(text) if e.event_type == etype]
    assert evs and evs[0].location is not None and evs[0].location.name == place


def test_what_officials_said_happened_is_the_event_not_a_statement():
    said = _events("Officials said 12 people were killed in an attack on a market in "
                   "Maiduguri on Sunday.")
    assert [e.event_type for e in said] == ["attack"]
    assert any(a.text == "Officials" for a in said[0].actors)
    # a news speech act keeps its statement; a report of no event is the statement
    assert "statement" in {e.event_type for e in _events(
        "The army denied on Sunday that its troops had crossed into Sudan.")}
    assert [e.event_type for e in _events(
        "The governor said on Monday that the situation in Herat remained calm.")] == \
        ["statement"]


def test_a_happening_restated_in_one_article_is_one_event():
    text = ("Boko Haram fighters attacked a police station in Maiduguri on Tuesday. Boko Haram "
            "fighters attacked the police station in Maiduguri on Tuesday with grenades and "
            "rifles, killing four officers.")
    attacks = [e for e in _events(text) if e.event_type == "attack"]
    assert len(attacks) == 1
    assert "grenades" in attacks[0].sentence                  # the fullest sentence
    assert attacks[0].fatalities == 4


@pytest.mark.parametrize("text, etype, n", [
    # one predicate restated at one place and month, no second agent: one event, fullest first
    ("Thousands of migrants fled Benghazi earlier this month, officials said. Families with "
     "small children fled Benghazi by boat earlier this month as the coast guard watched.",
     "displacement", 1),
    ("Residents of Beira fled the city on Sunday as the cyclone approached. Tens of thousands "
     "of residents fled Beira on Sunday, crowding the roads north with carts and buses.",
     "displacement", 1),
    # two different agents doing the same thing in one city on one day: two events
    ("Students marched in Tehran on Monday. Bus drivers marched in Tehran on Monday.",
     "protest", 2),
])
def test_the_same_predicate_restated_is_one_event(text, etype, n):
    got = [e for e in _events(text) if e.event_type == etype]
    assert len(got) == n, [(e.trigger, e.sentence) for e in got]
    if n == 1:
        assert len(got[0].evidence) == 2
        assert len(got[0].sentence) == max(len(x.sentence) for x in got[0].evidence)


def test_nonfactual_patterns_are_spacy_dependency_matcher_patterns():
    """The resource is standard: spaCy's DependencyMatcher accepts every pattern."""
    from spacy.matcher import DependencyMatcher
    from spacy.vocab import Vocab

    matcher = DependencyMatcher(Vocab())
    for p in ev_mod.nonfactual_patterns():
        matcher.add(p["name"], [p["pattern"]])
        for i, u in enumerate(p.get("unless", ())):
            matcher.add(f"{p['name']}_unless_{i}", [u])
        assert p["examples"] and p["why"]
    assert len(matcher) == sum(1 + len(p.get("unless", ())) for p in ev_mod.nonfactual_patterns())


def test_geo_does_not_import_the_event_engine():
    """Places in context live in geo/context.py; geo/ never imports timeline.events."""
    import ast

    for path in (ROOT / "geo").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module != "timeline.events", path


@pytest.mark.parametrize("text,etype,absent", [
    # a speech act whose object is an event noun is the statement
    ("The interior minister on Tuesday blamed the bombing on separatists in Quetta.",
     "statement", "attack"),
    ("President Museveni on Monday announced the start of an offensive in Ituri.",
     "statement", "attack"),
    ("The governor of Borno on Sunday condemned the killings in Gwoza.", "statement",
     "casualties"),
    # a factive verb passes on the event it confirms; a truce announced is the truce
    ("The army on Friday confirmed the shelling of Kramatorsk.", "attack", "statement"),
    ("The rebels on Saturday announced a ceasefire in Sudan's Darfur region.", "ceasefire",
     "statement"),
])
def test_a_speech_act_about_an_event_noun_is_the_statement(text, etype, absent):
    got = {e.event_type for e in _events(text)}
    assert etype in got and absent not in got, got


@pytest.mark.parametrize("text", [
    "The junta on Sunday declared the northern town of Kidal free of armed groups.",
    "The rebel leader on Friday proclaimed an autonomous republic in eastern Ukraine.",
    "The president on Monday declared the province of Ituri a special military zone.",
])
def test_a_declaration_is_an_act_not_a_statement(text):
    """Declaring a zone free, a republic or a military zone is "other" (news-wide README: zones
    declared, control claims), not a statement of a position."""
    got = {e.event_type for e in _events(text)}
    assert "other" in got and "statement" not in got, got


def _word_class_examples():
    from timeline.resources import read_toml

    from timeline.clause_roles import WORDS

    table = read_toml(WORDS)
    return [(name, w, want) for name, entry in table.items()
            for key, want in (("examples", True), ("counter", False))
            for w in entry.get(key, ())]


@pytest.mark.parametrize("name,word,want", _word_class_examples())
def test_event_word_class_examples(name, word, want):
    """Every word class of data/events/event_words.toml holds its examples and not its
    counter-examples."""
    assert ev_mod.in_class(word, name) == want
    assert ev_mod.in_class(word.upper(), name) == want       # compared in lower case


@pytest.mark.parametrize("text,etype", [
    ("A 7.8-magnitude earthquake struck Kathmandu on Saturday, killing hundreds. Rescuers in "
     "Kathmandu were still digging survivors out of the rubble after the earthquake.",
     "disaster"),
    ("Rebels shelled the town of Bor on Monday. Residents of Bor said the shelling destroyed "
     "the market.", "attack"),
])
def test_a_definite_mention_restates_the_event_as_further_evidence(text, etype):
    """"The attack …" after the attack is told: one event whose evidence is both sentences,
    the fuller first, so a user sees every sentence that states it."""
    doc = process(Article(text=text, published=date(2021, 8, 30)))
    evs = [e for e in doc.events if e.event_type == etype]
    assert len(evs) == 1, [(e.sentence, e.trigger) for e in evs]
    ev = evs[0]
    assert [x.start for x in ev.statements] == sorted(x.start for x in ev.statements)
    assert len(ev.statements) == 2 and ev.statements[0].start == ev.start == 0
    for x in ev.statements:
        assert doc.text[x.start:x.end] == x.sentence
    back = type(ev).from_dict(ev.to_dict())
    assert back.statements == ev.statements


def test_a_definite_mention_with_a_day_or_place_of_its_own_is_an_event_of_its_own():
    text = ("A suicide bomber attacked the airport in Kabul on Thursday, killing 13 soldiers. "
            "The attack on a checkpoint in Herat on Monday killed two policemen.")
    doc = process(Article(text=text, published=date(2021, 8, 30)))
    assert len([e for e in doc.events if e.event_type == "attack"]) == 2


def test_the_bench_credits_each_evidence_sentence():
    from timeline.bench.events import Score, score_article

    text = ("Rebels shelled the town of Bor on Monday. Residents of Bor said the shelling "
            "destroyed the market.")
    doc = process(Article(text=text, published=date(2021, 8, 30)))
    gold = [{"sentence": "Residents of Bor said the shelling destroyed the market.",
             "event_type": "attack", "date": None, "date_precision": None, "places": [],
             "place_resolved": [], "actors": []}]
    sc = Score()
    score_article("x", doc, gold, sc)
    assert sc.recalled == 1 and sc.recalled_own == 0


@pytest.mark.parametrize("second,etype", [
    ("Some teachers were also abducted from the staff quarters.", "arrest"),
    ("Hundreds of people later crossed the border on foot.", "displacement"),
])
def test_a_definite_place_phrase_locates_a_clause_at_the_story_s_place(second, etype):
    """"from the staff quarters", "crossed the border": the phrase refers to the place named
    before (news-wide README), so the clause is an event there; without it, nothing."""
    first = "Gunmen stormed a school in Kaduna on Wednesday."
    doc = process(Article(text=f"{first} {second}", published=date(2021, 8, 30)))
    evs = [e for e in doc.events if e.sentence == second and e.event_type == etype]
    assert evs and evs[0].location is not None and evs[0].location.name == "Kaduna"
    bare = second.split(" from ")[0].split(" the border")[0].rstrip(".") + "."
    doc = process(Article(text=f"{first} {bare}", published=date(2021, 8, 30)))
    assert not [e for e in doc.events if e.sentence == bare]


def test_one_clause_on_two_days_gives_two_events_with_their_own_ids():
    doc = process(Article(text="Shelling hit Stepanakert on October 3 and October 4.",
                          published=date(2020, 10, 9)))
    ids = [e.event_id for e in doc.events]
    assert len(ids) == len(set(ids))
    assert len({e.date.value for e in doc.events if e.date}) >= 2


@pytest.mark.parametrize("text, moved", [
    ("A column of aid trucks reached Goma on Tuesday.", True),
    ("Hundreds of families reached Mekelle on Friday after a week on foot.", True),
    ("Rebel fighters reached the outskirts of Bamako on Sunday.", True),
    ("The two sides reached an agreement in Doha on Monday.", False),
    ("The death toll in Kabul reached 50 on Thursday.", False),
])
def test_reaching_a_named_place_is_an_event_reaching_a_number_is_not(text, moved):
    doc = process(Article(text=text, published=date(2021, 6, 5)))
    assert bool([e for e in doc.events if e.trigger.startswith("reach")]) == moved


@pytest.mark.parametrize("second, kept", [
    ("Dock workers joined a nationwide strike against the new tax.", True),
    ("Teachers stayed away from schools as protests spread countrywide.", True),
    ("Dock workers joined a strike against the new tax.", False),
])
def test_a_nationwide_happening_is_located_in_the_story_country(second, kept):
    text = "Thousands protested in Lima on Sunday against the new tax. " + second
    doc = process(Article(text=text, published=date(2022, 4, 4)))
    at = text.index(second)
    assert bool([e for e in doc.events if e.start == at]) == kept


@pytest.mark.parametrize("text", [
    "Police are investigating a massacre at a farm near Jos on Monday.",
    "Survivors of the massacre in the village of Yelwata fled to Makurdi on Sunday.",
    "Gunmen massacred 30 villagers near Jos on Monday.",
])
def test_a_massacre_noun_or_verb_is_an_attack(text):
    assert "attack" in _types(text, date(2021, 6, 8)).get(text, set())

@pytest.mark.parametrize("text, want", [
    ("Hundreds of soldiers started arriving in Bamako on Tuesday.", "deployment"),
    ("Kenyan peacekeepers arrived in Goma on Wednesday.", "deployment"),
    ("Russian paratroopers landed at Almaty airport on Thursday.", "deployment"),
    ("A convoy of aid trucks arrived in Aleppo on Monday.", "movement"),
    ("The delegation arrived in Doha on Monday.", "movement"),
    ("Italy sent two ships to Tripoli on Friday.", "movement"),
    ("Germany sent three planes loaded with medical supplies to Kabul on Sunday.", "movement"),
    ("Chad sent hundreds of troops to Niamey on Friday.", "deployment"),
    ("Paris rushed troops to Abidjan on Saturday.", "deployment"),
])
def test_forces_arriving_are_deployed_and_things_sent_travel(text, want):
    got = _types(text, date(2021, 5, 10))
    assert want in next(iter(got.values()), set()), got


@pytest.mark.parametrize("text, want", [
    ("All flights to and from Kabul were cancelled on Monday.", "other"),
    ("Dozens of migrants crawled under the fence into Melilla on Sunday.", "movement"),
    ("Army trucks were moving through the Donetsk region on Tuesday, the governor said.",
     "movement"),
    ("Moscow declared a halt to military action in Georgia on Tuesday.", "ceasefire"),
    ("The army militarized the port of Hodeidah on Monday, residents said.", "deployment"),
])
def test_cancellations_crawling_moving_through_and_halts_are_typed(text, want):
    got = _types(text, date(2021, 5, 10))
    assert want in next(iter(got.values()), set()), got


@pytest.mark.parametrize("text, want, not_want", [
    ("Rebel fighters who marched toward Goma on Sunday have withdrawn.", "movement", "protest"),
    ("Government troops marched toward the border on Tuesday.", "movement", "protest"),
    ("Thousands of students marched through Dhaka on Tuesday.", "protest", "movement"),
    ("Teachers marched to parliament in Nairobi on Monday.", "protest", "movement"),
])
def test_armed_men_marching_travel_and_crowds_marching_protest(text, want, not_want):
    got = next(iter(_types(text, date(2021, 5, 10)).values()), set())
    assert want in got and not_want not in got, got


@pytest.mark.parametrize("text, want, not_want", [
    ("Hundreds of civilians arrived in Kherson from occupied territory on Monday.", "displacement",
     "attack"),
    ("Dozens of families arrived in Mosul from the besieged city on Sunday.", "displacement",
     "attack"),
    ("Relief trucks reached the shelled town of Kharkiv on Friday.", "movement", "attack"),
    ("Artillery shelled the town of Avdiivka on Friday.", "attack", "movement"),
])
def test_a_participle_describing_a_noun_yields_to_what_the_clause_tells(text, want, not_want):
    got = next(iter(_types(text, date(2022, 5, 10)).values()), set())
    assert want in got and not_want not in got, got


def test_declaring_a_halt_is_a_ceasefire_whatever_it_halts():
    got = _types("The army declared a halt to the offensive in Tigray on Tuesday. Moscow "
                 "announced a halt to military action in Georgia on Monday.", date(2021, 5, 10))
    assert all("ceasefire" in v and "attack" not in v for v in got.values()) and len(got) == 2, got


@pytest.mark.parametrize("text, want, not_want", [
    ("The Red Cross mobilized teams to Goma on Friday following the arrival of thousands of "
     "families.", "deployment", "movement"),
    ("The foreign minister flew home to Ankara on Monday after the talks.", "movement",
     "meeting"),
    ("Twelve of the wounded died in hospital in Mosul on Monday after the bombing.",
     "casualties", "attack"),
    ("Troops shelled the outskirts of Kharkiv on Monday.", "attack", None),
])
def test_an_event_noun_in_a_phrase_of_time_is_the_backdrop_of_the_clause_verb(
        text, want, not_want):
    got = next(iter(_types(text, date(2021, 5, 10)).values()), set())
    assert want in got and not_want not in got, got


@pytest.mark.parametrize("text, want", [
    ("Many of the migrants had made long journeys through Niger to reach Agadez in May.",
     "movement"),
    ("The refugees' journey to Lesbos took three days in June.", "movement"),
])
def test_a_journey_is_a_movement(text, want):
    got = next(iter(_types(text, date(2021, 7, 10)).values()), set())
    assert want in got, got


# (sentence, type it gives, type it must not give): who does what decides the type
@pytest.mark.parametrize("text, want, not_want", [
    # violence by a crowd is a riot; a riot's act by armed men an attack; victims do nothing
    ("Protesters overran the presidential palace in Colombo on Saturday.", "protest", "attack"),
    ("Rioters torched police cars in Nanterre on Wednesday.", "protest", "attack"),
    ("A mob stormed the police station in Jos on Monday.", "protest", "attack"),
    ("Masked gunmen stormed the parliament in Simferopol on Thursday.", "attack", "protest"),
    ("Soldiers looted shops in Bangui on Monday.", "attack", "protest"),
    ("Dozens of protesters were shot dead by police in Khartoum on Monday.", "attack", None),
    # a convoy advancing travels, troops advancing attack
    ("A Russian military convoy advanced to a village near Gori on Friday.", "movement",
     "attack"),
    ("Government troops advanced into the town of Kidal on Friday.", "attack", "movement"),
    # one person fleeing travels; people in numbers are displaced
    ("President Ashraf Ghani fled Kabul on Sunday.", "movement", "displacement"),
    ("The deposed president fled to Abu Dhabi on Monday.", "movement", "displacement"),
    ("Families fled Marawi on Tuesday.", "displacement", "movement"),
    ("Thousands of villagers fled to Goma on Monday.", "displacement", "movement"),
    # leaving people stuck displaces them; a ship leaving travels
    ("Border guards closed the crossing at Gevgelija on Friday, leaving about 1,000 people "
     "stuck in Idomeni.", "displacement", None),
    ("The ferry left Lesbos on Monday.", "movement", "displacement"),
    # "they" in what a source reports is the source
    ("Villagers said they had left Bor on Sunday.", "displacement", "movement"),
    ("Evacuees said they were relieved to have left Tacloban on Monday.", "displacement",
     "movement"),
    ("Soldiers said they were glad to have left Kidal on Monday.", "movement", "displacement"),
    # an agent phrase naming a missile reports casualties, naming people the attack
    ("Two children were wounded by shrapnel in Kharkiv on Monday.", "casualties", "attack"),
    ("Other students were wounded by gunshots in Kagara on Monday.", "casualties", "attack"),
    ("Forty protesters were killed by police in Khartoum on Monday.", "attack", None),
    # "since the start of the offensive" is the backdrop of what the clause tells
    ("More than 18,000 people have been displaced in Tripoli since the start of the "
     "offensive.", "displacement", "attack"),
    # characterising a happening is a statement; recounting it is the happening
    ("In Ankara on Monday, Yildirim described the putsch bid as a black stain on democracy.",
     "statement", "attack"),
    ("The minister on Sunday described the shelling of Kharkiv as a war crime.", "statement",
     "attack"),
    # a hazard word before its name: the named storm struck
    ("Typhoon Rai struck Siargao island on Thursday.", "disaster", "attack"),
    ("Hurricane Ian slammed into Fort Myers on Wednesday, killing dozens.", "disaster",
     "attack"),
])
def test_the_parse_decides_the_type(text, want, not_want):
    got = _types(text, date(2023, 3, 15)).get(text, set())
    assert want in got and not_want not in got, got


# lexicon entries added for missing triggers: crowds in the streets, greetings, flags
@pytest.mark.parametrize("text, want", [
    ("Thousands celebrated in the streets of Bangui on Friday after the president resigned.",
     "protest"),
    ("Hundreds of thousands of people returned to the streets of Minsk on Sunday.", "protest"),
    ("Residents of Kathmandu ran into the streets on Saturday as buildings fell.",
     "displacement"),
    ("An outbreak of violence in Bor on Monday left 20 dead.", "attack"),
    ("An outbreak of cholera was reported in Beira on Monday.", "disaster"),
    ("The minister was greeted at Beirut airport by President Aoun on Thursday.", "meeting"),
    ("Rebels hoisted their flag over the town hall in Kidal on Sunday.", "other"),
    ("A rebel flag appeared on the town hall in Kidal on Sunday.", "other"),
    ("All flights to and from Goma were cancelled on Tuesday.", "other"),
    ("In Kyiv on Tuesday, the mayor reminded residents that the city had been shelled every "
     "night.", "statement"),
])
def test_missing_triggers_are_in_the_lexicon(text, want):
    got = _types(text, date(2023, 3, 15)).get(text, set())
    assert want in got, got


def test_a_crowd_s_violence_is_a_violent_demonstration():
    evs = _events("Protesters overran the presidential palace in Colombo on Saturday.")
    assert [e.sub_event_type for e in evs if e.event_type == "protest"] == \
        ["Violent demonstration"]


@pytest.mark.parametrize("text, second, want, not_want", [
    ("The blast at the port destroyed entire neighborhoods of Beirut on Tuesday.", "",
     "disaster", "attack"),
    ("Macron arrived in Beirut on August 6 after the warehouse explosion that killed over 100 "
     "people in the city.", "", "disaster", "attack"),
    ("A suicide bomber attacked a checkpoint in Kabul on Sunday.",
     "The explosion killed 12 people at a market in Kabul on Monday.", "attack", "disaster"),
])
def test_harm_done_by_an_explosion_is_the_explosion_s(text, second, want, not_want):
    """An explosion's harm is the explosion: an accident in a story of no attacks, an attack
    in a story of attacks."""
    got = _types(f"{text} {second}".strip(), date(2023, 3, 15)).get(second or text, set())
    assert want in got and not_want not in got, got


@pytest.mark.parametrize("text, want, not_want", [
    # the wire-copy sentences of issue 11 (publication date 2023-03-15)
    ("Fighting near Ganja on 4 October 2020.", "attack", None),
    ("Protesters marched through central Tehran on Monday, chanting slogans against the "
     "government.", "protest", "movement"),
    ("Gunmen kidnapped 80 students from a school in Kaduna state on Thursday.", "arrest",
     "attack"),
    ("A 7.8-magnitude earthquake struck southern Turkey early on Feb. 6, killing thousands.",
     "disaster", "attack"),
    ("More than 500 migrants were rescued off Lampedusa on Sunday after leaving Sfax in "
     "Tunisia.", "movement", "attack"),
    ("The M23 rebels seized the town of Bunagana near the Ugandan border last June.", "attack",
     None),
    ("No ceasefire was agreed in Doha on Monday, officials said.", "statement", "ceasefire"),
    ("Officials said 12 people were killed in Kabul on Monday.", "casualties", "statement"),
])
def test_the_wire_copy_of_issue_11_is_typed(text, want, not_want):
    got = _types(text, date(2023, 3, 15)).get(text, set())
    assert want in got and not_want not in got, got


@pytest.mark.parametrize("text", ["Aid will stop İF the militias ",
                                  "Aid will stop ıf the militias ", "In İzmir, had the ",
                                  "Aid stops unleſs government ", "Aid will stop if the militias "])
def test_one_lower_case_copy_keeps_offsets_and_needed_strings(text):
    """The article's one lower-case copy (``_lower``) keeps the text's offsets and holds
    the strings a pattern needs wherever it matches, also with "İ", "ı", "ſ", so that the
    pre-check of the non-factual patterns passes over no condition."""
    from timeline import events
    from timeline.resources import has_needs

    low, rx = events._lower(text), events._pattern("conditional_before")
    assert len(low) == len(text) and rx.search(text)
    assert has_needs(rx, low, 0, len(text), folded=True)
    assert events._search("conditional_before", text, 0, len(text), low)
