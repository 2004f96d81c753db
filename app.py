"""Event Atlas dashboard: ``streamlit run app.py [-- --corpus PATH...]``.

A thin script that composes the views: page config, the startup corpus, the sidebar and the
two tabs. The sections live in ``timeline/dashboard/`` (cached loaders, sidebar filters and the
URL, the Atlas tab's map, timeline, table, selection and exports, the Corpus tab); the logic
they show lives in ``timeline.filters`` (what is shown), ``timeline.charts`` (the timeline),
``geo.maps`` (the map), ``timeline.corpus`` (extraction into the store) and
``timeline.export``. Resources are cached per data folder (``EVENT_ATLAS_HOME``, see
``timeline.dashboard.loaders``). Article text is untrusted: it is only ever shown as text
(``st.text``, table cells, chart tooltips) or escaped HTML (map popups, the source viewer).
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

import os  # noqa: E402  (after the title on purpose, see above)
import sqlite3  # noqa: E402
import sys  # noqa: E402

from timeline import filters as flt  # noqa: E402
from timeline.config import DEFAULT  # noqa: E402
from timeline.dashboard.atlas import atlas_server, atlas_tab  # noqa: E402
from timeline.dashboard.corpus_tab import corpus_arg, corpus_tab, ensure_corpus  # noqa: E402
from timeline.dashboard.loaders import (  # noqa: E402
    broken_store, data_version, get_store, load_data, load_overview, server_side)
from timeline.dashboard.sidebar import save_to_url, sidebar_filters  # noqa: E402


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


main()
