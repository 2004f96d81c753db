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
