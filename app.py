"""Event Atlas dashboard: ``streamlit run app.py [-- --corpus PATH...]``.

A thin script that composes the views; the logic lives in ``timeline.filters`` (what is
shown), ``timeline.charts`` (the timeline), ``geo.maps`` (the map), ``timeline.corpus``
(extraction into the store) and ``timeline.export``. Resources are cached per data folder
(``EVENT_ATLAS_HOME``): the store, a data version bumped by every write made here, and the
events loaded for that version; view pieces (timeline rows and spec, map markers, table rows)
are cached on a hash of the shown event ids, so an unchanged rerun rebuilds none of them.
Article text is untrusted: it is only ever shown as text (``st.text``, table cells, chart
tooltips) or escaped HTML (map popups, the source viewer).
"""
from __future__ import annotations

import streamlit as st

# The page and its title come first, before the view modules are imported: on a fresh server
# those imports (pandas, Altair, Folium, the pipeline) take 2-5 s, which was a blank page
# (measured: title at 5.1 s with the imports first, under load). Later runs find them loaded.
# A Material icon, not an emoji: an emoji icon is checked against Streamlit's emoji catalogue,
# whose import cost 0.08-0.18 s of every cold start.
st.set_page_config(page_title="Event Atlas", page_icon=":material/map:", layout="wide")
st.title("Event Atlas")

import dataclasses  # noqa: E402  (after the title on purpose, see above)
import os  # noqa: E402
import sqlite3  # noqa: E402
import sys  # noqa: E402

import pandas as pd  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from geo import maps  # noqa: E402
from timeline import charts, views  # noqa: E402
from timeline import filters as flt  # noqa: E402
from timeline.config import DEFAULT  # noqa: E402
from timeline.dashboard.corpus_tab import corpus_arg, corpus_tab, ensure_corpus  # noqa: E402
from timeline.dashboard.data import Data, Overview  # noqa: E402
from timeline.dashboard.exports import export_section, export_server  # noqa: E402
from timeline.dashboard.loaders import (  # noqa: E402
    asked, broken_store, data_version, flt_key, get_store, load_data, load_overview,
    server_side)
from timeline.dashboard.selection import select_from, selected_details  # noqa: E402
from timeline.dashboard.sidebar import reset_filters, save_to_url, sidebar_filters  # noqa: E402
from timeline.dashboard.table import table_section  # noqa: E402
from timeline.store import Store  # noqa: E402

MAP_LIMIT = 4000      # markers sent to the browser at most; the rest are counted, not drawn
TABLE_PAGE = 200      # table rows per page then


@st.cache_resource(max_entries=6, show_spinner=False)
def cached_markers(key: str, _df: pd.DataFrame) -> str:
    """The escaped popups of thousands of markers, serialised, are the slow part of the map:
    build them once per set of shown events (``key`` hashes their ids and the data version).
    The map itself is rebuilt each run, as ``st_folium`` mutates the map it renders."""
    return maps.marker_json(maps.marker_data(_df))


@st.cache_resource(max_entries=8, show_spinner=False)
def cached_chart_rows(key: str, lane: str, selected: str | None, _df: pd.DataFrame):
    """The timeline's rows per set of shown events (``key``), lane mode and selected event."""
    return charts.chart_data(_df, lane=lane, selected=selected)


@st.cache_resource(max_entries=16, show_spinner=False)
def cached_chart_spec(lanes: tuple, domain) -> dict:
    """The data-free Vega-Lite spec: it depends only on the lanes and the visible range, so
    most filter changes reuse it (building it validates against the schema, ~0.1 s)."""
    return charts.timeline_spec(list(lanes), domain)


@st.cache_resource(max_entries=8, show_spinner=False)
def cached_histogram_spec(domain) -> dict:
    return charts.histogram_spec(domain)


def main() -> None:
    data_dir = str(DEFAULT.data_dir)
    moved = st.session_state.pop("moved_store", None)
    if moved:
        st.info(f"The damaged store was moved to {moved}; a new one is being built.")
    try:
        store = get_store(data_dir)
        ensure_corpus(store, data_dir, corpus_arg(sys.argv[1:]))
        version = data_version(store, data_dir)
        large = server_side(data_dir, version)
        data = load_overview(data_dir, version) if large else load_data(data_dir, version)
    except sqlite3.DatabaseError as exc:
        broken_store(data_dir, exc)
        return

    filters = sidebar_filters(data)
    with st.sidebar:
        st.divider()
        st.session_state.setdefault("tiles", os.environ.get("EVENT_ATLAS_TILES") == "on")
        tiles_on = st.toggle("Base map tiles (needs internet)", key="tiles",
                             help="Off: the built-in country outlines (offline). On: "
                                  "OpenStreetMap tiles over them when the network allows.")
    save_to_url()

    # Tracked tabs: only the open one runs (the corpus list is not rebuilt while the atlas is
    # in use), and the open tab survives reruns such as an upload's.
    atlas, corpus = st.tabs(["Atlas", "Corpus"], key="view", on_change="rerun")
    if corpus.open:
        with corpus:
            corpus_tab(store, data, data_dir)
    if atlas.open:
        with atlas:
            if large:
                atlas_server(store, data, filters, data_dir, version, tiles_on)
            else:
                atlas_tab(store, data, flt.apply(data.frame, filters), data_dir, tiles_on)


def atlas_tab(store: Store, data: Data, shown: pd.DataFrame, data_dir: str,
              tiles_on: bool) -> None:
    df = data.frame
    count = st.empty()
    if shown.empty:
        c1, c2 = st.columns([4, 1], vertical_alignment="center")
        c1.info("No events match these filters.", icon="🔎")
        c2.button("Reset filters", key="reset_empty", on_click=reset_filters)
    shown, brushed = timeline_section(shown, data_dir)
    shown_key = flt_key(shown, data_dir)
    n_dated = int(shown["t_start"].notna().sum())
    killed = int(pd.to_numeric(shown["fatalities"], errors="coerce").fillna(0).sum())
    count.markdown(f"### {len(shown)} of {len(df)} events"
                   + (f" · brushed {brushed[0]:%Y-%m-%d} – {brushed[1]:%Y-%m-%d}"
                      if brushed else "")
                   + f"\n{n_dated} dated, {len(maps.located(shown))} on the map"
                   + (f" · {killed:,} fatalities reported" if killed else ""))
    routes = flt.routes_shown(data.routes, shown, everything=len(shown) == len(df))

    map_col, side = st.columns([3, 1])
    with side:
        map_df, story = story_mode(shown)
        hidden = route_filter(routes)
        selected_details(data)
    with map_col:
        located = maps.located(map_df)
        if len(located) > MAP_LIMIT:
            st.caption(f"Showing the {MAP_LIMIT} most confident of {len(located)} located "
                       "events; narrow the filters to see the rest.")
            map_df = located.nlargest(MAP_LIMIT, "confidence")
        ids_key = flt_key(map_df, data_dir)
        tiles = maps.DEFAULT_TILES if tiles_on else None
        m = maps.build_map(map_df, routes, selected=st.session_state.get("selected"),
                           tiles=tiles, hidden_routes=hidden, focus=story,
                           markers=cached_markers(ids_key, map_df))
        out = st_folium(m, key="map", height=520, use_container_width=True,
                        returned_objects=["last_object_clicked_popup"])
        clicked = maps.event_id_from_popup((out or {}).get("last_object_clicked_popup"))
        if clicked and clicked != st.session_state.get("_last_sel", {}).get("map"):
            select_from("map", clicked)
            st.rerun()

    st.subheader("Events")
    table_section(store, data, shown, data_dir, shown_key)
    export_section(data, shown, routes, lambda: maps.build_map(
        map_df, routes, tiles=tiles, hidden_routes=hidden,
        markers=cached_markers(ids_key, map_df)))


def timeline_section(shown: pd.DataFrame, data_dir: str):
    """The lane switch, the timeline (click: select; drag: brush; wheel: zoom; shift-drag:
    pan) and the count histogram under it. Returns the brushed events and the brush."""
    c_lane, c_note = st.columns([1, 3], vertical_alignment="bottom")
    lane = c_lane.segmented_control("Timeline lanes", ["event type", "actor"],
                                    default="event type", key="lane") or "event type"
    lane = "actor" if lane == "actor" else "event_type"
    domain = timeline_range(shown, c_note)
    selected = st.session_state.get("selected")
    rows = cached_chart_rows(flt_key(shown, data_dir), lane, selected, shown)
    spec = cached_chart_spec(tuple(charts.lanes_of(rows, lane)), domain)
    state = st.vega_lite_chart(rows, dict(spec), key=f"timeline_{st.session_state.get('chart_round', 0)}",
                               on_select="rerun", selection_mode=[charts.BRUSH, charts.PICK],
                               width="stretch")
    if len(rows):
        st.vega_lite_chart(charts.histogram_data(rows, domain=domain),
                           cached_histogram_spec(domain), width="stretch", height=110)
    select_from("timeline", charts.picked_event(state))
    brushed = charts.brushed_range(state)
    if brushed:
        shown = flt.apply(shown, flt.Filters(ids=charts.ids_in_range(shown, *brushed)))
    return shown, brushed


def atlas_server(store: Store, data: Overview, f: flt.Filters, data_dir: str, version: tuple,
                 tiles_on: bool) -> None:
    count = st.empty()
    f, brushed = timeline_server(store, data, f, version)
    key = repr(f)
    n, dated, located = asked("summary", version, key, lambda: views.summary(store, f))
    if n == 0:
        c1, c2 = st.columns([4, 1], vertical_alignment="center")
        c1.info("No events match these filters.", icon="🔎")
        c2.button("Reset filters", key="reset_empty", on_click=reset_filters)
    count.markdown(f"### {n} of {data.total} events"
                   + (f" · brushed {brushed[0]:%Y-%m-%d} – {brushed[1]:%Y-%m-%d}"
                      if brushed else "")
                   + f"\n{dated} dated, {located} on the map")
    mv = asked("map", version, key, lambda: views.map_view(store, f, max_points=MAP_LIMIT))
    points = (asked("points", version, key, lambda: flt.frame(store.corrected(
        list(mv.points["event_id"])))) if mv.points is not None else flt.frame([]))
    routes = flt.routes_shown(data.routes, points, everything=not f.active)
    map_col, side = st.columns([3, 1])
    with side:
        hidden = route_filter(routes)
        selected_details(data)
    with map_col:
        tiles = maps.DEFAULT_TILES if tiles_on else None
        if mv.clusters is not None:
            st.caption(f"{located} located events: too many to draw one by one, so the map "
                       f"shows {len(mv.clusters)} clusters and their density; narrow the "
                       "filters or brush the timeline to see the events.")
            m = maps.build_map(points, routes, tiles=tiles, hidden_routes=hidden,
                               cells=mv.cells, clusters=mv.clusters)
        else:
            m = maps.build_map(points, routes, selected=st.session_state.get("selected"),
                               tiles=tiles, hidden_routes=hidden,
                               markers=cached_markers(f"{version}{key}", points))
        out = st_folium(m, key="map", height=520, use_container_width=True,
                        returned_objects=["last_object_clicked_popup"])
        clicked = maps.event_id_from_popup((out or {}).get("last_object_clicked_popup"))
        if clicked and clicked != st.session_state.get("_last_sel", {}).get("map"):
            select_from("map", clicked)
            st.rerun()

    st.subheader("Events")
    pages = max(1, -(-n // TABLE_PAGE))
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    page = c2.number_input(f"Page (of {pages})", 1, pages, 1, key="table_page")
    c1.caption(f"Events {min(n, (page - 1) * TABLE_PAGE + 1)}–{min(n, page * TABLE_PAGE)} of "
               f"{n} by date (undated last).")
    rows = asked("page", version, f"{key}{page}",
                 lambda: views.page(store, f, (page - 1) * TABLE_PAGE, TABLE_PAGE))
    table_section(store, data, rows, data_dir, f"{version}{key}{page}")
    export_server(store, f, n, routes)


def timeline_server(store: Store, data: Overview, f: flt.Filters, version: tuple):
    """Events per day, week or month and lane, stacked (one mark per bucket, not per event);
    a drag brushes a time range that narrows every other view. Returns the filters with the
    brushed range applied, and the range."""
    c_lane, c_note = st.columns([1, 3], vertical_alignment="bottom")
    lane = c_lane.segmented_control("Timeline lanes", ["event type", "actor"],
                                    default="event type", key="lane") or "event type"
    lane = "actor" if lane == "actor" else "event_type"
    lo, hi = data.bounds or (None, None)
    bucket = charts.bucket_for(f.date_from or lo, f.date_to or hi)
    rows, domain = asked("timeline", version, f"{f!r}{bucket}{lane}",
                         lambda: _chart_rows(views.timeline(store, f, bucket, lane), bucket))
    with c_note:
        show_all = domain is not None and st.toggle("Show all dates", key="t_all")
        st.caption(f"Events per {bucket}" + ("" if domain is None or show_all else
                   f", zoomed to where most are ({domain[0]:%Y-%m-%d} – {domain[1]:%Y-%m-%d})")
                   + ". Drag across the chart to narrow the map and the table to a period.")
    spec = cached_aggregate_spec(lane, None if show_all else domain)
    state = st.vega_lite_chart(rows, dict(spec), on_select="rerun",
                               key=f"timeline_{st.session_state.get('chart_round', 0)}",
                               selection_mode=[charts.BRUSH], width="stretch")
    brushed = charts.brushed_range(state)
    if brushed:
        lo_day, hi_day = brushed[0].date(), brushed[1].date()
        f = dataclasses.replace(f, date_from=max(f.date_from or lo_day, lo_day),
                                date_to=min(f.date_to or hi_day, hi_day))
    return f, brushed


def _chart_rows(counts: pd.DataFrame, bucket: str):
    """The stacked chart's rows and the range most events lie in (asked once per filters)."""
    rows = charts.aggregate_rows(counts, bucket)
    return rows, charts.aggregate_focus(rows)


@st.cache_resource(max_entries=8, show_spinner=False)
def cached_aggregate_spec(lane: str, domain) -> dict:
    return charts.aggregate_spec(lane, domain)


def route_filter(routes) -> list[str]:
    """"Hide routes": the routes drawn that the user switched off."""
    labels = maps.route_labels(routes)
    if not labels:
        return []
    st.session_state["hidden_routes"] = [r for r in st.session_state.get("hidden_routes", [])
                                         if r in labels]
    return st.multiselect("Hide routes", list(labels), format_func=labels.get,
                          key="hidden_routes")


def timeline_range(shown: pd.DataFrame, note):
    """The timeline's visible range: where most events are (``charts.focus_range``) unless
    the user asks for every date; says how many events lie outside and how to reach them
    (this switch, or the sidebar's date range, which re-centres the view on what it keeps)."""
    focus = charts.focus_range(shown)
    if focus is None:
        return None
    out = charts.outside(shown, focus)
    with note:
        # A constant label keeps the switch's identity (and state) while the counts change.
        show_all = st.toggle("Show all dates", key="t_all")
        st.caption(f"{'Showing every date.' if show_all else 'Zoomed to where most events are,'}"
                   f" {len(out)} event(s) outside {focus[0]:%Y-%m-%d} – "
                   f"{(focus[1] - pd.Timedelta(days=1)):%Y-%m-%d}: earliest "
                   f"{out['t_start'].min():%Y-%m-%d}, latest "
                   f"{(out['t_end'].max() - pd.Timedelta(days=1)):%Y-%m-%d}.")
    return None if show_all else focus


def story_mode(shown: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """Story mode (StoryMapJS-like): step through the shown events in date order; the map
    shows those up to the current one, centred on it with its popup open, and its sentence
    is read here. Returns the events for the map and whether a story is being told."""
    dated = shown[shown["t_start"].notna()].sort_values(["t_start", "event_id"])
    if not st.toggle("Story mode: step through the events", key="playback") or len(dated) < 2:
        return shown, False
    n = len(dated)
    step = st.session_state.setdefault("step", 1)
    if not 1 <= step <= n:
        st.session_state.step = step = 1
    b1, b2 = st.columns(2)
    if b1.button("◀ Previous", disabled=step <= 1):
        st.session_state.step = step = max(1, step - 1)
    if b2.button("Next ▶", disabled=step >= n):
        st.session_state.step = step = min(n, step + 1)
    step = st.slider("Event", 1, n, key="step")
    current = dated.iloc[step - 1]
    st.caption(f"{step} of {n} · {current['event_date']} · {current['event_type']}"
               f"{' · ' + current['location'] if isinstance(current['location'], str) else ''}")
    st.text(current["sentence"])
    select_from("playback", current["event_id"])
    return dated.iloc[:step], True


main()
