"""The date tagger's scan in parts (``dates.scan.scan_text``) finds what the plain scan finds: the
trigger spans of ``_TRIGGER.finditer`` and, in the same windows, every rule's matches."""
from __future__ import annotations

import pytest

from timeline.dates import scan as D

TEXTS = [
    "On Monday, March 3, 2022, the council met; two days later, at 5 p.m., it voted.",
    "In the 1990s and again in FY'21 and Q3, profits rose 12% (12/3/2019 - 15/3/2019).",
    # letters that re, ignoring case, takes for ASCII ones, and one whose lower case is longer
    "Chriſtmaſ DAY, laſt WEEK, the K-day and ı think next Tueſday; İstanbul on 5 June.",
    "no time words at all here", "",
    # trigger words that start with another ("week"ly, "now"ruz): found where the shorter is
    "The weekly market opened at daybreak for Nowruz and shut at nightfall; nowrouz, a Tonight.",
    "Weekly since daybreak: Nowruz at nightfall in ıran.",
]


def _plain(text: str) -> tuple[list, list]:
    """The triggers and the rules' matches, scanned as before the parts."""
    triggers = [m.span() for m in D._TRIGGER.finditer(text)]
    windows = D.scan_text(text).windows
    found = [(m.start(), m.end(), i) for i, (rx, _) in enumerate(D._RULES) for ws, we in windows
             for m in rx.finditer(text, ws, we) if m.end() > m.start()]
    return triggers, found


def _parts(text: str) -> tuple[list, list]:
    scan = D.scan_text(text)
    return D._triggers(text, scan.low), [(c.start, c.end, c.rule) for c in D.candidates(scan)]


@pytest.mark.parametrize("text", TEXTS)
def test_scan_in_parts_finds_what_the_plain_scan_finds(text):
    assert _parts(text) == _plain(text)


def test_scan_in_parts_on_news(shared_data):
    for path in sorted((shared_data / "news-wide" / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert _parts(text) == _plain(text), path.name


@pytest.mark.parametrize("text", TEXTS + ["From March 3 to 5, and 3-5 June 2021; between May 1 and 4."])
def test_every_scanned_pattern_tried_at_its_words_finds_what_re_finds(text):
    """Each rule and day range, tried only at the words it can open with
    (``resources.openings``), finds what ``re`` finds in each window."""
    scan = D.scan_text(text)
    for k, (rx, _) in enumerate(D._scanned()):
        plain = [m.span() for ws, we in scan.windows for m in rx.finditer(text, ws, we)]
        assert [m.span() for m in scan.matches(k)] == plain, (k, rx.pattern[:60])
