"""Places known by the form they are written in: named settlements (``the village of X``, ``X
village``) and Arabic names with the article, datelines (``MANSFIELD --``), plural type lists
(``Barrow and Jackson counties``), a legislator's seat after the party letter (``R-Elbow Lake``)
and demonyms (a corpus convention), less the associations a demonym opens (``American Red
Cross``).
"""
from __future__ import annotations

from timeline.resources import finditer

from ..gazetteer import key
from .lexicon import (AMERICAN_COMPOUND_RE, ARABIC_NAME_RE, CONTAINER_RE, DATELINE_RE, LIST_GAP_RE,
                      NAME_RUN_RE, TITLES, VILLAGE_AFTER_RE, _lexicon, _pattern)
from .names import Candidate, _demonyms, demonyms_written, prev_word, sentence_initial
from .reading import Reading
from .streets import STATE_ROUTE_RE, _streets


def settlements(r: Reading) -> tuple[list[Candidate], list[Candidate]]:
    """``the village of X``, ``X village``: named settlements, known to the gazetteer or not;
    and Arabic names with the article the gazetteer lacks (places only in a list, see
    ``grow_lists``)."""
    gz, text = r.gz, r.text
    containers = []
    for m in CONTAINER_RE.finditer(text):
        name = m.group(1)
        containers.append(Candidate(m.start(1), m.end(1), name, gz.ids(name) or gz.fold_ids(name),
                                    source="container", strong=True))
    for m in finditer(VILLAGE_AFTER_RE, text):
        name = m.group(1)
        if key(name) in r.stops or name in _demonyms() or name.lower() in r.lower_words \
                or sentence_initial(text, m.start(1)) or prev_word(text, m.start(1)) in TITLES:
            continue
        containers.append(Candidate(m.start(1), m.end(1), name, gz.ids(name) or gz.fold_ids(name),
                                    source="container", strong=True))
    r.accepted_keys.update(key(c.text) for c in containers if c.ids)
    arabic = [Candidate(m.start(1), m.end(1), m.group(1), source="container", strong=True)
              for m in finditer(ARABIC_NAME_RE, text) if not gz.ids(m.group(1))]
    return containers, arabic


def demonyms_datelines_streets(r: Reading) -> None:
    """Demonyms (corpus convention, off for the product by default), datelines
    (``MANSFIELD --``), streets and highways (no coordinates)."""
    text, gz = r.text, r.gz
    if r.settings.place_demonyms:
        for s, e, name in demonyms_written(text):
            ent = r.ent_over(s, e)
            if ent is not None and ent.label == "LANGUAGE":
                continue  # ``spoke only French``: the language, not the people or the place
            if _demonym_in_name(text, s, e):
                continue
            r.chosen.append(Candidate(s, e, name, source="demonym", strong=True))
    for m in DATELINE_RE.finditer(text):
        ids = gz.ids(m.group(1))
        if ids:
            r.chosen.append(Candidate(m.start(1), m.end(1), m.group(1), ids, strong=True))
    r.chosen.extend(_streets(text, r.stops))
    for m in finditer(STATE_ROUTE_RE, text):
        r.chosen.append(Candidate(m.start(1), m.end(1), m.group(1), source="street", strong=True))


TYPE_LIST_RE = _pattern("type_list_re")
PLURAL_TYPES = _lexicon("plural_types", "dict")


def type_lists(r: Reading) -> list[Candidate]:
    """``Barrow and Jackson counties``, ``the Williams and Cranberry rivers``: each name listed
    before a plural type noun is a place of that type, whatever the model called it, placed at
    the entry named with the type word (Jackson County) when the gazetteer has one. A common
    word opening the list (``In``, ``The``) is not one of its names."""
    out = []
    for m in finditer(TYPE_LIST_RE, r.text):
        kind = PLURAL_TYPES[m.group(2)]
        s, items = m.start(1), []
        for g in LIST_GAP_RE.finditer(r.text, m.start(1), m.end(1)):
            if g.end() > g.start():
                items.append((s, g.start()))
                s = g.end()
        items.append((s, m.end(1)))
        for n, (a, b) in enumerate(items):
            name = r.text[a:b]
            if n == 0 and " " in name and key(name.split()[0]) in r.stops:
                a += len(name.split()[0]) + 1
                name = r.text[a:b]
            if n == 0 and key(name) in r.stops:
                continue
            ids = r.gz.ids(f"{name} {kind}") or r.gz.ids(name)
            out.append(Candidate(a, b, name, ids, strong=True))
    return out


INLINE_DATELINE_RE = _pattern("inline_dateline_re")


def inline_datelines(r: Reading) -> list[Candidate]:
    """A dateline run on after the headline (``... supporters. HARWINTON — Former ...``): the
    capitalised name before the dash is a place when the gazetteer knows it, as a dateline
    opening a line is (``DATELINE_RE``)."""
    out = []
    for m in INLINE_DATELINE_RE.finditer(r.text):
        ids = r.gz.ids(m.group(1))
        if ids:
            out.append(Candidate(m.start(1), m.end(1), m.group(1), ids, strong=True))
    return out


PARTY_SEAT_RE = _pattern("party_seat_re")


def party_seats(r: Reading) -> list[Candidate]:
    """``Sen. Byron Dorgan, D-N.D.``, ``Rep. Torrey Westrom, R-Elbow Lake``: the home written
    after a legislator's party letter is a place (a state, or the town or county of the
    district: both senses are kept for the story's coherence to settle). A match running
    over the party letter (``D-N.D`` read as one name) gives way."""
    out = []
    for m in finditer(PARTY_SEAT_RE, r.text):
        name = m.group(1)
        ids = (r.gz.ids(name) or r.gz.ids(name + ".")) + r.gz.ids(name + " County")
        if ids:
            out.append(Candidate(m.start(1), m.end(1), name, ids, strong=True))
            r.chosen = [c for c in r.chosen if not c.start < m.start(1) < c.end]
    return out


# Head words of associations, laws and the like named with a demonym (``American Red Cross``,
# ``American Heart Association``, ``American Recovery and Reinvestment Act``), which the corpora
# do not tag as places (unlike ``Russian Foreign Ministry``, ``Lebanese Army``, ``British Council``).
ORG_HEADS = _lexicon("org_heads", "set")


def _demonym_in_name(text: str, start: int, end: int) -> bool:
    """A demonym that is part of a name, not a reference to the place: the first word of an
    association's or a law's name (a capitalised run after it with an ``ORG_HEADS`` word among
    its first four words), or a hyphenated or ``Native`` American (``African-American``,
    ``Native Americans``: an ethnicity, not the country)."""
    if text[start:end].startswith("American") and AMERICAN_COMPOUND_RE.search(
            text[max(0, start - 8):start]):
        return True
    run = NAME_RUN_RE.match(text[end:end + 80])
    if not run:
        return False
    words = [w.strip(".,'’") for w in run.group(0).split() if w[:1].isupper()]
    return any(w in ORG_HEADS for w in words[:4])
