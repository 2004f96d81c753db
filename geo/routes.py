"""Movement routes (baseline, to be replaced by the events issue): none yet."""
from __future__ import annotations

from timeline.config import DEFAULT, Settings
from timeline.model import Doc, Route


def routes_from(doc: Doc, settings: Settings = DEFAULT) -> list[Route]:
    return []


def assemble_routes(routes: list[Route], events: list) -> list[Route]:
    """Routes across articles (baseline): none."""
    return []
