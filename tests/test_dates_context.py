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


# "a second" that starts a hyphenated compound is an ordinal, no duration of one second
@pytest.mark.parametrize("text", [
    "He faces a second-degree murder charge.",
    "She came on as a second-half substitute and scored.",
    "He was a second-round pick in 2019.",
])
@pytest.mark.parametrize("parse", [True, False])
def test_second_starting_a_compound_is_no_duration(text, parse):
    assert [f for f in _found(text, THU, parse) if f[1] == "DURATION"] == []


def test_a_second_alone_stays_a_duration():
    assert ("a second", "DURATION", "PT1S") in _found("He waited a second.", MON)
