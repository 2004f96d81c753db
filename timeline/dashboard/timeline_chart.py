"""The timeline section: the lane switch, the chart of the shown events (click: select; drag:
brush; wheel: zoom; shift-drag: pan) zoomed to where most events are, and the count histogram
under it; for a large store, events per day, week or month asked of the store and stacked. Rows
and the data-free Vega-Lite specs are cached, so most filter changes rebuild little."""
from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from timeline import charts, views
from timeline import filters as flt
from timeline.dashboard.data import Overview
from timeline.dashboard.loaders import asked, flt_key
from timeline.dashboard.selection import select_from
from timeline.store import Store


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
