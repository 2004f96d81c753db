"""The word lists and named patterns the toponym rules read (``geo/data/toponym_lexicon.toml``,
``toponym_patterns.toml``, ``not_places.csv``), loaded once at import by ``_lexicon`` and
``_pattern``, and the population a gazetteer match needs to stand alone (``STRONG_POP``). Kept
apart so that every step of recognition and resolution reads the same classes; a list or pattern
that belongs to one step's rule alone is loaded beside that rule with the same loaders
(``streets``, ``forms``, ``matches``, ``people``, ``names``, ``containment``). Either way the
knowledge stays in data: a new word goes into a list, not into code.
"""
from __future__ import annotations

import re

from timeline.resources import pattern, words

from ..gazetteer import DATA_DIR, _read_csv, read_lexicon


def _lexicon(name: str, kind: str):
    """A word list of ``geo/data/toponym_lexicon.toml``."""
    return read_lexicon("toponym_lexicon.toml", name, kind)


def _pattern(name: str) -> re.Pattern:
    """A named regular expression of ``geo/data/toponym_patterns.toml``."""
    return pattern(DATA_DIR / "toponym_patterns.toml", name)


def _words(name: str) -> frozenset[str]:
    """A word class of ``geo/data/toponym_patterns.toml``, as a set for single tokens."""
    return words(DATA_DIR / "toponym_patterns.toml", name)


CONNECTORS = _lexicon("connectors", "set")
LOCATIVE = _lexicon("locative", "set")
TITLES = _lexicon("titles", "set")
MONTHS = _lexicon("months", "set")
# Capitalised words that are gazetteer names somewhere but nearly always something else in news
# (geo/data/not_places.csv: common words, famous people's names, outlets, brands, groups).
COMMON = frozenset(r["word"] for r in _read_csv(DATA_DIR / "not_places.csv"))
INSTITUTION = _lexicon("institution", "set")
PLACE_TYPES = _lexicon("place_types", "set")
NOT_PLACE_WORDS = _lexicon("not_place_words", "set")
PLACE_JOINERS = _lexicon("place_joiners", "set")
CONTAINER_RE = _pattern("container_re")
# ``Duyarli village``, ``the Narli settlement``: a name before a lower-case settlement noun
VILLAGE_AFTER_RE = _pattern("village_after_re")
# Arabic names written with the article (``al-Habit``, ``Al-Wasaka``, ``Buwairat Al-Hassoun``)
ARABIC_NAME_RE = _pattern("arabic_name_re")
# Lists: ``Slovyansk, Bakhmut and Avdiivka``, ``#Shoushi and #Stepanakert``
LIST_GAP_RE = _pattern("list_gap_re")
NEWS_RE = _pattern("news_re")
TYPE_WORDS = _lexicon("type_words", "set")
ADMIN_TYPE_WORDS = _lexicon("admin_type_words", "set")
SITE_NOUNS = _lexicon("site_nouns", "set")
INITIALS_RE = _pattern("initials_re")
# Generic head words of Arabic place names (``Ain``/``Tal``/``Deir`` ... + a name): such a word
# followed by a name is one compound name.
ARABIC_HEADS = _lexicon("arabic_heads", "set")
# Those that open only place names, never a person's (``Tel Abyad``, ``Ras al-Ain``, ``Deir
# Hafer``; not ``Sheikh``, ``Abu``, ``Khan``, ``Umm``, ``Bani``).
PLACE_HEADS = ARABIC_HEADS - {"Khan", "Bani", "Beni", "Beit", "Bayt", "Umm", "Sheikh", "Hayy",
                              "Arab"}
ARABIC_TAIL_RE = _pattern("arabic_tail_re")
FOLD_SKIP = _lexicon("fold_skip", "set")
TOKEN_RE = _pattern("token_re")
PREV_WORD_RE = _pattern("prev_word_re")
SENTENCE_END_RE = _pattern("sentence_end_re")
SPACE_CAP = _pattern("space_cap")            # `` Police``: a capitalised word follows
SPACES_CAP = _pattern("spaces_cap")
COMMA_CAP = _pattern("comma_cap")
NEXT_NAME = _pattern("next_name")
NEXT_WORD = _pattern("next_word")
NEXT_WORD_SPACED = _pattern("next_word_spaced")
NEXT_LOWER_WORD = _pattern("next_lower_word")
DEMONYM_PLACE_NOUNS = _lexicon("demonym_place_nouns", "set")
TYPE_AFTER_RE = _pattern("type_after_re")
QUALIFIER_AFTER = _pattern("qualifier_after")
QUALIFIER_IN = _pattern("qualifier_in")
LEADING_THE = _pattern("leading_the")
OFFICE_TYPE_RE = _pattern("office_type_re")
LOWER_WORD_RE = _pattern("lower_word_re")
WORD_RE = _pattern("word_re")
LISTABLE_AFTER_RE = _pattern("listable_after_re")
LISTABLE_BEFORE_RE = _pattern("listable_before_re")
AMERICAN_COMPOUND_RE = _pattern("american_compound_re")
NAME_RUN_RE = _pattern("name_run_re")
REGION_WRITTEN_RE = _pattern("region_written_re")
STRONG_POP = 100_000

# ``Western nations``, ``Eastern Europe``: an adjective of direction is never a place alone
DIRECTION_ADJECTIVES = _lexicon("direction_adjectives", "set")
DIRECTIONS = _lexicon("directions", "set")
SITE_PARTS = _lexicon("site_parts", "set")
DIRECTION_RE = _pattern("direction_re")
GENERIC_SUFFIX = _pattern("generic_suffix")
NATURAL_WORDS = _lexicon("natural_words", "set")
NATURAL_AFTER_RE = _pattern("natural_after_re")
LOWER_SUFFIX = _pattern("lower_suffix")
DATELINE_RE = _pattern("dateline_re")
