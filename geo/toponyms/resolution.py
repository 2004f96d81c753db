"""Resolution: one gazetteer entry per name (one sense per discourse), by the steps in the order they
run (the names and their qualifiers, the story's rule-outs, document context, the namesake gates,
scores), then one ``PlaceMention`` per candidate span with its name's entry, containment filling
in where the gazetteer has none.
"""
from __future__ import annotations

from timeline.model import Doc, PlaceMention

from ..gazetteer import ADM1, CC, FEATURE, GID, Gazetteer, LAT, LON, NAME
from .containment import contain_unknown, place_approx
from .doc_context import _doc_context
from .gates import gate_namesakes
from .names import Candidate, ids_of, name_key, prev_word, qualifier
from .scoring import base_scores, cohere
from .story import off_story_towns, stray_alternates, unlisted_towns


def _name_candidates(doc: Doc, cands: list[Candidate], gz: Gazetteer) -> tuple[dict, dict, set]:
    """``name key -> candidate ids`` (one sense per discourse), ``name key -> qualifiers``
    written after any of its mentions, and the names written after ``the``."""
    quals: dict[str, set] = {}
    cand_ids: dict[str, tuple] = {}
    the_names: set = set()
    for c in cands:
        ids = ids_of(c, gz)
        if not ids:
            continue
        k = name_key(c)
        cand_ids.setdefault(k, tuple(ids[:40]))
        if c.ids:
            q = qualifier(doc.text, c.end, gz)
            if q:
                quals.setdefault(k, set()).update(q)
            if prev_word(doc.text, c.start) == "the":
                the_names.add(k)
    return cand_ids, quals, the_names


def resolve(doc: Doc, cands: list[Candidate], gz: Gazetteer) -> list[PlaceMention]:
    """Pick one gazetteer entry per name (one sense per discourse) by prior and coherence.

    Each distinct name keeps a probability over its candidate entries (softmax of its score,
    in log10 units). Small namesakes of a prominent place are dropped first
    (``gate_namesakes``). A candidate's score is its prior (population, feature type), minus
    ``W_ALT`` when only an alternate name matched, plus a qualifier written after any mention
    (``Alexandria, La.``), plus what the *other* names of the article expect (``_coherence``),
    updated for ``ROUNDS`` rounds."""
    cand_ids, quals, the_names = _name_candidates(doc, cands, gz)
    for k in unlisted_towns(doc.text, cands, cand_ids, gz):
        del cand_ids[k]
    ctx = _doc_context(doc.text, cand_ids, quals, gz)
    ctx.the_names = the_names
    for k in off_story_towns(cand_ids, ctx, gz):
        del cand_ids[k]
    cand_ids = {k: gate_namesakes(k, ids, ctx, gz) for k, ids in cand_ids.items()}
    stray = stray_alternates(doc.text, cands, cand_ids, ctx, gz)
    if stray:
        cands = [c for c in cands if not (c.source == "gaz" and name_key(c) in stray)]
        cand_ids = {k: ids for k, ids in cand_ids.items() if k not in stray}
    score = cohere(cand_ids, base_scores(cand_ids, ctx, gz), ctx, gz)
    sense: dict[str, int] = {}
    conf_of: dict[str, float] = {}
    for k, ids in cand_ids.items():
        order = sorted(zip(score[k], ids), reverse=True)
        sense[k] = order[0][1]
        conf_of[k] = 1.0 if len(order) == 1 else min(1.0, 0.5 + (order[0][0] - order[1][0]) / 10)
    return _mentions(doc, [c for c in cands if c.source != "context"], sense, conf_of, gz)


def _mentions(doc: Doc, cands: list[Candidate], sense: dict, conf_of: dict,
              gz: Gazetteer) -> list[PlaceMention]:
    """One ``PlaceMention`` per candidate span, with its name's chosen entry (or none)."""
    text = doc.text
    out: list[PlaceMention] = []
    admin1: dict[int, str] = {}     # id(mention) -> admin-1 code, for ``place_approx``
    for c in cands:
        name, lat, lon, cc, feat, gid, conf = c.text, None, None, None, "locality", None, 0.3
        adm1 = None
        k = name_key(c) if ids_of(c, gz) else None
        if k in sense:      # not a town the gazetteer lacks (``unlisted_towns``)
            e = gz.entries[sense[k]]
            name, lat, lon, cc, feat, gid, adm1 = e[NAME], e[LAT], e[LON], e[CC], e[FEATURE], e[GID], e[ADM1]
            conf = max(conf_of[k], 0.5)
        pm = PlaceMention(c.start, c.end, text[c.start:c.end], name=name, lat=lat, lon=lon,
                          country=cc, feature=feat, geonameid=gid, score=round(conf, 3))
        admin1[id(pm)] = adm1
        out.append(pm)
    contain_unknown(doc, cands, out)
    place_approx(out, admin1)
    return out
