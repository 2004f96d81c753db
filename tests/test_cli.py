"""The CONTRACT.md commands, run as a user runs them: subprocesses on the seeds."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from .conftest import ROOT, SEEDS


def run(*args, stdin: str | None = None, check: bool = True):
    proc = subprocess.run([sys.executable, "-m", "timeline", *args], input=stdin, cwd=ROOT,
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def seeds_jsonl(tmp_path_factory):
    home = tmp_path_factory.mktemp("cli-home")
    env = {**os.environ, "EVENT_ATLAS_HOME": str(home)}
    proc = subprocess.run([sys.executable, "-m", "timeline", "extract", str(SEEDS),
                           "--format", "jsonl"], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return proc


def test_tag_file_prints_mentions_in_order_with_offsets():
    seed = SEEDS / "003_319349d5f97b6c57.txt"
    text = seed.read_text(encoding="utf-8")
    lines = [json.loads(l) for l in run("tag", str(seed)).stdout.splitlines()]
    assert lines, "no mentions"
    assert [l["start"] for l in lines] == sorted(l["start"] for l in lines)
    for l in lines:
        assert text[l["start"]:l["end"]] == l["text"]
        assert l["kind"] in ("date", "place", "actor")
    dates = {l["text"]: l for l in lines if l["kind"] == "date"}
    assert dates["05th October, 2020"]["value"] == "2020-10-05"
    places = [l for l in lines if l["kind"] == "place"]
    assert all({"name", "lat", "lon", "country", "feature"} <= set(p) for p in places)


def test_tag_stdin_uses_published_and_never_today():
    text = "Officials said the convoy left Baku on 5 October 2020."
    with_date = [json.loads(l) for l in run("tag", "-", "--published", "2020-10-07",
                                            stdin=text).stdout.splitlines()]
    assert any(l["kind"] == "date" and l["value"] == "2020-10-05" for l in with_date)
    place = next(l for l in with_date if l["kind"] == "place")
    assert place["text"] == "Baku" and place["country"] == "AZ"


def test_tag_batch_keeps_ids_and_order():
    batch = "\n".join(json.dumps(r) for r in [
        {"id": "a", "text": "Troops reached Mariupol on 2 May 2022.", "published": "2022-05-03"},
        {"id": 2, "text": "Talks in Moscow ended on 5 March 2020.", "published": None},
    ])
    lines = [json.loads(l) for l in run("tag", "--batch", stdin=batch).stdout.splitlines()]
    ids = [l["id"] for l in lines]
    assert set(ids) == {"a", 2} and ids == sorted(ids, key=lambda i: i != "a")
    assert any(l["id"] == 2 and l["kind"] == "date" and l["value"] == "2020-03-05" for l in lines)


def test_extract_jsonl_records(seeds_jsonl):
    records = [json.loads(l) for l in seeds_jsonl.stdout.splitlines()]
    kinds = {r["record"] for r in records}
    assert {"article", "event"} <= kinds
    articles = {r["article_id"]: r for r in records if r["record"] == "article"}
    assert sorted(a["published"] for a in articles.values()) == ["2020-10-01", "2020-10-05"]
    assert {a["published_from"] for a in articles.values()} == {"text"}
    texts = {a["article_id"]: (SEEDS / a["source"]).read_text(encoding="utf-8")
             for a in articles.values()}
    for e in (r for r in records if r["record"] == "event"):
        assert texts[e["article_id"]][e["start"]:e["end"]] == e["sentence"]
        assert e["published"] == articles[e["article_id"]]["published"]
        assert e["event_type"] in ("attack", "deployment", "statement", "displacement",
                                   "casualties", "ceasefire", "meeting", "movement", "other")
        assert 0 <= e["confidence"] <= 1
        if e["date"]:
            assert e["date"]["basis"] in ("explicit", "relative", "reported")
            assert e["date"]["precision"] in ("day", "week", "month", "year")
    # progress goes to stderr, never into the data
    assert "extracting" in seeds_jsonl.stderr


def test_extract_csv_columns_and_formula_safety(tmp_path):
    evil = tmp_path / "evil.txt"
    evil.write_text("published: 2020-10-05\n\n=HYPERLINK(\"http://x\") Shelling hit Baku on "
                    "Sunday, officials said.\n\n+Troops entered Ganja on 4 October 2020.")
    out = tmp_path / "events.csv"
    run("extract", str(evil), "--format", "csv", "-o", str(out), "--quiet")
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0][:16] == ["event_id", "event_date", "date_precision", "date_basis",
                            "event_type", "actors", "location", "country", "latitude",
                            "longitude", "geo_precision", "places", "source", "published",
                            "sentence", "confidence"]
    assert len(rows) > 1
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "@")), cell


def test_extract_dash_output_is_standard_output(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("published: 2021-03-02\n\nSoldiers arrested 40 protesters in Yangon on "
                     "Monday, witnesses said.")
    assert not (ROOT / "-").exists()
    proc = run("extract", str(story), "--format", "csv", "-o", "-", "--quiet")
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    assert rows[0][:2] == ["event_id", "event_date"]
    assert any(r[1] == "2021-03-01" for r in rows[1:]), rows
    assert not (ROOT / "-").exists()


def test_extract_geojson_is_rfc7946(tmp_path):
    out = tmp_path / "events.geojson"
    run("extract", str(SEEDS), "--format", "geojson", "-o", str(out), "--quiet")
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and fc["features"]
    for f in fc["features"]:
        assert f["geometry"]["type"] in ("Point", "LineString")
        coords = [f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Point" \
            else f["geometry"]["coordinates"]
        for lon, lat in coords:
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    baku = [f for f in fc["features"] if f["properties"].get("location") == "Baku"]
    if baku:   # [lon, lat] order: Baku is at 49.9 E, 40.4 N
        assert baku[0]["geometry"]["coordinates"][0] > baku[0]["geometry"]["coordinates"][1]


def test_extract_bad_file_warns_and_continues(tmp_path):
    (tmp_path / "good.txt").write_text("published: 2020-10-05\n\nShelling hit Baku on Sunday.")
    (tmp_path / "bad.json").write_text("{oops")
    proc = run("extract", str(tmp_path), "--format", "jsonl", "--quiet")
    assert "bad.json" in proc.stderr
    records = [json.loads(l) for l in proc.stdout.splitlines()]
    assert [r["source"] for r in records if r["record"] == "article"] == ["good.txt"]


def test_extract_missing_path_exits_2(tmp_path):
    proc = run("extract", str(tmp_path / "missing"), check=False)
    assert proc.returncode == 2 and "missing" in proc.stderr


def test_dask_engine_gives_the_same_records(seeds_jsonl):
    proc = run("extract", str(SEEDS), "--format", "jsonl", "--engine", "dask", "--quiet")
    assert proc.stdout == seeds_jsonl.stdout


def test_streamed_extraction_on_two_workers_gives_the_records_of_one():
    one = run("extract", str(SEEDS), "--stream", "--format", "jsonl", "--workers", "1",
              "--quiet")
    two = run("extract", str(SEEDS), "--stream", "--format", "jsonl", "--workers", "2",
              "--quiet")
    assert two.stdout == one.stdout and '"record": "event"' in one.stdout
