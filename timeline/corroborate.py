"""Corroboration across articles (baseline, to be replaced by the events issue): none."""
from __future__ import annotations

from .model import Event


def corroborate(events: list[Event]) -> list[Event]:
    return list(events)
