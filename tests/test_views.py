"""Store-side views: the SQL answers are the pandas filters' answers, corrections included."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pandas as pd
import pytest

from timeline import filters as flt
from timeline import views
from timeline.bench.dashboard import synthetic_store
from timeline.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    home = tmp_path_factory.mktemp("views")
    synthetic_store(home, 3000, seed=4)
    s = Store(home / "atlas.sqlite")
    events = s.events()
    s.correct(events[0].event_id, event_type="ceasefire", date="2019-06-15",
              actors=["Blue Helmets"])
    s.delete_event(events[1].event_id)
    s.merge_events(events[2].event_id, [events[3].event_id, events[4].event_id])
    s.correct(events[5].event_id, location={"name": "Tromsø", "lat": 69.65, "lon": 18.96,
                                            "country": "NO", "feature": "city"})
    for e in events[-40:]:                  # some undated: the table puts them last
        s.correct(e.event_id, date="")
    return s


@pytest.fixture(scope="module")
def ids(store):
    """The ids of the corrected events, in the order the fixture corrected them."""
    extracted = sorted(store.events(corrected=False),
                       key=lambda e: (e.date.value if e.date else "", e.article_id, e.start))
    return [e.event_id for e in extracted[:6]]


@pytest.fixture(scope="module")
def df(store):
    return flt.frame(store.events())


def _filters(rng: random.Random, df: pd.DataFrame) -> flt.Filters:
    day = date(2020, 1, 1) + timedelta(days=rng.randrange(366))
    pick = lambda col, k: tuple(rng.sample(sorted(flt.counts(df, col).index), k))
    return flt.Filters(
        date_from=day if rng.random() < .6 else None,
        date_to=day + timedelta(days=rng.randrange(90)) if rng.random() < .6 else None,
        include_undated=rng.random() < .5,
        actors=pick("actor_list", rng.randint(1, 3)) if rng.random() < .4 else (),
        event_types=pick("event_type", rng.randint(1, 3)) if rng.random() < .5 else (),
        countries=pick("country_list", 1) if rng.random() < .3 else (),
        places=pick("place_list", 2) if rng.random() < .2 else (),
        sources=pick("source", 5) if rng.random() < .2 else (),
        text=rng.choice(["", "", "baku", "mercenaries near", "<b>", "EVENT 1"]),
        min_confidence=rng.choice([0, 0, 0.3, 0.8]),
        ids=frozenset(rng.sample(sorted(df["event_id"]), 500)) if rng.random() < .2 else None)


def test_filtered_counts_match_the_pandas_filters(store, df):
    rng = random.Random(1)
    for _ in range(60):
        f = _filters(rng, df)
        assert views.count(store, f) == len(flt.apply(df, f)), f


def test_corrections_win_in_every_view(store, df, ids):
    assert views.count(store) == len(df) == 3000 - 3        # one deleted, two merged away
    f = flt.Filters(actors=("Blue Helmets",))
    assert views.count(store, f) == 1
    assert views.option_counts(store, "event_type", f).to_dict() == {"ceasefire": 1}
    assert views.page(store, f)["event_date"].tolist() == ["2019-06-15"]
    assert views.date_bounds(store)[0] == date(2019, 6, 15)
    merged = views.page(store, flt.Filters(ids=frozenset(ids[2:5])))
    assert merged["event_id"].tolist() == [ids[2]]
    assert merged["sources"].tolist() == [df.set_index("event_id")["sources"][ids[2]]] and \
        set(ids[3:5]) <= set(merged["corroborated_by"][0].split("; "))
    north = views.map_view(store, bbox=views.BBox(60, 0, 80, 30))
    assert north.total == 1 and north.points["event_id"].tolist() == [ids[5]]


def test_option_counts_match(store, df):
    f = flt.Filters(event_types=("attack", "statement"), min_confidence=0.2)
    sub = flt.apply(df, f)
    for column in ("actor_list", "country_list", "place_list", "event_type", "source"):
        assert views.option_counts(store, column, f).to_dict() == \
            flt.counts(sub, column).to_dict(), column


@pytest.mark.parametrize("bucket,freq", [("day", "D"), ("week", "W-MON"), ("month", "MS")])
def test_timeline_aggregates(store, df, bucket, freq):
    f = flt.Filters(date_from=date(2020, 3, 1), date_to=date(2020, 6, 30))
    got = views.timeline(store, f, bucket=bucket)
    sub = flt.apply(df, f).dropna(subset=["t_start"])
    start = sub["t_start"].dt.to_period(freq[0] if freq != "W-MON" else "W-SUN").dt.start_time
    want = sub.groupby([start, "event_type"]).size()
    assert got.set_index(["start", "lane"])["events"].to_dict() == want.to_dict()
    actors = views.timeline(store, f, bucket=bucket, lane="actor")
    assert actors["events"].sum() == sub["actor_list"].map(len).sum()


def test_map_points_or_clusters(store, df):
    box = views.BBox(35, 30, 42, 50)                     # the Caucasus and Syria
    inside = df[df["latitude"].between(35, 42) & df["longitude"].between(30, 50)]
    few = views.map_view(store, flt.Filters(event_types=("ceasefire",)), box, max_points=1000)
    assert few.clusters is None
    assert set(few.points["event_id"]) == set(inside[inside["event_type"] == "ceasefire"]
                                              ["event_id"])
    many = views.map_view(store, bbox=box, max_points=100)
    assert many.points is None and many.total == len(inside)
    assert many.clusters["events"].sum() == len(inside)
    assert many.clusters["lat"].between(35, 42).all()
    world = views.map_view(store, bbox=views.BBox(-90, 170, 90, -170))   # across 180°
    assert world.total == 0


@pytest.mark.parametrize("f", [flt.Filters(countries=("AZ",), min_confidence=0.5),
                               flt.Filters(min_confidence=0.7)])
def test_pages_walk_the_filtered_events_in_date_order(store, df, f):
    want = flt.apply(df, f)
    assert want["t_start"].isna().any()
    pages = [views.page(store, f, offset=o, limit=200) for o in range(0, len(want) + 200, 200)]
    got = pd.concat(pages)
    assert sorted(got["event_id"]) == sorted(want["event_id"])
    assert got["t_start"].dropna().is_monotonic_increasing
    assert got["t_start"].isna().tolist() == sorted(got["t_start"].isna())   # undated last
    assert list(got.columns) == list(want.columns)


def test_summary_ids_and_density_match_the_frame(store, df):
    """The dashboard's count line, an export's ids and the map's density layer of a large
    store: the same numbers as the frame's (no filter too, where indexes answer alone)."""
    from geo import maps

    rng = random.Random(3)
    for f in [flt.Filters(), *(_filters(rng, df) for _ in range(12))]:
        shown = flt.apply(df, f)
        located = maps.located(shown)
        assert views.summary(store, f) == (len(shown), int(shown["t_start"].notna().sum()),
                                           len(located)), f
        got = views.ids(store, f)
        assert sorted(got) == sorted(shown["event_id"])
        days = shown.set_index("event_id")["t_start"]
        assert days[got].dropna().is_monotonic_increasing
        assert sorted(views.density(store, f)) == sorted(maps.density_cells(shown)), f
    assert len(views.ids(store, limit=10)) == 10


def test_world_clusters_come_with_their_density(store, df):
    """A map of more events than it draws: clusters merged from the 1° cells hold every
    located event at its mean position, and the cells are the density layer's."""
    from geo import maps

    f = flt.Filters(min_confidence=0.3)
    shown = maps.located(flt.apply(df, f))
    mv = views.map_view(store, f, max_points=100)
    assert mv.points is None and mv.total == len(shown) == mv.clusters["events"].sum()
    assert sorted(mv.cells) == sorted(maps.density_cells(shown))
    mean = (shown["latitude"].mean(), shown["longitude"].mean())
    got = ((mv.clusters["lat"] * mv.clusters["events"]).sum() / mv.total,
           (mv.clusters["lon"] * mv.clusters["events"]).sum() / mv.total)
    assert got == pytest.approx(mean)


def test_option_counts_kept_on_write_match_the_frame(tmp_path):
    """The whole store's option counts are kept as events are saved, corrected, merged,
    deleted and their article removed: always the frame's counts."""
    synthetic_store(tmp_path, 400, seed=9)
    s = Store(tmp_path / "atlas.sqlite")
    events = s.events()
    s.correct(events[0].event_id, event_type="ceasefire", actors=["Blue Helmets"])
    s.delete_event(events[1].event_id)
    s.merge_events(events[2].event_id, [events[3].event_id])
    s.remove_article(events[10].article_id)
    s.undo_correction(events[1].event_id)
    df = flt.frame(s.events())
    for column in ("actor_list", "country_list", "place_list", "event_type", "source"):
        assert views.option_counts(s, column).to_dict() == flt.counts(df, column).to_dict(), \
            column
    s.db.execute("DELETE FROM ev_count")             # a store from before the counts
    s.db.commit()
    s.close()
    s = Store(tmp_path / "atlas.sqlite")
    assert views.option_counts(s, "actor_list").to_dict() == \
        flt.counts(df, "actor_list").to_dict()


@pytest.mark.parametrize("text", ["panakert", "blue helmets", "HELMETS 1", 'x"y', "<b>",
                                  "tromsø", "o", "mercenaries near idlib", "zzzq"])
def test_text_search_through_the_trigram_index_matches_the_frame(store, df, text):
    """Substrings anywhere in a word, corrected text (the index follows every rewrite),
    quotes, non-ASCII and words under three characters: the frame's answer."""
    f = flt.Filters(text=text)
    assert views.count(store, f) == len(flt.apply(df, f))


def _broad(s, df, f):
    """What the summary tables answer for ``f``, beside the frame's own numbers."""
    from geo import maps

    shown = flt.apply(df, f)
    week = views.timeline(s, f, bucket="week")
    want = (shown.dropna(subset=["t_start"])
            .assign(start=lambda d: d["t_start"].dt.to_period("W-SUN").dt.start_time)
            .groupby(["start", "event_type"]).size())
    return ((views.summary(s, f), week.set_index(["start", "lane"])["events"].to_dict(),
             sorted(views.density(s, f))),
            ((len(shown), int(shown["t_start"].notna().sum()), len(maps.located(shown))),
             want.to_dict(), sorted(maps.density_cells(shown))))


@pytest.mark.parametrize("f", [
    flt.Filters(), flt.Filters(min_confidence=0.5), flt.Filters(min_confidence=0.15),
    flt.Filters(event_types=("attack", "ceasefire"), include_undated=False),
    flt.Filters(date_from=date(2020, 3, 1), date_to=date(2020, 4, 30), min_confidence=0.25),
    flt.Filters(min_confidence=0.333)])           # inside a band: the view rows answer
def test_summary_tables_kept_on_write_match_the_frame(tmp_path, f):
    """The first page's and broad filters' counts, timeline and map cells, read from the
    summary tables, stay the frame's as events are corrected (type, date, place), deleted,
    merged, undone and their article removed, and are rebuilt for an older store."""
    synthetic_store(tmp_path, 400, seed=9)
    s = Store(tmp_path / "atlas.sqlite")
    events = s.events()
    s.correct(events[0].event_id, event_type="ceasefire", date="2019-06-15")
    s.correct(events[1].event_id, location={"name": "Tromsø", "lat": 69.65, "lon": 18.96,
                                            "country": "NO", "feature": "city"})
    s.correct(events[2].event_id, date="")
    s.delete_event(events[3].event_id)
    s.merge_events(events[4].event_id, [events[5].event_id])
    s.remove_article(events[10].article_id)
    s.undo_correction(events[3].event_id)
    df = flt.frame(s.events())
    got, want = _broad(s, df, f)
    assert got == want
    s.db.execute("DELETE FROM ev_day")              # a store from before the tables
    s.db.execute("DELETE FROM ev_cells")
    s.db.commit()
    s.close()
    s = Store(tmp_path / "atlas.sqlite")
    assert _broad(s, df, f)[0] == got


def test_text_matches_kept_for_a_search_follow_every_write(tmp_path):
    """A search's matches are found once and reused by every view, until the store changes:
    a correction that adds the word, and one that removes it, show at once."""
    synthetic_store(tmp_path, 300, seed=5)
    s = Store(tmp_path / "atlas.sqlite")
    f = flt.Filters(text="helmets")
    assert views.summary(s, f)[0] == views.count(s, f) == 0
    one = s.events()[7].event_id
    s.correct(one, actors=["Blue Helmets"])
    assert views.count(s, f) == 1 and views.page(s, f)["event_id"].tolist() == [one]
    assert views.timeline(s, f)["events"].sum() == 1
    s.correct(one, actors=["Red Cross"])
    assert views.count(s, f) == 0 and views.page(s, f).empty
    cross = flt.apply(flt.frame(s.events()), flt.Filters(text="cross"))
    assert views.count(s, flt.Filters(text="cross")) == len(cross)
    assert views.option_counts(s, "event_type", flt.Filters(text="cross")).to_dict() == \
        flt.counts(cross, "event_type").to_dict()
