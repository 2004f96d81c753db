"""Actors: people, organisations, armed groups, states, populations, media.

Baseline (to be replaced by the events issue): spaCy PERSON/ORG/NORP entities.
"""
from __future__ import annotations

from .config import DEFAULT, Settings
from .model import ActorMention, Doc

_CATEGORY = {"PERSON": "person", "ORG": "organization", "NORP": "population"}


def find_actors(doc: Doc, settings: Settings = DEFAULT) -> list[ActorMention]:
    return [ActorMention(e.start, e.end, e.text, name=e.text, category=_CATEGORY[e.label])
            for e in doc.entities if e.label in _CATEGORY]
