"""One article being read for places (``Reading``): its text, the NER entities by offset (cut at
their first line break: ``line_entities``, which ``geo.context`` reads too), its lower-case words,
its people's and organisations' names, the gazetteer scan and the candidates accepted so far.
Every recognition step takes and updates this one record.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Optional

from timeline.config import Settings
from timeline.model import Doc, Entity
from timeline.resources import word_char

from ..gazetteer import Gazetteer, key
from .names import Candidate, stop_words, tokens
from .people import _org_names, _person_words
from .scan import _scan


@dataclass
class Reading:
    """One article being read for places: its text, the NER entities by offset, the words it
    uses as people's or organisations' names, and the candidates accepted so far."""

    text: str
    gz: Gazetteer
    settings: Settings
    stops: frozenset
    lower_words: _LowerWords
    ents: list
    at: dict
    person_words: set
    org_names: set
    scanned: list
    chosen: list = field(default_factory=list)
    accepted_keys: set = field(default_factory=set)
    pending: list = field(default_factory=list)
    context: list = field(default_factory=list)
    parsed: Any = None              # the spaCy parse of ``text`` when the pipeline made one

    def ent_over(self, s: int, e: int) -> Optional[Entity]:
        at = self.at
        for p in range(s, e):
            if p in at:
                return at[p]
        return None

    def accept(self, c: Candidate) -> None:
        self.chosen.append(c)
        self.accepted_keys.add(key(c.text))


def line_entities(doc: Doc) -> list[Entity]:
    """The NER entities cut at their first line break: a name never runs on into the next
    line, and the model that ran a photo credit into the next paragraph
    (``Kaze/AFP\n\nCameroon's`` as one PERSON) has not read the next line's first word."""
    out = []
    for e in doc.entities:
        cut = e.text.find("\n")
        if cut < 0:
            out.append(e)
        elif e.text[:cut].strip():
            t = e.text[:cut].rstrip()
            out.append(replace(e, end=e.start + len(t), text=t))
    return out


def _reading(doc: Doc, gz: Gazetteer, settings: Settings) -> Reading:
    text = doc.text
    ents = line_entities(doc) if settings.use_ner else []
    at: dict[int, Entity] = {}
    for e in ents:
        at.update(dict.fromkeys(range(e.start, e.end), e))
    # Words of multi-word person names: ``Jones`` alone later in the article is that person.
    toks = tokens(text)
    return Reading(text, gz, settings, stop_words(), _LowerWords(text), ents, at,
                   _person_words(text, ents, gz, toks), _org_names(ents), _scan(text, gz, toks),
                   parsed=doc.parsed if settings.use_ner else None)


class _LowerWords:
    """The article's lower-case words of two letters or more (``LOWER_WORD_RE``: a whole word
    of ``a``-``z`` only), asked one name at a time: ``name in words`` finds the name in the text
    and checks that no word character touches it, instead of collecting every word of the
    article (the rules ask a few dozen names an article)."""

    def __init__(self, text: str):
        self.text = text
        self._seen: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        got = self._seen.get(word)
        if got is None:
            got = self._seen[word] = len(word) > 1 and word.isascii() and word.isalpha() \
                and word.islower() and self._written(word)
        return got

    def _written(self, word: str) -> bool:
        text, n = self.text, len(word)
        at = text.find(word)
        while at >= 0:
            end = at + n
            if (at == 0 or not word_char(text[at - 1])) \
                    and (end == len(text) or not word_char(text[end])):
                return True
            at = text.find(word, at + 1)
        return False
