"""Scores of a name's senses: the prior (population and feature type), the alternate-name, qualifier
and city-first adjustments, and the coherence rounds in which what the article's other names
expect (their countries, admin-1 regions and nearby points) settles the ambiguous ones.
"""
from __future__ import annotations

import functools
import math
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from ..gazetteer import (ADM1, CC, DATA_DIR, FEATURE, GID, Gazetteer, LAT, LON, NAME, POP,
                         _read_csv, key, km)
from .doc_context import DocContext
from .weights import (ADMIN_FLOOR, BONUS_ADMIN, BONUS_COUNTRY, BONUS_REGION, CITY_FIRST_BONUS,
                      MIN_NAMES, NEAR_BAND, NEAR_CAP, NEAR_KM, ROUNDS, STATE_CAP, W_ALT,
                      W_COUNTRY, W_NEAR, W_QUALIFIED, W_STATE, W_UNQUALIFIED)


@functools.lru_cache(maxsize=1)
def _city_first() -> dict:
    """``key -> (country, admin1)``: bare names that in news mean a capital city, not the
    same-named region ranked above it by size (``geo/data/city_first.csv``)."""
    return {key(r["name"]): (r["country"], r["admin1"]) for r in _read_csv(DATA_DIR / "city_first.csv")}


def _prior(e: tuple) -> float:
    """Population and feature prior. Admin-1 regions outside the US carry only a floor population:
    no bonus, so a bare ``Damascus`` or ``Baku`` is the city, while ``Aleppo Province`` names only
    the region."""
    bonus = {"country": BONUS_COUNTRY, "admin": BONUS_ADMIN if e[POP] > ADMIN_FLOOR else 0.0,
             "region": BONUS_REGION}
    return math.log10(e[POP] + 10) + bonus.get(e[FEATURE], 0.0)


def base_scores(cand_ids: dict, ctx: DocContext, gz: Gazetteer) -> dict:
    """Each name's candidates scored by prior, alternate-name match, qualifier and the
    city-first list; coherence (``cohere``) adds to these."""
    ents = gz.entries
    city_first_of = _city_first()
    base: dict[str, list[float]] = {}
    for k, ids in cand_ids.items():
        qual = ctx.quals.get(k)
        city_first = city_first_of.get(k) if k not in ctx.region_written else None
        row = []
        for i in ids:
            e = ents[i]
            s = _prior(e)
            if e[FEATURE] in ("city", "locality") and key(e[NAME]) != k:
                s -= W_ALT
            if qual:
                s += W_QUALIFIED if ((e[CC], e[ADM1]) in qual or (e[CC], "") in qual) \
                    else W_UNQUALIFIED
            if city_first and (e[CC], e[ADM1]) == city_first and e[FEATURE] == "city":
                s += CITY_FIRST_BONUS
            row.append(s)
        base[k] = row
    return base


def _softmax(row: list[float]) -> list[float]:
    m = max(row)
    ws = [10 ** max(v - m, -8) for v in row]
    t = sum(ws)
    return [w / t for w in ws]


@dataclass
class _Masses:
    """One coherence round's expectations: per name, its probability mass per country and per
    admin-1 region and its likely points; and the article's totals."""

    by_cc: dict
    by_st: dict
    pts: dict
    tot_cc: Counter
    tot_st: Counter
    n: float
    flat: list = field(default_factory=list)   # (name, lat, lon, p) of ``pts``, in order
    by_lat: list = field(default_factory=list)  # indices into ``flat`` by latitude ...
    lats: list = field(default_factory=list)    # ... and their latitudes


def _facts(e: tuple) -> tuple:
    """What coherence reads of entry ``e``, once an article instead of once a round: ``(country,
    (country, admin-1) or None, admin-1 weight, a point others count, a point that counts
    others, lat, lon)``."""
    feat = e[FEATURE]
    placed = feat in ("city", "locality", "admin")
    st = (e[CC], e[ADM1]) if e[ADM1] and feat != "country" else None
    return (e[CC], st, 1.0 if feat == "admin" else 0.6, placed and e[GID] != -1, placed,
            e[LAT], e[LON])


def _masses(rows: dict, prob: dict, ctx: DocContext) -> _Masses:
    """``rows``: name key -> its candidates' ``_facts`` (read once per article by ``cohere``)."""
    by_cc: dict[str, dict] = {}     # (plain dicts: only ``get`` and ``items`` read them)
    by_st: dict[str, dict] = {}
    pts: dict[str, list] = {}
    for k, fs in rows.items():
        cc_m, st_m, pl = {}, {}, []
        for (cc, st, w, pt, _, lat, lon), p in zip(fs, prob[k]):
            if cc:
                cc_m[cc] = cc_m.get(cc, 0) + p
            if st is not None:
                st_m[st] = st_m.get(st, 0) + p * w
            if p > 0.05 and pt:
                pl.append((lat, lon, p))
        by_cc[k], by_st[k], pts[k] = cc_m, st_m, pl
    tot_cc: Counter = Counter()
    tot_st: Counter = Counter()
    # (summed here: ``Counter.update`` is a Python function with an ABC check, per name a round)
    for k in rows:
        for cc, v in by_cc[k].items():
            tot_cc[cc] = tot_cc.get(cc, 0) + v
        for st, v in by_st[k].items():
            tot_st[st] = tot_st.get(st, 0) + v
    # the article's conventions and demonyms stand for names of places in their country
    tot_cc.update(ctx.cue_mass)
    n = len(rows) + sum(ctx.cue_mass.values())
    flat = [(k, la, lo, p) for k, pl in pts.items() for la, lo, p in pl]
    order = sorted(range(len(flat)), key=lambda j: flat[j][1])
    return _Masses(by_cc, by_st, pts, tot_cc, tot_st, n, flat, order, [flat[j][1] for j in order])


def _coherence(k: str, fs: list, m: _Masses) -> list[float]:
    """What the other names of the article expect of each candidate (``_facts``) of name ``k``:
    the share of their mass in its country, the mass in its admin-1 region, the mass near it
    (one call a name, the name's own masses read once)."""
    own_cc, own_st = m.by_cc[k], m.by_st[k]
    tot_cc, tot_st, lats, by_lat, flat = m.tot_cc, m.tot_st, m.lats, m.by_lat, m.flat
    others = max(m.n - 1, MIN_NAMES)
    several = m.n > 1
    out = []
    for cc, st, _, _, placed, lat, lon in fs:
        s = 0.0
        if several and cc:    # (``get``: a Counter's missing key costs a Python call)
            s += W_COUNTRY * (tot_cc.get(cc, 0) - own_cc.get(cc, 0)) / others
        if st is not None:
            s += min(W_STATE * (tot_st.get(st, 0) - own_st.get(st, 0)), STATE_CAP)
        if placed and W_NEAR:
            # the points in a band of latitude, summed in ``flat`` order (the same float sum)
            band = by_lat[bisect_left(lats, lat - NEAR_BAND):
                          bisect_right(lats, lat + NEAR_BAND)]
            near = 0
            if band:
                band.sort()
                for j in band:
                    k2, la, lo, p = flat[j]
                    if k2 != k and abs(la - lat) < 1.5 and km(lat, lon, la, lo) < NEAR_KM:
                        near += p
            s += W_NEAR * min(near, NEAR_CAP)
        out.append(s)
    return out


def cohere(cand_ids: dict, base: dict, ctx: DocContext, gz: Gazetteer) -> dict:
    """Scores after ``ROUNDS`` rounds of coherence: unambiguous names (states, qualified towns,
    big cities) settle the ambiguous ones (a name of one sense keeps its base score)."""
    ents = gz.entries
    rows = {k: [_facts(ents[i]) for i in ids] for k, ids in cand_ids.items()}
    score = dict(base)
    prob = {k: _softmax(r) for k, r in base.items()}
    # a name of one sense has nothing to choose: its probability stays 1 whatever the others
    # expect (it keeps its base score); the last round's probabilities are not read
    choice = [k for k, es in rows.items() if len(es) > 1]
    for n in range(ROUNDS):
        m = _masses(rows, prob, ctx)
        for k in choice:
            score[k] = [b + c for c, b in zip(_coherence(k, rows[k], m), base[k])]
        if n < ROUNDS - 1:
            for k in choice:
                prob[k] = _softmax(score[k])
    return score
