"""The dashboard's view of the events: one flat frame, the sidebar's filters, the counts.

Pure pandas and no Streamlit, so the app, the benchmark and the tests share it. ``frame``
turns events into the export's flat rows (``export.event_row``) plus the columns a view needs:
the time span a TIMEX3 value covers (a month-precision date is a month long, a range runs to
its end), list columns for actors/places/countries, and one lower-cased search text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Iterable, Mapping, Optional, Sequence

import pandas as pd

from .export import event_row
from .model import Event, Route
from .periods import event_span, span  # noqa: F401  (filters.span: the views' name for it)

def _split(joined: Optional[str]) -> list[str]:
    return [s for s in (joined or "").split("; ") if s]


def frame(events: Iterable[Event]) -> pd.DataFrame:
    """One row per event: the CSV columns plus ``t_start``/``t_end`` (datetimes, end exclusive
    by one day so a day is drawn as a day), ``actor_list``, ``place_list``,
    ``country_list`` and ``search`` (lower-cased sentence, actors, places, source)."""
    rows = []
    for e in events:
        row = event_row(e)
        s = event_span(row["event_date"], row["date_end"])
        row["t_start"] = datetime.combine(s[0], datetime.min.time()) if s else None
        row["t_end"] = datetime.combine(s[1] + timedelta(days=1), datetime.min.time()) if s else None
        row["actor_list"] = list(dict.fromkeys(a.name for a in e.actors))
        row["place_list"] = list(dict.fromkeys(p.name for p in e.places))
        row["country_list"] = sorted({p.country for p in e.places if p.country}
                                     | ({e.location.country} if e.location and e.location.country
                                        else set()))
        rows.append(row)
    df = pd.DataFrame(rows, columns=_COLUMNS)
    df["t_start"] = pd.to_datetime(df["t_start"])
    df["t_end"] = pd.to_datetime(df["t_end"])
    df["confidence"] = pd.to_numeric(df["confidence"]).fillna(0.0)
    df["latitude"] = pd.to_numeric(df["latitude"])
    df["longitude"] = pd.to_numeric(df["longitude"])
    df["edited"] = df["edited"].astype(bool)
    df["search"] = (df["sentence"].fillna("") + " \x1f " + df["actors"].fillna("") + " \x1f "
                    + df["places"].fillna("") + " \x1f " + df["source"].fillna("")
                    + " \x1f " + df["event_type"].fillna("")).str.lower()
    return df


_COLUMNS = [*event_row(Event(article_id="", sentence="", start=0, end=0)).keys(),
            "t_start", "t_end", "actor_list", "place_list", "country_list"]


@dataclass(frozen=True)
class Filters:
    """What the sidebar asks for; an empty selection means "no restriction"."""

    date_from: Optional[date] = None
    date_to: Optional[date] = None
    include_undated: bool = True
    actors: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    text: str = ""
    min_confidence: float = 0.0
    ids: Optional[frozenset[str]] = field(default=None)   # e.g. a brushed time range

    @property
    def active(self) -> bool:
        return self != Filters()


def _any_in(column: pd.Series, wanted: Sequence[str]) -> pd.Series:
    want = set(wanted)
    return column.map(lambda items: not want.isdisjoint(items)).astype(bool)


def apply(data, filters: Filters) -> pd.DataFrame:
    """The rows of ``data`` (a ``frame`` or a list of events) that pass ``filters``.

    A dated event passes the date range when its span overlaps it; undated events pass
    only with ``include_undated``. Text search is a case-insensitive substring match over
    sentence, actors, places, source and type; every word must match.
    """
    df = data if isinstance(data, pd.DataFrame) else frame(data)
    mask = pd.Series(True, index=df.index)
    if filters.date_from is not None or filters.date_to is not None:
        dated = df["t_start"].notna()
        ok = dated.copy()
        if filters.date_from is not None:
            ok &= df["t_end"] > pd.Timestamp(filters.date_from)
        if filters.date_to is not None:
            ok &= df["t_start"] < pd.Timestamp(filters.date_to) + pd.Timedelta(days=1)
        mask &= ok | (~dated & filters.include_undated)
    elif not filters.include_undated:
        mask &= df["t_start"].notna()
    if filters.event_types:
        mask &= df["event_type"].isin(filters.event_types)
    if filters.sources:
        mask &= df["source"].isin(filters.sources)
    if filters.actors:
        mask &= _any_in(df["actor_list"], filters.actors)
    if filters.countries:
        mask &= _any_in(df["country_list"], filters.countries)
    if filters.places:
        mask &= _any_in(df["place_list"], filters.places)
    if filters.min_confidence > 0:
        mask &= df["confidence"] >= filters.min_confidence
    for word in filters.text.lower().split():
        mask &= df["search"].str.contains(word, regex=False)
    if filters.ids is not None:
        mask &= df["event_id"].isin(filters.ids)
    return df[mask]


def counts(df: pd.DataFrame, column: str) -> pd.Series:
    """How many events name each value of ``column`` (a list column or a plain one),
    most frequent first, ties by name: the numbers shown beside the filter options."""
    series = df[column]
    if column.endswith("_list"):
        series = series.explode()
    series = series.dropna()
    series = series[series.astype(str) != ""]
    vc = series.value_counts()
    return vc.sort_index(kind="stable").sort_values(ascending=False, kind="stable")


def chosen_dates(picked, bounds) -> tuple[Optional[date], Optional[date]]:
    """A date-range input's value as (from, to): None where it sets no limit (the whole
    corpus, or a range still being picked: one date so far means "from then on")."""
    if not picked or not bounds:
        return None, None
    picked = tuple(picked) if isinstance(picked, (tuple, list)) else (picked,)
    lo = picked[0] if picked[0] and picked[0] > bounds[0] else None
    hi = picked[1] if len(picked) > 1 and picked[1] and picked[1] < bounds[1] else None
    return lo, hi


def date_bounds(df: pd.DataFrame) -> Optional[tuple[date, date]]:
    """First and last day any dated event covers."""
    if df["t_start"].notna().any():
        return df["t_start"].min().date(), (df["t_end"].max() - pd.Timedelta(days=1)).date()
    return None


# --------------------------------------------------------------------------- routes

def routes_shown(routes: Iterable[Route], shown: pd.DataFrame, everything: bool) -> list[Route]:
    """The routes that belong to the shown events: a route whose events are known shows when
    one of them is shown; one known only by its article, when an event of that article is;
    a route with neither (nothing ties it to a filter) only when nothing is filtered out."""
    ids, articles = set(shown["event_id"]), set(shown["article_id"])
    out = []
    for r in routes:
        if r.event_ids:
            keep = not ids.isdisjoint(r.event_ids)
        elif r.article_id is not None:
            keep = r.article_id in articles
        else:
            keep = everything
        if keep:
            out.append(r)
    return out


# --------------------------------------------------------------------------- the URL

# The sidebar's widget keys, their URL names and their "nothing chosen" values: a shared or
# reloaded link restores the view (``st.query_params``), and "Reset filters" returns here.
LIST_KEYS = {"f_types": "type", "f_actors": "actor", "f_sources": "source",
             "f_countries": "country", "f_places": "place"}
FILTER_DEFAULTS = {"f_dates": None, "f_undated": True, "f_text": "", "f_conf": 0.0,
                   **{k: [] for k in LIST_KEYS}}


def to_query(state: Mapping, bounds=None) -> dict[str, str | list[str]]:
    """The widget values that differ from their defaults, as URL query parameters (a date
    range equal to the corpus's ``bounds`` is no restriction, so it is left out)."""
    q: dict[str, str | list[str]] = {}
    for key, name in LIST_KEYS.items():
        if state.get(key):
            q[name] = [str(v) for v in state[key]]
    if state.get("f_text"):
        q["q"] = str(state["f_text"])
    if state.get("f_conf"):
        q["conf"] = f"{float(state['f_conf']):g}"
    if state.get("f_undated") is False:
        q["undated"] = "0"
    dates = state.get("f_dates")
    if dates and len(dates) == 2 and all(dates) and tuple(dates) != tuple(bounds or ()):
        q["from"], q["to"] = dates[0].isoformat(), dates[1].isoformat()
    return q


def from_query(params: Mapping[str, Sequence[str]]) -> dict:
    """Widget values from URL query parameters (each a list of strings, as
    ``st.query_params.to_dict``-with-lists gives); malformed values are ignored."""
    state: dict = {}
    for key, name in LIST_KEYS.items():
        if params.get(name):
            state[key] = list(dict.fromkeys(params[name]))
    if params.get("q"):
        state["f_text"] = params["q"][-1]
    try:
        if params.get("conf"):
            state["f_conf"] = min(1.0, max(0.0, float(params["conf"][-1])))
    except ValueError:
        pass
    if params.get("undated"):
        state["f_undated"] = params["undated"][-1] != "0"
    try:
        if params.get("from") and params.get("to"):
            lo, hi = date.fromisoformat(params["from"][-1]), date.fromisoformat(params["to"][-1])
            state["f_dates"] = (min(lo, hi), max(lo, hi))
    except ValueError:
        pass
    return state
