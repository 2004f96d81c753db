"""The dashboard's cached resources, per data folder (``EVENT_ATLAS_HOME``): the store, a data
version bumped by every write made from the app, the ``Data`` or ``Overview`` loaded for that
version, a large store's query answers, and the page offered when SQLite cannot read the store.
View pieces elsewhere are cached on a hash of the shown event ids (``flt_key``), so an
unchanged rerun rebuilds none of them."""
from __future__ import annotations

import hashlib
import os
import threading
from datetime import datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from timeline.corpus import relink
from timeline.dashboard.data import Data, Overview
from timeline.store import Store

SERVER_FROM = 50_000  # events from which the views are asked of the store, page by page


@st.cache_resource
def get_store(data_dir: str) -> Store:
    """The store, its links finished first if a run was stopped while relinking (one query
    when nothing is pending)."""
    store = Store(Path(data_dir) / "atlas.sqlite")
    relink(store)
    return store


@st.cache_resource
def shared_state(data_dir: str) -> dict:
    """Per data folder, shared by all sessions: the data version (bumped after every write
    from the app, so cached views refresh) and a lock so one session extracts at a time."""
    return {"version": 0, "lock": threading.Lock(), "loaded": set()}


@st.cache_resource(max_entries=2, show_spinner="Loading events…")
def load_data(data_dir: str, version: tuple) -> Data:
    return Data(get_store(data_dir))


@st.cache_resource(max_entries=2, show_spinner="Reading the store…")
def load_overview(data_dir: str, version: tuple) -> Overview:
    return Overview(get_store(data_dir))


def server_side(data_dir: str, version: tuple) -> bool:
    """Whether the store is too large to load into the page's frame: then every view asks
    the store (``timeline.views``). ``EVENT_ATLAS_SERVER_VIEWS`` sets the size (events)."""
    return event_count(data_dir, version) >= int(os.environ.get("EVENT_ATLAS_SERVER_VIEWS",
                                                                SERVER_FROM))


@st.cache_resource(max_entries=2, show_spinner=False)
def event_count(data_dir: str, version: tuple) -> int:
    return get_store(data_dir).event_count()


def data_version(store: Store, data_dir: str) -> tuple:
    """Changes whenever the store does: this app's own writes bump a counter, and the store's
    stamp catches writes from elsewhere."""
    return (shared_state(data_dir)["version"], *store.stamp())


def bump(data_dir: str) -> None:
    shared_state(data_dir)["version"] += 1


def flt_key(df: pd.DataFrame, data_dir: str) -> str:
    h = hashlib.sha1(str(shared_state(data_dir)["version"]).encode())
    h.update("\x1f".join(df["event_id"]).encode())
    return h.hexdigest()



# A large store's views ask the store (``timeline.views``, SQL over the corrected view tables)
# for what they draw, cached per data version and filters; nothing loads the whole corpus.
@st.cache_resource(max_entries=48, show_spinner=False)
def asked(what: str, version: tuple, key: str, _call):
    """One store query's answer per data version and filters (``key``: their repr)."""
    return _call()


def broken_store(data_dir: str, exc: Exception) -> None:
    """A store that SQLite cannot read: say which file, and offer to move it aside (kept,
    renamed, for recovery) so a new one is built from the startup corpus."""
    path = Path(data_dir) / "atlas.sqlite"
    st.error(f"The event store {path} cannot be read: {exc}. It may be damaged or not an "
             "Event Atlas store.", icon="⚠️")
    if st.button("Move it aside and rebuild", type="primary"):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = path.with_name(f"{path.name}.broken-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(str(path) + suffix)
            if part.exists():
                part.rename(Path(str(target) + suffix))
        get_store.clear()
        load_data.clear()
        shared_state(data_dir)["loaded"].clear()
        st.session_state.moved_store = str(target)
        st.rerun()
