"""The dashboard's filters and date spans (pure pandas)."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.display import TYPE_COLORS
from timeline import charts
from timeline import filters as flt
from timeline.model import ActorMention, Event, EventDate, PlaceMention


@pytest.mark.parametrize("value,first,last", [
    ("2020-10-05", date(2020, 10, 5), date(2020, 10, 5)),
    ("2020-10-05T14:30", date(2020, 10, 5), date(2020, 10, 5)),
    ("2020-02", date(2020, 2, 1), date(2020, 2, 29)),
    ("2020-W40", date(2020, 9, 28), date(2020, 10, 4)),
    ("2020-Q3", date(2020, 7, 1), date(2020, 9, 30)),
    ("2020-SU", date(2020, 6, 1), date(2020, 8, 31)),
    ("2020", date(2020, 1, 1), date(2020, 12, 31)),
])
def test_span_of_timex_values(value, first, last):
    assert flt.span(value) == (first, last)


@pytest.mark.parametrize("value", [None, "", "PAST_REF", "P3D", "XXXX-09-27", "2020-02-31"])
def test_values_without_a_calendar_span(value):
    assert flt.span(value) is None


def test_range_runs_to_its_end():
    assert flt.event_span("2020-09-23", "2020-09-27") == (date(2020, 9, 23), date(2020, 9, 27))


def _event(n, etype, when, actors=(), place=None, conf=0.5, source="a.txt", sentence="x"):
    places = [PlaceMention(0, 1, place[0], name=place[0], lat=1.0, lon=2.0, country=place[1])
              ] if place else []
    return Event(article_id="a", sentence=sentence, start=n, end=n + 1, event_type=etype,
                 date=EventDate(when, "day") if when else None,
                 actors=[ActorMention(0, 1, a, name=a) for a in actors], places=places,
                 location=places[0] if places else None, confidence=conf, source=source)


EVENTS = [
    _event(0, "attack", "2020-09-27", ["Azerbaijan"], ("Stepanakert", "AZ"), 0.9,
           sentence="Shelling of Stepanakert"),
    _event(1, "statement", "2020-10", ["Macron", "France"], ("Paris", "FR"), 0.4, "b.txt"),
    _event(2, "meeting", "2020-10-09", ["Russia", "Azerbaijan"], ("Moscow", "RU"), 0.7),
    _event(3, "other", None, [], None, 0.2),
]


def test_frame_has_spans_and_lists():
    df = flt.frame(EVENTS)
    assert len(df) == 4
    row = df.iloc[1]
    assert row["t_start"].date() == date(2020, 10, 1) and row["t_end"].date() == date(2020, 11, 1)
    assert row["actor_list"] == ["Macron", "France"] and row["country_list"] == ["FR"]
    assert df["t_start"].isna().sum() == 1


@pytest.mark.parametrize("filters,expected", [
    (flt.Filters(), [0, 1, 2, 3]),
    (flt.Filters(event_types=("attack", "meeting")), [0, 2]),
    (flt.Filters(actors=("Azerbaijan",)), [0, 2]),
    (flt.Filters(sources=("b.txt",)), [1]),
    (flt.Filters(countries=("RU", "FR")), [1, 2]),
    (flt.Filters(places=("Stepanakert",)), [0]),
    (flt.Filters(text="SHELLING stepanakert"), [0]),
    (flt.Filters(min_confidence=0.5), [0, 2]),
    # The month-long statement overlaps 5 October; the undated event stays unless excluded.
    (flt.Filters(date_from=date(2020, 10, 5), date_to=date(2020, 10, 6)), [1, 3]),
    (flt.Filters(date_from=date(2020, 10, 5), include_undated=False), [1, 2]),
    (flt.Filters(ids=frozenset({EVENTS[2].event_id})), [2]),
])
def test_apply(filters, expected):
    out = flt.apply(EVENTS, filters)
    assert list(out["event_id"]) == [EVENTS[i].event_id for i in expected]


def test_counts_for_list_and_plain_columns():
    df = flt.frame(EVENTS)
    actors = flt.counts(df, "actor_list")
    assert actors.index[0] == "Azerbaijan" and actors["Azerbaijan"] == 2
    assert flt.counts(df, "event_type")["attack"] == 1
    assert flt.date_bounds(df) == (date(2020, 9, 27), date(2020, 10, 31))


def _dated(*days):
    return flt.frame([_event(i, "attack", d) for i, d in enumerate(days)])


def test_timeline_focuses_where_most_events_are():
    """One stray date (a '1994 ceasefire') must not squash two weeks of events into a
    column: the default range covers the bulk, and the stray is counted as outside."""
    from timeline import charts

    df = _dated("1994-06-01", *[f"2020-10-{d:02d}" for d in range(1, 15)])
    lo, hi = charts.focus_range(df)
    assert lo.date() == date(2020, 10, 1) and hi.date() == date(2020, 10, 15)
    out = charts.outside(df, (lo, hi))
    assert list(out["event_date"]) == ["1994-06-01"]
    # A genuinely spread corpus keeps its full axis.
    assert charts.focus_range(_dated(*[f"20{y}-01-01" for y in range(10, 22)])) is None
    assert charts.focus_range(_dated("2014-03-01", "2014-03-02", "2022-02-24",
                                     "2022-02-25")) is None
    assert charts.focus_range(_dated("2020-10-01")) is None


def test_timeline_spec_uses_the_focus_as_its_x_domain():
    from timeline import charts

    df = _dated("1994-06-01", *[f"2020-10-{d:02d}" for d in range(1, 15)])
    rng = charts.focus_range(df)
    spec = charts.timeline_spec(["attack"], rng)
    scales = [layer["encoding"]["x"].get("scale") for layer in spec["layer"]]
    # padding: the dots at either end are drawn whole (issue 16.6)
    assert scales == [{"domain": [1601510400000, 1602720000000], "padding": 12}] * 3
    assert all(layer["mark"]["clip"] for layer in spec["layer"])
    assert "domain" not in charts.timeline_spec(["attack"])["layer"][1]["encoding"]["x"]["scale"]
    # Data-free: the rows come from st.vega_lite_chart's data, no placeholder row or lane.
    assert "datasets" not in spec and not any("data" in layer for layer in spec["layer"])


def test_timeline_has_zoom_ticks_a_day_apart_and_overplot_counts():
    """Issue 16.6: wheel zoom / shift-drag pan bound to the x scale (a plain drag still
    brushes), ticks never closer than a day (no repeated date labels on a short span), every
    lane label kept, and a count beside points that share a lane and a day."""
    from timeline import charts

    spec = charts.timeline_spec(["attack", "statement"])
    params = {p["name"]: p for p in spec["params"]}
    assert params[charts.ZOOM]["bind"] == "scales"
    assert "shiftKey" in params[charts.ZOOM]["select"]["translate"]
    assert "!event.shiftKey" in params[charts.BRUSH]["select"]["on"]
    x = spec["layer"][1]["encoding"]["x"]["axis"]
    assert x["tickMinStep"] == charts.DAY_MS
    assert spec["layer"][1]["encoding"]["y"]["axis"]["labelOverlap"] is False
    counts = spec["layer"][2]
    assert counts["mark"]["type"] == "text"
    assert {"filter": "datum.n > 1"} in counts["transform"]
    df = _dated("2020-10-01", "2020-10-01", "2020-10-01", "2020-10-02")
    rows = charts.chart_data(df)
    assert rows.groupby(["lane", "mid"]).size().max() == 3  # what the "×3" label counts


def test_histogram_counts_the_shown_events_per_bin():
    from timeline import charts

    spec = charts.histogram_spec()
    assert spec["mark"]["type"] == "bar" and spec["encoding"]["y"]["field"] == "n"
    assert "data" not in spec
    df = _dated("2020-10-01", "2020-10-01", "2020-10-03", "2020-12-31")
    bins = charts.histogram_data(charts.chart_data(df, lane="actor"))
    assert bins["n"].sum() == 4 and bins["n"].max() == 2 and len(bins) <= 80
    assert (bins["end"] - bins["start"]).iloc[0] % charts.DAY_MS == 0
    # A stray old date: with the focus range, the bins divide the focus (days, not months).
    df = _dated("1994-06-01", *[f"2020-10-{d:02d}" for d in range(1, 15)])
    focused = charts.histogram_data(charts.chart_data(df), domain=charts.focus_range(df))
    assert focused["n"].sum() == 14 and (focused["end"] - focused["start"]).max() == charts.DAY_MS
def test_routes_follow_the_shown_events():
    """Issue 16.2: a route shows when one of its events does, else when its article does; a
    route tied to neither shows only when nothing is filtered out."""
    from timeline.model import Route

    evs = [_event(1, "movement", "2020-10-01", place=("Baku", "AZ")),
           _event(2, "attack", "2020-10-02", place=("Ganja", "AZ"))]
    evs[1].article_id = "b"
    df = flt.frame(evs)
    stop = PlaceMention(0, 1, "Baku", name="Baku", lat=1.0, lon=2.0)
    by_event = Route(article_id="a", stops=[stop, stop], event_ids=[evs[0].event_id])
    by_article = Route(article_id="b", stops=[stop, stop], sentence="x")
    loose = Route(article_id=None, stops=[stop, stop], sentence="y")
    routes = [by_event, by_article, loose]
    assert flt.routes_shown(routes, df, everything=True) == routes
    attacks = flt.apply(df, flt.Filters(event_types=("attack",)))
    assert flt.routes_shown(routes, attacks, everything=False) == [by_article]
    moves = flt.apply(df, flt.Filters(event_types=("movement",)))
    assert flt.routes_shown(routes, moves, everything=False) == [by_event]


def test_filters_round_trip_through_the_url():
    """Issue 16.8: the sidebar's values ↔ query parameters; defaults leave no parameter."""
    state = {**flt.FILTER_DEFAULTS, "f_types": ["attack", "meeting"], "f_text": "Khartoum",
             "f_conf": 0.25, "f_undated": False, "f_dates": (date(2020, 10, 1), date(2020, 10, 9))}
    q = flt.to_query(state)
    assert q == {"type": ["attack", "meeting"], "q": "Khartoum", "conf": "0.25",
                 "undated": "0", "from": "2020-10-01", "to": "2020-10-09"}
    params = {k: v if isinstance(v, list) else [v] for k, v in q.items()}
    back = flt.from_query(params)
    assert {k: back[k] for k in back} == {k: state[k] for k in back}
    assert flt.to_query(flt.FILTER_DEFAULTS) == {}
    assert flt.to_query(state, bounds=state["f_dates"]).get("from") is None
    assert flt.from_query({"conf": ["lots"], "from": ["2020-13-01"], "to": ["x"]}) == {}


def test_chosen_dates_open_ends_and_outliers():
    bounds = (date(1453, 5, 29), date(2020, 10, 31))
    assert flt.chosen_dates(bounds, bounds) == (None, None)
    assert flt.chosen_dates((date(2020, 10, 1),), bounds) == (date(2020, 10, 1), None)
    assert flt.chosen_dates((date(1400, 1, 1), date(2020, 10, 5)), bounds) == \
        (None, date(2020, 10, 5))
    df = flt.frame([_event(1, "attack", "1453-05-29"), _event(2, "attack", "2020-10-05")])
    assert flt.date_bounds(df) == (date(1453, 5, 29), date(2020, 10, 5))
    kept = flt.apply(df, flt.Filters(date_from=date(2000, 1, 1)))
    assert list(kept["event_date"]) == ["2020-10-05"]
    from timeline import charts                  # epoch ms: Vega-Lite draws any year
    assert charts.chart_data(df)["mid"].tolist() == [-16302081600000, 1601899200000]  # noons


@pytest.mark.parametrize("lane,domain", [
    ("event_type", None), ("actor", None),
    ("event_type", (pd.Timestamp("2020-01-01"), pd.Timestamp("2020-03-01")))])
def test_aggregate_spec_is_what_altair_writes(lane, domain):
    """The large store's stacked timeline, written without Altair, is Altair's own spec
    (so Vega-Lite reads it the same), brush included."""
    alt = pytest.importorskip("altair")
    types = list(TYPE_COLORS)
    color = (alt.Color("lane:N", title="Event type", legend=alt.Legend(orient="bottom"),
                       scale=alt.Scale(domain=types, range=[TYPE_COLORS[t] for t in types]))
             if lane == "event_type" else
             alt.Color("lane:N", title="Actor", legend=alt.Legend(orient="bottom", columns=4)))
    scale = (alt.Scale(domain=[charts._ms(domain[0]), charts._ms(domain[1])]) if domain
             else alt.Undefined)
    want = alt.Chart().mark_bar(clip=True).encode(
        x=alt.X("start:T", title=None, scale=scale, axis=alt.Axis(
            format="%d %b %Y", labelOverlap=True, tickMinStep=charts.DAY_MS)),
        x2="end:T", y=alt.Y("sum(events):Q", title="events", stack="zero"), color=color,
        tooltip=[alt.Tooltip("start:T", title="From", format="%d %b %Y"),
                 alt.Tooltip("lane:N", title="Lane"),
                 alt.Tooltip("sum(events):Q", title="Events")],
    ).add_params(alt.selection_interval(name=charts.BRUSH, encodings=["x"])).properties(
        height=260).to_dict()
    got = charts.aggregate_spec(lane, domain)
    for spec in (want, got):
        for key in ("$schema", "data", "datasets"):
            spec.pop(key, None)
    assert got == want
