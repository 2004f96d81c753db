"""What one article tells of its own times (timeline/dates/discourse.py): a timetable's
hours are SETs, a clock time takes the day its clause names after it, a weekday its clause
leaves open agrees with the article's other reading of it. Tables at several anchors."""
from __future__ import annotations

from datetime import date

import pytest

from timeline.dates import find_dates


def _parsed(text):
    from timeline import nlp

    if nlp.model() is None:
        pytest.skip("spaCy model absent")
    return nlp.parse(text)


def _values(text, anchor, parse=True):
    """[(text, type, value)] of every mention, in text order."""
    p = _parsed(text) if parse else None
    return [(m.text, m.type, m.value) for m in find_dates(text, anchor, parsed=p)]


# -- Opening hours: every weekday and clock time of a timetable sentence recurs ------------
TIMETABLES = [
    ("The gallery is open from 10 a.m.-4 p.m. Monday-Saturday.", date(2009, 3, 23),
     [("10 a.m.", "SET", "XXXX-XX-XXT10:00"), ("4 p.m.", "SET", "XXXX-XX-XXT16:00"),
      ("Monday", "SET", "XXXX-WXX-1"), ("Saturday", "SET", "XXXX-WXX-6")]),
    # the list runs on past a semicolon; the hours of one day alone recur too
    ("The restaurant is open from 4 p.m. to 10 p.m. Monday through Friday, noon to 10 p.m. "
     "Saturday; and noon to 9 p.m. Sunday.", date(2023, 12, 31),
     [("4 p.m.", "SET", "XXXX-XX-XXT16:00"), ("10 p.m.", "SET", "XXXX-XX-XXT22:00"),
      ("Monday", "SET", "XXXX-WXX-1"), ("Friday", "SET", "XXXX-WXX-5"),
      ("noon", "SET", "XXXX-XX-XXT12:00"), ("10 p.m.", "SET", "XXXX-XX-XXT22:00"),
      ("Saturday", "SET", "XXXX-WXX-6"), ("noon", "SET", "XXXX-XX-XXT12:00"),
      ("9 p.m.", "SET", "XXXX-XX-XXT21:00"), ("Sunday", "SET", "XXXX-WXX-7")]),
    # future tense: still every week
    ("The center will be open to the public from 10 a.m. to 5 p.m. Monday through Friday.",
     date(2024, 2, 29),
     [("10 a.m.", "SET", "XXXX-XX-XXT10:00"), ("5 p.m.", "SET", "XXXX-XX-XXT17:00"),
      ("Monday", "SET", "XXXX-WXX-1"), ("Friday", "SET", "XXXX-WXX-5")]),
    # a weekly set beside a clock time: the time recurs with it
    ("The county tests its sirens at noon on Wednesdays.", date(2020, 1, 1),
     [("noon", "SET", "XXXX-XX-XXT12:00"), ("Wednesdays", "SET", "XXXX-WXX-3")]),
]

# one day's hours, a date written, days coordinated: no timetable
NOT_TIMETABLES = [
    ("The store was open from 10 a.m. to 5 p.m. Saturday.", date(2009, 3, 23),
     [("10 a.m.", "TIME", "2009-03-21T10:00"), ("5 p.m. Saturday", "TIME", "2009-03-21T17:00")]),
    ("The festival runs from 10 a.m. to 5 p.m. Saturday, March 28 through Sunday, March 29.",
     date(2009, 3, 23), None),
    ("The shows start at 8 p.m. Friday and Saturday.", date(2019, 12, 31),
     [("8 p.m. Friday", "TIME", "2020-01-03T20:00"), ("Saturday", "DATE", "2020-01-04")]),
]


@pytest.mark.parametrize("text,anchor,expected", TIMETABLES)
def test_timetable_hours_are_sets(text, anchor, expected):
    assert _values(text, anchor) == expected
    assert _values(text, anchor, parse=False) == expected


@pytest.mark.parametrize("text,anchor,expected", NOT_TIMETABLES)
def test_one_off_hours_stay_dates(text, anchor, expected):
    got = _values(text, anchor)
    assert all(t != "SET" for _, t, _ in got)
    if expected is not None:
        assert got == expected


# -- A weekday its clause leaves open agrees with the article's reading of that weekday ---
AGREEING = [
    # a noun's modifier (no tense) before a futurate: the coming Thursday
    ("Tickets for the Thursday show are $15. The festival begins on Thursday.",
     date(2017, 4, 22), "2017-04-27"),
    # a possessive's default past under no past verb, against another possessive under
    # "will": the coming Wednesday (the same event)
    ("Wednesday's drill is largely meant to prepare Ohioans. Maybe Wednesday's drill will "
     "have them thinking.", date(2009, 3, 24), "2009-03-25"),
    # a verbless listing after a future: the same Tuesday
    ("Services will be held Tuesday at 11:45 at the church. Viewing hours Tuesday morning "
     "11-11:45 at the church.", date(2009, 3, 15), "2009-03-17"),
    # a present with no tense cue, after a past: the Monday told
    ("Some days, like Monday, are more difficult. On Monday he rode only 20 miles.",
     date(2009, 3, 15), "2009-03-09"),
    # across the year end
    ("Tickets for the Friday concert are sold out. The band will play on Friday.",
     date(2019, 12, 29), "2020-01-03"),
]


@pytest.mark.parametrize("text,anchor,value", AGREEING)
def test_open_weekday_takes_the_article_reading(text, anchor, value):
    weekdays = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    got = [v for t, _, v in _values(text, anchor) if any(w in t for w in weekdays)]
    assert got[0][:10] == value


def test_open_weekday_keeps_its_default_when_the_article_disagrees_or_is_silent():
    # two decided readings of Monday a week apart: the open one keeps its default
    text = ("Tickets for the Monday show are $15. The band played on Monday. "
            "It will play again on Monday.")
    got = _values(text, date(2020, 10, 8))
    assert [v for _, _, v in got] == ["2020-10-05", "2020-10-05", "2020-10-12"]
    # no other Friday: the default past
    assert _values("Tickets for the Friday show are $15.", date(2017, 4, 22))[0][2] == "2017-04-21"


# -- A clock time takes the day its own clause names after it ------------------------------
CLOCK_DAY_AFTER = [
    ("The troupe will perform at 8 p.m. May 7. A 2 p.m. performance will take place May 3.",
     date(2009, 3, 25), "2 p.m.", "2009-05-03T14:00"),
    ("The vote was held on Dec. 30. A 9 a.m. service will be held Jan. 2.",
     date(2019, 12, 31), "9 a.m.", "2020-01-02T09:00"),
    ("Polls closed on Feb. 27. A 6 p.m. rally took place on March 1.",
     date(2024, 3, 4), "6 p.m.", "2024-03-01T18:00"),
]


@pytest.mark.parametrize("text,anchor,expr,value", CLOCK_DAY_AFTER)
def test_clock_time_takes_the_day_of_its_clause(text, anchor, expr, value):
    got = [v for t, _, v in _values(text, anchor) if t == expr]
    assert got == [value]


def test_clock_time_keeps_the_day_told_before_it_in_its_sentence():
    # the day before it in its sentence is its day; a day in another clause is not
    text = "On Monday, police were called at 3 p.m. and the suspect was arrested Tuesday."
    got = dict((t, v) for t, _, v in _values(text, date(2020, 10, 8)))
    assert got["3 p.m."] == "2020-10-05T15:00"
    text = "At 3 p.m., police said the suspect, arrested Monday, had fled."
    got = dict((t, v) for t, _, v in _values(text, date(2020, 10, 8)))
    assert got["3 p.m."] == "2020-10-08T15:00"


@pytest.mark.parametrize("text,anchor,day", [
    ("Photo gallery: 11:05 a.m. \u2022 Oct. 14", date(2019, 10, 20), "2019-10-14"),
    ("Ceremony 9:30 AM | Saturday, June 5", date(2010, 6, 1), "2010-06-05"),
    ("Kickoff 7 p.m. \u2219 Friday, Sept. 13", date(2024, 9, 9), "2024-09-13"),
])
def test_clock_time_in_a_verbless_line_ends(text, anchor, day):
    # the parse's root is a noun: the climb to the clause's verb stops there (spaCy hands
    # out a new Token for each lookup, so 'head is token' never held: it looped forever)
    import signal

    def _hang(*_):
        raise TimeoutError(text)
    old = signal.signal(signal.SIGALRM, _hang)
    signal.alarm(20)
    try:
        got = _values(text, anchor)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert [v for _, t, v in got if t == "DATE"] == [day]
    assert [t for _, t, _ in got] == ["TIME", "DATE"]


@pytest.mark.parametrize("text", [
    # a possessive under a past verb is decided: the event was before it
    "Monday's shooting left two dead. The suspect will appear in court Monday.",
    "Police arrested a suspect in Monday's shooting. He will appear in court Monday.",
    # a possessive names an event: it follows only another possessive, not a court date
    "The suspect in Monday's shooting is due in court Monday.",
])
def test_possessive_weekday_keeps_its_event(text):
    got = [v for _, _, v in _values(text, date(2009, 3, 25))]
    assert got == ["2009-03-23", "2009-03-30"]


@pytest.mark.parametrize("text,anchor,values", [
    # a weekday that modifies a noun under a past verb is decided: the last one
    ("The Thursday announcement brought cheers. The board will meet again Thursday.",
     date(2009, 3, 15), ["2009-03-12", "2009-03-19"]),
    ("The Friday vote angered many, and the council will meet on Friday.",
     date(2019, 12, 31), ["2019-12-27", "2020-01-03"]),
])
def test_weekday_modifying_a_noun_under_a_past_verb_keeps_its_day(text, anchor, values):
    assert [v for _, _, v in _values(text, anchor)] == values
