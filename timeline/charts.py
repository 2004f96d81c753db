"""The timeline: every dated event on a time axis, in lanes by event type or by actor.

One point per event (at the middle of its span) carries the two selection params that
Streamlit hands back: ``brush`` (an x-interval: the time range that filters the map and
the table) and ``pick`` (a clicked event's ``event_id``). Behind the points, events whose date
covers more than a day (a week, a month, a range) are drawn as bars over their span.
"""
from __future__ import annotations

from typing import Optional

import altair as alt
import pandas as pd

from .model import EVENT_TYPES

# One colour per event type, shared with the map (geo.maps imports it).
TYPE_COLORS = {
    "attack": "#d62728", "casualties": "#8c1c13", "deployment": "#1f77b4",
    "movement": "#17becf", "displacement": "#ff7f0e", "statement": "#7f7f7f",
    "meeting": "#2ca02c", "ceasefire": "#9467bd", "other": "#bcbd22",
}
BRUSH = "brush"
PICK = "pick"
OTHER_ACTORS = "(other actors)"
NO_ACTOR = "(no actor)"


def chart_data(df: pd.DataFrame, lane: str = "event_type", max_lanes: int = 12,
               selected: Optional[str] = None) -> pd.DataFrame:
    """The few columns the chart needs (the whole frame would bloat the page), one row per
    event and lane. With ``lane="actor"`` an event appears in the lane of each of its
    actors; actors beyond the ``max_lanes`` most frequent share one lane."""
    dated = df[df["t_start"].notna()]
    data = pd.DataFrame({
        "event_id": dated["event_id"],
        "start": dated["t_start"],
        "end": dated["t_end"],
        "mid": dated["t_start"] + (dated["t_end"] - dated["t_start"]) / 2,
        "event_type": dated["event_type"],
        "date": dated["event_date"].fillna("") + dated["date_end"].map(
            lambda v: f" … {v}" if isinstance(v, str) and v else ""),
        "precision": dated["date_precision"].fillna(""),
        "actors": dated["actors"].fillna("").str.slice(0, 120),
        "sentence": dated["sentence"].fillna("").map(_clip),
        "source": dated["source"].fillna(""),
        "span": (dated["t_end"] - dated["t_start"]) > pd.Timedelta(days=1),
        "selected": dated["event_id"] == selected,
    })
    if lane == "actor":
        data["lane"] = dated["actor_list"].map(lambda xs: list(xs) or [NO_ACTOR])
        data = data.explode("lane")
        top = data["lane"].value_counts().index[:max_lanes]
        data.loc[~data["lane"].isin(top), "lane"] = OTHER_ACTORS
        data = data.drop_duplicates(["event_id", "lane"])
    else:
        data["lane"] = data["event_type"]
    return data.reset_index(drop=True)


def _clip(text: str, n: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def timeline_chart(df: pd.DataFrame, lane: str = "event_type",
                   selected: Optional[str] = None, height: Optional[int] = None) -> alt.LayerChart:
    """The Altair chart for ``st.altair_chart(..., on_select="rerun")``.

    Tooltips are Vega-Lite's own, which set text, not HTML, so article text in them is inert.
    """
    data = chart_data(df, lane=lane, selected=selected)
    lanes = sorted(data["lane"].unique(), key=lambda v: (v in (OTHER_ACTORS, NO_ACTOR), v))
    if lane == "event_type":
        lanes = [t for t in EVENT_TYPES if t in set(lanes)] + [t for t in lanes
                                                               if t not in EVENT_TYPES]
    height = height or max(120, 34 * max(1, len(lanes)) + 40)
    brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    pick = alt.selection_point(name=PICK, fields=["event_id"], on="click", clear="dblclick")
    types = list(TYPE_COLORS)
    color = alt.Color("event_type:N", title="Event type",
                      scale=alt.Scale(domain=types, range=[TYPE_COLORS[t] for t in types]),
                      legend=alt.Legend(orient="bottom", columns=9))
    y = alt.Y("lane:N", title=None, sort=lanes, axis=alt.Axis(labelLimit=180))
    tooltip = [alt.Tooltip("date:N", title="Date"), alt.Tooltip("event_type:N", title="Type"),
               alt.Tooltip("actors:N", title="Actors"),
               alt.Tooltip("sentence:N", title="Sentence"),
               alt.Tooltip("source:N", title="Source")]
    base = alt.Chart(data)
    bars = base.transform_filter(alt.datum.span).mark_bar(
        opacity=0.35, height=12, cornerRadius=3).encode(
        x=alt.X("start:T", title=None), x2="end:T", y=y, color=color, tooltip=tooltip)
    points = base.mark_circle(stroke="black").encode(
        x=alt.X("mid:T", title=None, axis=alt.Axis(format="%d %b %Y", labelOverlap=True)),
        y=y, color=color, tooltip=tooltip,
        size=alt.condition(alt.datum.selected, alt.value(260), alt.value(70)),
        strokeWidth=alt.condition(alt.datum.selected, alt.value(2.5), alt.value(0)),
        opacity=alt.condition(brush, alt.value(0.9), alt.value(0.25)),
    ).add_params(brush, pick)
    return alt.layer(bars, points).properties(height=height)


def brushed_range(state) -> Optional[tuple[pd.Timestamp, pd.Timestamp]]:
    """The brushed time range out of Streamlit's selection state, or None."""
    sel = _selection(state).get(BRUSH) or {}
    for key in ("mid", "start"):
        if key in sel and len(sel[key]) == 2:
            lo, hi = sorted(_ts(v) for v in sel[key])
            return lo, hi
    return None


def picked_event(state) -> Optional[str]:
    """The ``event_id`` of the clicked point, or None."""
    sel = _selection(state).get(PICK) or []
    if isinstance(sel, list) and sel and isinstance(sel[0], dict):
        return sel[0].get("event_id")
    return None


def _selection(state) -> dict:
    if state is None:
        return {}
    sel = state.get("selection") if isinstance(state, dict) else getattr(state, "selection", None)
    return dict(sel or {})


def _ts(v) -> pd.Timestamp:
    # Vega-Lite hands back epoch milliseconds (UTC) for temporal fields.
    if isinstance(v, (int, float)):
        return pd.Timestamp(v, unit="ms")
    return pd.Timestamp(v).tz_localize(None) if pd.Timestamp(v).tzinfo else pd.Timestamp(v)


def ids_in_range(df: pd.DataFrame, lo: pd.Timestamp, hi: pd.Timestamp) -> frozenset[str]:
    """Events whose span overlaps the brushed ``[lo, hi]``."""
    hit = df["t_start"].notna() & (df["t_end"] > lo) & (df["t_start"] <= hi)
    return frozenset(df.loc[hit, "event_id"])
