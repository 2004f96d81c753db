"""Temporal tagger: readings decided by the words or the parse around an expression -- what
a number, a half or a weekday is in its clause (audit of LGL part 1, articles 207-293)."""
from __future__ import annotations

from datetime import date

import pytest

from timeline.dates import find_dates

THU = date(2020, 10, 1)      # Thursday
MON = date(2020, 10, 5)      # Monday, ISO week 41
SUN_YE = date(2020, 12, 27)  # Sunday, the last week of a 53-week year
TUE_YE = date(2019, 12, 31)  # Tuesday, the last day of the year


def _parsed(text):
    from timeline import nlp

    if nlp.model() is None:
        pytest.skip("spaCy model absent")
    return nlp.parse(text)


def _found(text, anchor, parse=True):
    return [(m.text, m.type, m.value) for m in
            find_dates(text, anchor, parsed=_parsed(text) if parse else None)]


# no duration: "a second" that starts a hyphenated compound is an ordinal; "the days", "the
# hours" with no number or modifier measure a stretch of time only after a preposition ("over
# the years", TimeBank's PXY), as a subject or object they name days
@pytest.mark.parametrize("text", [
    "He faces a second-degree murder charge.",
    "She came on as a second-half substitute and scored.",
    "He was a second-round pick in 2019.",
    "Students cannot change the days they take tests on.",
    "The hours of operation for all special events will be set by the board.",
    "Parents worry the weeks go by too fast.",
])
@pytest.mark.parametrize("parse", [True, False])
def test_no_duration(text, parse):
    assert [f for f in _found(text, THU, parse) if f[1] == "DURATION"] == []


def test_a_second_alone_stays_a_duration():
    assert ("a second", "DURATION", "PT1S") in _found("He waited a second.", MON)


# A gerund clause with no auxiliary ("before falling back ...", "with a front arriving ...",
# "after returning ...") takes the tense of the finite verb it hangs on, not a past default
@pytest.mark.parametrize("text,expr,anchor,value", [
    ("The chance of rain jumps to 100 percent overnight, before falling back to 30 percent on "
     "Wednesday.", "Wednesday", date(2009, 3, 31), "2009-04-01"),
    ("The chance of rain jumps to 100 percent overnight, before falling back to 30 percent on "
     "Wednesday.", "Wednesday", TUE_YE, "2020-01-01"),
    ("The rain should taper off, with another cold front arriving late Thursday.",
     "late Thursday", MON, "2020-10-08"),
    ("She went weeks without pay after returning to work from a maternity leave in April.",
     "April", date(2016, 12, 17), "2016-04"),
    ("He was arrested after fleeing on foot Sunday.", "Sunday", THU, "2020-09-27"),
])
def test_gerund_clause_takes_its_finite_verbs_tense(text, expr, anchor, value):
    assert [f[2] for f in _found(text, anchor) if f[0] == expr] == [value]


# "followed by": what follows is in the time of the clause the participle hangs on
@pytest.mark.parametrize("text,expr,anchor,value", [
    ("Lows Tuesday night will be in the low 50s, followed by highs Wednesday in the upper 60s.",
     "Wednesday", date(2009, 3, 31), "2009-04-01"),
    ("Lows Sunday night will be in the low 50s, followed by highs Monday in the upper 60s.",
     "Monday", SUN_YE, "2020-12-28"),
    ("Skies will be sunny on Saturday, followed by a chance of rain on Sunday.", "Sunday", THU,
     "2020-10-04"),
    ("Protesters marched Monday, followed by riots Tuesday.", "Tuesday", THU, "2020-09-29"),
])
def test_followed_by_takes_its_clauses_tense(text, expr, anchor, value):
    assert [f[2] for f in _found(text, anchor) if f[0] == expr] == [value]


# a weekday in a clause with no finite verb (a listing, a forecast line: a noun or a bare
# participle at its root) is the nearest such day, not last week's by default
@pytest.mark.parametrize("text,anchor,expected", [
    ("Lane closure Wednesday and Thursday to repair sewer main.", date(2009, 3, 16),
     [("Wednesday", "DATE", "2009-03-18"), ("Thursday", "DATE", "2009-03-19")]),
    ("Lane closure Wednesday and Thursday to repair sewer main.", SUN_YE,
     [("Wednesday", "DATE", "2020-12-30"), ("Thursday", "DATE", "2020-12-31")]),
    ("Viewing hours Monday from 4-7 and Tuesday morning at the church.", date(2009, 3, 15),
     [("Monday", "DATE", "2009-03-16"), ("Tuesday morning", "TIME", "2009-03-17TMO")]),
    ("Madison Heights between Strickland and North avenues. Closed through Thursday for "
     "water and sewer work.", date(2009, 3, 16), [("Thursday", "DATE", "2009-03-19")]),
    # a finite verb keeps its tense
    ("Lane closures ended Wednesday.", THU, [("Wednesday", "DATE", "2020-09-30")]),
])
def test_weekday_in_a_verbless_clause_is_the_nearest(text, anchor, expected):
    assert [f for f in _found(text, anchor) if f[0] != "4"] == expected


# a year just before a vehicle make is the model year, no date
@pytest.mark.parametrize("text", [
    "A 1996 Oldsmobile 88 struck a 2003 Honda Accord at the light.",
    "Police recovered her stolen 1989 Mercury Marquis two days later.",
    "Their red 1991 Honda broke down on the highway.",
])
@pytest.mark.parametrize("parse", [True, False])
def test_model_year_is_no_date(text, parse):
    assert [f for f in _found(text, THU, parse) if f[0][:2] in ("19", "20")] == []


@pytest.mark.parametrize("text,value", [
    ("In 2007 Toyota sold more cars than GM.", "2007"),
    ("Ford's profit fell in 2008, and in 2009 Ford sold fewer trucks.", "2009"),
])
def test_year_before_a_make_after_a_preposition_stays_a_date(text, value):
    assert value in [f[2] for f in _found(text, THU)]


# "some day" (one day, sometime) in a clause not told in the past: TimeML's FUTURE_REF
@pytest.mark.parametrize("text,expr,anchor", [
    ("It will probably be surrounded some day by solar energy plants.", "some day", THU),
    ("I think some day soon fans will see him do the same.", "some day", SUN_YE),
    ("She hopes to return home some day.", "some day", TUE_YE),
])
def test_some_day_is_future_ref(text, expr, anchor):
    assert (expr, "DATE", "FUTURE_REF") in _found(text, anchor)


def test_some_days_ago_stays_past_ref():
    assert ("some days ago", "DATE", "PAST_REF") in _found("They left some days ago.", MON)


# "current" as a noun (a flow of water or electricity) is no time
@pytest.mark.parametrize("text", [
    "The current swept him away from the shore.",
    "A strong current pulled the boat under the bridge.",
])
def test_current_as_a_noun_is_no_time(text):
    assert [f for f in _found(text, MON) if f[0].lower().endswith("current")] == []


def test_current_as_an_adjective_stays_present_ref():
    assert ("current", "DATE", "PRESENT_REF") in _found("She is the current fair queen.", MON)


# "the second half" in a sentence about a game is the game's half, not the year's
@pytest.mark.parametrize("text", [
    "The coach made two substitutions during the second half in a bid to improve the attack.",
    "Our players played well but were unlucky in the first half.",
    "Darragi doubled the lead in the second half while Said scored a vital away goal.",
])
def test_half_of_a_game_is_no_date(text):
    assert [f for f in _found(text, MON) if "half" in f[0]] == []


@pytest.mark.parametrize("text,anchor,value", [
    ("Sales rose in the second half, the company said.", date(2021, 2, 3), "2020-H2"),
    ("The team expects profit to grow in the first half of 2021.", MON, "2021-H1"),
])
def test_half_of_a_year_stays(text, anchor, value):
    assert value in [f[2] for f in _found(text, anchor)]


# a month inside a noun phrase takes no timetable future from a present verb ("shows ...
# 4,000 more than in January"): the nearest such month; hung on the verb it does ("opens in")
@pytest.mark.parametrize("text,expr,anchor,value", [
    ("The report shows 324,000 residents looking for work, about 4,000 more than in January.",
     "January", date(2009, 3, 30), "2009-01"),
    ("The report shows 9,000 people out of work, 300 more than in August.", "August", MON,
     "2020-08"),
    ("The trial opens in January.", "January", MON, "2021-01"),
    ("The trial opens in November.", "November", MON, "2020-11"),
])
def test_month_inside_a_noun_phrase_is_the_nearest(text, expr, anchor, value):
    assert [f[2] for f in _found(text, anchor) if f[0] == expr] == [value]


@pytest.mark.parametrize("text,expr,value", [
    ("Over the years, the group has developed several measures.", "the years", "PXY"),
    ("Searches were conducted in the days and weeks following his disappearance.", "the days",
     "PXD"),
    ("The bureau shifted into low gear in the weeks before the election.", "the weeks", "PXW"),
])
def test_the_plural_unit_after_a_preposition_stays_a_duration(text, expr, value):
    assert (expr, "DURATION", value) in _found(text, MON)


# a clock time with no a.m./p.m. that starts a range whose end writes one takes the end's
@pytest.mark.parametrize("text,expr,anchor,value", [
    ("Tryouts will be from 3:15 to 5:15 p.m.", "3:15", MON, "2020-10-05T15:15"),
    ("Visiting hours run from 6:30 to 8 p.m. daily.", "6:30", TUE_YE, "2019-12-31T18:30"),
    ("Polls open from 7:30 to 11 a.m.", "7:30", SUN_YE, "2020-12-27T07:30"),
    ("The meeting runs from 10:30 to 1 p.m.", "10:30", THU, "2020-10-01T10:30"),
])
@pytest.mark.parametrize("parse", [True, False])
def test_clock_range_start_takes_the_ends_meridiem(text, expr, anchor, value, parse):
    assert [f[2] for f in _found(text, anchor, parse) if f[0] == expr] == [value]


def test_a_24_hour_clock_before_a_range_end_stays():
    assert ("14:30", "TIME", "2020-10-05T14:30") in _found("He arrived at 14:30 to 5 p.m.", MON)


# a line of a chronology led by a date and a dash: a day, month or holiday written there
# without a year is in the lead's year
CHRONOLOGY = ("Timeline:\n"
              "Fall 1621 - The first Thanksgiving is observed in Plymouth.\n"
              "1789 - President George Washington issues a proclamation naming November 26 a day "
              "of national thanksgiving.\n"
              "October 3, 1863 - President Abraham Lincoln proclaims the last Thursday in "
              "November as a national day of thanksgiving.\n"
              "1939 - President Franklin D. Roosevelt moves Thanksgiving Day one week earlier to "
              "boost the Christmas shopping season.\n")


@pytest.mark.parametrize("anchor", [date(2016, 11, 16), TUE_YE, date(2021, 2, 28)])
@pytest.mark.parametrize("parse", [True, False])
def test_chronology_line_gives_its_year(anchor, parse):
    got = {f[0]: f[2] for f in _found(CHRONOLOGY, anchor, parse)}
    assert got["November 26"] == "1789-11-26"
    assert got["the last Thursday in November"] == "1863-11-26"
    assert got["Thanksgiving Day"] == "1939-11-23"
    assert got["Christmas"] == "1939-12-25"


def test_chronology_line_year_stays_on_its_line():
    text = "1789 - Washington issues a proclamation.\nOfficials met on November 26, they said."
    assert ("November 26", "DATE", "2016-11-26") in _found(text, date(2016, 11, 30))


# a month word that the parse makes a person -- in a PERSON name, the subject of a verb of
# saying, the source after "according to" -- is a name, no month
@pytest.mark.parametrize("text", [
    "Grisham and Pierce met, said Jason January with the Huntsville Fire Department.",
    "“Things like sticks and leaves are all wet right now,” January said.",
    "According to January, 190 counties are still under burn bans.",
])
def test_month_naming_a_person_is_no_date(text):
    assert [f for f in _found(text, date(2009, 3, 16)) if f[0] == "January"] == []


# ... and so before an ordinal word: "Theresa May first said" tells no May 1
@pytest.mark.parametrize("text,anchor", [
    ("Theresa May first said she would stay in office.", date(2019, 7, 10)),
    ("Prime Minister Theresa May first met the queen on Wednesday.", date(2016, 7, 15)),
])
def test_person_named_for_a_month_before_an_ordinal_is_no_date(text, anchor):
    assert [f for f in _found(text, anchor) if f[0].startswith("May")] == []


@pytest.mark.parametrize("text,anchor,value", [
    ("January saw record sales at the store.", date(2009, 3, 16), "2009-01"),
    ("Sales rose in January, the company said.", MON, "2020-01"),
    ("In January, officials said the road would reopen.", TUE_YE, "2019-01"),
])
def test_month_as_subject_or_object_of_time_stays(text, anchor, value):
    assert ("January", "DATE", value) in _found(text, anchor)


# "last day" without "the" is a final day ("her last day in the post"), never yesterday;
# "over the last day" stays a duration
@pytest.mark.parametrize("text,anchor", [
    ("Her last day in the Dublin post was in September.", date(2009, 3, 18)),
    ("Last day of school for Laurel County students is scheduled for June 5.", MON),
    ("It was his last day at work before the holidays.", TUE_YE),
])
def test_last_day_is_no_yesterday(text, anchor):
    assert [f for f in _found(text, anchor) if "day" in f[0].lower() and f[1] == "DATE"] == []


def test_over_the_last_day_stays_a_duration():
    assert ("the last day", "DURATION", "P1D") in _found("Over the last day, rain fell.", MON)


# a country's day after "its"/"their" whose clause's subject the parse makes a place is that
# country's, no day the holidays table gives (the US one); a family's stays the US day
@pytest.mark.parametrize("text", [
    "India marked its 75th Independence Day with flags.",
    "Pakistan celebrated its Independence Day with parades.",
])
def test_country_day_after_its_is_no_us_date(text):
    assert [f for f in _found(text, date(2021, 9, 4)) if "Independence" in f[0]] == []
