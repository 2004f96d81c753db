"""Temporal tagger: expression → TIMEX3 value tables at several anchors, seeds, traps."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from timeline.config import DEFAULT
from timeline.dates import find_dates

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

THU = date(2020, 10, 1)     # Thursday
MON = date(2020, 10, 5)     # Monday, ISO week 41
SUN_YE = date(2020, 12, 27) # Sunday, ISO week 52 of a 53-week year
FRI_NY = date(2021, 1, 1)   # Friday, still ISO 2020-W53
SAT_LEAP = date(2020, 2, 29)


def mention(sentence: str, expr: str, anchor, settings=DEFAULT):
    """The mention whose text is ``expr`` (fails when it is not found exactly)."""
    ms = find_dates(sentence, anchor, settings)
    for m in ms:
        assert sentence[m.start:m.end] == m.text
    found = [m for m in ms if m.text == expr]
    assert found, f"{expr!r} not found in {[m.text for m in ms]}"
    return found[0]


# (sentence, expression, anchor, type, value)
CASES = [
    # absolute dates in news formats
    ("By Asbarez | Thursday, 01 October 2020", "Thursday, 01 October 2020", MON, "DATE", "2020-10-01"),
    ("It was signed on 01 October 2020.", "01 October 2020", None, "DATE", "2020-10-01"),
    ("BEIRUT (Sputnik - 05th October, 2020) Families", "05th October, 2020", THU, "DATE", "2020-10-05"),
    ("Talks resumed on Oct. 5.", "Oct. 5", MON, "DATE", "2020-10-05"),
    ("Talks resumed on Oct. 5.", "Oct. 5", FRI_NY, "DATE", "2020-10-05"),
    ("Fighting began on Sept. 23.", "Sept. 23", THU, "DATE", "2020-09-23"),
    ("Fighting began on Dec. 30.", "Dec. 30", FRI_NY, "DATE", "2020-12-30"),
    ("Elections are set for Jan. 5.", "Jan. 5", SUN_YE, "DATE", "2021-01-05"),
    ("The report is dated 2020-10-05.", "2020-10-05", None, "DATE", "2020-10-05"),
    ("It was signed on March 5, 1994.", "March 5, 1994", THU, "DATE", "1994-03-05"),
    ("It ended in October 2020.", "October 2020", None, "DATE", "2020-10"),
    ("The ceasefire of 1994 held.", "1994", None, "DATE", "1994"),
    ("Prices soared in the 1990s.", "the 1990s", None, "DATE", "199"),
    ("It happened in summer 2020.", "summer 2020", None, "DATE", "2020-SU"),
    ("Sales fell in the third quarter of 2019.", "the third quarter of 2019", None, "DATE", "2019-Q3"),
    ("The plan covers 2020-W41.", "2020-W41", None, "DATE", "2020-W41"),
    ("He was born on February 29, 2020.", "February 29, 2020", None, "DATE", "2020-02-29"),
    # weekdays by tense and modifier
    ("Azerbaijan began an attack on Sunday.", "Sunday", THU, "DATE", "2020-09-27"),
    ("Azerbaijan began an attack on Sunday.", "Sunday", MON, "DATE", "2020-10-04"),
    ("Azerbaijan began an attack on Sunday.", "Sunday", SUN_YE, "DATE", "2020-12-27"),
    ("Kazem told Sputnik on Monday.", "Monday", MON, "DATE", "2020-10-05"),
    ("Macron said Thursday he has proof.", "Thursday", THU, "DATE", "2020-10-01"),
    ("Ministers said Friday that they agreed.", "Friday", FRI_NY, "DATE", "2021-01-01"),
    ("Ministers said Friday that they agreed.", "Friday", MON, "DATE", "2020-10-02"),
    ("The leaders will meet next Monday.", "next Monday", THU, "DATE", "2020-10-05"),
    # "later on Monday" / "earlier on Friday": the day of writing (the anchor's, or the last
    # such day when the article is dated a day late), whatever the clause's tense
    ("Evacuees were expected to arrive in Zaporizhzhia later on Monday.", "Monday", date(2022, 5, 3), "DATE", "2022-05-02"),
    ("Evacuees were expected to arrive in Zaporizhzhia later on Monday.", "Monday", MON, "DATE", "2020-10-05"),
    ("The minister will speak to reporters later on Thursday.", "Thursday", FRI_NY, "DATE", "2020-12-31"),
    ("Shelling resumed earlier on Friday, officials said.", "Friday", MON, "DATE", "2020-10-02"),
    ("Talks are due to resume later Sunday.", "Sunday", SUN_YE, "DATE", "2020-12-27"),
    ("Drones struck the depot late on Sunday.", "Sunday", THU, "DATE", "2020-09-27"),
    ("The leaders will meet late on Sunday.", "Sunday", THU, "DATE", "2020-10-04"),
    ("The leaders will meet next Monday.", "next Monday", MON, "DATE", "2020-10-12"),
    ("Talks will resume on Friday.", "Friday", MON, "DATE", "2020-10-09"),
    ("Talks will resume on Friday.", "Friday", SUN_YE, "DATE", "2021-01-01"),
    ("They talked this past Friday.", "this past Friday", MON, "DATE", "2020-10-02"),
    ("They talked last Friday.", "last Friday", FRI_NY, "DATE", "2020-12-25"),
    ("Tuesday's ruling was appealed.", "Tuesday", MON, "DATE", "2020-09-29"),
    # day words and N units ago
    ("Shelling resumed yesterday.", "yesterday", FRI_NY, "DATE", "2020-12-31"),
    ("Shelling resumed yesterday.", "yesterday", SAT_LEAP, "DATE", "2020-02-28"),
    ("They vote tomorrow.", "tomorrow", SUN_YE, "DATE", "2020-12-28"),
    ("Today, we have information.", "Today", THU, "DATE", "2020-10-01"),
    ("He speaks tonight.", "tonight", THU, "TIME", "2020-10-01TNI"),
    ("It started three days ago.", "three days ago", THU, "DATE", "2020-09-28"),
    ("It started three days ago.", "three days ago", FRI_NY, "DATE", "2020-12-29"),
    ("It started two weeks ago.", "two weeks ago", MON, "DATE", "2020-W39"),
    # last / this / next units
    ("Last week, a source told Sputnik.", "Last week", MON, "DATE", "2020-W40"),
    ("Last week, a source told Sputnik.", "Last week", FRI_NY, "DATE", "2020-W52"),
    ("Talks open next week.", "next week", SUN_YE, "DATE", "2020-W53"),
    ("Prices rose last month.", "last month", FRI_NY, "DATE", "2020-12"),
    ("Prices will rise next month.", "next month", SUN_YE, "DATE", "2021-01"),
    ("Output fell last year.", "last year", FRI_NY, "DATE", "2020"),
    ("Output fell this year.", "this year", SUN_YE, "DATE", "2020"),
    ("A group was to depart this weekend.", "this weekend", MON, "DATE", "2020-W41-WE"),
    ("It was founded earlier this month.", "earlier this month", THU, "DATE", "2020-10"),
    ("Training began back in August.", "August", MON, "DATE", "2020-08"),
    ("Training began back in August.", "August", FRI_NY, "DATE", "2020-08"),
    ("The truce was agreed in November.", "November", date(2021, 6, 29), "DATE", "2020-11"),
    ("Sales rose last fall.", "last fall", date(1998, 1, 20), "DATE", "1997-FA"),
    ("Profit rose in the third quarter.", "the third quarter", date(1989, 11, 2), "DATE", "1989-Q3"),
    ("Profit rose in the fourth quarter.", "the fourth quarter", date(1990, 2, 2), "DATE", "1989-Q4"),
    # narrative anchoring
    ("On September 30 the army attacked. The previous day was calm.", "The previous day", MON,
     "DATE", "2020-09-29"),
    ("The army attacked. The previous day was calm.", "The previous day", MON, "DATE", "2020-10-04"),
    # "two days later": TimeML's anchored DURATION over "two days" (its point: see below)
    ("The deal was signed on May 5, 1994. Two days later it collapsed.", "Two days", MON,
     "DURATION", "P2D"),
    ("He fled in June 1998 and returned later that year.", "later that year", THU, "DATE",
     "1998"),
    ("Imports totaled $37 million in 1988, a small share of imports that year.", "that year",
     date(1989, 11, 2), "DATE", "1988"),
    ("In March, investors urged a sale. The following month, it put itself up for sale.",
     "The following month", date(1989, 10, 27), "DATE", "1989-04"),
    # ranges: the start, with the end kept
    ("Recruits were sent between September 23 and 27.", "September 23 and 27", THU, "DATE", "2020-09-23"),
    ("The fair runs from 1 to 3 October.", "1 to 3 October", THU, "DATE", "2020-10-01"),
    # durations
    ("The truce lasted 48 hours.", "48 hours", THU, "DURATION", "PT48H"),
    ("He served three years.", "three years", THU, "DURATION", "P3Y"),
    ("Output fell over the past two months.", "the past two months", THU, "DURATION", "P2M"),
    ("The war lasted two decades.", "two decades", None, "DURATION", "P20Y"),
    ("A two-week truce.", "two-week", None, "DURATION", "P2W"),
    # sets
    ("The paper is published weekly.", "weekly", THU, "SET", "P1W"),
    ("They meet every Monday.", "every Monday", THU, "SET", "XXXX-WXX-1"),
    ("They meet twice a week.", "a week", THU, "SET", "P1W"),
    ("Flights leave three times a day.", "a day", FRI_NY, "SET", "P1D"),
    # a unit after a frequency is a SET, after a quantity a rate (no mention, see traps);
    # "a second" is a unit only when nothing nominal follows
    ("He stayed a week.", "a week", MON, "DURATION", "P1W"),
    ("The whistle blew a second later.", "a second", THU, "DURATION", "PT1S"),
    # a month or day with a relative year; "last" before a day; a week named by its day
    ("But in June last year, the leadership split.", "June last year", date(1998, 2, 19),
     "DATE", "1997-06"),
    ("Ratification began in February this year.", "February this year", date(1998, 12, 3),
     "DATE", "1998-02"),
    ("They join in April next year.", "April next year", date(1998, 12, 3), "DATE", "1999-04"),
    ("He was shot to death last Oct. 23 at home.", "Oct. 23", date(1999, 4, 19), "DATE",
     "1998-10-23"),
    ("He was shot to death last Oct. 23 at home.", "Oct. 23", date(1999, 10, 20), "DATE",
     "1998-10-23"),
    ("He was shot to death last Oct. 23 at home.", "Oct. 23", date(1999, 10, 25), "DATE",
     "1999-10-23"),
    ("It may be settled in a hearing the week of March 6.", "the week of March 6",
     date(2000, 2, 24), "DATE", "2000-W10"),
    # years spelled out (broadcast transcripts), with a month or season; halves of a year
    ("January nineteen ninety-seven. Atlanta again.", "January nineteen ninety-seven",
     date(1998, 2, 27), "DATE", "1997-01"),
    ("It was the winter of nineteen ninety-four.", "the winter of nineteen ninety-four",
     date(1998, 2, 23), "DATE", "1994-WI"),
    ("Profit fell in the last half of 1989.", "the last half of 1989", date(1990, 2, 2), "DATE",
     "1989-H2"),
    # a year after an article ("A 1996 law"), unlike a model name ("A320")
    ("A 1996 law named for him tightened it.", "1996", date(2000, 4, 3), "DATE", "1996"),
    ("It overruled a 1971 convention.", "1971", date(1998, 3, 6), "DATE", "1971"),
    # a bare plural unit after a preposition of duration is a vague duration
    ("Protests went on for weeks.", "weeks", THU, "DURATION", "PXW"),
    ("Troops are expected within days.", "days", THU, "DURATION", "PXD"),
    # "one day" after a subject or modal: some day to come
    ("He hopes he will one day return.", "one day", THU, "DATE", "FUTURE_REF"),
    # halves of a relative year; "at the moment"; the day beside the one being told
    ("Growth returns in the first half of next year.", "the first half of next year", THU,
     "DATE", "2021-H1"),
    ("Growth returns in the first half of next year.", "the first half of next year", FRI_NY,
     "DATE", "2022-H1"),
    ("At the moment the border is shut.", "At the moment", THU, "DATE", "PRESENT_REF"),
    ("On September 30 they left. The day before, they had called.", "The day before", MON,
     "DATE", "2020-09-29"),
    ("They had arrived the day before and left.", "the day before", SUN_YE, "DATE",
     "2020-12-26"),
    ("In 2008 the war began. The year before, it was calm.", "The year before", MON, "DATE",
     "2007"),
    ("On September 30 they left. The week after, they came back.", "The week after", MON,
     "DATE", "2020-W41"),
    # "a day earlier" is anchored like "later"; "a year earlier" stays a comparison DATE
    ("On September 30 they left. A day earlier, they had called.", "A day", MON, "DURATION",
     "P1D"),
    ("Profit was $3 million a year earlier.", "a year earlier", MON, "DATE", "2019"),
    ("The strike lasted one day.", "one day", THU, "DURATION", "P1D"),
    # recent + plural unit: a vague duration
    ("Prices rose in recent years.", "recent years", THU, "DURATION", "PXY"),
    ("Prices rose in recent weeks.", "recent weeks", date(1989, 10, 27), "DURATION", "PXW"),
    ("Losses mounted in recent quarters.", "recent quarters", MON, "DURATION", "PXQ"),
    ("He recently moved.", "recently", MON, "DATE", "PAST_REF"),
    # a capitalised time word at a sentence start stays a time
    ("He left. Today he came back.", "Today", MON, "DATE", "2020-10-05"),
    ("Talks failed. Last week they resumed.", "Last week", FRI_NY, "DATE", "2020-W52"),
    # times of day
    ("The strike came on Monday morning.", "Monday morning", MON, "TIME", "2020-10-05TMO"),
    ("The strike came on Monday morning.", "Monday morning", THU, "TIME", "2020-09-28TMO"),
    ("The curfew starts at 9 a.m. today.", "9 a.m. today", THU, "TIME", "2020-10-01T09:00"),
    ("The curfew will start at 9 a.m. Tuesday.", "9 a.m. Tuesday", THU, "TIME", "2020-10-06T09:00"),
    # a clock time with its part of the day in words
    ("He will leave at 4 in the morning.", "4 in the morning", THU, "TIME", "2020-10-01T04:00"),
    ("He will leave at 4 in the morning.", "4 in the morning", SAT_LEAP, "TIME", "2020-02-29T04:00"),
    ("The blast came at 10 at night.", "10 at night", MON, "TIME", "2020-10-05T22:00"),
    ("Shops shut at 5 in the afternoon.", "5 in the afternoon", FRI_NY, "TIME", "2021-01-01T17:00"),
    ("They met at 14:30 today.", "14:30 today", THU, "TIME", "2020-10-01T14:30"),
    # mid-morning / mid-afternoon: the part of the day named, else of the day being told
    ("Shares fell at mid-afternoon yesterday.", "mid-afternoon yesterday", date(1989, 11, 2),
     "TIME", "1989-11-01TAF"),
    ("Shares fell at mid-afternoon yesterday.", "mid-afternoon yesterday", SAT_LEAP,
     "TIME", "2020-02-28TAF"),
    ("By mid afternoon, sources said the road was open.", "mid afternoon", MON, "TIME",
     "2020-10-05TAF"),
    ("On September 30 the army attacked. By midmorning it had stopped.", "midmorning", MON,
     "TIME", "2020-09-30TMO"),
    # tense: "next to" and "due to the" are no future cues; a past plan; a deadline ahead
    ("Blasts next to the embassies in Kenya on Friday killed 200.", "Friday", date(1998, 8, 8),
     "DATE", "1998-08-07"),
    ("The vote was delayed due to the storm on Sunday.", "Sunday", THU, "DATE", "2020-09-27"),
    ("The offer had been scheduled to expire Friday.", "Friday", MON, "DATE", "2020-10-02"),
    ("The offer had been due to expire on Friday.", "Friday", THU, "DATE", "2020-09-25"),
    ("The INS extended its deadline until 9 a.m. Tuesday.", "9 a.m. Tuesday", MON, "TIME",
     "2020-10-06T09:00"),
    ("Officials postponed the action until Tuesday morning.", "Tuesday morning", THU, "TIME",
     "2020-10-06TMO"),
    ("Until Thursday, they had not called him a suspect.", "Thursday", date(2020, 10, 3),
     "DATE", "2020-10-01"),
    # a weekday then its date, the date followed by a colon
    ("The Times said in an editorial on Monday, Oct. 26: The murder", "Monday, Oct. 26",
     date(1998, 10, 25), "DATE", "1998-10-26"),
    # durations with halves, "more", and workday units
    ("The talks lasted 2 1/2 years.", "2 1/2 years", THU, "DURATION", "P2Y6M"),
    ("She spent 5 1/2 hours in Nairobi.", "5 1/2 hours", None, "DURATION", "PT5H30M"),
    ("It took two and a half days.", "two and a half days", MON, "DURATION", "P2DT12H"),
    ("The clip ran a minute and a half.", "a minute and a half", None, "DURATION", "PT1M30S"),
    ("The truce was extended two more weeks.", "two more weeks", THU, "DURATION", "P2W"),
    ("It could last at least 20 more years.", "at least 20 more years", THU, "DURATION", "P20Y"),
    ("Shares fell for eight trading days.", "eight trading days", MON, "DURATION", "P8D"),
    ("The river has flooded for almost a hundred years.", "almost a hundred years", THU,
     "DURATION", "P100Y"),
    ("He was given an additional year.", "an additional year", THU, "DURATION", "P1Y"),
    # months by tense: a past verb keeps an earlier month in the anchor's year
    ("He stepped down as chairman in March.", "March", date(1989, 11, 2), "DATE", "1989-03"),
    ("He stepped down as chairman in March.", "March", date(1990, 1, 2), "DATE", "1989-03"),
    ("The talks are supposed to conclude by May.", "May", date(1998, 3, 22), "DATE", "1998-05"),
    ("The split would be paid on a date in January.", "January", date(1989, 10, 26), "DATE",
     "1990-01"),
    ("Thermo agreed to purchase the line in February.", "February", date(1989, 10, 30),
     "DATE", "1990-02"),
    ("Schwarz will succeed Davison Feb. 1.", "Feb. 1", date(1989, 10, 26), "DATE", "1990-02-01"),
    # earnings stories: the period under discussion and its year-ago twin
    ("It earned $5 million in the third quarter. Sales in the latest period rose.",
     "the latest period", date(1989, 11, 2), "DATE", "1989-Q3"),
    ("It earned $5 million in the third quarter. In the year-earlier period it lost money.",
     "the year-earlier period", date(1989, 11, 2), "DATE", "1988-Q3"),
    ("It earned $5 million in the second quarter. In the 1988 period it lost money.",
     "the 1988 period", date(1989, 8, 2), "DATE", "1988-Q2"),
    ("Net sales for this year's third quarter were $14 million.", "this year's third quarter",
     date(1989, 11, 1), "DATE", "1989-Q3"),
    ("It could be effective as early as next year's first quarter.",
     "next year's first quarter", date(1989, 10, 31), "DATE", "1990-Q1"),
    ("It expects a fourth-quarter charge. Profit rose in the latest quarter.",
     "the latest quarter", date(1989, 11, 2), "DATE", "1989-Q3"),
    # year end after a time preposition; "year-end net" stays untagged
    ("It will cut 6,000 jobs by year end.", "year end", date(1989, 10, 26), "DATE", "1989"),
    ("Prices should firm around year-end.", "year-end", SUN_YE, "DATE", "2020"),
    # a clock time alone falls on the day the story is telling
    ("On October 23, 1998, Slepian was shot at 10 p.m. in his kitchen.", "10 p.m.",
     date(1999, 4, 19), "TIME", "1998-10-23T22:00"),
    ("The curfew starts at 9 p.m.", "9 p.m.", THU, "TIME", "2020-10-01T21:00"),
    # PRESENT_REF / PAST_REF / FUTURE_REF
    ("Now, with construction under way, buyers backed out.", "Now", THU, "DATE", "PRESENT_REF"),
    ("He recently moved.", "recently", THU, "DATE", "PAST_REF"),
    ("Prices may rise in the future.", "the future", THU, "DATE", "FUTURE_REF"),
    # holidays
    ("They met on Christmas Eve.", "Christmas Eve", FRI_NY, "DATE", "2020-12-24"),
    ("Stores close on Thanksgiving.", "Thanksgiving", date(2020, 11, 2), "DATE", "2020-11-26"),
    # an ambiguous month name before an event noun; midday
    ("It keeps trying to sell itself under a June agreement.", "June", date(1989, 10, 27),
     "DATE", "1989-06"),
    ("The March accession will let them join.", "March", date(1999, 2, 10), "DATE", "1999-03"),
    ("The convoy left at midday.", "midday", THU, "TIME", "2020-10-01T12:00"),
    # "every other day" is a recurrence, "the other day" some recent day
    ("Patients get the drug every other day.", "every other day", MON, "SET", "P2D"),
    ("I met her the other day at the market.", "the other day", THU, "DATE", "PAST_REF"),
]


@pytest.mark.parametrize("sentence,expr,anchor,typ,value", CASES)
def test_expression_value(sentence, expr, anchor, typ, value):
    m = mention(sentence, expr, anchor)
    assert (m.type, m.value) == (typ, value)


def _parsed(text):
    from timeline import nlp

    if nlp.model() is None:
        pytest.skip("spaCy model absent")
    return nlp.parse(text)


@pytest.mark.parametrize("sentence,expr,anchor,typ,value", CASES)
def test_expression_value_with_parse(sentence, expr, anchor, typ, value):
    """The contract table holds on the pipeline's path too (find_dates given the parse)."""
    ms = [m for m in find_dates(sentence, anchor, parsed=_parsed(sentence)) if m.text == expr]
    assert ms and (ms[0].type, ms[0].value) == (typ, value)


# The governing verb decides (sentence, expression, anchor, value): cases cue words miss
# ("meet", "brought", "agreement to") and cases an early version of the parse rules got wrong
PARSE_CASES = [
    # a present-tense plan looks ahead
    ("He and Arafat meet separately Monday with Albright.", "Monday", THU, "2020-10-05"),
    # reported speech: each clause keeps its own tense
    ("Officials said Tuesday that the talks would resume Friday.", "Tuesday", THU, "2020-09-29"),
    ("Officials said Tuesday that the talks would resume Friday.", "Friday", THU, "2020-10-02"),
    ("They said they would appeal the decision, announced Wednesday by the commissioner.",
     "Wednesday", date(2000, 1, 6), "2000-01-05"),
    # an infinitive under a noun of intent or a plan looks ahead, a past perfect plan back
    ("The bank announced an agreement to acquire the holding company in January.", "January",
     date(1989, 11, 2), "1990-01"),
    ("The U.S. attorney has scheduled a news conference Thursday to announce a development.",
     "Thursday", date(1999, 5, 5), "1999-05-06"),
    ("It had been due to expire Friday evening.", "Friday evening", date(1989, 10, 30),
     "1989-10-27TEV"),
    # a past verb with no cue word a regex knows ("brought")
    ("In January, American Medical brought in a new chief executive.", "January",
     date(1989, 10, 27), "1989-01"),
    # a past governor makes its infinitive past ("difficult ... to meet ... into the summer")
    ("Problems made it difficult for Sun to meet demand well into the summer.", "the summer",
     date(1989, 10, 26), "1989-SU"),
]


@pytest.mark.parametrize("sentence,expr,anchor,value", PARSE_CASES)
def test_parse_decides_tense(sentence, expr, anchor, value):
    ms = [m for m in find_dates(sentence, anchor, parsed=_parsed(sentence)) if m.text == expr]
    assert ms and ms[0].value == value


def test_pipeline_passes_the_parse_to_dates():
    from timeline.model import Article
    from timeline.pipeline import process

    text = "He and Arafat meet separately Monday with Albright."
    _parsed(text)
    doc = process(Article(text=text, published=THU))
    assert [m.value for m in doc.dates if m.text == "Monday"] == ["2020-10-05"]


def test_anchored_duration_points_at_its_day():
    text = "The deal was signed on May 5, 1994. Two days later it collapsed."
    later = mention(text, "Two days", MON)
    assert (later.point, later.when) == ("1994-05-07", "1994-05-07")
    assert mention("He stayed a week.", "a week", MON).when is None
    earlier = mention("On September 30 they left. A day earlier, they had called.", "A day", MON)
    assert earlier.point == "2020-09-29"


def test_range_keeps_end():
    m = mention("Recruits were sent between September 23 and 27.", "September 23 and 27", THU)
    assert (m.value, m.end_value) == ("2020-09-23", "2020-09-27")
    m = mention("The fair runs from 1 to 3 October.", "1 to 3 October", THU)
    assert (m.value, m.end_value) == ("2020-10-01", "2020-10-03")


def test_earlier_this_month_mod():
    assert mention("It was founded earlier this month.", "earlier this month", THU).mod == "START"


@pytest.mark.parametrize("order,value", [("MDY", "2020-05-10"), ("DMY", "2020-10-05")])
def test_numeric_date_order(order, value):
    m = mention("Filed on 05/10/2020.", "05/10/2020", None, DEFAULT.with_(date_order=order))
    assert m.value == value


def test_numeric_date_impossible_order_swaps():
    assert mention("Filed on 25/10/2020.", "25/10/2020", None).value == "2020-10-25"


@pytest.mark.parametrize("sentence,expr", [
    ("on Sunday", "Sunday"), ("yesterday", "yesterday"), ("Last week", "Last week"),
    ("three days ago", "three days ago"), ("Talks resumed on Oct. 5", "Oct. 5"),
    ("back in August", "August"), ("this past Friday", "this past Friday"),
    ("Monday morning", "Monday morning"), ("the third quarter", "the third quarter"),
])
def test_no_anchor_leaves_relative_values_null(sentence, expr):
    m = mention(sentence, expr, None)
    assert m.value is None and m.relative


def test_plain_year_stays_without_quarter_context():
    assert mention("In the 1988 period, the firm grew.", "1988", date(1989, 11, 2)).value == "1988"


def test_no_anchor_keeps_absolute_values():
    ms = find_dates("Signed on 26 September 2019 in 1994.", None)
    assert [(m.text, m.value) for m in ms] == [("26 September 2019", "2019-09-26"), ("1994", "1994")]


@pytest.mark.parametrize("word,n", [("75th", 75), ("1st", 1), ("22nd", 22), ("3rd", 3),
                                    ("75", None), ("fifth", None), ("4TH", None)])
def test_ordinal_figure_reads_the_grammar_suffix(word, n):
    """An ordinal in figures ends in the grammar's ORD_SUFFIX, written in lower case."""
    from timeline.dates.values import ordinal_figure
    assert ordinal_figure(word) == n


@pytest.mark.parametrize("text", [
    "They may leave soon if we may say so.",
    "We will see. The Sun reported that he sat down.",
    "Abdullah agreed to go for $2000.",
    "They were paid $1,500 to $2,000.",
    "Syrians between the ages of 17 and 30 were sent.",
    "Two men, aged 17 and 30, were held.",
    "A 44-year-old man was arrested.",
    # ages in the plural and "of age" are no durations either
    "Among those honoured are 17-year-olds; never serve alcohol to anyone under 21 years of age.",
    "Turnout rose 12% to 2020 voters, up 15 percent.",
    "The team won 3-1 and 2-0.",
    "The village lies at 40.18, 44.51 near the border.",
    "Some 2000 soldiers and 1500 troops were deployed.",
    "Rockets: 1,994 in total, a 3/4 share.",
    "It was March, the army said, a long time.",
    "The year-end net was below the average level.",
    "Thousands joined the March for Life.",
    # rates of a quantity are no temporal mentions
    "It will save $500 million a year in costs.",
    "Qantas runs four flights a week and adds 700 seats a week.",
    "Sales should rise 8.5% annually, or 20 percent yearly.",
    "The chip runs 15 million instructions per second.",
    "Rooms cost between $35 and $55 a night.",
    # also with words before the counted noun
    "Paris was ready to train 20,000 African soldiers a year.",
    "Vancouver has seen an average of 15 drug overdoses a month, with four fewer hours a week.",
    # counts of people (plurals without -s), thousands, one of a noun
    "The virus kills 10 people a day, and one person a year dies on that road.",
    "Thousands of children a month cross; 300 men an hour filled sandbags.",
    # ordinals, films and decimals that look like times or units
    "It will be a second betrayal, and a second group objected.",
    "A poster from the film High Noon hung there.",
    "Sales were little changed at 2.46 billion guilders.",
    # show and paper names: a capitalised time word inside a name
    "Baker said on ABC News' \"This Week,\" that the request stood.",
    "Gonzalez said on CBS's ''60 Minutes'' that he would wait.",
    "This is VOA Today.",
    # bare plural units that measure nothing: no vague durations
    "The two blasts went off only minutes apart.",
    "It is a matter of days before the boy is reunited.",
    "They met in the early hours of their journey.",  # "the early hours of": no duration
    "Inspectors were barred from such quarters.",
    "It is all the other dark nights we fear.",
    "A1990 and F-1996 are catalogue numbers.",
    # "today's youth": an age, not the day of writing
    "Elian is for today's youth what the blockade was, in today's world.",
    "The quarter-to-quarter comparison was also enhanced.",
    # a year-like number before a count noun or unit of measure is a count
    "Temperatures hit 1999 degrees and he fled with 2000 migrants over 1500 acres.",
    # collective nouns count without a plural -s ("1500 police", "2000 personnel")
    "Some 1500 police and 2000 personnel guarded 1800 cattle.",
    # a count noun after a word that qualifies the count ("more", "new", "armed", "other")
    "The army sent 2000 armed soldiers and 1500 more troops; 1800 other people fled.",
    # a measure or container noun ("pieces", "copies", "bags"), and a count noun that starts
    # like "to"/"and" ("tons", "tourists")
    "Police seized 2000 pieces of toys, 1990 copies of the book and 1500 bags of rice.",
    "The port shipped 2010 tons of wheat and hosted 2000 tourists.",
    # currencies, power, street numbers, room and bus numbers, hyphenated measures
    "He paid 1500 rupees and 2000 yuan; the plant makes 1800 MW.",
    # a time word that starts the name of a paper, an event or an accord
    "The Sunday Times and the Winter Olympics recalled the Good Friday Agreement.",
    # "last" after a possessive or before "of" is final, not previous ("the last week of")
    "Her last day in the post was her happiest; it was his last week on the job.",
    "In their last year in office they met. Last day of school falls early.",
    # compounds of a unit that measure nothing
    "Sales rose 5% year-over-year on a day-to-day basis, with a year-round service.",
    "The suspect fled to the 1700 block of Main Street near 1600 Pennsylvania Avenue.",
    "The meeting is at the auditorium, 1300 Commerce Dr., in downtown Decatur.",
    "Room 1204 and bus 1820 were searched after a 2000-point drop and a 2000-strong march.",
    # clock-like numbers that are no times: a verse, a ratio
    "He quoted John 3:16 and a ratio of 10:30 at the meeting.",
    # a dotted number after a preposition with no day beside it: an amount, not a clock time
    "The stock traded at 12.30 and the rate was cut to 4.50 by 11.25 points.",
    # the first number of a range of ages is no duration ("aged 12 to 18 years old")
    "The children, aged 12 to 18 years old, were freed.",
    # "a quarter" of a clock time in words is no duration; "half to" no clock time
    "He spent a quarter of his life abroad, half to himself.",
    # a year-like number after a capitalised word inside a sentence names a product or venture
    "The ministry still runs Windows 2000 and flies 36 Mirage 2000 jets.",
    "He set up a joint venture called Orion 1980, making space technology.",
    # an award's name: a capitalised noun "of the Year"
    "He was recognized as Citizen of the Year and she was named Teacher of the Year.",
    # "overnight" classifying a noun as a kind tells no night ("overnight losses" would)
    "She packed an overnight bag; he works the overnight shift and took overnight trains.",
    "The central bank held its overnight rate and lifted an overnight curfew.",
    # a century of runs: an ordinal spelled out names a century of years only after "the"
    "He scored his second century of the tour and his fifth century in all.",
    # a weekday a word before it names: an event's day, no last or next such weekday
    "Marchers remembered Bloody Sunday, and Black Monday still haunts traders.",
    "Voters went to the polls on Super Tuesday and fans partied on Super Bowl Sunday.",
    # a country's day told of another country or cause: not the US day the table gives
    "Israel marked Holocaust Remembrance Day as Armenians marked Genocide Remembrance Day.",
    # "fall" the drop, not the season, after "every"/"each"
    "Every fall in prices hurts farmers; each fall of the index was sold.",
    # "Lent" the verb, capitalised at a sentence start, is no season of the church year
    "Lent by the bank, the money was never repaid. Lent to friends, it vanished.",
    # the Tet Offensive (1968) names a campaign, not this year's Tet; lower-case "holi" is no
    # festival (the holiday names are case-sensitive)
    "Veterans recalled the Tet Offensive; the Tet offensive shook Washington.",
    "A holi festival of colours and holistic care were advertised.",
    # holiday names are capitalised: "may day" is no May Day; a holiday before the head of a
    # name is part of the name (a race, a cup, a book); "Holocaust Remembrance Day" (27
    # January, or Israel's Yom HaShoah) is no Remembrance Day (11 November)
    "Officials say the strike may day by day gain support; the singles day session sold out.",
    "He ran the Mother's Day Classic, won the May Day Cup and read the Diwali Festival Guide.",
    "Sirens sounded across Israel for Holocaust Remembrance Day.",
    # "one and a quarter" of a rate is no range of quarters
    "Rates rose by one and a quarter percent; a third of the seats went to one and a quarter.",
    # "early"/"late" + a part of the day modifying a noun or owned is no time
    "They staged an early morning raid; her late evening, she said, was a late evening.",
    # a number word before "PM"/"AM" in capitals counts prime ministers or radio stations
    "Two PM candidates and three AM stations backed the plan.",
    # a dotted number after a version word or a product's name is a release
    "The update to version 1.5.30 fixes the bug; Version: 2.10.12 follows.",
    "Users of Firefox 3.6.12 and owners of Nokia 6.1.19 phones should upgrade.",
    # an ordinal count of what is to come, of a feast's or the year's days, inside a name, of
    # years, or a first week or month (an opening stretch), or a month counted in the past
    "Workers will walk out for a third day, they said.",
    "She joined a Seventh Day Adventist church; prices rose for the third consecutive year.",
    "In his first week in the job he met her; it was her third year of college.",
    "The jobless rate stayed above 8% for the 16th consecutive month.",
    # an award's title written in lower case (award_heads)
    "She was named Canada's athlete of the year by the press.",
    "He was voted coach of the year after the final.",
    # an epithet after "a" heads a stretch's news, with no count ("six long years" has one)
    "A tumultuous week: the march came amid calls for calm; it was a long day.",
    # quarters of a city, or a fraction, are no run of quarters
    "Some quarters of the city flooded; three quarters of the vote went to her.",
])
def test_no_false_dates(text):
    assert [(m.text, m.value) for m in find_dates(text, THU)] == []


@pytest.mark.parametrize("text", [
    "Carols were sung on the eighth day of Christmas.",
    "Fans queued on the fourth night of Hanukkah.",
    "Tulips opened on the third day of spring.",
])
def test_ordinal_day_of_a_feast_or_season_is_no_count_of_days(text):
    """"the eighth day of Christmas" is that feast's day, not the day a story has reached."""
    assert [m.text for m in find_dates(text, THU) if m.text.lower().startswith("the ")] == []


def test_range_of_centuries_is_centuries_not_days():
    # the first century of a range of centuries is that century, no day of the month
    text = "Slavery was practiced in Connecticut from the 17th through 19th centuries."
    assert [(m.text, m.value) for m in find_dates(text, THU)] == \
        [("the 17th", "16"), ("19th centuries", "18")]
@pytest.mark.parametrize("text", [
    "Police arrested five in the morning raid.",
    "The team lost two in the evening session and one at night.",
    # a range of durations, a share: no "minutes to" clock
    "Waiting times were cut from 20 minutes to 10.",
    "Its stake rose from a quarter to 5.5%.",
])
def test_hour_word_without_preposition_counts(text):
    """A number word before "in the morning" is a clock time only after "at", "until"...:
    otherwise it counts people or things; "from 20 minutes to 10" is a range of durations."""
    assert [m.text for m in find_dates(text, THU) if re.search(r"T\d\d:\d\d$", m.value or "")] == []


@pytest.mark.parametrize("text", [
    "On Friday night at 8 people were hurt.",
    "On Friday night at about 8 people were hurt.",
    "Police said on Tuesday that at 6 the count stood at 40.",
    "The team won at 3 in the final.",
    "Saturday evening at 4 percent interest.",
    # minutes in words that count a noun, and a range of numbers: no clock time
    "The club signed seven twenty-year-olds at about five thirty-year-olds' cost.",
    "He met them at ten fifteen people at a time.",
    "Prices were cut from five to ten.",
])
def test_bare_hour_needs_a_part_of_day_before_it(text):
    """A bare number after "at"/"about" is a clock time only right after a part of the day
    ("tonight at 9"), and not when it counts the noun after it."""
    assert [m.text for m in find_dates(text, THU) if re.search(r"T\d\d:\d\d$", m.value or "")] == []


@pytest.mark.parametrize("text,anchor,expr,value", [
    ("The vote is set for next Tuesday, June 5.", date(2018, 5, 30), "next Tuesday, June 5", "2018-06-05"),
    ("The permit was approved last Tuesday, March 10.", date(2009, 3, 19), "last Tuesday, March 10", "2009-03-10"),
    ("Women's Day is this coming Sunday, March 8, 1998.", date(1998, 3, 5), "this coming Sunday, March 8, 1998", "1998-03-08"),
])
def test_relative_weekday_then_its_date_is_one_date(text, anchor, expr, value):
    """"last Tuesday, March 10": the date written after a weekday with its modifier is the
    day (the writer's date, not the weekday counted from publication), one TIMEX3."""
    assert [(m.text, m.value) for m in find_dates(text, anchor) if m.text.endswith(expr[-4:])] \
        == [(expr, value)]


@pytest.mark.parametrize("text,weekday", [
    ("On Friday 3rd seed Nadal lost in Paris.", "Friday"),
    ("On Monday 21 people were killed in the blast.", "Monday"),
    ("The final is on Saturday 14th March.", "Saturday 14th March"),
    ("Prices closed lower Friday, the fourth decline in a row.", "Friday"),
])
def test_weekday_before_a_number_of_a_noun_is_the_weekday_alone(text, weekday):
    """"Friday 3rd seed", "Monday 21 people": the number ranks or counts the noun after it;
    before a month the weekday joins the whole date."""
    assert weekday in [m.text for m in find_dates(text, THU)]


@pytest.mark.parametrize("text", [
    "About two and a quarter million people fled the fighting.",
    "Some one and a quarter billion dollars was spent on the dam.",
])
def test_a_quarter_of_a_large_number_is_no_duration(text):
    """"two and a quarter million" counts people: no quarter (P1Q, P2Q) of time."""
    assert [m.value for m in find_dates(text, THU)] == []


@pytest.mark.parametrize("text", [
    "In January first lady Melania Trump spoke.",
    "By March first-quarter results were out.",
    "In April second place went to Spain.",
])
def test_month_before_an_ordinal_of_a_noun_is_no_day(text):
    """"January first" is a day; "January first lady" and "March first-quarter" rank a noun."""
    assert [m.value for m in find_dates(text, THU) if len(m.value or "") == 10] == []


@pytest.mark.parametrize("text,expr", [
    ("The film runs 1200 hours.", "1200 hours"),
    ("They agreed after 1500 hours of talks.", "1500 hours"),
    ("He logged around 2000 hours a year.", "2000 hours"),
])
def test_four_digit_hours_not_a_clock_stay_durations(text, expr):
    """"at 1800 hours" is a time; a count of hours (no preposition, or "of"/"a" after) is not."""
    assert [m.type for m in find_dates(text, THU) if m.text == expr] in ([], ["DURATION"])



@pytest.mark.parametrize("text,anchor,value", [
    ("Sales Fell In 2019, Says Report", date(2024, 3, 6), "2019"),
    ("The Class Of 2020 graduated early.", date(2020, 12, 31), "2020"),
    ("Profit rose in fiscal 2013, and Early 2014 Looks Better.", date(2014, 2, 28), "2014"),
    # an event's head after the year: the year the event is held
    ("He ran at the London 2012 Olympics.", date(2013, 3, 6), "2012"),
    ("The champion of Wimbledon 2012 met leaders at Davos 2013.", date(2013, 3, 22), "2012"),
])
def test_title_case_word_before_a_year_keeps_it(text, anchor, value):
    """A capitalised preposition or modifier before a year (a title-case headline) is no name,
    nor is a place before an event's year: the year stays a date."""
    assert value in [m.value for m in find_dates(text, anchor)]


def test_resolution_number_is_not_a_date():
    text = "The UN Human Rights Council by its 42/9 resolution of 26 September 2019 has condemned"
    assert [(m.text, m.value) for m in find_dates(text, THU)] == [("26 September 2019", "2019-09-26")]


def test_weekday_list_gives_each_day():
    text = "Russian shelling of the plant on Thursday, Friday and Saturday hit buildings."
    got = [(m.text, m.value) for m in find_dates(text, date(2022, 8, 29))]
    assert got == [("Thursday", "2022-08-25"), ("Friday", "2022-08-26"),
                   ("Saturday", "2022-08-27")]


SEED_EXPECT = {
    "000_53c8b435406dd2c6.txt": (THU, [
        ("Thursday, 01 October 2020", "2020-10-01"), ("Sunday", "2020-09-27"),
        ("September 23", "2020-09-23"), ("26 September 2019", "2019-09-26"),
    ], ["42/9", "17", "30", "$1,500", "$2,000", "$2000", "2,000", "2000"]),
    "003_319349d5f97b6c57.txt": (MON, [
        ("05th October, 2020", "2020-10-05"), ("Monday", "2020-10-05"),
        ("Last week", "2020-W40"), ("this weekend", "2020-W41-WE"), ("August", "2020-08"),
        ("September 27", "2020-09-27"), ("this past Friday", "2020-10-02"), ("1994", "1994"),
    ], []),
}


@pytest.mark.parametrize("name", sorted(SEED_EXPECT))
def test_seeds(name):
    path = ROOT / "seeds" / name
    if not path.exists():
        pytest.skip("seed missing")
    text = path.read_text(encoding="utf-8")
    header, sep, body = text.partition("\n\n")
    anchor, expected, forbidden = SEED_EXPECT[name]
    ms = find_dates(text, anchor)
    got = {(m.text, m.value) for m in ms}
    for m in ms:
        assert text[m.start:m.end] == m.text
    assert [m.start for m in ms] == sorted(m.start for m in ms)
    for pair in expected:
        assert pair in got
    texts = {m.text for m in ms}
    assert not texts & set(forbidden)


def test_offsets_and_order_on_mixed_text():
    text = ("On Sunday, 48 hours after the 1994 truce, officials said on 5 Oct. 2020 that "
            "talks would resume next week, weekly, at 9 a.m.")
    ms = find_dates(text, MON)
    assert [m.start for m in ms] == sorted(m.start for m in ms)
    assert all(text[m.start:m.end] == m.text for m in ms)
    assert len(ms) >= 6


def _timebank():
    path = SHARED / "data" / "timebank"
    if not path.is_dir():
        pytest.skip("shared TimeBank data absent")
    return path


def test_timeml_reader_spans_match_text():
    from timeline.timeml import read_dir

    docs = list(read_dir(_timebank(), limit=5))
    assert docs and all(d.dct for d in docs)
    for d in docs:
        for t in d.timexes:
            assert d.text[t.start:t.end] == t.text and t.type in ("DATE", "TIME", "DURATION", "SET")


def test_bench_scores_on_timebank_sample():
    from timeline.bench.dates import ours, score
    from timeline.timeml import read_dir

    docs = list(read_dir(_timebank(), limit=40))
    s = score(docs, ours)
    assert s.prf("relaxed")[2] > 0.85
    assert s.prf("value")[2] > 0.65


def test_bench_main_runs(capsys):
    from timeline.bench.dates import main

    assert main(["--timeml", str(_timebank()), "--limit", "3", "--no-baseline"]) == 0
    out = capsys.readouterr().out
    assert "relaxed match" in out and "words/s" in out


def test_standoff_reader_finds_the_nth_occurrence(tmp_path):
    from timeline.timeml import read_standoff

    (tmp_path / "x1.txt").write_text("url: http://example.org/x1\npublished: 2024-05-16\n\n"
                                     "Talks ended Monday. Talks resume Monday.\n", encoding="utf-8")
    ann = tmp_path / "ann.jsonl"
    ann.write_text('{"doc": "x1", "text": "Monday", "n": 2, "type": "DATE", "value": "2024-05-20"}\n'
                   '{"doc": "x1", "text": "Monday", "n": 1, "type": "DATE", "value": "2024-05-13"}\n')
    (doc,) = read_standoff(ann, tmp_path)
    assert doc.dct.isoformat() == "2024-05-16"
    assert [(t.start, t.value) for t in doc.timexes] == [(12, "2024-05-13"), (33, "2024-05-20")]
    assert all(doc.text[t.start:t.end] == "Monday" for t in doc.timexes)


def test_standoff_bench_names_a_bad_line(tmp_path, capsys):
    from timeline.bench.dates import main

    (tmp_path / "x1.txt").write_text("published: 2024-05-16\n\nTalks ended Monday.\n")
    ann = tmp_path / "ann.jsonl"
    ann.write_text('{"doc": "x1", "text": "Monday", "n": 2, "type": "DATE", "value": "2024-05-13"}\n')
    assert main(["--standoff", str(ann), "--articles", str(tmp_path), "--no-baseline"]) == 2
    err = capsys.readouterr().err.strip()
    assert "ann.jsonl:1" in err and "occurs 1 times" in err and "\n" not in err
    assert main(["--standoff", str(ann), "--no-baseline"]) == 2


@pytest.mark.parametrize("corpus, articles, n_docs", [
    ("news-dev", "news-dev/articles", 14), ("news-wide", "news-wide/articles", 39),
    ("trnews", "trnews/TR-News.xml", 30), ("lgl", "lgl/lgl_part1.xml", 30),
    ("trnews-b", "trnews/TR-News.xml", 39), ("lgl-b", "lgl/lgl_part1.xml", 37)])
def test_news_timex_gold_resolves_in_its_articles(corpus, articles, n_docs):
    from timeline.timeml import corrected, read_standoff

    articles = SHARED / "data" / articles
    if not articles.exists():
        pytest.skip("shared news data absent")
    gold = Path(__file__).parent / "data" / "timex" / f"{corpus}.jsonl"
    docs = read_standoff(gold, articles)
    assert len(docs) == n_docs
    for d in docs:
        assert d.dct is not None
        spans = [(t.start, t.end) for t in d.timexes]
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), d.doc_id   # no overlaps
    # the adjudicated corrections fit this set (a line that no longer fits raises)
    fixed = corrected(docs, gold.parent / "news-adjudicated.jsonl")
    assert any(d.optional for d in fixed)


def _tml(tmp_path, body: str) -> Path:
    (tmp_path / "d1.tml").write_text(
        '<TimeML><DOCID>d1</DOCID><DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07">'
        '1998-08-07</TIMEX3></DCT><TEXT>' + body + '</TEXT></TimeML>', encoding="utf-8")
    return tmp_path


def test_corrections_change_add_remove_and_excuse_gold(tmp_path):
    from timeline.timeml import corrected, read_dir

    body = ('Talks ended <TIMEX3 tid="t1" type="DATE" value="1998-WXX">last week</TIMEX3> and '
            'resume Monday. <TIMEX3 tid="t2" type="DATE" value="PAST_REF">Once</TIMEX3> more, '
            'prices are <TIMEX3 tid="t3" type="DATE" value="PRESENT_REF">now</TIMEX3> high.')
    (doc,) = read_dir(_tml(tmp_path, body))
    fix = tmp_path / "fix.jsonl"
    fix.write_text(
        '{"doc": "d1", "text": "last week", "n": 1, "action": "value", "type": "DATE", "value": "1998-W31"}\n'
        '{"doc": "d1", "text": "Monday", "n": 1, "action": "add", "type": "DATE", "value": "1998-08-10"}\n'
        '{"doc": "d1", "text": "Once", "n": 1, "action": "remove"}\n'
        '{"doc": "d1", "text": "now", "n": 1, "action": "optional"}\n'
        '{"doc": "other", "text": "x", "n": 1, "action": "remove"}\n')
    (fixed,) = corrected([doc], fix)
    assert [(t.text, t.value) for t in fixed.timexes] == [("last week", "1998-W31"),
                                                           ("Monday", "1998-08-10")]
    assert [fixed.text[s:e] for s, e in fixed.optional] == ["now"]
    assert len(doc.timexes) == 3                       # the gold read stays as it was


@pytest.mark.parametrize("line, why", [
    ('{"doc": "d1", "text": "Monday", "n": 1, "action": "remove"}', "not a gold TIMEX3"),
    ('{"doc": "d1", "text": "last week", "n": 1, "action": "add", "type": "DATE", "value": "x"}',
     "already a gold TIMEX3"),
    ('{"doc": "d1", "text": "last week", "n": 2, "action": "remove"}', "occurs 1 times"),
    ('{"doc": "d1", "text": "last week", "n": 1, "action": "fix"}', "is not one of"),
    ('{"doc": "d1", "text": "last week", "n": 1, "action": "value"}', "missing field"),
])
def test_a_correction_that_does_not_fit_is_a_one_line_error(tmp_path, capsys, line, why):
    from timeline.bench.dates import main

    _tml(tmp_path, 'Talks ended <TIMEX3 tid="t1" type="DATE" value="1998-WXX">last week'
                   '</TIMEX3> and resume Monday.')
    fix = tmp_path / "fix.jsonl"
    fix.write_text(line + "\n")
    assert main(["--timeml", str(tmp_path), "--corrections", str(fix), "--no-baseline"]) == 2
    err = capsys.readouterr().err.strip()
    assert "fix.jsonl:1" in err and why in err and "\n" not in err


def test_an_optional_span_is_scored_neither_way(tmp_path):
    from timeline.bench.dates import Pred, score
    from timeline.timeml import corrected, read_dir

    body = 'Prices are <TIMEX3 tid="t3" type="DATE" value="PRESENT_REF">now</TIMEX3> high.'
    (doc,) = read_dir(_tml(tmp_path, body))
    fix = tmp_path / "fix.jsonl"
    fix.write_text('{"doc": "d1", "text": "now", "n": 1, "action": "optional"}\n')
    (fixed,) = corrected([doc], fix)
    at_now = lambda d: [Pred(11, 14, "DATE", "PRESENT_REF")]
    for tagger in (at_now, lambda d: []):
        s = score([fixed], tagger)
        assert (s.counts["gold"], s.counts["pred"], s.counts["value"]) == (0, 0, 0)
    assert score([doc], lambda d: []).counts["gold"] == 1


def test_timebank_adjudication_fits_timebank():
    from timeline.timeml import corrected, read_dir

    tb = SHARED / "data" / "timebank"
    if not tb.exists():
        pytest.skip("shared TimeBank absent")
    fix = Path(__file__).parent / "data" / "timex" / "timebank-adjudicated.jsonl"
    docs = list(read_dir(tb))
    fixed = corrected(docs, fix)                       # raises on a line that does not fit
    n_lines = sum(1 for line in fix.read_text(encoding="utf-8").splitlines() if line.strip())
    changed = sum(a.timexes != b.timexes or bool(b.optional) for a, b in zip(docs, fixed))
    assert n_lines > 300 and changed > 50
