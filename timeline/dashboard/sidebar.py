"""The sidebar's filters and the URL that holds them: each filter widget's value lives in the
session state (so "Reset filters" and a shared link can set it), the options carry their event
counts, and the filters and the tiles switch are written to the address bar so a view can be
shared, bookmarked and reloaded."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from geo.display import country_name
from timeline import filters as flt
from timeline.dashboard.data import Data


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
