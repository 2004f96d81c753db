"""Every pattern file's examples run as tests (issue 10): an example must match its pattern, a
counter-example must not. Pattern files are ``*patterns.toml`` under timeline/data and geo/data."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from timeline.resources import (alternation, alternatives, fold, has_needs, leftmost, needs,
                                read_patterns, skipping, word_set)

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted([*ROOT.glob("timeline/data/**/*patterns.toml"), *ROOT.glob("geo/data/**/*patterns.toml")])
CASES = [(f, p) for f in FILES for p in read_patterns(f).values()]


@pytest.mark.parametrize("path,p", CASES, ids=[f"{f.name}:{p.name}" for f, p in CASES])
def test_pattern_examples(path, p):
    assert p.examples, f"{path.name}: {p.name} has no example"
    for ex in p.examples:
        assert p.regex.search(ex), (p.name, ex)
    for ex in p.counter:
        assert not p.regex.search(ex), (p.name, ex)


def test_sub_patterns_and_word_lists(tmp_path):
    f = tmp_path / "x_patterns.toml"
    f.write_text('[unit]\nwords = ["day", "days", "week"]\n'
                 '[span]\npattern = \'\'\'\\d+ {unit}\'\'\'\nflags = "i"\n'
                 '[loop]\npattern = "{loop}"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="refers to itself"):
        read_patterns(f)
    f = tmp_path / "y_patterns.toml"
    f.write_text('[unit]\nwords = ["day", "days", "week"]\n'
                 '[span]\npattern = \'\'\'\\d{1,3} {unit}\'\'\'\nflags = "i"\n', encoding="utf-8")
    span = read_patterns(f)["span"].regex
    assert span.search("for 3 Days").group(0) == "3 Days"
    assert not span.search("3 weekdays")


def test_alternation_prefers_the_longest_word():
    import re
    assert re.search(alternation(["cease", "cease-fire"]), "a cease-fire held").group(0) == "cease-fire"
    assert not re.search(alternation(["war"]), "warship")


@pytest.mark.parametrize("words, text, flags, found", [
    (["cease", "cease-fire", "ceasefire"], "a cease-fire, then a ceasefire, then cease", 0,
     ["cease-fire", "ceasefire", "cease"]),
    (["troop", "troops", "trooper"], "Troops and a trooper; troopship", re.I, ["Troops", "trooper"]),
    (["UN", "UNHCR", "U.N."], "UNHCR and the U.N. and UN staff", 0, ["UNHCR", "U.N.", "UN"]),
    # words that differ only in case along a prefix stay a flat list: the same order under re.I
    (["Al", "al Qaeda"], "the al Qaeda group", re.I, ["al Qaeda"]),
    # a word that only a shorter word's end fits: backtracking to it inside a longer pattern
    (["forces", "force"], "force-fed forces", 0, ["forces"]),
])
def test_alternation_as_a_prefix_tree_matches_like_the_flat_list(words, text, flags, found):
    """The prefix tree finds what the flat longest-first list finds, also inside a pattern."""
    flat = r"(?<![\w-])(?:" + "|".join(
        re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + r")(?![\w-])"
    tree = alternation(words)
    assert [m.group(0) for m in re.finditer(tree, text, flags)] == found
    assert [m.span() for m in re.finditer(tree, text, flags)] == \
        [m.span() for m in re.finditer(flat, text, flags)]
    assert [m.span() for m in re.finditer(tree + r"\W+\w+", text, flags)] == \
        [m.span() for m in re.finditer(flat + r"\W+\w+", text, flags)]


def test_words_from_another_file_slots_and_word_sets(tmp_path):
    """A word list kept in a sibling TOML file, a slot filled at run time (its samples run the
    examples), and a word class read as a set."""
    from timeline.resources import compose, words
    (tmp_path / "lists.toml").write_text('[titles]\nwords = ["President", "Prime Minister"]\n',
                                         encoding="utf-8")
    f = tmp_path / "z_patterns.toml"
    f.write_text('[title]\nwords_from = "lists.toml:titles.words"\nexamples = ["President"]\n'
                 '[titled]\npattern = \'\'\'^(?:{state}\\s+)?{title}\\s+\'\'\'\n'
                 'slots = { state = ["Russian"] }\nexamples = ["Russian President spoke"]\n',
                 encoding="utf-8")
    ps = read_patterns(f)
    assert ps["titled"].regex.match("Russian President X")
    assert ps["title"].regex.search("the Prime Minister said").group(0) == "Prime Minister"
    filled = compose(f, "titled", state=["Kenyan", "Armenia"])
    assert filled.match("Kenyan Prime Minister X").group(0) == "Kenyan Prime Minister "
    assert not filled.match("Russian President X")      # the samples are for examples only
    assert words(f, "title") == frozenset({"President", "Prime Minister"})


@pytest.mark.parametrize("pattern,needed", [
    (r"(?i:abc)\d", {"abc"}),                                    # folded: case-free parts count
    (r"April|(?i:may)", {"april", "may"}),
    (r"(?i)\bnext (?:week|month)", {"next "}),
    (r"ab\u00e9cd", {"ab"}),                                    # a letter past ASCII ends a run
    (r"a|\d", None),
    # a lookahead reads text inside the text searched; a lookbehind or a negative one does not
    (r"\d+(?:th (?i:century)|(?= and \d+th (?i:centuries)))", {"century", "centuries"}),
    (r"\d+(?=th)", {"th"}),
    (r"(?<=ab)\d+", None),
    (r"\d+(?!ab)", None),
])
def test_folded_needed_strings(pattern, needed):
    got = needs(re.compile(pattern), folded=True)
    assert (None if got is None else set(got)) == needed


@pytest.mark.parametrize("pattern,opening,needed", [
    # the strings a text's words must hold, for a pattern tried at its opening words anyway:
    # not the opening word itself, nor a string whose longest word is short ("in the ")
    (r"(?<!\w)(?i:the)\s+(?:May|June)", None, {"the"}),
    (r"(?<!\w)(?i:the)\s+(?:May|June)", {"the"}, {"may", "june"}),
    (r"\d+ (?=in the (?:morning|evening))", None, {"in the "}),
    (r"\d+ (?=in the (?:morning|evening))", set(), {"morning", "evening"}),
])
def test_needed_strings_for_the_words_of_a_text(pattern, opening, needed):
    opening = None if opening is None else frozenset(opening)
    assert set(needs(re.compile(pattern), folded=True, opening=opening)) == needed


@pytest.mark.parametrize("text", [
    "Russia's U.S. al-Assad mid-June x_1 42nd 3.5% (a) b\tc\nd", "", "  ", "caf\u00e9 na\u00efve 1\u00b2",
    "Russia\u2019s \u201cfirst\u201d strike \u2014 at 5\u00a0p.m.", "\u0661\u0662 x\u0301y",
])
def test_word_set_is_the_regex_words(text):
    """ASCII texts are split from their bytes; the words are the regex's all the same."""
    rx = re.compile(r"\w+")
    assert word_set(text, rx) == frozenset(rx.findall(text))


def test_every_match_holds_a_needed_string_in_the_fold():
    rx = re.compile(r"(?i:christmas|easter)\s+(?:day|eve)")
    assert needs(rx, folded=True) == {"christmas", "easter"}
    for text in ("On CHRISTMAS day", "on Chri\u017ftmas eve", "EASTER eve"):
        found = rx.search(text)
        low = fold(text)
        assert found and any(s in low[found.start():found.end()] for s in {"christmas", "easter"})
    assert fold("\u0130stanbul") is None             # lower case changes the length


_MANY = "(?:" + "|".join(f"x{i:02d}" for i in range(20)) + r")\b"    # past ``MANY_NEEDS``


@pytest.mark.parametrize("pattern,folded,text,pos,endpos,want", [
    (r"\b(?:killed|died)\b", False, "They died. Ten were killed.", 0, None, True),
    (r"\b(?:killed|died)\b", False, "They died. Ten were killed.", 6, 20, False),
    (r"\b(?:killed|died)\b", False, "They died. Ten were killed.", 10, 25, False),  # "kille"
    (r"\b(?:killed|died)\b", False, "They died. Ten were killed.", 10, 26, True),
    (r"(?i)\b(?:if|unless)\b", True, "had they come, UNLESS asked", 0, 15, False),
    (r"(?i)\b(?:if|unless)\b", True, "had they come, UNLESS asked", 10, None, True),
    (r"\b[A-Z]{2}\b", False, "in NY or CA", 0, 2, True),                     # needs nothing
    (_MANY, False, "a x07 b x19", 5, 10, False),
    (_MANY, False, "a x07 b x19", 5, None, True),
])
def test_needed_strings_in_a_range(pattern, folded, text, pos, endpos, want):
    """``has_needs`` of ``text[pos:endpos]`` (of its ``fold`` when ``folded``): False only
    where ``rx.search(text, pos, endpos)`` finds nothing."""
    rx = re.compile(pattern)
    seen = fold(text) if folded else text
    assert has_needs(rx, seen, pos, endpos, folded=folded) == want
    if not want:
        assert rx.search(text, pos, len(text) if endpos is None else endpos) is None


def test_fold_knows_every_letter_re_takes_for_an_ascii_one():
    """Each character outside ASCII that ``re``, ignoring case, matches to an ASCII one folds
    to that character's lower case (or leaves the text unfolded)."""
    others = "".join(chr(i) for i in range(128, 0x110000) if not 0xD800 <= i < 0xE000)
    for x in set(re.findall(r"(?i)[\x20-\x7e]", others)):
        for c in map(chr, range(0x20, 0x7F)):
            if re.fullmatch(re.escape(c), x, re.I):
                assert fold(x) in (None, c.lower()), (x, c)


@pytest.mark.parametrize("pattern,parts", [
    (r"a|(b|c)|[|]|\||x", ["a", "(b|c)", "[|]", r"\|", "x"]),
    (r"[]|]a|[^]|]b", ["[]|]a", "[^]|]b"]),
    (r"(?i)a|b", [r"(?i)a|b"]),                      # flags for the whole: kept whole
])
def test_alternatives(pattern, parts):
    assert alternatives(pattern) == parts


@pytest.mark.parametrize("text", [
    "the day after 2020, Dec 5 at 5 pm on 12/3/2019", "Decades of Q3; FY'21", "", "xyz"])
def test_leftmost_finds_what_the_alternation_finds(text):
    pattern = r"(?i:day|dec|decade)|Dec|(?<!\d)\d{4}|\d\s*pm|\bQ[1-4]|\bFY\s?'?\d\d"
    words, *rest = alternatives(pattern)
    scans = [(re.compile(words[4:-1]), fold(text))] + [(re.compile(p), text) for p in rest]
    assert leftmost(scans) == [m.span() for m in re.finditer(pattern, text)]
    assert leftmost([(re.compile(r"x*"), text)]) is None             # an empty match: ``re``'s


SKIP_TEXTS = ["About 3 days ago, OVER the week; last  Monday at 5 p.m. (GMT)", "",
              "Chri\u017ftma\u017f \u212a-day, \u0131 think; \u0130stanbul DAYS, the 1990s",
              "at most 12,000 years; no more than half an hour later; xx"]


@pytest.mark.parametrize("pattern", [
    r"(?<!\w)(?=\w)(?:\b(?P<mod>(?i:about|over(?!\s+the\b)|at most|no more than))\s+)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+|(?i:half an?))?\s*(?P<unit>(?i:days?|weeks?|years?|hour))",
    r"(?<!\w)(?:(?<!\bwill )last|next|(?i:this))\s+(?P<d>Monday|week)",
    r"(?:\b(?i:the)\s+)?(?P<dec>1\d\d0|'\d0)'?s\b",
    r"(?<![\d.])(?P<h>[01]?\d)\s*(?P<ap>(?i:a\.m\.|p\.m\.))(?:\s*\((?-i:GMT|UTC)\))?",
    r"(?i:chri[s\u017f]tma[s\u017f]|\u212a-day|i think|\u0130stanbul)",
    r"(?<!\w)(?:x|(?P<a>a)?)",                       # can match empty: no search info
])
def test_skipping_finds_what_the_pattern_finds(pattern):
    rx = re.compile(pattern)
    fast = skipping(rx)
    assert fast.pattern == rx.pattern and fast.groupindex == rx.groupindex
    for text in SKIP_TEXTS:
        for s, e in ((0, len(text)), (3, max(3, len(text) - 4))):
            assert [(m.regs, m.groupdict()) for m in fast.finditer(text, s, e)] == \
                [(m.regs, m.groupdict()) for m in rx.finditer(text, s, e)], text


def test_skipping_ignoring_case_opens_on_every_letter_re_folds():
    """A pattern that opens with a letter read ignoring case still finds it written with any
    character ``re`` takes for that letter (outside ASCII too)."""
    others = "".join(chr(i) + " " for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    rx = re.compile(r"(?<!\w)(?:(?i:k|s|i)|(?i:[a-c])\d?)(?!\w)")
    assert skipping(rx) is not rx
    assert [m.span() for m in skipping(rx).finditer(others)] == \
        [m.span() for m in rx.finditer(others)]


def test_letters_re_folds_onto_ascii_ones_are_known():
    """``skipping`` reads an ASCII letter ignoring case as the class of the characters ``re``
    matches to it: its own two cases and those of ``_FOLDED_ONTO``."""
    from timeline.resources import _FOLDED_ONTO

    others = "".join(chr(i) for i in range(128, 0x110000) if not 0xD800 <= i < 0xE000)
    for c in "abcdefghijklmnopqrstuvwxyz":
        assert "".join(re.findall("(?i)" + c, others)) == _FOLDED_ONTO.get(c, ""), c


@pytest.mark.parametrize("pattern", [
    r"\b(?P<cue>(?i:left|lef|visit\w*|set (?:off|out)|moved on to))\b",
    r"(?i:set (?:off|out))",
    r"\bgo(?=\s)",                                    # looks ahead: every window apart
])
def test_window_matches_are_the_windows_own(pattern):
    from timeline.resources import window_matches

    text = "They left. Set\noff; set off. Visiting\nvisitors set out\tleft moved on to Lefkada go"
    cuts = [0, 4, 6, 10, 11, 15, 18, 20, 24, 29, 36, 45, 50, 54, 60, 66, 70, len(text)]
    windows = [(a, b) for a, b in zip(cuts, cuts[1:])] + [(0, len(text)), (7, 30), (30, 30)]
    rx = re.compile(pattern)
    got = window_matches(rx, text, windows)
    assert [[(m.span(), m.groupdict()) for m in ms] for ms in got] == \
        [[(m.span(), m.groupdict()) for m in rx.finditer(text, s, e)] for s, e in windows]


@pytest.mark.parametrize("pattern, exact, prefixes, digit", [
    (r"(?<!\w)(?=\w)(?i:the)\s+year", {"the"}, set(), False),
    (r"(?<!\w)(?:last|next)[ -]?week\b", {"last", "next"}, {"lastweek", "nextweek"}, False),
    (r"\b(?:Jan|Feb)\.?\s*\d", {"jan", "feb"}, {"jan", "feb"}, False),
    (r"(?<!\w)(?=\w)(?:\d{4}|'\d0s)", set(), set(), True),     # "'90s": ruled out by (?=\w)
    (r"(?<!\w)(?:mid-|early\s*)?(?:June|spring)", {"mid", "early"},
     {"earlyjune", "earlyspring", "june", "spring"}, False),
])
def test_openings(pattern, exact, prefixes, digit):
    from timeline.resources import openings

    o = openings(re.compile(pattern))
    assert (set(o.exact), set(o.prefixes), o.digit) == (exact, prefixes, digit)


@pytest.mark.parametrize("pattern", [
    r"(?:\b(?i:the)\s+)?(?P<dec>1\d\d0|'\d0)'?s\b",    # may open at an apostrophe
    r"(?<!\w)(?:x|(?P<a>a)?)",                        # may match the empty string
    r"(?<!\w).\w+",                                   # any character first
    r"(?i)\b(?:İstanbul|x)",                          # a letter beyond ASCII first
])
def test_no_openings_where_they_cannot_be_read(pattern):
    from timeline.resources import openings

    assert openings(re.compile(pattern)) is None


@pytest.mark.parametrize("pattern", [
    r"(?<!\w)(?=\w)(?:\b(?P<mod>(?i:about|over(?!\s+the\b)|at most|no more than))\s+)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+|(?i:half an?))\s*(?P<unit>(?i:days?|weeks?|years?|hour))",
    r"(?<!\w)(?:(?<!\bwill )last|next|(?i:this))\s+(?P<d>Monday|week)",
    r"(?<!\w)(?=\w)(?i:christmas|k-day|i think|istanbul)",     # on "Chriſtmaſ", "K-day", "ı"
    r"\b(?P<h>[01]?\d)\s*(?P<ap>(?i:a\.m\.|p\.m\.))(?:\s*\((?-i:GMT|UTC)\))?",
])
def test_matches_at_the_indexed_words_are_the_windows_own(pattern):
    """Tried only at the words it can open with, a pattern finds in each window what
    ``re`` finds there (letters ``re`` folds onto ASCII ones included)."""
    from timeline.resources import OpeningIndex, fold

    rx = re.compile(pattern)
    index = OpeningIndex([re.compile("x"), rx], re.compile(r"\w+"))
    assert index.indexed == [False, True]
    for text in SKIP_TEXTS + ["Chri\u017ftma\u017f \u212a-day, \u0131 think; ISTANBUL 5 P.M."]:
        low = fold(text)
        if low is None:
            continue                      # "İstanbul": no fold, the plain scan
        cuts = sorted({0, len(text), *(i + 1 for i, ch in enumerate(text) if ch == " ")})
        for windows in ([(0, len(text))], list(zip(cuts, cuts[1:])), list(zip(cuts[::2], cuts[1::2]))):
            assert [m.regs for m in index.openers(low, windows).matches(1, rx, text)] == \
                [m.regs for s, e in windows for m in rx.finditer(text, s, e)], (text, windows)


def test_contained_strings_of_a_texts_words():
    """The strings a text's words hold, in lower case; a word met again is not read again."""
    from timeline.resources import Contained

    c = Contained(["day", "week", "a", "new year"])
    assert c.held(frozenset({"Today", "WEEKLY", "bc", "New"})) == {"day", "week", "a"}
    assert c.held(frozenset({"bc", "Monday"})) == {"day", "a"}
    assert c.held(frozenset()) == set()
