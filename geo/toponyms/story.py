"""Names the story rules out as the gazetteer reads them: towns far from a story about one country
(``Palma`` in a story about Mozambique), towns the writer places where the gazetteer has none of
the name (``the town of Palma in Mozambique``), both towns the gazetteer lacks, placed by their
containing place; and alternate names of small towns the story is nowhere near (``Casa``), no
places at all.
"""
from __future__ import annotations

from collections import Counter

from ..gazetteer import CC, FEATURE, Gazetteer, LAT, LON, NAME, key, km
from .doc_context import DocContext, in_context, _prominent
from .lexicon import CONTAINER_RE, QUALIFIER_AFTER
from .names import Candidate, name_key, place_framed, qualifier
from .weights import STORY_FAR_KM, STORY_MIN, STORY_SHARE


def off_story_towns(cand_ids: dict, ctx: DocContext, gz: Gazetteer) -> set:
    """Names whose every sense is a town far from a story about one country (``Palma``, only
    the Spanish city in the gazetteer, in a story about Mozambique): the story's country holds
    ``STORY_SHARE`` of its names (at least ``STORY_MIN``), and no other name or demonym of the
    story points to a town's country. Such a name is a town of the story's country the
    gazetteer lacks: placed by its containing place (``contain_unknown``), not abroad.
    Countries, capitals and world cities stay what they are (``_prominent``)."""
    ents = gz.entries
    tops = {k: ents[ids[0]] for k, ids in cand_ids.items() if ents[ids[0]][CC]}
    count = Counter(e[CC] for e in tops.values())
    count.update(ctx.demonym_cc)
    if not count or ctx.us_local:
        return set()
    main, n = count.most_common(1)[0]
    if n < STORY_MIN or n < STORY_SHARE * sum(count.values()):
        return set()
    pts = [(e[LAT], e[LON]) for e in tops.values() if e[CC] == main]
    lat, lon = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
    out = set()
    for k, ids in cand_ids.items():
        own = tops[k][CC] if k in tops else None    # (the other names: ``count`` less this one)
        if all(ents[i][FEATURE] in ("city", "locality") and not _prominent(i, gz)
               and ents[i][CC] != main
               and count[ents[i][CC]] - (own is not None and ents[i][CC] == own) <= 0
               and (ents[i][CC], "") not in ctx.named
               and km(lat, lon, ents[i][LAT], ents[i][LON]) > STORY_FAR_KM for i in ids):
            out.add(k)
    return out


def unlisted_towns(text: str, cands: list[Candidate], cand_ids: dict, gz: Gazetteer) -> set:
    """Names of towns the writer places where the gazetteer has no town of the name: a
    settlement word before the mention or a comma qualifier after it (``the town of Palma in
    Mozambique``, ``Palma, Mozambique``) names a country or admin-1 region no candidate lies
    in. The gazetteer lacks that town; its namesakes elsewhere (Palma, Spain) are not it. A
    bare ``in X`` after a name does not count (``refugees from Aleppo in Germany``)."""
    out = set()
    ents = gz.entries
    for c in cands:
        k = name_key(c)
        ids = cand_ids.get(k)
        if not ids or c.source == "demonym" or c.start < 1 or not all(
                ents[i][FEATURE] in ("city", "locality") for i in ids):
            continue
        framed = any(m.start(1) == c.start for m in CONTAINER_RE.finditer(
            text, max(0, c.start - 40), c.end))
        m = QUALIFIER_AFTER.match(text[c.end:c.end + 40])
        if m and text[c.end + m.end():c.end + m.end() + 6].lstrip(" ,").startswith(("and ", "or ")):
            m = None   # ``Krakow, Germany and France``: a list, not a qualifier
        q = qualifier(text, c.end, gz) if framed or m else None
        # the country only: admin-1 codes outside the US differ between the two sources
        if q and not any(ents[i][CC] in {cc for cc, _ in q} for i in ids):
            out.add(k)
    return out


def stray_alternates(text: str, cands: list[Candidate], cand_ids: dict, ctx: DocContext,
                      gz: Gazetteer) -> set:
    """Names matched only by an alternate name of small towns the story is nowhere near
    (``Casa``, one of the names GeoNames lists for Chas, India, in a story about Nigeria): not
    places when the model calls no mention of them a place and the text frames none as one. An
    alternate name is weak evidence (GeoNames lists names in many languages and scripts); a
    country, a capital or a world city (``Bombay``, ``Peking``) keeps its old names."""
    if not ctx.named:
        return set()
    ents = gz.entries
    out = {k for k, ids in cand_ids.items() if all(
        ents[i][FEATURE] in ("city", "locality") and key(ents[i][NAME]) != k
        and not _prominent(i, gz) and not in_context(k, ents[i], ctx) for i in ids)}
    for c in cands if out else ():
        if c.source != "gaz" or c.label in ("GPE", "LOC") or place_framed(text, c.start, c.end, gz):
            out.discard(name_key(c))
    return out
