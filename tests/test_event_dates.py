"""Which time expression dates an event, and to what day (timeline/event_dates.py).

Table tests over sentences written for these rules from stories of other kinds than the dev
sets, each rule at several publication dates (different weekdays, month and year ends)."""
from __future__ import annotations

from datetime import date

import pytest

from timeline.event_dates import _event_date, fuzzy
from timeline.model import Article, DateMention
from timeline.pipeline import process


def _events(text: str, published: date):
    return process(Article(text=text, source="table", published=published)).events


def _dated(text: str, published: date, etype: str) -> list[tuple[str, str, str]]:
    return [(e.date.value, e.date.precision, e.date.basis) for e in _events(text, published)
            if e.event_type == etype and e.date is not None]


# ---------------------------------------------------------------- since: an ongoing event's start
@pytest.mark.parametrize("text,published,etype,want", [
    ("Since fighting erupted in Khartoum on Saturday, thousands of residents have fled the "
     "city.", date(2023, 4, 18), "displacement", "2023-04-15"),
    ("Since the protests began in Lagos on Friday, police have arrested more than 300 people.",
     date(2020, 10, 13), "arrest", "2020-10-09"),
    ("Since the strike started in Santiago on Monday, police have detained 80 workers.",
     date(2019, 1, 2), "arrest", "2018-12-31"),
])
def test_a_since_clause_dates_the_ongoing_event_it_modifies(text, published, etype, want):
    assert want in [v for v, _, _ in _dated(text, published, etype)]


# ---------------------------------------------------------------- a distance from another event
@pytest.mark.parametrize("text,published,etype,want", [
    # "a day after he escaped": the day before the clause it modifies
    ("The former minister arrived in Dubai from Muscat on Thursday, a day after he fled "
     "the capital.", date(2021, 3, 5), "displacement", "2021-03-03"),
    ("Rescue teams searched the rubble in Durres on Wednesday, a day after the earthquake "
     "struck the coast.", date(2019, 11, 28), "disaster", "2019-11-26"),
    # a week, across a month end
    ("Parliament met in Bamako on 3 March, a week after soldiers detained the president.",
     date(2021, 3, 4), "arrest", "2021-02-24"),
    # the other way: the clause below names the day, the clause above is the distance away
    ("Troops entered Mosul the day before the ceasefire took effect on Sunday.",
     date(2016, 11, 8), "attack", "2016-11-05"),
    ("Police arrested the editor in Harare two days after the newspaper published the "
     "report on 3 May.", date(2019, 5, 20), "arrest", "2019-05-05"),
    ("Rebels shelled the port a week after the talks collapsed in Geneva on 28 December.",
     date(2017, 1, 10), "attack", "2017-01-04"),
])
def test_a_distance_from_another_event_dates_it(text, published, etype, want):
    got = _dated(text, published, etype)
    assert (want, "day", "relative") in got, got


@pytest.mark.parametrize("text,published,etype,want", [
    # "since the governor took office in November" in an August story: last November
    ("Since the governor took office in November, police have arrested 40 journalists in "
     "Kano.", date(2019, 8, 20), "arrest", "2018-11"),
    ("Since the junta seized power in July, soldiers have detained dozens of officials in "
     "Niamey.", date(2024, 2, 1), "arrest", "2023-07"),
])
def test_since_a_month_named_without_a_year(text, published, etype, want):
    assert (want, "month", "relative") in _dated(text, published, etype)


# ---------------------------------------------------------------- what never dates an event
@pytest.mark.parametrize("text,published,etype,not_want", [
    ("The government declared a state of emergency in Almaty until 19 January.",
     date(2022, 1, 5), "other", "2022-01-19"),
    ("A curfew was imposed in the province of Sindh till 30 June.", date(2020, 6, 10), "other",
     "2020-06-30"),
])
def test_the_end_of_a_span_does_not_date_the_event(text, published, etype, not_want):
    _not_dated_by(text, published, etype, not_want)


def _not_dated_by(text: str, published: date, etype: str, not_want: str) -> None:
    got = _dated(text, published, etype)
    assert got and not_want not in [v for v, _, _ in got], got


@pytest.mark.parametrize("text,published", [
    ("Police fired tear gas at protesters in Nairobi last week.", date(2023, 7, 19)),
    ("Gunmen attacked a village near Bunia almost two weeks ago.", date(2022, 2, 10)),
])
def test_a_week_that_is_not_this_one_gives_no_day(text, published):
    evs = [e for e in _events(text, published) if e.event_type != "statement"]
    assert evs and all(e.date.basis == "reported" for e in evs)


@pytest.mark.parametrize("text,published,etype,want", [
    ("Thousands of protesters marched through Belgrade this week.", date(2023, 5, 10),
     "protest", "2023-05"),
    ("Flash floods swept through villages in Kerala this weekend.", date(2018, 8, 19),
     "disaster", "2018-08"),
    # "this past weekend" read on a Monday
    ("Fighters who stormed the garrison in Menaka this weekend have withdrawn to the desert.",
     date(2022, 3, 21), "attack", "2022-03"),
])
def test_this_week_within_one_month_is_that_month(text, published, etype, want):
    assert (want, "month", "relative") in _dated(text, published, etype)


def test_this_week_across_a_month_end_gives_no_date():
    evs = _events("Riot police fired tear gas at marchers in Caracas this week.",
                  date(2019, 1, 2))
    assert evs and all(e.date.basis == "reported" for e in evs)


@pytest.mark.parametrize("text,published,etype,not_want", [
    ("The commander, who studied in Cairo in 2010, was arrested in Kano, police said on "
     "Monday.", date(2021, 6, 9), "arrest", "2010"),
    ("The rebel leader, who had lived in Kampala since 2015, was detained in Goma, officials "
     "said on Tuesday.", date(2019, 12, 5), "arrest", "2015"),
    # a background relative clause, whatever noun it describes (here a place)
    ("Troops withdrew from Kidal, which rebels had held since 2012, officials said on Friday.",
     date(2014, 5, 20), "movement", "2012"),
    ("Troops withdrew from Manbij, which the militia had held since 2016, officials said on "
     "Monday.", date(2018, 6, 6), "movement", "2016"),
])
def test_a_relative_clause_about_a_participant_or_background_dates_no_event(text, published,
                                                                           etype, not_want):
    _not_dated_by(text, published, etype, not_want)


# ---------------------------------------------------------------- reported events lie in the past
@pytest.mark.parametrize("text,published,etype,want", [
    # a caption in the present tense: the Monday before a Tuesday publication
    ("A protester throws a stone at riot police in La Paz on Monday.", date(2019, 11, 12),
     "protest", "2019-11-11"),
    ("Soldiers patrol a street in Bamako on Sunday after the coup.", date(2020, 8, 20),
     "deployment", "2020-08-16"),                # patrols are deployments (news-wide)
])
def test_a_reported_event_is_not_after_its_publication(text, published, etype, want):
    assert want in [v for v, _, _ in _dated(text, published, etype)]


@pytest.mark.parametrize("text,published,expr,value,want", [
    # whatever the tagger read, a past event of a month named without a year is not later
    # than the publication: last year's month, last year's day
    ("The assembly elected him interim president in April.", date(2014, 1, 11), "April",
     "2014-04", "2013-04"),
    ("Rebels seized the mine on 3 March.", date(2020, 2, 20), "3 March", "2020-03-03",
     "2019-03-03"),
    # a year written, or a day not after the publication, stays
    ("Rebels seized the mine on 3 March 2021.", date(2021, 2, 20), "3 March 2021",
     "2021-03-03", "2021-03-03"),
    ("Rebels seized the mine on Monday.", date(2021, 2, 20), "Monday", "2021-02-15",
     "2021-02-15"),
])
def test_a_past_event_named_without_a_year_is_not_after_publication(text, published, expr,
                                                                    value, want):
    doc = process(Article(text=text, source="table", published=published))
    at = text.index(expr)
    d = DateMention(at, at + len(expr), expr, value=value, relative=True)
    assert _event_date(d, doc).value == want


def test_what_happens_during_an_event_shares_its_day():
    text = ("French soldiers patrol in their armoured vehicle during fighting in Bangui, "
            "Central African Republic, December 5, 2013.")
    got = _dated(text, date(2013, 12, 7), "deployment")
    assert got == [("2013-12-05", "day", "explicit")]


@pytest.mark.parametrize("text,published,expr,want", [
    ("The ship will dock in Odesa on Friday, the ministry said.", date(2022, 8, 3), "Friday",
     "2022-08-05"),
    ("The convoy is expected to arrive in Goma on Aug. 2, officials said.", date(2022, 8, 1),
     "Aug. 2", "2022-08-02"),
])
def test_what_is_expected_keeps_its_future_date(text, published, expr, want):
    doc = process(Article(text=text, source="table", published=published))
    d = next(m for m in doc.dates if m.text == expr)
    assert d.value == want and _event_date(d, doc).value == want


def test_fuzzy_is_about_the_publication_week():
    doc = process(Article(text="Talks in Doha resumed this week after a pause last week.",
                          source="table", published=date(2023, 5, 10)))
    kinds = {m.text: fuzzy(doc, m) for m in doc.dates}
    assert kinds == {"this week": False, "last week": True}


# ---------------------------------------------------------------- a happening dated elsewhere
@pytest.mark.parametrize("text,published,etype,want", [
    # the happening dated before the sentence that refers to it
    ("Rebels launched an offensive on Kidal on 4 May. Since the start of the offensive, "
     "soldiers have detained 200 men in Kidal.", date(2012, 5, 20), "arrest", "2012-05-04"),
    # and after it, across a year end
    ("More than 300 people have been arrested in Abidjan since the beginning of the strike. "
     "Dock workers went on strike in Abidjan on Friday, 30 December.", date(2017, 1, 3),
     "arrest", "2016-12-30"),
])
def test_since_the_start_of_a_happening_the_article_dates(text, published, etype, want):
    assert want in [v for v, _, _ in _dated(text, published, etype)]


def test_since_a_happening_the_article_does_not_date_gives_no_day():
    got = _dated("Police have arrested 40 people in Minsk since the start of the protests.",
                 date(2020, 8, 20), "arrest")
    assert got == [("2020-08-20", "day", "reported")]


def test_a_possessive_date_dates_the_noun_it_possesses_only():
    text = ("Government forces recaptured the town on Tuesday. Rebels accused the army of "
            "breaking Saturday's truce in Idlib.")
    evs = _events(text, date(2019, 8, 6))
    truce = [e for e in evs if e.event_type == "ceasefire"]
    said = [e for e in evs if e.event_type == "statement"]
    assert truce and truce[0].date.value == "2019-08-03"
    assert said and said[0].date.value != "2019-08-03"


# ---------------------------------------------------------------- a part of the day yields to a day
@pytest.mark.parametrize("text,published,etype,want", [
    ("Police imposed an overnight curfew in Santiago on Monday.", date(2019, 10, 22),
     "other", "2019-10-21"),
    ("Rebels shelled the town in the morning on Saturday, officials said.", date(2024, 1, 1),
     "attack", "2023-12-30"),
    ("Troops stormed the village at dawn on Friday.", date(2024, 3, 1), "attack", "2024-03-01"),
])
def test_a_part_of_the_day_yields_to_the_day_named(text, published, etype, want):
    """A part of the day with no day named ("an overnight curfew", "in the morning", "at
    dawn") is on the day the clause names, whatever comes first."""
    got = _dated(text, published, etype)
    assert got and got[0][0] == want, got


# ---------------------------------------------------------------- a saying and what it reports
@pytest.mark.parametrize("text,published,content_day", [
    # the day of what is said is not the day it was said (issue 13's example, and its kind)
    ("The final kicks off at 16:00 on Sunday in Berlin, organisers said.", date(2024, 7, 10),
     "2024-07-07"),
    ("Elections will be held across Congo on Sunday, the electoral commission said in "
     "Kinshasa.", date(2023, 12, 13), "2023-12-10"),
    ("The match starts at 8 p.m. on Friday in Doha, organisers said.", date(2022, 11, 23),
     "2022-11-18"),
])
def test_a_saying_is_not_dated_by_the_day_of_what_it_reports(text, published, content_day):
    events = _events(text, published)
    said = [e for e in events if e.event_type == "statement"]
    assert said and all(e.date is None or e.date.basis == "reported" for e in said), \
        [(e.trigger, e.date) for e in events]
    assert content_day not in [e.date.value for e in said if e.date is not None]


@pytest.mark.parametrize("text,published,want", [
    # a date between the saying's verb and the subject of what it says dates the saying
    ("The ministry said on Tuesday in Kyiv that the grain corridor would reopen.",
     date(2023, 8, 2), "2023-08-01"),
    ("The army said on Monday in Khartoum that it would not negotiate.", date(2023, 5, 31),
     "2023-05-29"),
    ("Officials in Quito said on Friday that the state of emergency would be lifted.",
     date(2024, 1, 1), "2023-12-29"),
])
def test_a_day_beside_the_saying_verb_dates_the_saying(text, published, want):
    assert want in [v for v, _, _ in _dated(text, published, "statement")]


# ---------------------------------------------------------------- a futurate present
@pytest.mark.parametrize("text,published,etype,want", [
    # a scheduled start or end in the present tense is the next such day, not the last
    ("The new law takes effect on Monday in Nairobi, the ministry said.", date(2024, 3, 6),
     "other", "2024-03-11"),
    ("The ceasefire in Gaza begins on Friday at 7 a.m., Qatar said.", date(2023, 11, 22),
     "ceasefire", "2023-11-24"),
    ("The truce in Sanaa expires on Sunday, the UN envoy said.", date(2022, 12, 30),
     "ceasefire", "2023-01-01"),
    ("The summit opens on Thursday in Addis Ababa, the African Union said.", date(2023, 2, 13),
     "meeting", "2023-02-16"),
])
def test_a_futurate_present_keeps_its_day_ahead(text, published, etype, want):
    assert want in [v for v, _, _ in _dated(text, published, etype)]


# ---------------------------------------------------------------- an ordinal count of a stretch
@pytest.mark.parametrize("text,published,day", [
    # the stretch a count reaches says how long a situation has lasted, not when this happened
    ("Turkey and the UN signed a deal on July 22 to reopen three ports -- Odesa, Chornomorsk "
     "and Pivdennyi -- for grain stuck by the war, which is now in its sixth month.",
     date(2022, 8, 3), "2022-07-22"),
    ("The two sides signed a truce in Goma on Friday to reopen the road to Sake, cut by a siege "
     "that is now in its third straight week.", date(2024, 3, 2), "2024-03-01"),
])
def test_an_ordinal_run_of_weeks_or_months_dates_no_event(text, published, day):
    got = [(e.date.value if e.date else None) for e in _events(text, published)]
    assert day in got and all(v == day for v in got), got


@pytest.mark.parametrize("text,expr,stretch", [
    ("The war is now in its sixth month.", "sixth month", True),
    ("Hong Kong protests enter 11th consecutive weekend", "11th consecutive weekend", True),
    ("It was the 11th consecutive week of protests.", "the 11th consecutive week", True),
    ("Strikes are continuing for a third straight week.", "a third straight week", True),
    ("The siege is now in its twenty-first month.", "twenty-first month", True),
    ("Prices rose last month.", "last month", False),
    ("Protesters are rallying for a fourth straight day.", "a fourth straight day", False),
    ("Police fired tear gas on the third night of clashes.", "the third night", False),
    ("The talks resume next week.", "next week", False),
])
def test_counted_stretch_reads_the_grammars_ordinal_counts(text, expr, stretch):
    from timeline import nlp
    from timeline.dates import counted_stretch, find_dates

    ms = find_dates(text, date(2019, 8, 19), parsed=nlp.parse(text))   # as the pipeline runs it
    m = next(m for m in ms if m.text == expr)
    assert counted_stretch(text, m.start, m.end) is stretch


def test_an_ordinal_count_of_days_still_dates_the_event():
    # "for a fourth straight day" names the day itself: the publication's, told in the present
    got = _dated("Protesters are rallying in Beirut for a fourth straight day.",
                 date(2020, 8, 8), "protest")
    assert [(v, p) for v, p, _ in got] == [("2020-08-08", "day")]
