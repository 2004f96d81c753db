"""Sentence segmentation for news text (baseline; the events issue refines it)."""
from __future__ import annotations

import re

_BOUNDARY = re.compile(
    r"(?:(?<=[.!?…])|(?<=[.!?…][\"'”’)]))[ \t]+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n|\n(?=\S)")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence, stripped of surrounding white space."""
    spans, pos = [], 0
    for m in _BOUNDARY.finditer(text):
        _add(text, pos, m.start(), spans)
        pos = m.end()
    _add(text, pos, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
