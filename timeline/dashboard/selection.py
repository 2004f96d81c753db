"""The selected event: which view's click selects it (the timeline, the map, story mode), and
the side panel that reads it (date, type, actors, place, its sentence, the source article with
the sentence marked, the other sources that report it)."""
from __future__ import annotations

import streamlit as st

from geo.display import country_name
from timeline import source_view
from timeline.dashboard.data import Data


def select_from(source: str, value) -> bool:
    """The last view that changed its own selection wins (timeline click or map click);
    a view repeating an unchanged selection on rerun does not steal it back. True when
    ``value`` became the selection."""
    last = st.session_state.setdefault("_last_sel", {})
    changed = value is not None and last.get(source) != value
    if changed:
        st.session_state.selected = value
    last[source] = value
    return changed


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
