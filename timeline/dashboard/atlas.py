"""The Atlas tab: the count line, the timeline, the map (markers cached per set of shown events,
routes, clicks that select) beside story mode, the routes switch and the selected event, then
the events table and the exports. ``atlas_server`` is the same page over a store too large for
the page's frame: each view asks the store for what it draws, and the table is paged."""
from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import maps
from timeline import filters as flt
from timeline import views
from timeline.dashboard.data import Data, Overview
from timeline.dashboard.exports import export_section, export_server
from timeline.dashboard.loaders import asked, flt_key
from timeline.dashboard.selection import select_from, selected_details
from timeline.dashboard.sidebar import reset_filters
from timeline.dashboard.table import table_section
from timeline.dashboard.timeline_chart import timeline_section, timeline_server
from timeline.store import Store

MAP_LIMIT = 4000      # markers sent to the browser at most; the rest are counted, not drawn
TABLE_PAGE = 200      # table rows per page on a large store's page (asked of the store)


@st.cache_resource(max_entries=6, show_spinner=False)
def cached_markers(key: str, _df: pd.DataFrame) -> str:
    """The escaped popups of thousands of markers, serialised, are the slow part of the map:
    build them once per set of shown events (``key`` hashes their ids and the data version).
    The map itself is rebuilt each run, as ``st_folium`` mutates the map it renders."""
    return maps.marker_json(maps.marker_data(_df))


def atlas_tab(store: Store, data: Data, shown: pd.DataFrame, data_dir: str,
              tiles_on: bool) -> None:
    df = data.frame
    count = st.empty()
    if shown.empty:
        no_events()
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
        show_map(m)

    st.subheader("Events")
    table_section(store, data, shown, data_dir, shown_key)
    export_section(data, shown, routes, lambda: maps.build_map(
        map_df, routes, tiles=tiles, hidden_routes=hidden,
        markers=cached_markers(ids_key, map_df)))


def atlas_server(store: Store, data: Overview, f: flt.Filters, data_dir: str, version: tuple,
                 tiles_on: bool) -> None:
    count = st.empty()
    f, brushed = timeline_server(store, data, f, version)
    key = repr(f)
    n, dated, located = asked("summary", version, key, lambda: views.summary(store, f))
    if n == 0:
        no_events()
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
        show_map(m)

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


def no_events() -> None:
    """What an empty view says, with the way out beside it."""
    c1, c2 = st.columns([4, 1], vertical_alignment="center")
    c1.info("No events match these filters.", icon="🔎")
    c2.button("Reset filters", key="reset_empty", on_click=reset_filters)


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


def route_filter(routes) -> list[str]:
    """"Hide routes": the routes drawn that the user switched off."""
    labels = maps.route_labels(routes)
    if not labels:
        return []
    st.session_state["hidden_routes"] = [r for r in st.session_state.get("hidden_routes", [])
                                         if r in labels]
    return st.multiselect("Hide routes", list(labels), format_func=labels.get,
                          key="hidden_routes")


def show_map(m) -> None:
    """The map; a click on a marker selects its event (a click already taken, repeated by
    ``st_folium`` on the next rerun, does not take the selection back from another view)."""
    out = st_folium(m, key="map", height=520, use_container_width=True,
                    returned_objects=["last_object_clicked_popup"])
    clicked = maps.event_id_from_popup((out or {}).get("last_object_clicked_popup"))
    if clicked and select_from("map", clicked):
        st.rerun()
