"""The faster scans of geo.toponyms find exactly what the plain regular expressions find:
the trie alternation of demonyms and titles, the pre-filtered ``finditer``/``search`` of
patterns opening with assertions, and the token spans."""
import re

import pytest

from geo.gazetteer import km
from geo.toponyms.doc_context import DocContext, in_region, _latitude
from geo.toponyms.forms import TYPE_LIST_RE
from geo.toponyms.lexicon import ARABIC_NAME_RE, REGION_WRITTEN_RE, VILLAGE_AFTER_RE
from geo.toponyms.names import _demonym_re, _demonyms, demonyms_written, tokens
from geo.toponyms.people import PERSON_CUE_RES
from geo.toponyms.scan import _scan
from geo.toponyms.streets import HIGHWAY_RE, STATE_ROUTE_RE, STREET_RE
from geo.toponyms.us_news import _us_cues
from geo.toponyms.weights import NEAR_KM
from timeline import resources
from timeline.resources import prefix_tree

SENTENCES = [
    "Sri Lankan and South African troops met Sri Lankans in South Africa.",
    "African-American and Native Americans joined the American Red Cross; Americans cheered.",
    "A Pakistani-Afghan border post; the Pakistanis and Afghans, an Afghanistani.",
    "Mrs. Smith met Mr. Jones and President Saakashvili; St. Louis and Sen. Ted Cruz.",
    "MR. BROWN said; coach Ripley and Capt. Roy A. Nelson spoke. Lord Byron Smith left.",
    "Nelson said the road was closed, said Welch. George W. Bush and Tyrise M. Bell came.",
    "Crews closed W.Va. 61 and S.C. 6 near Highway 19, Interstate 45 and KY 90 (AW.Va. 7).",
    "The Narli village and the Duyarli settlement; Marte village, near the city of Afrin.",
    "the damage came to $5,000 at 7:35 p.m. on Sept. 8 at 2517 Memphis St. in the epicenter",
    "the sheriff's office and the Walker County Jail; the high school; I-95; mph; 30 km",
]


def _spans(matches) -> list:
    return [(m.span(), m.groups()) for m in matches]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_demonym_trie_finds_what_the_longest_first_alternation_finds(sentence):
    names = sorted(_demonyms(), key=len, reverse=True)
    plain = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
    assert _spans(_demonym_re().finditer(sentence)) == _spans(plain.finditer(sentence))
    assert demonyms_written(sentence) == tuple(
        (m.start(1), m.end(1), m.group(1)) for m in plain.finditer(sentence))


@pytest.mark.parametrize("words,text,found", [
    (["Sri Lankan", "Sri Lankans", "Sri"], "Sri Lankans, Sri Lanka, Sri", ["Sri Lankans", "Sri", "Sri"]),
    (["ab", "abc", "abcd"], "abc abcd ab abcde", ["abc", "abcd", "ab"]),
    (["mr", "mrs", "ms"], "mrs mr ms mx", ["mrs", "mr", "ms"]),
    (["a.b", "a+b"], "a.b a+b axb", ["a.b", "a+b"]),
])
def test_trie_alternation_prefers_the_longest_word(words, text, found):
    rx = re.compile(r"\b(" + prefix_tree(words) + r")\b")
    assert [m.group(1) for m in rx.finditer(text)] == found


@pytest.mark.parametrize("pattern,n", [
    (r"\bfoo", 2),
    (r"\b\b(?=ab)a", 10),
    (r"(?<![\w.])((?:W\.Va\.) ?\d)", 10),
    (r"(?<![A-Z][a-z]\s)(?<![,(])\b([A-Z][a-z]+)", 28),
    (r"\b(?<=[(\]])x", 12),        # an escaped bracket inside a class
    (r"(?<![]x])y", 9),            # a bracket first in a class is one of its letters
    (r"(?<!a\))b", 8),             # an escaped parenthesis
    (r"abc\b", 0),
    (r"(?i)\bfoo", 0),             # a global flag opens it
    (r"(?<!(a)b", 0),              # unbalanced: left alone
])
def test_opening_assertions(pattern, n):
    assert resources.opening_assertions(pattern) == n


PATTERNS = [STATE_ROUTE_RE, VILLAGE_AFTER_RE, STREET_RE, HIGHWAY_RE, ARABIC_NAME_RE,
            TYPE_LIST_RE, REGION_WRITTEN_RE,
            *PERSON_CUE_RES, *_us_cues()[0], *_us_cues()[1]]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_prefiltered_scans_find_what_the_patterns_find(sentence):
    for rx in PATTERNS:
        assert _spans(resources.finditer(rx, sentence)) == _spans(rx.finditer(sentence)), rx.pattern
        assert resources.occurs(rx, sentence) == (rx.search(sentence) is not None), rx.pattern


@pytest.mark.parametrize("pattern,needs", [
    (r"\b\d{1,2}(?::\d\d)?\s?[ap]\.m\.", {".m."}),           # the longest literal run
    (r"\bstate (?:Rep\.|Sen\.)|\bGov\. [A-Z]", {"state ", "Gov. "}),  # one per alternative
    (r"\b(?:[Cc]enter|neighbors?)\b", {"enter", "neighbor"}),     # a class or ``?`` ends a run
    (r"(?:ab)+x", {"ab"}),                                       # a repeat at least once
    (r"(?:ab)*x", {"x"}),                                        # ... not a optional one
    (r"a|\d", None),                                             # an alternative needs nothing
    (r"(?i)abc", None), (r"(?i:abc)\d", None),                   # case ignored
    (r"[£€]", None),
])
def test_needed_strings(pattern, needs):
    got = resources.needs(re.compile(pattern))
    assert (None if got is None else set(got)) == needs


def test_prefiltered_scan_keeps_empty_matches_to_re():
    rx = re.compile(r"\b(?:x*)")
    text = "ab xx c"
    assert _spans(resources.finditer(rx, text)) == _spans(rx.finditer(text))


@pytest.mark.parametrize("text,words", [
    ("Martha's Vineyard and O'Hare", ["Martha", "Vineyard", "and", "O'Hare"]),
    ("Kyiv’s mayor, Route 9", ["Kyiv", "mayor", "Route", "9"]),
    ("it's 's", ["it", "s"]),
])
def test_tokens_cut_possessives(text, words):
    assert [text[s:e] for s, e in tokens(text)] == words


def test_near_anchor_band_finds_what_a_full_pass_finds():
    """``in_region`` searches the anchors sorted by latitude in a band: the same answer as
    testing every anchor, also at the band's edge (1.5 degrees, within NEAR_KM)."""
    import random

    rnd = random.Random(7)
    anchors = [(f"k{n % 9}", rnd.uniform(-10, 10), rnd.uniform(-10, 10)) for n in range(300)]
    anchors += [("edge", 10.0 + 1.4999999, 20.0), ("edge2", 10.0 - 1.5, 20.0)]
    ctx = DocContext(anchors=sorted(anchors, key=_latitude))
    found = 0
    for n in range(400):
        lat, lon = (10.0, 20.0) if n < 3 else (rnd.uniform(-11, 11), rnd.uniform(-11, 11))
        e = ("x", lat, lon, "ZZ", "99", "city", 1000, 1)
        k = f"k{n % 9}"
        brute = any(k2 != k and abs(la - lat) < 1.5 and km(lat, lon, la, lo) < NEAR_KM
                    for k2, la, lo in anchors)
        assert in_region(k, e, ctx) == brute
        found += brute
    assert 50 < found < 390     # both answers are exercised


@pytest.mark.parametrize("name,expected", [
    ("Sevastopol", "sevastopol"), ("St", "saint"), ("MT", "mount"), ("Ste", "sainte"),
    ("St. Cloud", "saintcloud"), ("Nagorno-Karabakh", "nagornokarabakh"), ("Zürich", "zurich"),
    ("Iğdır", "igdir"), ("Martha's Vineyard", "marthasvineyard"), ("I-95", "i95"), ("", ""),
])
def test_key_single_word_shortcut_agrees_with_the_split(name, expected):
    from geo.gazetteer import KEY_SEPARATORS, _KEY_WORDS, _plain_lower, key

    split = "".join(_KEY_WORDS.get(t, t) for t in KEY_SEPARATORS.split(_plain_lower(name)) if t)
    assert key(name) == split == expected


@pytest.mark.parametrize("name,expected", [
    ("Watiyah", "vatia"), ("Kharkov", "harkiv"), ("Raqqa", "raka"), ("Avdiivka", "avdivka"),
    ("Avdiyivka", "avdivka"), ("Ain Issa", "ainisa"), ("ʿAyn ʿĪsá", "ainisa"),
    ("Tell Abyad", "talabiad"), ("Deir ez-Zor", "deirzor"), ("Slavyansk", "slaviansk"),
    ("Aghdam", "agdam"), ("Mosul", "mosul"), ("St", "saint"),
])
def test_fold_shortcuts_agree_with_the_template_substitutions(name, expected):
    """``fold`` takes a callable ``group(1)`` replacement and skips the split of one ASCII word:
    the same keys as the ``\\1`` template substitutions over the regex split."""
    from geo.gazetteer import (ARABIC_ARTICLES, DOUBLED_LETTER, FINAL_VOWEL_H, FOLD_SEPARATORS,
                               FOLD_WORDS, SLAVIC_ENDING, _FOLD_CHARS, _KEY_WORDS, _plain_lower,
                               fold)

    toks = [_KEY_WORDS.get(t, t) for t in FOLD_SEPARATORS.split(_plain_lower(name)) if t]
    kept = [t for t in toks if t not in ARABIC_ARTICLES] if len(toks) > 1 else toks
    s = "".join(FOLD_WORDS.get(t, t) for t in (kept or toks))
    for a, b in _FOLD_CHARS:
        s = s.replace(a, b)
    s = DOUBLED_LETTER.sub(r"\1", SLAVIC_ENDING.sub("iv", FINAL_VOWEL_H.sub(r"\1", s)))
    assert fold(name) == s == expected


@pytest.mark.parametrize("text,found", [
    ("Qzxvw Corp New York", ["New York"]),         # the run's first word starts no key
    ("Qzxvw Springfield", ["Springfield"]),
    ("the Kansas City officials", ["Kansas City"]),   # a live prefix keeps extending
])
def test_scan_past_a_dead_key_prefix(text, found):
    """Once no key starts with a run's key, ``_scan`` stops looking its longer spans up; the
    places further on are still found, and ``Gazetteer.extends`` says which prefixes died."""
    from geo.gazetteer import default_gazetteer

    gz = default_gazetteer()
    assert [c.text for c in _scan(text, gz)] == found
    assert gz.ids("Qzxvw") == () and not gz.extends("Qzxvw")
    assert gz.ids("Kansas") and gz.extends("Kansas")
    assert gz.ids("Kansas Cit") == () and gz.extends("Kansas Cit")    # a miss, still a prefix
