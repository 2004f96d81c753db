"""The gazetteer scan: the longest gazetteer names over runs of capitalised words (with
``of``/``de``/``al`` connectors, hyphens and dotted abbreviations), left to right, with a type
word joined to a region's name (``Voronezh Oblast``). The first pass of recognition and the one
that sees every capitalised word of an article, kept alone because its speed is tuned (see
tests/test_toponyms_scan.py).
"""
from __future__ import annotations

import itertools
from typing import Optional

from ..gazetteer import FEATURE, Gazetteer, NAME, abbrev_key, key
from .lexicon import (ADMIN_TYPE_WORDS, ARABIC_HEADS, ARABIC_TAIL_RE, CONNECTORS, FOLD_SKIP,
                      INITIALS_RE, SPACE_CAP, TYPE_WORDS)
from .names import Candidate, tokens


MAX_TOKENS = 6


def _gap_ok(gap: str) -> bool:
    return gap in (" ", "-", ".", ". ", "-", " - ") or (gap.strip() == "" and "\n" not in gap and len(gap) <= 2)


def _scan(text: str, gz: Gazetteer, toks: Optional[list] = None) -> list[Candidate]:
    """Longest gazetteer matches over runs of capitalised words, left to right (``toks``: the
    text's ``tokens``, when the caller has them)."""
    toks = tokens(text) if toks is None else toks
    caps = [text[s].isupper() for s, _ in toks]
    out: list[Candidate] = []
    i, n, size = 0, len(toks), len(text)
    names_ids, ids_of, extends = gz.names.ids, gz.ids, gz.extends
    for i0 in itertools.compress(range(n), caps):     # the capitalised words, in order
        if i0 < i:
            continue        # inside the match before
        i = i0
        s0, e0 = toks[i]
        w0 = text[s0:e0]
        best = None
        # True when no key starts with the key of the run so far (and only spaces since); a
        # span when that is still to be asked of it (only a run that goes on asks)
        dead = False
        for j in range(i, min(n, i + MAX_TOKENS)):
            sj, ej = toks[j]
            if j > i:
                gap = text[toks[j - 1][1]:sj]
                if gap != " ":
                    if not _gap_ok(gap):
                        break
                    dead = False
            if not caps[j]:
                wj = text[sj:ej]
                if wj.lower() in CONNECTORS or (j > i and text[sj - 1] == "-" and len(wj) <= 3):
                    continue
                break
            span = text[s0:ej] if j > i else w0
            ids = ()
            end = ej
            if ej < size and text[ej] == ".":
                ids = names_ids(abbrev_key(span + "."))
                if ids:
                    end = ej + 1
                elif INITIALS_RE.match(span):
                    # ``D.C.``, ``L.A.``: dotted initials keep their final dot
                    ids = ids_of(span)
                    end = ej + 1
            if not ids and dead and span.isascii() and (dead is True or not extends(dead)):
                # an ASCII run's key is its dead prefix's key plus more: only abbreviations
                dead = True
                ids = names_ids(abbrev_key(span))
            elif not ids:
                ids = ids_of(span)
                dead = span
            folded = False
            if not ids and (j > i or len(span) >= 5) and not span.isupper() and w0 not in FOLD_SKIP \
                    and not (j + 1 < n and caps[j + 1] and _gap_ok(text[ej:toks[j + 1][0]])):
                # the whole capitalised run only, spelled another way (``Avdiivka``)
                ids, folded = gz.fold_ids(span), True
            if ids:
                if best and j > i and text[sj:ej] in TYPE_WORDS and SPACE_CAP.match(text[ej:ej + 2]) \
                        and (best[2][0] == ids[0] or key(gz.entries[ids[0]][NAME]) != key(span)):
                    # ``Kentucky State Police``, ``Dublin City Council``, ``Alexandria City Public
                    # Schools``: a type word the gazetteer knows only in an alias (not the
                    # entry's own name, as in ``Kansas City``) belongs to the organisation
                    break
                if not (folded and best and not best[3]):   # an exact match beats a folded one
                    best = (end, j, ids, folded)
        if best and best[1] == i and w0 in ARABIC_HEADS and ARABIC_TAIL_RE.match(text, e0):
            # ``Ain al Havr``, ``Tal al-Sakhr``: the generic head word alone (``Ain``, France) is
            # not the place; the whole name, unknown to the gazetteer, is left to the rules below
            best = None
        if best:
            end, j, ids, folded = best
            end, j, ids = _admin_type_word(text, toks, end, j, ids, gz)
            out.append(Candidate(s0, end, text[s0:end], ids, folded=folded))
            i = j + 1
        else:
            i += 1
    return out


def _admin_type_word(text: str, toks: list, end: int, j: int, ids: tuple,
                     gz: Gazetteer) -> tuple[int, int, tuple]:
    """``Voronezh Oblast``, ``Lipetsk Oblast``: a type word after a name with an admin-1 entry
    is part of the region's name (the model often reads the whole as an organisation, and the
    town of the name is another place); ``Kentucky State Police`` keeps its type word."""
    if j + 1 >= len(toks) or toks[j][1] != end:
        return end, j, ids
    s1, e1 = toks[j + 1]
    if text[end:s1] != " " or text[s1:e1] not in ADMIN_TYPE_WORDS \
            or SPACE_CAP.match(text[e1:e1 + 2]):
        return end, j, ids
    admin = tuple(i for i in ids if gz.entries[i][FEATURE] == "admin")
    if not admin:
        return end, j, ids
    return e1, j + 1, admin + tuple(i for i in ids if i not in admin)
