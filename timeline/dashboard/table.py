"""The events table: the shown events as an editable ``st.data_editor`` (selected first, then
by date, capped), its edits saved as store corrections (type, date, actors, place, delete),
and the merge and undo controls under it."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.display import country_name
from geo.gazetteer import default_gazetteer
from timeline.dashboard.data import Data
from timeline.dashboard.loaders import bump, shared_state
from timeline.model import EVENT_TYPES, place_ref
from timeline.resources import pattern
from timeline.source_view import VIEW_PATTERNS
from timeline.store import Store

TABLE_LIMIT = 2000    # rows in the editable table at most (the selected event comes first)

_DATE_OK = pattern(VIEW_PATTERNS, "timex_value")


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
