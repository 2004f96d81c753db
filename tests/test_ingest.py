"""Ingestion: every format, encodings, header blocks, publication dates, bad input."""
from __future__ import annotations

import json
from datetime import date

import pytest

from timeline.ingest import IngestError, from_text, read_bytes, read_file, read_paths

from .conftest import SEEDS

ARTICLE = "Shelling hit Stepanakert on Sunday.\n\nResidents fled to shelters."


def test_seed_publication_dates_come_from_byline_and_dateline():
    articles, problems = read_paths([SEEDS])
    assert not problems
    by_source = {a.source: a for a in articles}
    first = by_source["000_53c8b435406dd2c6.txt"]
    second = by_source["003_319349d5f97b6c57.txt"]
    assert (first.published, first.published_from) == (date(2020, 10, 1), "text")
    assert (second.published, second.published_from) == (date(2020, 10, 5), "text")
    assert first.title.startswith("Macron Has Proof")


def test_header_block_is_not_text_and_offsets_start_after_it(tmp_path):
    body = "BAKU – Missiles struck Ganja on Saturday."
    path = tmp_path / "a.txt"
    path.write_text(f"Title: Ganja hit\nURL: https://example.org/x\npublished: 2020-10-17\n\n{body}")
    [a] = read_file(path)
    assert a.text == body
    assert a.text.index("Ganja") == body.index("Ganja")
    assert (a.title, a.url, a.published, a.published_from) == (
        "Ganja hit", "https://example.org/x", date(2020, 10, 17), "header")
    assert a.source == "https://example.org/x"


def test_text_that_merely_starts_with_a_colon_line_keeps_it(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Note: this is the story.\n\nMore text.")
    [a] = read_file(path)
    assert a.text.startswith("Note: this is the story.")


def test_cli_published_overrides_header(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(f"published: 2020-10-17\n\n{ARTICLE}")
    [a] = read_file(path, published=date(2021, 1, 2))
    assert (a.published, a.published_from) == (date(2021, 1, 2), "cli")


def test_no_date_anywhere_means_none():
    a = from_text("Shelling hit Baku on 5 October 2020. On Sunday it rained.")
    assert (a.published, a.published_from) == (None, "none")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_encodings(encoding):
    text = "Café owners in Aleppo said “shelling” resumed on 5 October 2020 – again."
    if encoding == "cp1252":
        text = text.replace("“", '"').replace("”", '"')
    [a] = read_bytes("a.txt", text.encode(encoding))
    assert a.text == text


def test_latin1_bytes_do_not_crash_and_keep_accents():
    [a] = read_bytes("a.txt", "Les habitants de Bégin ont fui vers Genève.".encode("latin-1"))
    assert "Bégin" in a.text and "Genève" in a.text


def test_json_jsonl_csv_records():
    objs = [{"text": "Troops entered Mekelle on Monday.", "title": "T1", "published": "2021-06-28",
             "source": "Reuters"},
            {"text": "Talks were held in Moscow.", "url": "https://e.org/2"}]
    from_json = read_bytes("a.json", json.dumps(objs).encode())
    from_one = read_bytes("b.json", json.dumps(objs[0]).encode())
    from_lines = read_bytes("c.jsonl", "\n".join(json.dumps(o) for o in objs).encode())
    csv_text = ('title,text,published,source\n"T1","Troops entered Mekelle on Monday.",'
                '2021-06-28,Reuters\nT2,"Talks, again, in Moscow.",,\n')
    from_csv = read_bytes("d.csv", csv_text.encode())
    assert [a.text for a in from_json] == [o["text"] for o in objs]
    assert from_one[0].published == date(2021, 6, 28) and from_one[0].source == "Reuters"
    assert [a.source for a in from_lines] == ["Reuters", "https://e.org/2"]
    assert [a.text for a in from_csv] == ["Troops entered Mekelle on Monday.",
                                          "Talks, again, in Moscow."]
    assert from_csv[1].source == "d.csv#2"


def test_html_keeps_article_text_only():
    html = """<html><head><title>Page</title>
    <meta property="article:published_time" content="2020-10-05T10:00:00Z">
    <script>var x = "Bombs fell on Paris";</script><style>p {color: red}</style></head>
    <body><nav>Home | World | Sport</nav>
    <article><h1>Families expelled</h1><p>Forty families were expelled in
    <b>Afrin</b> on Monday.</p><p>Another &amp; final paragraph.</p></article>
    <footer>Copyright</footer></body></html>"""
    [a] = read_bytes("page.html", html.encode())
    assert "Forty families were expelled in Afrin on Monday." in a.text
    assert "Another & final paragraph." in a.text
    for junk in ("Bombs fell", "color: red", "Home | World", "Copyright"):
        assert junk not in a.text
    assert (a.published, a.published_from) == (date(2020, 10, 5), "header")


@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"   \n\n ", "empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("bad.json", b"{not json", "not valid JSON"),
    ("notext.csv", b"title,body\na,b\n", "'text' column"),
    ("doc.pdf", b"%PDF-1.4", "unsupported"),
])
def test_bad_input_gets_a_clear_error(name, data, message):
    with pytest.raises(IngestError, match=message):
        read_bytes(name, data)


def test_huge_file_is_refused(tmp_path):
    from timeline.config import Settings

    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    with pytest.raises(IngestError, match="limit"):
        read_file(path, Settings(max_file_bytes=1000))


def test_folder_keeps_going_past_bad_files_and_dedupes(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "sub" / "copy.md").write_text(ARTICLE)          # same text: one article
    (tmp_path / "sub" / "broken.json").write_text("[")
    (tmp_path / "ignored.png").write_bytes(b"\x89PNG")
    articles, problems = read_paths([tmp_path])
    assert len(articles) == 1
    assert [p.source.endswith("broken.json") for p in problems] == [True]


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_paths([tmp_path / "nope"])
