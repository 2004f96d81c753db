"""Pending gazetteer matches that become places by the company they keep: one sense per discourse (a
name accepted once is a place everywhere) and lists (``Slovyansk, Bakhmut and Avdiivka``; ``Marte
and Dikwa in Borno``), repeated until nothing changes; Arabic names the gazetteer lacks join the
places the same way.
"""
from __future__ import annotations

from ..gazetteer import CC, FEATURE, POP, key
from .lexicon import (DIRECTIONS, LISTABLE_AFTER_RE, LISTABLE_BEFORE_RE, LIST_GAP_RE, PLACE_JOINERS,
                      TITLES)
from .matches import joined_places
from .names import Candidate, prev_word
from .reading import Reading


def one_sense(r: Reading) -> list[Candidate]:
    """One sense per discourse, recognition side: a name accepted once is a place everywhere,
    unless it is part of a longer person's name or follows a title. Returns those taken."""
    taken = []
    for c in r.pending:
        if c.text in r.person_words:
            continue
        if key(c.text) in r.accepted_keys and not prev_word(r.text, c.start) in TITLES:
            e = r.ent_over(c.start, c.end)
            if e is not None and e.label == "PERSON" and (e.end - e.start) > (c.end - c.start):
                continue
            r.chosen.append(c)
            taken.append(c)
    return taken


def _listable(r: Reading, c: Candidate) -> bool:
    """A pending gazetteer name that may be a place when listed with one: not the article's
    person, a word, a small hamlet, part of a longer capitalised name or a title's name."""
    text, top = r.text, r.gz.entries[c.ids[0]]
    return (c.text not in r.person_words and not c.text.isupper() and not c.folded
            and c.text.lower() not in r.lower_words
            and (top[POP] >= 1000 or top[FEATURE] != "locality")
            and not LISTABLE_AFTER_RE.match(text[c.end:c.end + 12])
            and not LISTABLE_BEFORE_RE.search(text[max(0, c.start - 20):c.start])
            and (c.label not in ("WORK_OF_ART", "EVENT", "LAW", "FAC") or _ran_together(r, c))
            and key(c.text) not in r.stops
            and top[FEATURE] in ("city", "locality", "admin", "region", "landmark")
            and prev_word(text, c.start) not in TITLES)


def _ran_together(r: Reading, c: Candidate) -> bool:
    """``Marte and Dikwa`` read as one work of art or event: the model ran places together."""
    e = r.ent_over(c.start, c.end)
    return e is not None and e.label in ("WORK_OF_ART", "EVENT") and joined_places(r, e)


def grow_lists(r: Reading, taken: list, containers: list, arabic: list) -> None:
    """Lists: a gazetteer name written in a list with a place (``Slovyansk, Bakhmut and
    Avdiivka``; ``Tal Abyad, Ras al-Ain, Qamishli and Ain Issa``) is a place too, whatever the
    model called it, unless it is the article's person or a word; so is an Arabic name the
    gazetteer lacks (``Abu Gurayn, Buwairat Al-Hassoun, and Al-Wasaka``: placed by the
    containing place, ``contain_unknown``). Repeated until no change."""
    text = r.text
    rest = [c for c in r.pending if c not in taken and _listable(r, c)]
    placed = [c for c in r.chosen + containers if c.source != "demonym"
              and (c.ids or c.source in ("container", "ner"))]
    grew = True
    while grew and rest:
        grew = False
        for c in list(rest):
            e = r.ent_over(c.start, c.end)
            if e is not None and e.label == "PERSON" and (e.end - e.start) > (c.end - c.start) + 1:
                continue
            if any(_listed(text, q, c) or _listed(text, c, q) for q in placed) \
                    or any(_listed_in(r, c, q) for q in placed):
                r.chosen.append(c)
                placed.append(c)
                rest.remove(c)
                grew = True
    grew = True
    while grew and arabic:
        grew = False
        for c in list(arabic):
            if any(_listed(text, q, c) or _listed(text, c, q) for q in placed):
                containers.append(c)
                placed.append(c)
                arabic.remove(c)
                grew = True


def _listed_in(r: Reading, c: Candidate, q: Candidate) -> bool:
    """``overran Marte and Dikwa in Borno``, ``attacked Djibo and Dori in northern Burkina
    Faso``: a town (alone or in a list of capitalised names) written before ``in`` and a place
    of its own country is a place, though nothing else frames it."""
    if not q.ids or not c.end < q.start <= c.end + 80:
        return False
    words = r.text[c.end:q.start].replace(",", " , ").split()
    if "in" not in words:
        return False
    at = len(words) - 1 - words[::-1].index("in")
    if any(w not in DIRECTIONS for w in words[at + 1:]) or not all(
            w in PLACE_JOINERS or w[:1].isupper() for w in words[:at]):
        return False
    ents = r.gz.entries
    home = ents[q.ids[0]][CC]
    return any(ents[i][CC] == home and ents[i][FEATURE] in ("city", "locality") for i in c.ids)


def _listed(text: str, a: Candidate, b: Candidate) -> bool:
    """``a`` is written right before ``b`` in a list (``a, b``, ``a and b``, ``a, and #b``)."""
    if not a.end <= b.start <= a.end + 8:
        return False
    m = LIST_GAP_RE.fullmatch(text, a.end, b.start)
    return m is not None
