"""Exports of the filtered view: CSV, GeoJSON and JSONL of exactly the events shown (and the
routes the map draws for them), and the map as a standalone HTML page; for a large store, the
events are read from the store on click, up to ``EXPORT_LIMIT``."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import maps
from timeline import export, views
from timeline import filters as flt
from timeline.dashboard.data import Data
from timeline.store import Store

EXPORT_LIMIT = 100_000  # events a download of a large store's view holds at most


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
