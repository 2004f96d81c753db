"""Events out: CSV (spreadsheet-safe), JSON Lines and GeoJSON (RFC 7946).

Article text is untrusted. In CSV a cell that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, their full-width forms, tab or carriage return) is
prefixed with ``'``, and rows end in CRLF (RFC 4180) so that a line break of any kind inside
a cell gets the cell quoted: a bare ``\r`` can never start a new row whose first cell is a
formula.
"""
from __future__ import annotations

import csv
import io
import json
from typing import IO, Iterable, Iterator

from .model import Article, Event, Route

CSV_COLUMNS = (
    # the contract's columns, in its order
    "event_id", "event_date", "date_precision", "date_basis", "event_type", "actors",
    "location", "country", "latitude", "longitude", "geo_precision", "places", "source",
    "published", "sentence", "confidence",
    # extras
    "date_text", "date_end", "article_id", "start", "end", "fatalities", "injured",
    "sources", "corroborated_by", "edited", "sub_event_type", "evidence_count",
    "evidence_sentences",
)
# the further sentences of an article that restate one event, in one cell
EVIDENCE_SEPARATOR = " || "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def safe_cell(value):
    """Neutralise a spreadsheet formula; numbers and empty cells pass unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def event_row(e: Event) -> dict:
    """One flat row per event (also the dashboard's table)."""
    loc = e.location
    return {
        "event_id": e.event_id,
        "event_date": e.date.value if e.date else None,
        "date_precision": e.date.precision if e.date else None,
        "date_basis": e.date.basis if e.date else None,
        "event_type": e.event_type,
        "actors": "; ".join(dict.fromkeys(a.name for a in e.actors)),
        "location": loc.name if loc else None,
        "country": loc.country if loc else None,
        "latitude": loc.lat if loc else None,
        "longitude": loc.lon if loc else None,
        "geo_precision": loc.feature if loc else None,
        "places": "; ".join(dict.fromkeys(p.name for p in e.places)),
        "source": e.source,
        "published": e.published.isoformat() if e.published else None,
        "sentence": e.sentence,
        "confidence": round(e.confidence, 3),
        "date_text": e.date.text if e.date else None,
        "date_end": e.date.end if e.date else None,
        "article_id": e.article_id,
        "start": e.start,
        "end": e.end,
        "fatalities": e.fatalities,
        "injured": e.injured,
        "sources": e.sources,
        "corroborated_by": "; ".join(e.corroborated_by),
        "edited": e.edited,
        "sub_event_type": e.sub_event_type,
        "evidence_count": len(e.statements),
        "evidence_sentences": EVIDENCE_SEPARATOR.join(x.sentence for x in e.statements[1:]),
    }


def write_csv(events: Iterable[Event], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore",
                            lineterminator="\r\n")
    writer.writeheader()
    n = 0
    for e in events:
        writer.writerow({k: safe_cell(v) for k, v in event_row(e).items()})
        n += 1
    return n


def write_jsonl(out: IO[str], events: Iterable[Event], routes: Iterable[Route] = (),
                articles: Iterable[Article] = ()) -> int:
    """Articles first, then events, then routes: one JSON object a line with ``record``."""
    n = 0
    for rec in (*articles, *events, *routes):
        out.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def features(events: Iterable[Event], routes: Iterable[Route] = ()) -> Iterator[dict]:
    """GeoJSON features one at a time: a Point per located event, a LineString per route of
    2+ stops. A generator, so a corpus-sized export never holds every feature at once."""
    for e in events:
        loc = e.location
        if loc is None or loc.lat is None or loc.lon is None:
            continue
        yield {
            "type": "Feature", "id": e.event_id,
            "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
            "properties": event_row(e),
        }
    for r in routes:
        stops = [s for s in r.stops if s.lat is not None and s.lon is not None]
        if len(stops) < 2:
            continue
        yield {
            "type": "Feature", "id": r.route_id,
            "geometry": {"type": "LineString", "coordinates": [[s.lon, s.lat] for s in stops]},
            "properties": {"route_id": r.route_id, "article_id": r.article_id,
                           "stops": " → ".join(s.name for s in stops),
                           "actors": "; ".join(dict.fromkeys(a.name for a in r.actors)),
                           "sentence": r.sentence,
                           "date": r.date.value if r.date else None},
        }


def geojson(events: Iterable[Event], routes: Iterable[Route] = ()) -> dict:
    """The FeatureCollection as one object (for small exports and tests)."""
    return {"type": "FeatureCollection", "features": list(features(events, routes))}


def write_geojson(events: Iterable[Event], out: IO[str], routes: Iterable[Route] = ()) -> int:
    """Stream the FeatureCollection feature by feature; the same text ``json.dump`` of
    ``geojson()`` writes."""
    out.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for f in features(events, routes):
        out.write((", " if n else "") + json.dumps(f, ensure_ascii=False))
        n += 1
    out.write("]}\n")
    return n


def render(fmt: str, events: list[Event], routes: list[Route] = (),
           articles: list[Article] = ()) -> str:
    """The export as a string (for downloads)."""
    buf = io.StringIO()
    if fmt == "csv":
        write_csv(events, buf)
    elif fmt == "jsonl":
        write_jsonl(buf, events, routes, articles)
    elif fmt == "geojson":
        write_geojson(events, buf, routes)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return buf.getvalue()


