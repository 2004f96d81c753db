"""Exports: formula-safe CSV, RFC 7946 GeoJSON."""
from __future__ import annotations

import csv
import io
import json

from timeline.export import render, safe_cell
from timeline.model import ActorMention, Event, EventDate, PlaceMention, Route


def _event(sentence="=cmd|' /C calc'!A0", lat=40.68, lon=46.36):
    place = PlaceMention(10, 15, "Ganja", name="Ganja", lat=lat, lon=lon, country="AZ",
                         feature="city")
    return Event(article_id="a1", sentence=sentence, start=0, end=len(sentence),
                 event_type="attack", date=EventDate("2020-10-17", "day", "Saturday", "relative"),
                 actors=[ActorMention(0, 3, "@Army", name="@Army", category="armed_group")],
                 places=[place], location=place, source="-src", confidence=0.8)


def test_safe_cell():
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("+44 20") == "'+44 20"
    assert safe_cell("-x") == "'-x" and safe_cell("@x") == "'@x" and safe_cell("\tx") == "'\tx"
    assert safe_cell("Baku") == "Baku" and safe_cell(-3.5) == -3.5 and safe_cell(None) is None


def test_csv_neutralises_formulas_but_keeps_numbers():
    rows = list(csv.DictReader(io.StringIO(render("csv", [_event(lon=-46.36)]))))
    assert rows[0]["sentence"].startswith("'=")
    assert rows[0]["actors"] == "'@Army" and rows[0]["source"] == "'-src"
    assert rows[0]["longitude"] == "-46.36"          # numbers are not text formulas
    assert rows[0]["event_date"] == "2020-10-17" and rows[0]["geo_precision"] == "city"


def test_geojson_points_are_lon_lat_and_routes_are_lines():
    e = _event()
    stops = [PlaceMention(0, 1, "A", name="Gaziantep", lat=37.07, lon=37.38),
             PlaceMention(2, 3, "B", name="Istanbul", lat=41.01, lon=28.95),
             PlaceMention(4, 5, "C", name="Baku", lat=40.38, lon=49.89)]
    fc = json.loads(render("geojson", [e, _event(lat=None, lon=None)], [Route("a1", stops)]))
    kinds = [f["geometry"]["type"] for f in fc["features"]]
    assert kinds == ["Point", "LineString"]            # the unlocated event is left out
    assert fc["features"][0]["geometry"]["coordinates"] == [46.36, 40.68]
    assert fc["features"][1]["geometry"]["coordinates"][1] == [28.95, 41.01]


def test_geojson_is_streamed_feature_by_feature_and_reads_as_one_document():
    """write_geojson never builds the whole collection: it takes a one-pass iterator of
    events and writes the same document json.dump of geojson() writes."""
    import io as _io

    from timeline.export import geojson, write_geojson
    events = [_event(), _event(lat=None, lon=None), _event()]
    stops = [PlaceMention(0, 1, "A", name="Gaziantep", lat=37.07, lon=37.38),
             PlaceMention(2, 3, "B", name="Istanbul", lat=41.01, lon=28.95)]
    buf = _io.StringIO()
    assert write_geojson(iter(events), buf, [Route("a1", stops)]) == 3
    assert json.loads(buf.getvalue()) == geojson(events, [Route("a1", stops)])
    empty = _io.StringIO()
    assert write_geojson(iter([]), empty) == 0
    assert json.loads(empty.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_an_event_told_twice_exports_both_sentences_and_stays_spreadsheet_safe():
    from timeline.export import geojson, write_csv
    from timeline.model import Evidence
    ev = Event(article_id="a", sentence="Rebels shelled the town on Monday.", start=0, end=34,
               event_type="attack",
               evidence=[Evidence("Rebels shelled the town on Monday.", 0, 34),
                         Evidence("=HYPERLINK(\"x\") The shelling went on.", 40, 80)])
    buf = io.StringIO()
    write_csv([ev], buf)
    row = next(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["evidence_count"] == "2"
    assert row["evidence_sentences"].startswith("'=HYPERLINK")
    plain = Event(article_id="a", sentence="Rebels shelled the town.", start=0, end=24)
    assert [f for f in geojson([plain])["features"]] == []   # unlocated: no point
    buf = io.StringIO()
    write_csv([plain], buf)
    row = next(csv.DictReader(io.StringIO(buf.getvalue())))
    assert (row["evidence_count"], row["evidence_sentences"]) == ("1", "")
