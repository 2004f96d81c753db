"""Hostile and broken input (issue 14): nothing hangs, crashes or is dropped in silence.

One regression test per failure found when probing as an attacker and as a careless user, then
property-based tests (hypothesis) over what ``tag`` and ``extract`` run. Hangs are caught by
running the input in a child process with a generous limit (seconds for what takes a fraction
of one): they detect a hang, they do not time anything.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from timeline import cli, export, ingest, nlp
from timeline.dates import find_dates
from timeline.ingest import IngestError, read_bytes, read_paths
from timeline.model import Article, Event
from timeline.pipeline import process
from timeline.segment import MAX_SENTENCE, sentences

from .conftest import ROOT, SEEDS

HANG_LIMIT = 120     # seconds: the inputs below finish in well under one


def _child(code: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], input=stdin, cwd=ROOT,
                          capture_output=True, timeout=HANG_LIMIT, env=os.environ.copy())


def _cli(*args, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "timeline", *args], input=stdin, cwd=ROOT,
                          capture_output=True, timeout=300, env=os.environ.copy())


# ------------------------------------------------------------------ 1. CSV formula guard

def test_csv_bare_carriage_return_cannot_start_a_formula_row():
    evil = "Reuters\r=SUM(1+1)*cmd|' /C calc'!A0"
    event = Event(article_id="a", sentence="Troops\r@entered Kyiv.", start=0, end=20,
                  source=evil)
    text = export.render("csv", [event])
    # a spreadsheet splits rows at any line break outside quotes, as csv does with newline=""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 2, rows
    row = dict(zip(rows[0], rows[1]))
    assert row["source"] == evil and row["sentence"] == "Troops\r@entered Kyiv."
    for r in rows:
        for cell in r:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_csv_full_width_formula_signs_are_neutralised():
    assert export.safe_cell("＝SUM(A1)") == "'＝SUM(A1)"
    assert export.safe_cell(-3.5) == -3.5


# ------------------------------------------------------------------ 2. hangs

def _actors_child(text_expr: str) -> subprocess.CompletedProcess:
    return _child("from timeline.actors import find_actors\n"
                  "from timeline.model import Article, Doc\n"
                  f"doc = Doc(Article(text={text_expr}, title='t'))\n"
                  "print(len(find_actors(doc)))\n")


@pytest.mark.parametrize("text_expr", [
    "'May ' * 250",
    "' '.join(['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'] * 2500)",
])
def test_runs_of_capitalised_words_do_not_hang_actor_recognition(text_expr):
    proc = _actors_child(text_expr)
    assert proc.returncode == 0, proc.stderr.decode()[-500:]


def test_text_without_sentence_breaks_is_cut_into_bounded_sentences():
    text = " ".join(["the convoy moved towards the city and"] * 800)     # 30,000 chars
    spans = sentences(text)
    assert spans and max(e - s for s, e in spans) <= MAX_SENTENCE
    # nothing lost: the spans cover every word, in order, without overlap
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert " ".join(text[s:e] for s, e in spans).split() == text.split()
    # a cut prefers a clause mark to the middle of a clause
    clauses = ", ".join(["troops shelled the town"] * 100)
    assert all(clauses[e - 1] == "," or e == len(clauses) for _, e in sentences(clauses))


# ------------------------------------------------------------------ 3. one bad record

def test_json_nested_too_deeply_is_a_warning_and_the_rest_is_read(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 5000 + "]" * 5000)
    (tmp_path / "good.txt").write_text("Troops entered Kyiv on 5 May 2022.")
    articles, problems = read_paths([tmp_path])
    assert [a.source for a in articles] == ["good.txt"]
    assert len(problems) == 1 and problems[0].source.endswith("deep.json")
    assert "nested too deeply" in problems[0].message


def test_long_article_is_parsed_in_chunks_with_offsets_kept(monkeypatch):
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 300)
    text = "\n\n".join(f"Officials in Paris said talks with Berlin resumed on day {i}."
                       for i in range(40))
    assert len(text) > 2000 and "".join(nlp.chunks(text)) == text
    parsed = nlp.parse(text)
    if parsed is None:
        pytest.skip("spaCy model not installed")
    assert parsed.text == text
    ents = nlp.entities_of(parsed)
    assert sum(e.text == "Berlin" for e in ents) >= 30
    assert all(text[e.start:e.end] == e.text for e in ents)
    many = list(nlp.parse_many(["Rain fell in Oslo.", text, "Snow in Rome."]))
    assert [d.text for d in many] == ["Rain fell in Oslo.", text, "Snow in Rome."]


def test_text_past_the_window_is_processed_in_windows_with_the_same_records(monkeypatch):
    from timeline import pipeline

    # independent paragraphs: each tells its own happening (a restated one would be merged
    # with its twin in one pass, which windows cannot see)
    paras = [p for day in (5, 12, 19) for p in (
        f"Russian forces shelled Kharkiv on {day} May 2022, officials said.",
        f"Protesters gathered in Minsk on {day} August 2020.",
        f"Turkish troops entered Afrin on {day} January 2018, the army said.",
        f"An earthquake struck Izmir on {day} October 2020.")]
    article = Article(text="\n\n".join(paras), title="t")
    whole = process(article)
    monkeypatch.setattr(pipeline, "WINDOW_CHARS", 150)
    windowed = pipeline.process(article)
    assert whole.events and len(windowed.sentences) == len(whole.sentences)
    assert [e.to_dict() for e in windowed.events] == [e.to_dict() for e in whole.events]
    assert [m.to_dict() for m in windowed.mentions] == [m.to_dict() for m in whole.mentions]
    _check_doc(windowed)


def test_lone_surrogate_in_json_is_replaced_and_the_article_kept():
    data = b'{"text": "Shelling hit Baku \\ud800 on 5 October 2020.", "source": "X\\udfff"}'
    [a] = read_bytes("a.json", data)
    assert "\ud800" not in a.text and a.text.index("Baku") == 13
    assert len(a.text) == len("Shelling hit Baku \ufffd on 5 October 2020.")
    out = io.StringIO()
    export.write_jsonl(out, [], articles=[a])
    out.getvalue().encode("utf-8")          # writable as UTF-8


def test_tag_batch_survives_a_surrogate_a_nested_line_and_a_bad_line():
    lines = [b'{"id": "a\\ud800", "text": "Troops entered Kyiv on 5 May 2022."}',
             b"[" * 3000, b"{oops", b'{"id": "c", "text": "Talks in Moscow on 7 May 2022."}']
    proc = _cli("tag", "--batch", stdin=b"\n".join(lines) + b"\n")
    assert proc.returncode == 0, proc.stderr.decode()
    ids = {json.loads(l)["id"] for l in proc.stdout.decode("utf-8").splitlines()}
    assert ids == {"a\ufffd", "c"}
    warnings = proc.stderr.decode().splitlines()
    assert [w.split(":")[0:2] for w in warnings] == [["warning", " line 2"], ["warning", " line 3"]]
    assert "Traceback" not in proc.stderr.decode()


@pytest.mark.parametrize("published, text", [
    (date(1, 1, 1), "Troops shelled the town yesterday, officials said. Two days ago too."),
    (date(9999, 12, 31), "Talks will resume tomorrow in Geneva. Next week, more talks."),
    (date(2020, 10, 5), "It was built 5000 years ago, 30 centuries ago, and in 9000 years."),
])
def test_dates_off_the_calendar_are_left_unresolved_not_a_crash(published, text):
    doc = process(Article(text=text, title="t", published=published))
    for m in doc.dates:
        assert m.value is None or _TIMEX3.match(m.value)


# ------------------------------------------------------------------ 6. valid files read whole

def test_jsonl_with_unicode_line_separator_inside_a_string_is_read():
    data = ('{"text": "Troops entered Kyiv.\u2028They stayed.", "source": "A"}\n'
            '{"text": "Talks in Moscow.", "source": "B"}\n').encode("utf-8")
    articles = read_bytes("a.jsonl", data)
    assert [a.source for a in articles] == ["A", "B"]


def test_one_bad_jsonl_line_skips_that_line_only_and_names_it():
    data = (b'{"text": "Troops entered Kyiv.", "source": "A"}\n'
            b'\n'
            b'{"text": "broken\n'
            b'{"text": "Talks in Moscow.", "source": "B"}\n'
            b'{"title": "no text"}\n')
    problems: list = []
    articles = read_bytes("a.jsonl", data, problems=problems)
    assert [a.source for a in articles] == ["A", "B"]
    assert [(p.source, p.skipped) for p in problems] == [("a.jsonl line 3", True),
                                                         ("a.jsonl line 5", True)]
    assert "not valid JSON" in problems[0].message and "no article text" in problems[1].message
    with pytest.raises(IngestError, match="line 3"):         # without a list: nothing silent
        read_bytes("a.jsonl", data)


def test_json_list_with_one_record_without_text_keeps_the_others(tmp_path):
    recs = [{"text": "Troops entered Kyiv.", "source": "A"}, {"title": "empty"},
            {"text": "Talks in Moscow.", "source": "B"}]
    (tmp_path / "list.json").write_text(json.dumps(recs))
    articles, problems = read_paths([tmp_path])
    assert [a.source for a in articles] == ["A", "B"]
    assert [p.source for p in problems] == ["list.json#2"]


# ------------------------------------------------------------------ 7. relative publication date

@pytest.mark.parametrize("value", ["yesterday", "today", "2 days ago", "last week"])
def test_relative_published_is_refused_with_a_warning_never_resolved_against_now(value):
    problems: list = []
    [a] = read_bytes("a.txt", f"published: {value}\n\nTroops entered Kyiv.".encode(),
                     problems=problems)
    assert a.published is None and a.published_from == "none"
    assert len(problems) == 1 and not problems[0].skipped
    assert value in problems[0].message


def test_absolute_published_still_parses():
    [a] = read_bytes("a.txt", b"published: Thursday, 1 October 2020\n\nTroops entered Kyiv.")
    assert (a.published, a.published_from) == (date(2020, 10, 1), "header")


# ------------------------------------------------------------------ 8. silent omissions

def test_symlink_loop_and_broken_link_are_reported(tmp_path):
    (tmp_path / "a.txt").write_text("Troops entered Kyiv.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    articles, problems = read_paths([tmp_path])
    assert [a.source for a in articles] == ["a.txt"]
    messages = {os.path.basename(p.source): p.message for p in problems}
    assert "symbolic link loop" in messages["loop"]
    assert "broken link" in messages["gone.txt"]


def test_unreadable_folder_is_reported(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("Troops entered Kyiv.")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text("Talks in Moscow.")
    real = os.scandir

    def scandir(path="."):          # as a folder without read permission answers (even root's
        if os.fspath(path).endswith("locked"):     # tests run as root, so chmod cannot do it)
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    articles, problems = read_paths([tmp_path])
    assert [a.source for a in articles] == ["a.txt"]
    assert [(os.path.basename(p.source), "Permission denied" in p.message)
            for p in problems] == [("locked", True)]


def test_file_vanishing_between_listing_and_reading_is_reported(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("Troops entered Kyiv.")
    (tmp_path / "b.txt").write_text("Talks in Moscow.")
    real = os.scandir

    def scandir(path="."):
        entries = list(real(path))
        (tmp_path / "b.txt").unlink(missing_ok=True)        # deleted right after listing
        return iter(entries)

    monkeypatch.setattr(os, "scandir", scandir)
    articles, problems = read_paths([tmp_path])
    assert [a.source for a in articles] == ["a.txt"]
    assert [os.path.basename(p.source) for p in problems] == ["b.txt"]
    assert "cannot read" in problems[0].message


# ------------------------------------------------------------------ 9. CLI

def test_tag_stdin_over_the_limit_is_a_one_line_error():
    proc = _cli("tag", "-", stdin=b"word " * 420_000)          # 2.1 M characters
    assert proc.returncode == 1
    err = proc.stderr.decode().strip()
    assert err.startswith("error: stdin:") and "limit" in err and "\n" not in err


def test_random_bytes_without_nul_are_not_an_article():
    import random

    rng = random.Random(7)
    data = bytes(rng.choice([b for b in range(1, 256)]) for _ in range(20_000))
    with pytest.raises(IngestError, match="binary data|prose"):
        read_bytes("noise.txt", data)
    with pytest.raises(IngestError, match="prose"):
        read_bytes("table.txt", b"1,2,3,4,5,6,7,8,9\n" * 40)
    # real text in any script passes
    for text in ["Шелling " * 3 + "Войска вошли в Киев 5 мая 2022 года. " * 20,
                 "军队于2022年5月5日进入基辅，官员说。" * 30,      # no spaces in Chinese
                 "กองทัพเข้าสู่กรุงเคียฟเมื่อวันที่ 5 พฤษภาคม" * 10,
                 (SEEDS / "000_53c8b435406dd2c6.txt").read_text(encoding="utf-8")]:
        assert ingest.implausible(text) is None


def test_extract_stream_writes_rows_as_each_article_is_done(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("published: 2022-05-06\n\nRussian troops shelled Kharkiv "
                                    "on 5 May 2022, officials said.")
    (tmp_path / "b.txt").write_text("published: 2022-05-08\n\nUkrainian forces entered Izium "
                                    "on 7 May 2022, the army said.")

    class Out(io.StringIO):
        snapshots: list[str] = []

        def flush(self):
            self.snapshots.append(self.getvalue())

    out = Out()
    monkeypatch.setattr(sys, "stdout", out)
    assert cli.main(["extract", str(tmp_path), "--format", "csv", "--stream", "--quiet"]) == 0
    rows = lambda s: list(csv.DictReader(io.StringIO(s, newline="")))
    final = rows(out.getvalue())
    assert {r["source"] for r in final} == {"a.txt", "b.txt"}
    # after the first article is done its rows are out, before the second one's
    first = [rows(s) for s in out.snapshots if rows(s)]
    assert first and {r["source"] for r in first[0]} == {"a.txt"}


def test_extract_skips_an_article_that_fails_and_names_it(tmp_path, monkeypatch, capsys):
    (tmp_path / "a.txt").write_text("published: 2022-05-06\n\nTroops shelled Kharkiv on "
                                    "5 May 2022, officials said.")
    (tmp_path / "b.txt").write_text("published: 2022-05-06\n\nBoom in Izium on 5 May 2022.")
    from timeline import pipeline

    real = pipeline.process

    def process_or_fail(article, *a, **k):
        if "Boom" in article.text:
            raise RuntimeError("simulated stage failure")
        return real(article, *a, **k)

    monkeypatch.setattr(pipeline, "process", process_or_fail)
    assert cli.main(["extract", str(tmp_path), "--format", "jsonl", "--quiet"]) == 0
    captured = capsys.readouterr()
    sources = {json.loads(l)["source"] for l in captured.out.splitlines()}
    assert sources == {"a.txt"}
    assert "warning: skipped b.txt: cannot be processed (RuntimeError: simulated stage failure)" \
        in captured.err


# ------------------------------------------------------------------ properties (hypothesis)

_DATE = (r"(?:[0-9X]{2,4}(?:-(?:[0-9X]{2}(?:-[0-9X]{2})?|W[0-9X]{2}(?:-WE)?|Q[1-4X]|H[12]|"
         r"SP|SU|FA|WI))?)")
_TIME = r"(?:T(?:\d{2}(?::\d{2}(?::\d{2})?)?|MO|AF|EV|NI|DT))"
_DUR = r"P(?=.)(?:(?:[\d.]+|X)(?:Y|M|W|D|DE|CE|Q|L))*(?:T(?:(?:[\d.]+|X)[HMS])+)?"
_TIMEX3 = re.compile(rf"^(?:PRESENT_REF|PAST_REF|FUTURE_REF|{_DATE}{_TIME}?|{_DUR})$")

_FRAGMENTS = ["Troops", " entered ", "Kyiv", " on ", "5 May 2022", "May", " May ", ". ",
              "\n", "\n\n", "yesterday", " the city", " the capital", "Russian forces",
              " shelled ", "Ganja", ", ", "officials said", "(", ")", "“", "”", "U.S.", " 1453",
              "last week", "Gen. ", "BAKU –", "  ", "\t", "👍", "\u2028", "\u200b", "é"]
_TEXT = st.lists(st.one_of(st.sampled_from(_FRAGMENTS),
                           st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)),
                 max_size=40).map("".join)
_PUBLISHED = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
_PROPS = settings(max_examples=25, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _check_doc(doc) -> None:
    text = doc.text
    for s, e in doc.sentences:
        assert 0 <= s < e <= len(text)
    for m in doc.mentions:
        assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text
    for d in doc.dates:
        for v in (d.value, d.end_value):
            assert v is None or _TIMEX3.match(v), v
    for p in doc.places:
        assert p.lat is None or -90 <= p.lat <= 90
        assert p.lon is None or -180 <= p.lon <= 180
    for ev in doc.events:
        assert text[ev.start:ev.end] == ev.sentence
        assert ev.date is None or ev.date.value is None or _TIMEX3.match(ev.date.value)
        assert 0 <= ev.confidence <= 1
        loc = ev.location
        assert loc is None or loc.lat is None or (-90 <= loc.lat <= 90 and -180 <= loc.lon <= 180)


@_PROPS
@given(text=_TEXT, published=_PUBLISHED)
def test_property_tag_any_text_valid_offsets_values_and_deterministic(text, published):
    if not text.strip():
        return
    article = Article(text=text, title="t", published=published)
    first = process(article)
    _check_doc(first)
    again = process(Article(text=text, title="t", published=published))
    assert [m.to_dict() for m in again.mentions] == [m.to_dict() for m in first.mentions]
    assert [e.to_dict() for e in again.events] == [e.to_dict() for e in first.events]


@_PROPS
@given(unit=st.sampled_from(["May ", "Alpha Bravo ", "the city and ", "U.S. ", "“", "Kyiv, "]),
       n=st.integers(1, 600))
def test_property_tag_repeated_units_of_any_size(unit, n):
    _check_doc(process(Article(text=unit * n, title="t")))


_JSON = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)),
                     lambda inner: st.one_of(st.lists(inner, max_size=4),
                                             st.dictionaries(st.text(max_size=8), inner,
                                                             max_size=4)), max_leaves=30)


@_PROPS
@given(records=st.lists(st.one_of(_JSON, st.fixed_dictionaries(
    {"text": _TEXT, "published": st.one_of(st.none(), st.text(max_size=20))})), max_size=5),
    lines=st.booleans())
def test_property_extract_reads_any_json_without_crashing(records, lines):
    data = ("\n".join(json.dumps(r) for r in records) if lines else json.dumps(records)).encode()
    problems: list = []
    try:
        articles = read_bytes("x.jsonl" if lines else "x.json", data, problems=problems)
    except IngestError:
        return
    for a in articles:
        assert a.text.strip()
        assert a.published is None or isinstance(a.published, date)
    good = [r for r in records if isinstance(r, dict) and isinstance(r.get("text"), str)
            and r["text"].strip()]
    assert len(articles) + sum(p.skipped for p in problems) >= len(good)
    text = export.render("csv", [e for a in articles for e in process(a).events])
    for row in list(csv.reader(io.StringIO(text, newline="")))[1:]:
        assert not any(c.startswith(("=", "+", "@")) for c in row)


def test_extract_publication_dates_stay_valid_for_the_whole_calendar():
    for published in (date(1, 1, 1), date(9999, 12, 31)):
        _check_doc(process(Article(text="Yesterday troops entered Kyiv. Tomorrow more will "
                                        "come. Last week, next year, two centuries ago.",
                                   title="t", published=published)))
