"""Events from mentions (baseline, to be replaced by the events issue): one event per
sentence that holds a date or a place."""
from __future__ import annotations

from .config import DEFAULT, Settings
from .model import Doc, Event, EventDate, date_precision


def events_from(doc: Doc, settings: Settings = DEFAULT) -> list[Event]:
    events = []
    art = doc.article
    for s, e in doc.sentences:
        inside = lambda ms: [m for m in ms if s <= m.start and m.end <= e]
        dates = [d for d in inside(doc.dates) if d.value and date_precision(d.value)]
        places = inside(doc.places)
        if not dates and not places:
            continue
        if dates:
            d = dates[0]
            when = EventDate(d.value, date_precision(d.value), d.text,
                             "relative" if d.relative else "explicit")
        elif art.published:
            when = EventDate(art.published.isoformat(), "day", "", "reported")
        else:
            when = None
        located = [p for p in places if p.lat is not None]
        events.append(Event(article_id=art.article_id, sentence=doc.text[s:e], start=s, end=e,
                            date=when, places=places, location=located[0] if located else None,
                            actors=inside(doc.actors), source=art.source,
                            published=art.published, confidence=0.3))
    return events
