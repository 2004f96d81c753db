"""The date grammar's knowledge as loaded from ``timeline/data/dates/``: the vocabulary
(months, weekdays, units, numbers, word classes), the grammar's named sub-patterns and context
patterns, and the value/context regexes of ``dates_patterns.toml``. Loaded once at import;
every other module of the package reads its words from here, and the patterns more than one
module shares (a pattern one module alone reads is loaded beside its rule, from the same
files), so the engine holds no knowledge of its own. Two sub-patterns are made here from the
vocabulary rather than written in the grammar, so that their words are listed once: HOLIDAY
(the keys of [holidays]) and ORD_WORD (the ordinals written out).
"""
from __future__ import annotations

import itertools
import re
import tomllib
from pathlib import Path

from ..resources import needs, pattern, prefix_tree, read_toml


_DATA_DIR = Path(__file__).parent.parent / "data" / "dates"
# the regexes that are no grammar rules: TIMEX3 value shapes and small context checks
_PATTERN_FILE = _DATA_DIR / "dates_patterns.toml"


def dates_rx(name: str) -> re.Pattern:
    return pattern(_PATTERN_FILE, name)


def load_toml(name: str) -> dict:
    with open(_DATA_DIR / name, "rb") as f:
        return tomllib.load(f)


VOCAB = load_toml("vocabulary.toml")
# verbs of saying, the actor layer's word class (actor_words.toml): their subject is a speaker
SPEECH_VERBS = frozenset(read_toml(_DATA_DIR.parent / "actor_words.toml")["speech"]["verbs"])
MONTH_NUM = VOCAB["months"]
WEEKDAY_NUM = VOCAB["weekdays"]
SEASON = VOCAB["seasons"]
SEASON_ORDER = VOCAB["season_order"]
# the month a season starts in (WI 12): which season a month is in, seasons counted from a date
SEASON_START = VOCAB["season_start_months"]
TOD = VOCAB["times_of_day"]
ORDINAL = VOCAB["ordinals"]
SMALL = VOCAB["small_numbers"]
TENS = VOCAB["tens"]
ORDINAL_NUM = VOCAB["ordinal_numbers"]
VAGUE = frozenset(VOCAB["vague_numbers"])
# unit → (time part?, TIMEX3 letter, multiplier, granularity for "N units ago")
UNITS = {unit: (u["time"], u["letter"], u["multiplier"], u["granularity"])
          for unit, u in VOCAB["units"].items()}
MODS = VOCAB["duration_mods"]
POS_MODS = VOCAB["position_mods"]
# Words after a number that make it a count, not a year or a day
COUNT_NOUNS = frozenset(VOCAB["count_nouns"])
# "the first week of", "the last days of": words that pick a part of a unit
PART_DIRS = frozenset(VOCAB["part_dirs"])
# units counted in steps of their multiplier; "the next decade" is a stretch, not a decade
LONG_UNITS = frozenset(VOCAB["long_units"])
# "last week", "this month", "next year": units counted from the anchor (unit → offset)
ANCHOR_OFFSETS = VOCAB["anchor_offsets"]
# holidays: name (lower case, one key per spelling) -> how its day is found
HOLIDAYS = VOCAB["holidays"]


# ---------------------------------------------------------------------------------------
# The grammar's patterns live in data/dates/grammar.toml (HeidelTime-style: named
# sub-patterns, rules with a normaliser and examples, context patterns), loaded once here
# ---------------------------------------------------------------------------------------
_SUBPATTERN = dates_rx("grammar_ref")
# every rule but the decades ('90s) starts at a word start; saying so up front spares the
# regex engine from trying each rule's optional prefixes at every character
WORD_START = r"(?<!\w)(?=\w)"
NOT_AT_WORD_START = frozenset(("decade",))


def joined_pattern(pattern) -> str:
    """A pattern written as a list of strings is their concatenation (split for reading)."""
    return "".join(pattern) if isinstance(pattern, list) else pattern


def expand(pattern: str, subs: dict[str, str]) -> str:
    """Replace ``{@NAME}`` by the sub-pattern NAME and ``{@NAME:g}`` by it capturing group g."""
    def one(m: re.Match) -> str:
        body = expand(subs[m.group(1)], subs)
        return body.replace("(?P<@>", f"(?P<{m.group(2)}>") if m.group(2) else body
    return _SUBPATTERN.sub(one, pattern)


def _written(name: str) -> str:
    """A holiday's key as news writes it: each word (and each part of a hyphened one)
    capitalised but the small words of ``holiday_lowercase_words`` ("Cinco de Mayo", "Eid
    al-Adha")."""
    low = VOCAB["holiday_lowercase_words"]
    return " ".join("-".join(p if p in low else p[:1].upper() + p[1:] for p in w.split("-"))
                    for w in name.split(" "))


def _holiday_pattern() -> str:
    """The sub-pattern HOLIDAY, made from the keys of vocabulary [holidays] so that a holiday
    is added in one place: each key written by ``_written`` with either apostrophe, or by the
    regex [holiday_written] gives it (an acronym, a guard against another reading); a prefix
    tree, so the longest name wins and the scan does not try every name at every character."""
    special = VOCAB["holiday_written"]
    forms = [form for name in HOLIDAYS if name not in special
             for form in map("".join, itertools.product(*(
                 ("'", "\u2019") if ch == "'" else (ch,) for ch in _written(name))))]
    return "(?P<@>" + "|".join([*special.values(), prefix_tree(forms)]) + ")"


# the largest ordinal written out that the grammar reads: a month's last day ("thirty-first")
_ORDINAL_WORDS_UP_TO = 31


def _ordinal_pattern() -> str:
    """The sub-pattern ORD_WORD, an ordinal written out ("fifth", "twenty-third", "twenty
    first"), made from vocabulary [ordinal_numbers] and [tens], the words
    ``values.ordinal_number`` reads back, so that they are listed once."""
    words = [*ORDINAL_NUM] + [f"{t}{sep}{u}" for t in TENS for u in ORDINAL_NUM
                              for sep in "- " if ORDINAL_NUM[u] < 10 and
                              TENS[t] + ORDINAL_NUM[u] <= _ORDINAL_WORDS_UP_TO]
    return f"(?:{prefix_tree(words)})"


def _load_grammar() -> dict:
    grammar = load_toml("grammar.toml")
    grammar["patterns"] = {k: joined_pattern(v) for k, v in grammar["patterns"].items()}
    grammar["patterns"]["HOLIDAY"] = _holiday_pattern()
    grammar["patterns"]["ORD_WORD"] = _ordinal_pattern()
    return grammar


GRAMMAR = _load_grammar()
_PATTERNS = {k: expand(v, GRAMMAR["patterns"]) for k, v in GRAMMAR["patterns"].items()}
CONTEXT = {name: re.compile(expand(joined_pattern(c["pattern"]), GRAMMAR["patterns"]),
                             re.I if c.get("ignore_case") else 0)
            for name, c in GRAMMAR["context"].items()}
_WEEKDAY = _PATTERNS["WEEKDAY"]
# the suffix of an ordinal in figures ("21st"), the grammar's ORD_SUFFIX, matched in lower case
ORD_SUFFIX = re.compile(_PATTERNS["ORD_SUFFIX"])
# an ordinal in figures, a word of its own ("75th"): its number in group 1
ORDINAL_FIGURE = re.compile(rf"(\d+){_PATTERNS['ORD_SUFFIX']}")
# month names that are also words ("may", "march"): a month only with a cue
AMBIGUOUS_MONTHS = frozenset(VOCAB["ambiguous_months"])
# context patterns read inline by one normaliser each (see grammar.toml)
ARTICLE_BEFORE = CONTEXT["article_before"]
MONTH_NOUN_AFTER = CONTEXT["month_noun_after"]
PAST_MONTH_BEFORE = CONTEXT["past_month_before"]
SPELLED_YEAR_PREP = CONTEXT["spelled_year_prep"]
THE_YEAR_PREP = CONTEXT["the_year_prep"]
AGE_AFTER = CONTEXT["age_after"]
UNIT_COMPOUND_AFTER = dates_rx("unit_compound_after")
OF_AFTER = dates_rx("word_of_after")
CURRENT_NOUN_AFTER = CONTEXT["current_noun_after"]
HIGH_BEFORE = CONTEXT["high_before"]


# "the first week of June", "the last days of 1998": that part of the month or year (mod)
PART_OF_DATE_AFTER = CONTEXT["part_of_date_after"]
YEAR_END = CONTEXT["year_end"]


# ---------------------------------------------------------------------------------------
# Patterns and word classes more than one module reads (a pattern one module alone reads is
# loaded beside its rule)
# ---------------------------------------------------------------------------------------
# day ranges ("between September 23 and 27", "from 1 to 3 October"): the scan runs them after
# the grammar's rules, with the words each needs; ``compose._day_range`` resolves them
RANGE_DAYS_MD = CONTEXT["range_days_md"]
_RANGE_DAYS_DM = CONTEXT["range_days_dm"]
RANGES = [(rx, needs(rx, folded=True)) for rx in (RANGE_DAYS_MD, _RANGE_DAYS_DM)]
DAY_TIME_JOIN = CONTEXT["day_time_join"]
# sentence ends, but not the dots of "a.m.", "Mr.", "Oct.", "U.S."
SENT_CUT = CONTEXT["sent_cut"]
# a word, comma or semicolon just before a position: the sentence goes on there ("VOA Today")
MID_SENTENCE = CONTEXT["mid_sentence"]
WEEKDAY_RX = re.compile(_WEEKDAY)
# "at dawn", "by nightfall": the part of the day the sun names (TimeML's MO / EV), on the day
# being told
SUN = VOCAB["sun_times"]
# "since Feb. 11": a state's start, not the narrative's day
SINCE_BEFORE = dates_rx("since_before")
# TIMEX3 value shapes: a day alone, a clock time, a quarter, a date the text tells
DAY_VALUE, CLOCK_VALUE, QUARTER_VALUE, TOLD = map(dates_rx, (
    "value_day_only", "value_clock", "value_quarter", "value_told"))
