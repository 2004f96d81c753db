"""Recognition: the candidate place spans of an article, by the steps in the order they run (NER
places, gazetteer matches judged, settlements, one sense per discourse, lists, demonyms,
datelines, streets), a river or forest named after a place grown to its whole name, and the
longest of overlapping spans kept. Each step lives in the module named for it; this one only
orders them.
"""
from __future__ import annotations

from timeline.config import DEFAULT, Settings
from timeline.model import Doc

from ..gazetteer import Gazetteer
from .forms import (demonyms_datelines_streets, inline_datelines, party_seats, settlements,
                    type_lists)
from .lexicon import NATURAL_AFTER_RE, NATURAL_WORDS
from .lists import grow_lists, one_sense
from .matches import judge_scanned
from .names import Candidate
from .ner_spans import ner_candidate, place_ner_spans
from .reading import _reading


def recognise(doc: Doc, gz: Gazetteer, settings: Settings = DEFAULT) -> list[Candidate]:
    """Candidate place spans of ``doc`` (see the module docstring for the rules): NER places,
    gazetteer matches judged alone or by their NER label, named settlements, one sense per
    discourse, lists, demonyms, datelines and streets; the longest of overlapping spans."""
    r = _reading(doc, gz, settings)
    ner_spans = [c for c in (ner_candidate(r, e) for e in r.ents
                             if e.label in ("GPE", "LOC", "FAC")) if c]
    for c in r.scanned:
        judge_scanned(r, c)
    place_ner_spans(r, ner_spans)
    containers, arabic = settlements(r)
    taken = one_sense(r)
    grow_lists(r, taken, containers, arabic)
    demonyms_datelines_streets(r)
    r.chosen[:0] = type_lists(r) + party_seats(r) + inline_datelines(r)
    r.chosen.extend(containers)
    text = r.text
    for c in r.chosen:
        m = NATURAL_AFTER_RE.match(text, c.end)
        if m and c.source in ("gaz", "ner") and c.text.split()[-1] not in NATURAL_WORDS:
            # ``the Naugatuck River``, ``the Monongahela National Forest``: a river, lake or
            # forest named after the place; the corpora tag the whole name (placed at the place)
            c.end = m.end()
            c.text = text[c.start:c.end]
    kept = _non_overlapping(r.chosen)
    spans = [(c.start, c.end) for c in kept]
    kept += [c for c in r.context if not any(s < c.end and c.start < e for s, e in spans)]
    return kept


def _non_overlapping(cands: list[Candidate]) -> list[Candidate]:
    """Keep the longest of overlapping candidates (earliest on ties)."""
    cands.sort(key=lambda c: (-(c.end - c.start), c.start))
    taken: list[Candidate] = []
    occupied: set = set()
    for c in cands:
        rng = range(c.start, c.end)
        if any(p in occupied for p in rng):
            continue
        occupied.update(rng)
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken
