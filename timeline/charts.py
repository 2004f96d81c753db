"""The timeline: every dated event on a time axis, in lanes by event type or by actor.

One point per event (at the middle of its span) carries the two selection params that
Streamlit hands back: ``brush`` (an x-interval: the time range that filters the map and
the table) and ``pick`` (a clicked event's ``event_id``). Behind the points, events whose date
covers more than a day (a week, a month, a range) are drawn as bars over their span.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import pandas as pd

from geo.display import TYPE_COLORS

from .model import EVENT_TYPES

if TYPE_CHECKING:
    import altair as alt

VEGA_LITE = "https://vega.github.io/schema/vega-lite/v6.json"
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
        "start": _epoch_ms(dated["t_start"]),
        "end": _epoch_ms(dated["t_end"]),
        "mid": _epoch_ms(dated["t_start"] + (dated["t_end"] - dated["t_start"]) / 2),
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


def _epoch_ms(t: pd.Series) -> pd.Series:
    """Datetimes as UTC epoch milliseconds, which Vega-Lite reads as time whatever the year:
    datetime columns reach the browser as Arrow timestamps that a pre-1677 date (stored at
    microsecond resolution) leaves undrawn."""
    return (t - pd.Timestamp("1970-01-01")) // pd.Timedelta(milliseconds=1)


def _clip(text: str, n: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def lanes_of(data: pd.DataFrame, lane: str) -> list[str]:
    """Lane order: event types in the model's order, actors by name with the catch-alls last."""
    lanes = sorted(data["lane"].unique(), key=lambda v: (v in (OTHER_ACTORS, NO_ACTOR), v))
    if lane == "event_type":
        lanes = [t for t in EVENT_TYPES if t in set(lanes)] + [t for t in lanes
                                                               if t not in EVENT_TYPES]
    return lanes


def focus_range(df: pd.DataFrame, q: float = 0.05, pad_ratio: float = 0.5,
                min_pad: pd.Timedelta = pd.Timedelta(days=7)
                ) -> Optional[tuple[pd.Timestamp, pd.Timestamp]]:
    """Where most dated events are, when a few outliers would squash the axis, else None.

    A stray date (a 1994 ceasefire named in 2020 coverage, a typo'd year) stretches a
    linear time axis so far that the real events collapse into one column. The core is the
    ``q`` … ``1-q`` quantiles of the events' midpoints, widened by ``pad_ratio`` of its own
    length (at least ``min_pad``); the range covers the full spans of the events inside it.
    It is only offered when it at least halves the axis, so a genuinely spread corpus (two
    wars eight years apart, each half the events) keeps its full axis.
    """
    dated = df[df["t_start"].notna()]
    if len(dated) < 3:
        return None
    mid = dated["t_start"] + (dated["t_end"] - dated["t_start"]) / 2
    lo = mid.quantile(q, interpolation="higher")
    hi = mid.quantile(1 - q, interpolation="lower")
    pad = max(min_pad, (hi - lo) * pad_ratio)
    inside = dated[(mid >= lo - pad) & (mid <= hi + pad)]
    first, last = inside["t_start"].min(), inside["t_end"].max()
    full = dated["t_end"].max() - dated["t_start"].min()
    if (last - first) * 2 > full:
        return None
    return first, last


def outside(df: pd.DataFrame, rng: tuple[pd.Timestamp, pd.Timestamp]) -> pd.DataFrame:
    """The dated events of ``df`` whose span lies wholly outside ``rng``."""
    dated = df[df["t_start"].notna()]
    return dated[(dated["t_end"] <= rng[0]) | (dated["t_start"] >= rng[1])]


def _ms(t: pd.Timestamp) -> int:
    # Naive datetimes travel to the browser as UTC epoch milliseconds; so does the domain.
    return int(pd.Timestamp(t).tz_localize("UTC").timestamp() * 1000)


DAY_MS = 86_400_000
ZOOM = "zoom"


def _layers(lanes: list[str], domain=None, height: Optional[int] = None) -> alt.LayerChart:
    """The chart without its data: bars for spans, points carrying the two selections, a
    count beside points that share a lane and a day, and zoom/pan on the time axis (mouse
    wheel to zoom, shift-drag to pan; a plain drag still brushes)."""
    import altair as alt            # here: a large store's page draws ``aggregate_spec`` only

    height = height or max(120, 34 * max(1, len(lanes)) + 40)
    brush = alt.selection_interval(
        name=BRUSH, encodings=["x"],
        on="[pointerdown[!event.shiftKey], window:pointerup] > window:pointermove!")
    zoom = alt.selection_interval(
        name=ZOOM, encodings=["x"], bind="scales", zoom="wheel!",
        translate="[pointerdown[event.shiftKey], window:pointerup] > window:pointermove!")
    pick = alt.selection_point(name=PICK, fields=["event_id"], on="click", clear="dblclick")
    types = list(TYPE_COLORS)
    color = alt.Color("event_type:N", title="Event type",
                      scale=alt.Scale(domain=types, range=[TYPE_COLORS[t] for t in types]),
                      legend=alt.Legend(orient="bottom", columns=9))
    # Every lane label shown (none dropped for overlap), long actor names cut with "…".
    y = alt.Y("lane:N", title=None, sort=lanes, axis=alt.Axis(labelLimit=180,
                                                              labelOverlap=False))
    # Padding keeps the dots at either end whole; the domain is the focus range if any.
    scale = (alt.Scale(domain=[_ms(domain[0]), _ms(domain[1])], padding=12) if domain
             else alt.Scale(padding=12))
    # Ticks at least a day apart: a span of a day or a week no longer repeats one date.
    axis = alt.Axis(format="%d %b %Y", labelOverlap=True, tickMinStep=DAY_MS, labelFlush=True)
    tooltip = [alt.Tooltip("date:N", title="Date"), alt.Tooltip("event_type:N", title="Type"),
               alt.Tooltip("actors:N", title="Actors"),
               alt.Tooltip("sentence:N", title="Sentence"),
               alt.Tooltip("source:N", title="Source")]
    bars = alt.Chart().transform_filter(alt.datum.span).mark_bar(
        opacity=0.35, height=12, cornerRadius=3, clip=True).encode(
        x=alt.X("start:T", title=None, scale=scale), x2="end:T", y=y, color=color,
        tooltip=tooltip)
    points = alt.Chart().mark_circle(stroke="black", clip=True).encode(
        x=alt.X("mid:T", title=None, scale=scale, axis=axis),
        y=y, color=color, tooltip=tooltip,
        size=alt.condition(alt.datum.selected, alt.value(260), alt.value(70)),
        strokeWidth=alt.condition(alt.datum.selected, alt.value(2.5), alt.value(0)),
        opacity=alt.condition(brush, alt.value(0.9), alt.value(0.25)),
    ).add_params(brush, pick, zoom)
    stacked = alt.Chart().transform_aggregate(
        n="count()", groupby=["lane", "mid"]).transform_filter("datum.n > 1").transform_calculate(
        label="'×' + datum.n").mark_text(
        align="left", dx=7, dy=-7, fontSize=10, fontWeight="bold", clip=True).encode(
        x=alt.X("mid:T", scale=scale), y=y, text=alt.Text("label:N"))
    return alt.layer(bars, points, stacked).properties(height=height)


def histogram_data(rows: pd.DataFrame, bins: int = 80, domain=None) -> pd.DataFrame:
    """Events per time bin (``start``/``end`` in epoch ms, ``n``) from ``chart_data`` rows,
    each event counted once: at most ``bins`` rows go to the browser, not one per event.
    With a ``domain`` (the timeline's focus) the bins divide that range, so one 1994 date
    does not make every bin four months wide."""
    mids = rows.drop_duplicates("event_id")["mid"]
    if domain is not None:
        mids = mids[(mids >= _ms(domain[0])) & (mids <= _ms(domain[1]))]
    if mids.empty:
        return pd.DataFrame({"start": [], "end": [], "n": []})
    lo, hi = int(mids.min()), int(mids.max())
    width = max(DAY_MS, -(-(hi - lo + 1) // bins))
    width = -(-width // DAY_MS) * DAY_MS                  # whole days
    first = lo - lo % DAY_MS
    counts = ((mids - first) // width).value_counts().sort_index()
    starts = first + counts.index.to_numpy() * width
    return pd.DataFrame({"start": starts, "end": starts + width, "n": counts.to_numpy()})


def histogram_spec(domain=None, height: int = 70) -> dict:
    """The ``histogram_data`` bars under the timeline: where the mass of a corpus lies when
    its dots overplot. Data-free, as ``timeline_spec``."""
    import altair as alt

    scale = alt.Scale(domain=[_ms(domain[0]), _ms(domain[1])]) if domain else alt.Undefined
    chart = alt.Chart().mark_bar(color="#6b7b8c", clip=True).encode(
        x=alt.X("start:T", title=None, scale=scale,
                axis=alt.Axis(format="%d %b %Y", labelOverlap=True, tickMinStep=DAY_MS)),
        x2="end:T",
        y=alt.Y("n:Q", title="events", axis=alt.Axis(tickMinStep=1, format="d")),
        y2=alt.datum(0),                # a bar from zero: x and x2 alone make it a floating bar
        tooltip=[alt.Tooltip("start:T", title="From", format="%d %b %Y"),
                 alt.Tooltip("n:Q", title="Events")],
    ).properties(height=height)
    spec = chart.to_dict()
    spec.pop("datasets", None)
    spec.pop("data", None)
    return spec


def timeline_spec(lanes: list[str], domain=None, height: Optional[int] = None) -> dict:
    """The Vega-Lite spec for ``st.vega_lite_chart(chart_data(...), spec, on_select=...)``:
    data-free, so the app caches it (Altair's schema validation is a tenth of a second) and
    sends the rows separately. Tooltips are Vega-Lite's own, which set text, not HTML, so
    article text in them is inert."""
    spec = _layers(lanes, domain, height).to_dict()
    # Altair gives data-less layers a placeholder dataset of one empty row, which would add
    # an "undefined" lane and hide the rows Streamlit passes at the top level.
    spec.pop("datasets", None)
    for layer in spec["layer"]:
        layer.pop("data", None)
    return spec


def timeline_chart(df: pd.DataFrame, lane: str = "event_type",
                   selected: Optional[str] = None, height: Optional[int] = None,
                   domain=None) -> alt.LayerChart:
    """The same chart as an Altair object with its data (tests, the benchmark, notebooks)."""
    data = chart_data(df, lane=lane, selected=selected)
    return _layers(lanes_of(data, lane), domain, height).properties(data=data)


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


# --------------------------------------------------------------------------- aggregates
# A store too large to draw one mark per event shows counts per day, week or month and lane
# (``timeline.views.timeline``), with the same brush on the time axis.

BUCKET_DAYS = {"day": 1, "week": 7, "month": 31}


def bucket_for(lo, hi) -> str:
    """The bucket that keeps the bars countable: days up to about a year, weeks up to five
    years, months beyond (empty buckets are not sent, so a stray old date costs nothing)."""
    if lo is None or hi is None:
        return "day"
    days = (hi - lo).days
    return "day" if days <= 400 else "week" if days <= 5 * 366 else "month"


def aggregate_rows(counts: pd.DataFrame, bucket: str, max_lanes: int = 12,
                   other: str = OTHER_ACTORS) -> pd.DataFrame:
    """``views.timeline`` rows (``start``, ``lane``, ``events``) as the chart draws them:
    ``start``/``end`` in epoch ms, lanes beyond the ``max_lanes`` busiest lumped together."""
    df = counts.copy()
    top = df.groupby("lane")["events"].sum().sort_values(ascending=False).index[:max_lanes]
    df.loc[~df["lane"].isin(top), "lane"] = other
    df = df.groupby(["start", "lane"], as_index=False)["events"].sum()
    if bucket == "month":
        end = df["start"] + pd.offsets.MonthBegin(1)
    else:
        end = df["start"] + pd.Timedelta(days=BUCKET_DAYS[bucket])
    return pd.DataFrame({"start": _epoch_ms(df["start"]), "end": _epoch_ms(end),
                         "lane": df["lane"], "events": df["events"]})


def aggregate_focus(rows: pd.DataFrame, q: float = 0.02, pad_ratio: float = 0.1):
    """Where most events lie in ``aggregate_rows`` (the ``q`` and ``1 - q`` quantiles of the
    counts, padded), or None when that is nearly everything: one stray date does not
    squash a million events into a sliver."""
    if rows.empty:
        return None
    by = rows.groupby("start")["events"].sum().sort_index()
    cum = by.cumsum() / by.sum()
    first, last = int(by.index[(cum >= q).argmax()]), int(by.index[(cum >= 1 - q).argmax()])
    full = int(rows["end"].max()) - int(by.index[0])
    if (last - first) * 2 > full:
        return None
    pad = max(DAY_MS * 7, int((last - first) * pad_ratio))
    return (pd.Timestamp(first - pad, unit="ms"), pd.Timestamp(last + pad, unit="ms"))


def aggregate_spec(lane: str, domain=None, height: int = 260) -> dict:
    """Stacked bars of ``aggregate_rows`` (colours by event type when the lanes are types),
    with the timeline's ``brush`` on the time axis; data-free, as ``timeline_spec``. Written
    as the Vega-Lite that Altair would give (a test compares them): a large store's page then
    never imports Altair, a few seconds of its first render on a loaded machine."""
    if lane == "event_type":
        types = list(TYPE_COLORS)
        color = {"field": "lane", "legend": {"orient": "bottom"},
                 "scale": {"domain": types, "range": [TYPE_COLORS[t] for t in types]},
                 "title": "Event type", "type": "nominal"}
    else:
        color = {"field": "lane", "legend": {"columns": 4, "orient": "bottom"},
                 "title": "Actor", "type": "nominal"}
    x = {"axis": {"format": "%d %b %Y", "labelOverlap": True, "tickMinStep": DAY_MS},
         "field": "start", "title": None, "type": "temporal"}
    if domain:
        x["scale"] = {"domain": [_ms(domain[0]), _ms(domain[1])]}
    events = {"aggregate": "sum", "field": "events", "type": "quantitative"}
    return {
        "$schema": VEGA_LITE,
        "config": {"view": {"continuousWidth": 300, "continuousHeight": 300}},
        "mark": {"type": "bar", "clip": True},
        "encoding": {
            "color": color,
            "tooltip": [{"field": "start", "format": "%d %b %Y", "title": "From",
                         "type": "temporal"},
                        {"field": "lane", "title": "Lane", "type": "nominal"},
                        {**events, "title": "Events"}],
            "x": x, "x2": {"field": "end"},
            "y": {**events, "stack": "zero", "title": "events"}},
        "height": height,
        "params": [{"name": BRUSH, "select": {"type": "interval", "encodings": ["x"]}}],
    }
