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
from datetime import date  # noqa: E402

import pandas as pd  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from geo import maps  # noqa: E402
from geo.display import country_name  # noqa: E402
from geo.gazetteer import default_gazetteer  # noqa: E402
from timeline import charts, export, source_view, views  # noqa: E402
from timeline import filters as flt  # noqa: E402
from timeline.config import DEFAULT  # noqa: E402
from timeline.dashboard.corpus_tab import corpus_arg, corpus_tab, ensure_corpus  # noqa: E402
from timeline.dashboard.data import Data, Overview  # noqa: E402
from timeline.dashboard.loaders import (  # noqa: E402
    asked, broken_store, bump, data_version, flt_key, get_store, load_data, load_overview,
    server_side, shared_state)
from timeline.model import EVENT_TYPES, place_ref  # noqa: E402
from timeline.resources import pattern  # noqa: E402
from timeline.source_view import VIEW_PATTERNS  # noqa: E402
from timeline.store import Store  # noqa: E402

MAP_LIMIT = 4000      # markers sent to the browser at most; the rest are counted, not drawn
TABLE_LIMIT = 2000    # rows in the editable table at most (the selected event comes first)
TABLE_PAGE = 200      # table rows per page then
EXPORT_LIMIT = 100_000  # events a download of a large store's view holds at most


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


@st.cache_resource(max_entries=4, show_spinner=False)
def cached_table(key: str, selected: str | None, _shown: pd.DataFrame,
                 _titles: dict) -> pd.DataFrame:
    """The editable table's rows (selected first, then by date, capped): rebuilt only when
    the shown events, the data version or the selection change. What an analyst reads first
    comes first (date, type, sentence, place); sources by title, countries by name, empty
    cells empty (not "None")."""
    df = _shown.copy()
    df["selected"] = df["event_id"] == selected
    df = df.sort_values(["selected", "t_start"], ascending=[False, True], na_position="last")
    df = df.iloc[:TABLE_LIMIT]
    df["delete"] = False
    df["edited"] = df["edited"].map(lambda v: "✏️ edited" if v else "")
    df["country"] = df["country"].map(country_name)
    df["source"] = df["source"].map(lambda v: _titles.get(v, v))
    df["fatalities"] = pd.to_numeric(df["fatalities"], errors="coerce").astype("Int64")
    for col in ("event_date", "actors", "location", "sentence", "source"):
        df[col] = df[col].fillna("")
    cols = ["selected", "edited", "event_date", "event_type", "sentence", "location",
            "country", "actors", "fatalities", "source", "sources", "confidence", "delete",
            "event_id"]
    return df[cols].reset_index(drop=True)


def _with_counts(counts: pd.Series, label=str):
    return lambda v: f"{label(v)} ({counts.get(v, 0)})"


def reset_filters() -> None:
    """"Reset filters": every filter widget back to its default (setting the values, not
    deleting them, so the browser's widgets follow), the brush cleared, the URL emptied."""
    for key, value in flt.FILTER_DEFAULTS.items():
        st.session_state[key] = list(value) if isinstance(value, list) else value
    st.session_state.chart_round = st.session_state.get("chart_round", 0) + 1


def init_filter_state(bounds) -> None:
    """Each filter widget's value lives in the session state from the start (widgets are made
    without defaults of their own, so a reset or a link can set them); an untouched date range
    follows the corpus as articles are added."""
    for key, value in flt.FILTER_DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = list(value) if isinstance(value, list) else value
    dates = st.session_state.get("f_dates")
    if bounds and (not dates or tuple(dates) == st.session_state.get("_bounds")):
        st.session_state.f_dates = bounds
    st.session_state._bounds = bounds


def restore_from_url(data: Data) -> None:
    """Once per session, before the widgets exist: the view a shared or reloaded link names
    (values no longer in the corpus are dropped, as the widgets would refuse them)."""
    if st.session_state.get("_url_read"):
        return
    st.session_state._url_read = True
    params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    columns = {"f_types": "event_type", "f_actors": "actor_list", "f_sources": "source",
               "f_countries": "country_list", "f_places": "place_list"}
    for key, value in flt.from_query(params).items():
        if key in columns:
            value = [v for v in value if v in data.counts(columns[key]).index]
        st.session_state[key] = value
    if "tiles" in params:
        st.session_state.tiles = params["tiles"][-1] == "1"


def sidebar_filters(data: Data) -> flt.Filters:
    sb = st.sidebar
    restore_from_url(data)
    bounds = data.bounds
    init_filter_state(bounds)
    sb.header("Filters")
    sb.button("Reset filters", on_click=reset_filters)
    date_from = date_to = None
    if bounds:
        # A calendar range, not a slider: one stray date (a 1994 mention, a 1453 siege) neither
        # makes a slider 43 days a pixel nor exceeds its JavaScript number range.
        picked = sb.date_input("Date range", min_value=date(1, 1, 1),
                               max_value=date(9999, 12, 31), format="YYYY-MM-DD", key="f_dates",
                               help=f"Events from {bounds[0]:%Y-%m-%d} to {bounds[1]:%Y-%m-%d}")
        date_from, date_to = flt.chosen_dates(picked, bounds)
    undated = sb.checkbox("Include undated events", key="f_undated")

    def facet(label: str, column: str, key: str, limit: int | None = None, name=str) -> list:
        """A multiselect over one column's values, each shown with its event count."""
        counts = data.counts(column)
        return sb.multiselect(label, list(counts.index[:limit]),
                              format_func=_with_counts(counts, name), key=key)

    types = facet("Event types", "event_type", "f_types")
    actors = facet("Actors", "actor_list", "f_actors", 500)
    sources = facet("Sources", "source", "f_sources", 2000,
                    name=lambda v: data.source_titles.get(v, v))
    countries = facet("Countries", "country_list", "f_countries",
                      name=lambda c: f"{country_name(c)} ({c})")
    places = facet("Places", "place_list", "f_places", 500)
    text = sb.text_input("Search text", key="f_text",
                         placeholder="words in the sentence, actors, places…")
    # rounded: a step of 0.05 can give 0.15000000000000002, which would leave out 0.15
    conf = round(sb.slider("Minimum confidence", 0.0, 1.0, step=0.05, key="f_conf"), 2)
    return flt.Filters(date_from=date_from, date_to=date_to, include_undated=undated,
                       actors=tuple(actors), event_types=tuple(types), sources=tuple(sources),
                       countries=tuple(countries), places=tuple(places), text=text,
                       min_confidence=conf)


def save_to_url() -> None:
    """The filters and the tiles switch in the address bar: a view can be shared or
    bookmarked, and survives a reload."""
    q = flt.to_query(st.session_state, st.session_state.get("_bounds"))
    if st.session_state.get("tiles"):
        q["tiles"] = "1"
    current = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    wanted = {k: v if isinstance(v, list) else [v] for k, v in q.items()}
    if current != wanted:
        st.query_params.from_dict(q)


def select_from(source: str, value) -> None:
    """The last view that changed its own selection wins (timeline click or map click);
    a view repeating an unchanged selection on rerun does not steal it back."""
    last = st.session_state.setdefault("_last_sel", {})
    if value is not None and last.get(source) != value:
        st.session_state.selected = value
    last[source] = value


_DATE_OK = pattern(VIEW_PATTERNS, "timex_value")


def resolve_place(name: str, event, data: Data) -> dict:
    """A place typed in the table: one the event already names, one the corpus knows, the
    gazetteer's answer, else the bare name (no coordinates: still a correction)."""
    for p in event.places:
        if p.name.lower() == name.lower():
            return place_ref(p)
    if name.lower() in data.places:
        return place_ref(data.places[name.lower()])
    loc = default_gazetteer().geocode(name)
    if loc is not None:
        return {"name": loc.raw.get("name", name), "lat": loc.latitude, "lon": loc.longitude,
                "country": loc.raw.get("country"), "feature": loc.raw.get("feature", "locality"),
                "text": name}
    return {"name": name, "lat": None, "lon": None, "country": None, "feature": "locality",
            "text": name}


def save_table_edits(store: Store, data: Data, data_dir: str) -> None:
    """``st.data_editor``'s edits → store corrections (they win over re-extraction)."""
    state = st.session_state.get(st.session_state.get("table_key", ""), {})
    ids = st.session_state.get("table_ids", [])
    problems = []
    for row, changes in (state.get("edited_rows") or {}).items():
        eid = ids[int(row)]
        event = data.event(eid)
        if event is None:
            continue
        if changes.get("delete"):
            store.delete_event(eid)
            continue
        fix = {}
        if "event_type" in changes and changes["event_type"] in EVENT_TYPES:
            fix["event_type"] = changes["event_type"]
        if "event_date" in changes:
            value = (changes["event_date"] or "").strip()
            if value and not _DATE_OK.match(value):
                problems.append(f"{value!r} is not a date like 2020-10-05, 2020-10 or 2020-W40")
            else:
                fix["date"] = value or None
        if "actors" in changes:
            fix["actors"] = [a.strip() for a in (changes["actors"] or "").replace(",", ";")
                             .split(";") if a.strip()]
        if "location" in changes:
            name = (changes["location"] or "").strip()
            fix["location"] = resolve_place(name, event, data) if name else None
        if fix:
            store.correct(eid, **fix)
    st.session_state.table_problems = problems
    bump(data_dir)


def table_section(store: Store, data: Data, shown: pd.DataFrame, data_dir: str,
                  shown_key: str) -> None:
    selected = st.session_state.get("selected")
    df = cached_table(shown_key, selected, shown, data.source_titles)
    if len(shown) > TABLE_LIMIT:
        st.caption(f"The first {TABLE_LIMIT} of {len(shown)} events by date; narrow the "
                   "filters or brush the timeline to edit the others. Exports hold them all.")
    key = f"table_{shared_state(data_dir)['version']}"
    st.session_state.table_key = key
    st.session_state.table_ids = list(df["event_id"])
    st.data_editor(
        df, key=key, hide_index=True, width="stretch", height=380,
        disabled=["selected", "edited", "country", "sentence", "fatalities", "source",
                  "sources", "confidence", "event_id"],
        column_config={
            "selected": st.column_config.CheckboxColumn("●", width="small"),
            "edited": st.column_config.TextColumn("", width="small"),
            "event_date": st.column_config.TextColumn("Date", width="small",
                                                      help="TIMEX3: 2020-10-05, 2020-10, "
                                                           "2020-W40"),
            "event_type": st.column_config.SelectboxColumn("Type", options=list(EVENT_TYPES),
                                                           required=True, width="small"),
            "sentence": st.column_config.TextColumn("Sentence", width="large"),
            "location": st.column_config.TextColumn("Place", width="small"),
            "country": st.column_config.TextColumn("Country", width="small"),
            "actors": st.column_config.TextColumn("Actors", width="medium",
                                                  help="names separated by ;"),
            "fatalities": st.column_config.NumberColumn("Killed", width="small"),
            "source": st.column_config.TextColumn("Source", width="medium"),
            "sources": st.column_config.NumberColumn("Reports", width="small",
                                                     help="articles reporting this event"),
            "confidence": st.column_config.NumberColumn("Conf.", format="%.2f", width="small"),
            "delete": st.column_config.CheckboxColumn("Delete", width="small"),
            "event_id": st.column_config.TextColumn("Event id", width="small"),
        },
        on_change=save_table_edits, args=(store, data, data_dir))
    for p in st.session_state.pop("table_problems", []):
        st.error(p)

    with st.expander("Merge events / undo a correction"):
        # The table's rows are the candidates: thousands of options would be slow to send.
        rows = shown[shown["event_id"].isin(df["event_id"]) | shown["edited"]]
        labels = dict(zip(rows["event_id"], rows["event_date"].fillna("undated") + " · "
                          + rows["event_type"].fillna("") + " · "
                          + rows["sentence"].fillna("").str.slice(0, 80)))
        picked = st.multiselect("Events to merge (the first one is kept)", list(df["event_id"]),
                                format_func=labels.get, key="merge_ids")
        if st.button("Merge", disabled=len(picked) < 2):
            store.merge_events(picked[0], picked[1:])
            bump(data_dir)
            st.rerun()
        edited = list(shown.loc[shown["edited"], "event_id"])
        undo = st.selectbox("Undo the corrections of", [None, *edited],
                            format_func=lambda e: "—" if e is None else labels.get(e, e))
        if st.button("Undo", disabled=undo is None):
            store.undo_correction(undo)
            bump(data_dir)
            st.rerun()


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


def export_server(store: Store, f: flt.Filters, n: int, routes) -> None:
    """Downloads of the filtered view of a large store, read from the store on click."""
    st.subheader("Export the filtered view")
    if n > EXPORT_LIMIT:
        st.caption(f"{n} events: narrow the filters to at most {EXPORT_LIMIT} to download "
                   "them here, or export the corpus with `python -m timeline extract`.")
        return

    def events():
        return store.corrected(views.ids(store, f))

    def articles():
        return [a for a in (store.article(i) for i in dict.fromkeys(
            e.article_id for e in events())) if a is not None]

    c1, c2, c3 = st.columns(3)
    c1.download_button("CSV", lambda: export.render("csv", events()), "events.csv", "text/csv",
                       key="dl_csv", on_click="ignore")
    c2.download_button("GeoJSON", lambda: export.render("geojson", events(), routes),
                       "events.geojson", "application/geo+json", key="dl_geojson",
                       on_click="ignore")
    c3.download_button("JSONL", lambda: export.render("jsonl", events(), routes, articles()),
                       "events.jsonl", "application/jsonl", key="dl_jsonl", on_click="ignore")


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


def selected_details(data: Data) -> None:
    eid = st.session_state.get("selected")
    e = data.event(eid) if eid else None
    st.markdown("**Selected event**")
    if e is None:
        st.caption("Click an event on the timeline or a marker on the map.")
        return
    place = "—"
    if e.location:
        place = e.location.name + (f", {country_name(e.location.country)}"
                                   if e.location.country else "")
        if e.location.feature in ("country", "admin", "region"):
            place += f" (approximate: a {e.location.feature}'s centre)"
    st.text(f"{e.date.value if e.date else 'undated'} · {e.event_type}"
            f"{' · edited' if e.edited else ''}"
            f"{f' · {e.fatalities} killed' if e.fatalities else ''}\n"
            f"Actors: {', '.join(dict.fromkeys(a.name for a in e.actors)) or '—'}\n"
            f"Place: {place}\n"
            f"Source: {data.source_titles.get(e.source, e.source)}")
    st.text(e.sentence)
    article = data.article(e.article_id)
    with st.expander("Source article", expanded=False):
        if article is not None:
            st.html(source_view.source_html(article, e))
    others = source_view.corroboration(e, data.events_by_id(e.corroborated_by))
    with st.expander(f"Reported by {1 + len(others)} source(s)", expanded=bool(others)):
        st.html(source_view.corroboration_html(e, others, data.source_titles))
    if st.button("Clear selection"):
        st.session_state.selected = None
        st.rerun()


def export_section(data: Data, shown: pd.DataFrame, routes, new_map) -> None:
    """Downloads of exactly what is shown: its events, the routes the map draws for them."""
    st.subheader("Export the filtered view")
    events = [data.by_id[e] for e in shown["event_id"]]
    ids = {e.article_id for e in events}
    articles = [a for a in data.articles if a.article_id in ids]
    c1, c2, c3, c4 = st.columns(4)
    c1.download_button("CSV", lambda: export.render("csv", events), "events.csv", "text/csv",
                       key="dl_csv", on_click="ignore")
    c2.download_button("GeoJSON", lambda: export.render("geojson", events, routes),
                       "events.geojson", "application/geo+json", key="dl_geojson",
                       on_click="ignore")
    c3.download_button("JSONL", lambda: export.render("jsonl", events, routes, articles),
                       "events.jsonl", "application/jsonl", key="dl_jsonl", on_click="ignore")
    c4.download_button("Map (HTML)", lambda: maps.standalone_html(new_map()), "event-map.html",
                       "text/html", key="dl_map", on_click="ignore")


main()
