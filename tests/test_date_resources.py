"""The worked examples in the date grammar's resource files run as tests (issue 10, item 2):
one parametrised test per file in timeline/data/dates/."""
from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

from timeline.dates import scan
from timeline.dates import find_dates

RESOURCES = Path(__file__).resolve().parents[1] / "timeline" / "data" / "dates"


def _load(name: str) -> dict:
    return tomllib.loads((RESOURCES / name).read_text(encoding="utf-8"))


def _examples() -> list:
    data = _load("examples.toml")
    return [pytest.param(ex, id=f"{table}-{i}-{ex['expr']}")
            for table, rows in data.items() for i, ex in enumerate(rows)]


def _rule_examples() -> list:
    return [pytest.param(i, rule["name"], ex, id=f"{rule['name']}-{j}-{ex['expr']}")
            for i, rule in enumerate(_load("grammar.toml")["rule"])
            for j, ex in enumerate(rule.get("examples", []))]


def _parse(text: str):
    """The pipeline's parse of ``text``, or None without the spaCy model."""
    from timeline import nlp

    return nlp.parse(text) if nlp.model() is not None else None


def _anchor(ex: dict):
    return date.fromisoformat(ex["anchor"]) if ex.get("anchor") else None


@pytest.mark.parametrize("ex", _examples())
def test_examples(ex):
    """Each example holds on the pipeline's path (with the parse) and, unless it needs the
    parse to decide the tense, without it too."""
    parsed = _parse(ex["text"])
    if parsed is None and ex.get("parse"):
        pytest.skip("spaCy model absent")
    runs = ([parsed] if parsed is not None else []) + ([] if ex.get("parse") else [None])
    for p in runs:
        found = [m for m in find_dates(ex["text"], _anchor(ex), parsed=p) if m.text == ex["expr"]]
        assert found, f"{ex['expr']!r} not found in {ex['text']!r} (parse={p is not None})"
        m = found[0]
        assert (m.type, m.value) == (ex["type"], ex["value"])
        if "point" in ex:
            assert m.point == ex["point"]
        if "mod" in ex:
            assert m.mod == ex["mod"]


@pytest.mark.parametrize("index,name,ex", _rule_examples())
def test_grammar_rule_examples(index, name, ex):
    """Each rule of grammar.toml matches its example's expression and the tagger gives the
    example's TIMEX3 type and value."""
    rx = scan._RULES[index][0]
    assert any(m.group(0).strip(" ,") == ex["expr"] or ex["expr"] in m.group(0)
               or m.group(0) in ex["expr"] for m in rx.finditer(ex["text"])), \
        f"rule {name} does not match {ex['expr']!r}"
    found = [m for m in find_dates(ex["text"], _anchor(ex)) if m.text == ex["expr"]]
    assert found, f"{ex['expr']!r} not found in {ex['text']!r}"
    assert (found[0].type, found[0].value) == (ex["type"], ex["value"])


def test_every_rule_has_an_example_and_a_normaliser():
    grammar = _load("grammar.toml")
    for rule in grammar["rule"]:
        assert rule.get("examples"), rule["name"]
        if "normaliser" in rule:
            assert callable(scan.RESOLVERS.get("_r_" + rule["normaliser"])), rule["name"]
        else:
            assert rule["type"] in ("DATE", "TIME", "DURATION", "SET") and rule["value"]


def test_sub_patterns_all_defined():
    """Every {@NAME} a rule or context pattern uses is a named sub-pattern."""
    grammar = _load("grammar.toml")
    used = set()
    texts = [r["pattern"] for r in grammar["rule"]] + \
        [c["pattern"] for c in grammar["context"].values()] + list(grammar["patterns"].values())
    for p in texts:
        used |= set(re.findall(r"\{@(\w+)", "".join(p) if isinstance(p, list) else p))
    assert used <= set(grammar["patterns"]) | {"HOLIDAY", "ORD_WORD"}   # (made at load time)



def _spelled(items) -> list[str]:
    """Every string a regex parse (``re._parser``) of literals, classes, groups, alternatives
    and optional parts matches (lookarounds skipped): the names a holiday pattern spells."""
    from re import _constants as c
    out = [""]
    for op, av in items:
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue
        if op is c.LITERAL:
            alts = [chr(av)]
        elif op is c.IN:
            alts = [chr(a) for o, a in av if o is c.LITERAL]
        elif op is c.BRANCH:
            alts = [f for b in av[1] for f in _spelled(b)]
        elif op is c.SUBPATTERN:
            alts = _spelled(av[-1])
        else:                                   # an optional part: (...)?
            assert op is c.MAX_REPEAT and av[:2] == (0, 1), op
            alts = [""] + _spelled(av[2])
        out = [a + b for a in out for b in alts]
    return out


def _group(items, n: int):
    """The parse of capturing group ``n`` inside a regex parse, or None."""
    from re import _constants as c
    for op, av in items:
        if op is c.SUBPATTERN and av[0] == n:
            return av[-1]
        subs = [av[-1]] if op is c.SUBPATTERN else av[1] if op is c.BRANCH else \
            [av[2]] if op is c.MAX_REPEAT else []
        for sub in subs:
            found = _group(sub, n)
            if found is not None:
                return found
    return None


def test_every_holiday_name_the_rule_spells_has_a_day():
    """Each name the holiday rule can match ("Lunar New Year's Eve", "Patriots' Day") is a key
    of vocabulary.toml [holidays], where the normaliser reads its day."""
    from re import _parser

    from timeline.dates.lexicon import GRAMMAR, VOCAB
    rx = scan._RULES[[r["name"] for r in GRAMMAR["rule"]].index("holiday")][0]
    names = {" ".join(n.lower().split()).replace("\u2019", "'")
             for n in _spelled(_group(_parser.parse(rx.pattern), rx.groupindex["hol"]))}
    assert len(names) > 100 and names == set(VOCAB["holidays"]), \
        names ^ set(VOCAB["holidays"])


def test_every_holiday_name_is_found_and_dated():
    """Each name the holiday rule spells is found in a sentence and given a day: a holiday
    added to vocabulary [holidays] without a trigger word (or a table year) fails here."""
    from re import _parser

    from timeline.dates import find_dates
    from timeline.dates.lexicon import GRAMMAR
    rx = scan._RULES[[r["name"] for r in GRAMMAR["rule"]].index("holiday")][0]
    missed = []
    for name in _spelled(_group(_parser.parse(rx.pattern), rx.groupindex["hol"])):
        found = find_dates(f"Crowds gathered on {name}.", date(2020, 6, 1))
        if not any(m.start <= 19 and m.end >= 19 + len(name) and m.value for m in found):
            missed.append(name)
    assert not missed, missed


def test_holiday_written_forms_are_holidays():
    """Each regex of [holiday_written] writes a holiday the table dates and matches its key
    but for case, so no entry there is dead or writes another name."""
    from timeline.dates.lexicon import VOCAB
    for name, rx in VOCAB["holiday_written"].items():
        assert name in VOCAB["holidays"] and re.fullmatch(rx, name, re.I), name
