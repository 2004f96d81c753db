"""The dashboard's logic through Streamlit's ``AppTest`` (no browser): startup corpus,
filters and the "N of M events" line, corrections read back, paste, removal, ``--corpus``."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from timeline.dashboard.corpus_tab import corpus_arg
from timeline.store import Store

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
COUNT = re.compile(r"(\d+) of (\d+) events")


def run_app(argv=("app.py",)) -> AppTest:
    sys.argv = list(argv)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def count(at: AppTest) -> tuple[int, int]:
    for md in at.markdown:
        m = COUNT.search(md.value)
        if m:
            return int(m[1]), int(m[2])
    raise AssertionError("no 'N of M events' on the page")


def fresh_home(path: Path, session_home: Path) -> Path:
    """An empty store of its own, sharing the session's compiled caches (the gazetteer
    index) by symlink so each test does not rebuild them."""
    try:
        from geo.gazetteer import load_index

        load_index()                    # compiled once, in the session home
    except Exception:                   # the gazetteer is someone else's work in progress
        pass
    path.mkdir(parents=True, exist_ok=True)
    for p in session_home.iterdir():
        if not p.name.startswith("atlas.sqlite") and not (path / p.name).exists():
            (path / p.name).symlink_to(p)
    return path


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch, atlas_home):
    monkeypatch.setattr(sys, "argv", ["app.py"])
    h = fresh_home(tmp_path / "home", atlas_home)
    monkeypatch.setenv("EVENT_ATLAS_HOME", str(h))
    return h


def test_seeds_load_on_first_run_and_persist(home):
    at = run_app()
    shown, total = count(at)
    assert shown == total > 0
    assert len(Store(home / "atlas.sqlite").articles()) == 2
    # A second session (new server) finds the corpus in the store: same events.
    assert count(run_app()) == (shown, total)


def test_search_and_type_filters_change_the_count():
    at = run_app()
    shown, total = count(at)
    at.sidebar.text_input(key="f_text").input("Kazem").run()
    narrowed, total2 = count(at)
    assert total2 == total and 0 < narrowed < total
    at.sidebar.text_input(key="f_text").input("no-such-word-anywhere").run()
    assert count(at) == (0, total)
    at.sidebar.text_input(key="f_text").input("").run()
    types = at.sidebar.multiselect(key="f_types")
    first = types.options[0]                     # "statement (7)": counts beside the options
    assert re.search(r"\(\d+\)$", first)
    name, n = re.match(r"(.+) \((\d+)\)$", first).groups()
    types.select(name).run()
    n = int(n)
    assert count(at) == (n, total)


def test_correction_in_store_shows_as_edited(home):
    at = run_app()
    store = Store(home / "atlas.sqlite")
    event = store.events()[0]
    store.correct(event.event_id, event_type="ceasefire")
    store.delete_event(store.events()[1].event_id)
    at = run_app()                                # a new server reads the corrected store
    shown, total = count(at)
    assert total == len(store.events())
    at.sidebar.multiselect(key="f_types").select("ceasefire").run()
    df = at.dataframe[0].value
    assert "✏️ edited" in set(df["edited"])


def test_paste_without_date_asks_for_one_and_remove(home):
    at = run_app()
    _, before = count(at)
    assert not at.text_area                       # only the open tab runs
    at.session_state["view"] = "Corpus"
    at.run()
    at.text_area[0].input("Rebels shelled the town of Aleppo on Monday, witnesses said. "
                          "Two civilians were killed.")
    title = next(t for t in at.text_input if t.label == "Title")
    title.input("Pasted report")
    next(b for b in at.button if b.label == "Add article").click().run()
    assert not at.exception
    store = Store(home / "atlas.sqlite")
    pasted = [a for a in store.articles() if a.title == "Pasted report"]
    assert len(pasted) == 1 and pasted[0].published is None
    assert any("No publication date" in w.value for w in at.warning)
    # Issue 16.8: the paste is confirmed with what it added.
    assert any(re.match(r"\d+ event\(s\) added from “Pasted report”", m.value)
               for m in at.success), [m.value for m in at.success]
    # Removing it takes its events away.
    next(b for b in at.button if b.key == f"rm_{pasted[0].article_id}").click().run()
    assert not any(a.title == "Pasted report" for a in store.articles())
    at.session_state["view"] = "Atlas"
    at.run()
    assert count(at)[1] == before                 # its events are gone from the atlas


def test_corpus_argument_loads_those_articles(tmp_path, home):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Title: Report A\nPublished: 2021-03-02\n\n"
                                    "Troops were deployed to Kabul on 1 March 2021.\n")
    at = run_app(["app.py", "--corpus", str(corpus)])
    titles = [a.title for a in Store(home / "atlas.sqlite").articles()]
    assert titles == ["Report A"]                  # not the seeds


def test_corpus_arg_parsing():
    assert corpus_arg([]) is None
    assert corpus_arg(["--corpus", "a", "b"]) == ["a", "b"]
    assert corpus_arg(["--corpus", "a", "--other"]) == ["a"]


def test_timeline_focus_switch_with_an_outlier(tmp_path, home):
    """A stray old date gets the 'Show all dates' switch and a note of what lies outside."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = " ".join(f"Troops shelled Aleppo on {d} October 2020." for d in range(1, 12))
    (corpus / "a.txt").write_text("Title: Report A\nPublished: 2020-10-12\n\n" + body
                                  + " The talks in Geneva on 5 May 1994 failed.\n")
    at = run_app(["app.py", "--corpus", str(corpus)])
    notes = [c.value for c in at.caption if "outside" in c.value]
    if not notes:
        pytest.skip("extraction did not date the 1994 event; nothing to focus")
    assert "Zoomed to where most events are" in notes[0] and "earliest 1994" in notes[0]
    at.toggle(key="t_all").set_value(True).run()
    assert any(c.value.startswith("Showing every date.") for c in at.caption)


def test_corrupt_store_names_the_file_and_rebuilds(home):
    """Issue 14.9: a store SQLite cannot read is a clear message naming the file and an offer
    to move it aside and rebuild, not a traceback."""
    bad = home / "atlas.sqlite"
    bad.write_bytes(b"this is not a database\x00" * 200)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(str(bad) in e.value for e in at.error)
    next(b for b in at.button if b.label == "Move it aside and rebuild").click().run()
    assert not at.exception, [e.value for e in at.exception]
    moved = list(home.glob("atlas.sqlite.broken-*"))
    assert len(moved) == 1 and moved[0].read_bytes().startswith(b"this is not")
    assert count(at)[1] > 0                          # the seeds were extracted again
    assert any("moved to" in i.value for i in at.info)


def test_an_event_before_1684_does_not_brick_the_page(tmp_path, home):
    """Issue 14.4: 'In 1453, Ottoman forces attacked Constantinople' once broke the date
    slider (StreamlitJSNumberBoundsError) on every load."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Title: Sieges\nPublished: 2020-10-12\n\n"
                                  "In 1453, Ottoman forces attacked Constantinople. "
                                  "Troops shelled Aleppo on 3 October 2020.\n")
    at = run_app(["app.py", "--corpus", str(corpus)])
    shown, total = count(at)
    assert shown == total > 0
    assert at.tabs and at.date_input(key="f_dates").value[0].year <= 2020


def test_large_store_views_are_asked_of_the_store(home, monkeypatch):
    """Issue 15: from EVENT_ATLAS_SERVER_VIEWS events on, the page asks the store for each
    view (counts, aggregated timeline, map, one table page) instead of loading a frame; the
    counts, filters, corrections and the Corpus tab read the same as the small page's."""
    small = run_app()
    shown, total = count(small)
    store = Store(home / "atlas.sqlite")
    events = store.events()
    monkeypatch.setenv("EVENT_ATLAS_SERVER_VIEWS", "1")
    at = run_app()
    assert count(at) == (shown, total)
    assert any(c.value.startswith("Events per ") for c in at.caption)   # the aggregated chart
    table = at.dataframe[0].value
    assert len(table) == min(total, 200)
    assert set(table["event_id"]) <= {e.event_id for e in events}
    # a search narrows the count exactly as the small page's does
    at.sidebar.text_input(key="f_text").input("Kazem").run()
    small.sidebar.text_input(key="f_text").input("Kazem").run()
    assert count(at) == count(small) and count(at)[0] < total
    # a correction wins: the corrected type is found by the type filter, the deleted event
    # is gone from the count
    store.correct(events[0].event_id, event_type="ceasefire")
    store.delete_event(events[1].event_id)
    at = run_app()
    assert count(at)[1] == total - 1
    at.sidebar.multiselect(key="f_types").select("ceasefire").run()
    table = at.dataframe[0].value
    assert events[0].event_id in set(table["event_id"])
    assert "✏️ edited" in set(table["edited"])
    at.session_state["view"] = "Corpus"
    at.run()
    assert not at.exception
    assert any(s.value.startswith("Corpus: 2 article(s)") for s in at.subheader)
