"""What the dashboard shows, asked of the store in SQL: it never loads the whole corpus.

Every function takes the sidebar's ``filters.Filters`` (the same dataclass, the same meaning
as ``filters.apply``) and reads the store's view tables (``ev_view``, ``ev_facet``,
``ev_text``), which hold each event as the user corrected it: corrections win in every query.
Filters of dates, types and a slider's confidence cut (``summed``) are answered from the
summary tables the store keeps on write from those same rows (``ev_day``, ``ev_cells``): the
first page and broad filters read a few thousand rows, not a million.

- ``count``: how many events pass;
- ``option_counts``: the numbers beside each filter option (actors, types, sources, ...);
- ``timeline``: events per day, week or month and lane;
- ``map_view``: the events in a bounding box as points, or grid clusters when there are more
  than the map can draw;
- ``page``: one page of table rows (``filters.frame`` columns), in date order;
- ``date_bounds``: the first and last day any event covers.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from datetime import date
from typing import Literal, Optional

import numpy as np
import pandas as pd

from .filters import Filters, frame
from .store import CELL, CONF_BAND

__all__ = ["Filters", "BBox", "MapView", "count", "summary", "ids", "density", "option_counts",
           "timeline", "map_view", "page", "date_bounds", "where", "summed"]

_FACET_COLUMNS = {"actor_list": "a", "place_list": "p", "country_list": "c"}
_PLAIN_COLUMNS = {"event_type": "type", "source": "source"}
_COUNTED = {**_FACET_COLUMNS, "event_type": "t", "source": "s"}     # ``ev_count.f``


@dataclasses.dataclass(frozen=True)
class BBox:
    """The map's view: south, west, north, east in degrees (west > east crosses 180°)."""

    south: float
    west: float
    north: float
    east: float


@dataclasses.dataclass
class MapView:
    """``points`` (one row per event) when ``total`` ≤ the limit, else ``clusters`` (one row
    per grid cell: mean position and count); the other is None."""

    total: int
    points: Optional[pd.DataFrame] = None
    clusters: Optional[pd.DataFrame] = None
    cells: Optional[list] = None        # with world clusters: ``density`` rows (1° cells)


def where(f: Filters) -> tuple[str, list]:
    """The SQL condition on ``ev_view v`` that ``filters.apply`` evaluates in pandas."""
    sql, args = ["1"], []
    sql += _dates(f, "v", "v.t0 IS NOT NULL", "v.t0 IS NULL", args)
    for values, column in ((f.event_types, "v.type"), (f.sources, "v.source")):
        if values:
            sql.append(_one_of(column, values, args))
    for values, facet in ((f.actors, "a"), (f.countries, "c"), (f.places, "p")):
        if values:
            sql.append("v.rid IN (SELECT rid FROM ev_facet WHERE f=? AND v IN "
                       "(SELECT value FROM json_each(?)))")
            args += [facet, json.dumps(list(values))]
    if f.min_confidence > 0:
        sql.append("v.conf >= ?")
        args.append(f.min_confidence)
    if f.text.split():
        text, targs = _text(f.text)
        sql.append(text)
        args += targs
    if f.ids is not None:
        sql.append("v.event_id IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(sorted(f.ids)))
    return " AND ".join(sql), args


def _one_of(column: str, values, args: list) -> str:
    """``column`` is one of ``values`` (its argument appended to ``args``). One value is an
    equality: then the (type, t0, …) index yields a type's events in date order and a table
    page stops after its rows (picking one type: first page 258 → 1 ms at 1M events), where
    an IN list sorts every match first."""
    if len(values) == 1:
        args.append(next(iter(values)))
        return f"{column} = ?"
    args.append(json.dumps(list(values)))
    return f"{column} IN (SELECT value FROM json_each(?))"


def _text(text: str) -> tuple[str, list]:
    """The condition on ``ev_view v`` that every word of ``text`` is in its search text."""
    words = text.lower().split()
    long, short = [w for w in words if len(w) >= 3], [w for w in words if len(w) < 3]
    sql, args = [], []
    if long:                # substrings of three characters or more: the trigram index
        sql.append("v.rid IN (SELECT rowid FROM ev_fts WHERE ev_fts MATCH ?)")
        args.append(" AND ".join('"' + w.replace('"', '""') + '"' for w in long))
    if short:               # shorter ones: one pass over the search texts
        sql.append("v.rid IN (SELECT rid FROM ev_text WHERE "
                   + " AND ".join("instr(search, ?) > 0" for _ in short) + ")")
        args += short
    return " AND ".join(sql), args


_HITS_KEPT = 8          # text searches whose matches stay in temp tables


def _where(store, f: Filters) -> tuple[str, str, list]:
    """The view rows to read and ``where(f)`` on them: for a text search, a temp table
    holding a copy of the matching rows, found once per text and store version rather than
    once per view (a common word matches a tenth of a million events, and a filter change
    asks five views, each of which would look every match up again). Only statements that
    commit themselves (no INSERT): no transaction is left open over the store's reads, and
    none that another thread has open on the shared connection is committed early."""
    if not f.text.split():
        return ("ev_view", *where(f))
    key = json.dumps([f.text.lower().split(), list(store.stamp())])
    name = "temp.hits_" + hashlib.sha1(key.encode()).hexdigest()[:16]
    db = store.db
    if not db.execute("SELECT 1 FROM temp.sqlite_master WHERE name = ?",
                      (name[5:],)).fetchone():
        kept = [r[0] for r in db.execute(
            "SELECT name FROM temp.sqlite_master WHERE type = 'table' AND name GLOB 'hits_*'")]
        text, args = _text(f.text)
        for old in kept[:max(0, len(kept) + 1 - _HITS_KEPT)]:
            db.execute(f"DROP TABLE temp.{old}")
        db.execute(f"CREATE TABLE {name} AS SELECT * FROM ev_view v WHERE {text}", args)
    return (name, *where(dataclasses.replace(f, text="")))


def _band(min_confidence: float) -> Optional[int]:
    """The first confidence band (``store.CONF_BAND`` thousandths wide) a cut keeps whole,
    or None when the cut falls inside a band. The view's confidences are thousandths
    (``m / 1000`` exactly), so the least ``m`` that ``conf >= cut`` keeps decides."""
    if min_confidence <= 0:
        return 0
    m = math.floor(min_confidence * 1000)
    while m / 1000 < min_confidence:
        m += 1
    while (m - 1) / 1000 >= min_confidence:
        m -= 1
    return m // CONF_BAND if m % CONF_BAND == 0 else None


def _dates(f: Filters, t: str, dated: str, undated: str, args: list) -> list[str]:
    """The date-range condition (none, or one) on table alias ``t`` with day spans ``t0``,
    ``t1``: an event overlaps the range, or is undated when those are included. ``dated`` and
    ``undated`` say how the table marks an event with and without a date."""
    if f.date_from is None and f.date_to is None:
        return [] if f.include_undated else [dated]
    within = [dated]
    if f.date_from is not None:
        within.append(f"{t}.t1 > ?")
        args.append(f.date_from.toordinal())
    if f.date_to is not None:
        within.append(f"{t}.t0 < ?")
        args.append(f.date_to.toordinal() + 1)
    args.append(int(f.include_undated))
    return [f"(({' AND '.join(within)}) OR ({undated} AND ?))"]


def summed(f: Filters, spans: bool = True) -> Optional[tuple[str, str, list]]:
    """The summary table ``d`` and the condition on it that select what ``where(f)`` does,
    when ``f`` asks only what they count: dates (not in the map's ``ev_cells``: when not
    ``spans``), event types, a confidence cut on a band's edge. Else None: the view rows
    answer."""
    band = _band(f.min_confidence)
    if (f.actors or f.countries or f.places or f.sources or f.text.split()
            or f.ids is not None or band is None):
        return None
    table = "ev_day" if spans else "ev_cells"
    sql, args = ["d.cb = ?"], [band]               # the events of this band or above
    if not spans and (f.date_from is not None or f.date_to is not None):
        return None
    sql += _dates(f, "d", "d.t0 > 0" if spans else "d.dated = 1", "d.t0 = 0", args)
    if f.event_types:
        sql.append(_one_of("d.type", f.event_types, args))
    return table, " AND ".join(sql), args


def count(store, f: Filters = Filters()) -> int:
    """How many events pass the filters."""
    return summary(store, f)[0]


def summary(store, f: Filters = Filters()) -> tuple[int, int, int]:
    """How many events pass the filters, how many of them are dated, how many located: the
    dashboard's count line, in one pass (over the summary table when it can answer)."""
    broad = summed(f)
    if broad is not None:
        return tuple(int(x or 0) for x in store.db.execute(
            f"SELECT sum(d.n), sum(CASE WHEN d.t0 > 0 THEN d.n END), sum(d.located) "
            f"FROM {broad[0]} d WHERE {broad[1]}", broad[2]).fetchone())
    src, cond, args = _where(store, f)
    n, dated, located = store.db.execute(
        f"SELECT count(*), count(v.t0), count(v.lat) FROM {src} v WHERE {cond}",
        args).fetchone()
    return n, dated, located


def ids(store, f: Filters = Filters(), limit: Optional[int] = None) -> list[str]:
    """The ids of the events passing ``f`` in date order (undated last), at most ``limit``:
    what an export of the filtered view writes."""
    src, cond, args = _where(store, f)
    sql = (f"SELECT v.event_id FROM {src} v WHERE {cond} "
           f"ORDER BY v.t0 IS NULL, v.t0, v.event_id")
    if limit is not None:
        sql += " LIMIT ?"
        args = [*args, limit]
    return [r[0] for r in store.db.execute(sql, args)]


def density(store, f: Filters = Filters()) -> list[list]:
    """Located events passing ``f`` per 1° square: [south, west, count] rows, as
    ``geo.maps.density_cells`` counts a frame (the map's layer when markers are too many)."""
    return _density_rows(_cells(store, f))


def option_counts(store, column: str, f: Filters = Filters()) -> pd.Series:
    """Events per value of ``column`` (``event_type``, ``source``, ``actor_list``,
    ``place_list``, ``country_list``) among those passing ``f``: most first, ties by name,
    as ``filters.counts`` orders them."""
    src, cond, args = _where(store, f)
    if (src, cond) == ("ev_view", "1") and column in _COUNTED:   # no filter: kept counts
        sql = "SELECT v AS value, n FROM ev_count WHERE f = ? AND n > 0"
        args = [_COUNTED[column]]
    elif column in _FACET_COLUMNS:       # the filtered events first, then their facets
        sql = (f"SELECT x.v AS value, count(*) AS n FROM {src} v CROSS JOIN ev_facet x "
               f"ON x.rid = v.rid AND x.f = ? WHERE {cond} GROUP BY x.v")
        args = [_FACET_COLUMNS[column], *args]
    elif column in _PLAIN_COLUMNS:
        col = _PLAIN_COLUMNS[column]
        sql = (f"SELECT v.{col} AS value, count(*) AS n FROM {src} v WHERE {cond} "
               f"AND coalesce(v.{col}, '') <> '' GROUP BY v.{col}")
    else:
        raise ValueError(f"no counts for column {column!r}")
    rows = store.db.execute(sql + " ORDER BY n DESC, value", args).fetchall()
    return pd.Series([r[1] for r in rows], index=pd.Index([r[0] for r in rows], name=column),
                     name="count", dtype="int64")


Bucket = Literal["day", "week", "month"]
Lane = Literal["event_type", "source", "actor", "country", "place"]


def timeline(store, f: Filters = Filters(), bucket: Bucket = "day",
             lane: Lane = "event_type") -> pd.DataFrame:
    """Dated events per ``bucket`` (by their first day; ISO weeks from Monday) and ``lane``:
    columns ``start`` (datetime), ``lane``, ``events``. An event in two lanes (two actors)
    counts in both; one in none is left out of facet lanes."""
    sql, args = _per_day(store, f, lane)
    df = pd.DataFrame(store.db.execute(sql, args).fetchall(), columns=["lane", "day", "events"])
    days = df["day"].to_numpy("int64") - _EPOCH         # days since 1970-01-01, a Thursday
    if bucket == "week":
        days = days - (days + 3) % 7                     # back to Monday
    start = days.astype("datetime64[D]")
    if bucket == "month":
        start = start.astype("datetime64[M]").astype("datetime64[D]")
    df = (df.assign(start=start.astype("datetime64[ns]"))
          .groupby(["start", "lane"], as_index=False)["events"].sum()
          .sort_values(["start", "lane"], ignore_index=True))
    return df[["start", "lane", "events"]]


_EPOCH = date(1970, 1, 1).toordinal()


def _per_day(store, f: Filters, lane: Lane) -> tuple[str, list]:
    """The query counting dated events per lane and first day: by type, the summary table
    when it can answer, else the covering (type, t0, …) index in its own order."""
    broad = summed(f) if lane == "event_type" else None
    if broad is not None:
        return (f"SELECT d.type, d.t0, sum(d.n) FROM {broad[0]} d WHERE {broad[1]} "
                f"AND d.t0 > 0 GROUP BY d.type, d.t0 HAVING sum(d.n) > 0", broad[2])
    src, cond, args = _where(store, f)
    if lane in ("event_type", "source"):
        col, join = f"v.{_PLAIN_COLUMNS[lane]}", ""
    else:
        col = "x.v"
        join = f"CROSS JOIN ev_facet x ON x.rid = v.rid AND x.f = '{lane[0]}'"
    return (f"SELECT {col}, v.t0, count(*) FROM {src} v {join} "
            f"WHERE {cond} AND v.t0 IS NOT NULL GROUP BY {col}, v.t0", args)


def map_view(store, f: Filters = Filters(), bbox: Optional[BBox] = None,
             max_points: int = 2000, grid: int = 64) -> MapView:
    """The located events passing ``f`` inside ``bbox``: points (``event_id``, ``lat``,
    ``lon``, ``event_type``, ``confidence``, ``source``) up to ``max_points``, else clusters
    on a ``grid`` × ``grid`` lattice of the box (``lat``, ``lon`` = mean position, ``events``)."""
    broad = summed(f, spans=False) if bbox is None else None
    if broad is not None and store.db.execute(      # more than it draws: no need to look
            f"SELECT coalesce(sum(d.n), 0) > ? FROM ev_cells d WHERE {broad[1]}",
            [max_points, *broad[2]]).fetchone()[0]:
        return _world_clusters(store, f, grid)
    src, cond, args = _where(store, f)
    box = bbox or BBox(-90, -180, 90, 180)
    if bbox is None:                    # the whole world: only "located" to check
        cond = f"{cond} AND +v.lat IS NOT NULL AND +v.lon IS NOT NULL"
    else:
        cond, args = _in_box(store, cond, args, box)
    few = store.db.execute(f"SELECT v.event_id, v.lat, v.lon, v.type, v.conf, v.source "
                           f"FROM {src} v WHERE {cond} LIMIT ?", [*args, max_points + 1])
    points = pd.DataFrame(few.fetchall(), columns=[
        "event_id", "lat", "lon", "event_type", "confidence", "source"])
    if len(points) <= max_points:
        return MapView(len(points), points=points)
    if bbox is None:
        return _world_clusters(store, f, grid)
    width = ((box.east - box.west) % 360) or 360
    dlat, dlon = max((box.north - box.south) / grid, 1e-9), max(width / grid, 1e-9)
    rows = store.db.execute(
        f"SELECT avg(v.lat), avg(v.lon), count(*) FROM {src} v WHERE {cond} "
        f"GROUP BY CAST((v.lat - ?) / ? AS INTEGER), "
        f"CAST(((v.lon - ? + 360) % 360) / ? AS INTEGER) ORDER BY 3 DESC",
        [*args, box.south, dlat, box.west, dlon])
    clusters = pd.DataFrame(rows.fetchall(), columns=["lat", "lon", "events"])
    return MapView(int(clusters["events"].sum()), clusters=clusters)


def _cells(store, f: Filters) -> pd.DataFrame:
    """Located events passing ``f`` per 1° cell (``south``, ``west``, ``lat``, ``lon`` = mean
    position, ``events``), grouped along the store's cell index: no sort, no table read."""
    broad = summed(f, spans=False)
    if broad is not None:           # the summary table's cells (positions in millionths)
        rows = store.db.execute(
            f"SELECT d.cell, sum(d.slat) / 1e6 / sum(d.n), sum(d.slon) / 1e6 / sum(d.n), "
            f"sum(d.n) FROM ev_cells d WHERE {broad[1]} GROUP BY d.cell HAVING sum(d.n) > 0",
            broad[2])
    else:
        src, cond, args = _where(store, f)
        rows = store.db.execute(
            f"SELECT {CELL} AS c, avg(v.lat), avg(v.lon), count(*) FROM {src} v "
            f"WHERE {cond} AND v.lat IS NOT NULL AND v.lon IS NOT NULL GROUP BY {CELL}", args)
    df = pd.DataFrame(rows.fetchall(), columns=["cell", "lat", "lon", "events"])
    df["south"] = df["cell"] // 360 - 90
    df["west"] = df["cell"] % 360 - 180
    return df


def _world_clusters(store, f: Filters, grid: int) -> MapView:
    """The world's clusters on a ``grid`` × ``grid`` lattice, merged from the 1° cells (mean
    positions weighted by their counts), with the cells as the density layer."""
    cells = _cells(store, f)
    lat, lon = cells["lat"].to_numpy(float), cells["lon"].to_numpy(float)
    n = cells["events"].to_numpy(float)
    key = (np.minimum((lat + 90) // (180 / grid), grid - 1) * grid
           + np.minimum((lon + 180) // (360 / grid), grid - 1))
    _, at = np.unique(key, return_inverse=True)
    total = np.bincount(at, weights=n)
    clusters = pd.DataFrame({"lat": np.bincount(at, weights=lat * n) / total,
                             "lon": np.bincount(at, weights=lon * n) / total,
                             "events": total.astype("int64")})
    clusters = clusters.sort_values("events", ascending=False, ignore_index=True)
    return MapView(int(clusters["events"].sum()), clusters=clusters, cells=_density_rows(cells))


def _density_rows(cells: pd.DataFrame) -> list[list]:
    return [[float(s), float(w), int(n)]
            for s, w, n in cells[["south", "west", "events"]].itertuples(index=False)]


def _in_box(store, cond: str, args: list, box: BBox) -> tuple[str, list]:
    """``cond`` narrowed to ``box``: a box holding a good share of the events is scanned
    (``+``: no index); a small one is found through the (lat, lon) index (its covering
    count says which is which)."""
    inside = ("lat BETWEEN ? AND ? AND " + ("lon BETWEEN ? AND ?" if box.west <= box.east
                                              else "(lon >= ? OR lon <= ?)"))
    corners = [box.south, box.north, box.west, box.east]
    n_box, n_all = store.db.execute(
        f"SELECT (SELECT count(*) FROM ev_view WHERE {inside}), (SELECT count(*) FROM ev_view)",
        corners).fetchone()
    box_sql = inside.replace("lat", "v.lat").replace("lon", "v.lon")
    if n_box * 10 > n_all:
        box_sql = box_sql.replace("v.", "+v.")
    return f"{cond} AND {box_sql}", [*args, *corners]


Order = Literal["date", "confidence"]


def page(store, f: Filters = Filters(), offset: int = 0, limit: int = 100,
         order: Order = "date") -> pd.DataFrame:
    """One page of the events passing ``f`` as ``filters.frame`` rows, by date (undated last)
    or by confidence (highest first), ties by id."""
    src, cond, args = _where(store, f)
    sql = f"SELECT v.event_id FROM {src} v WHERE {cond}"
    if order == "confidence":
        ids = [r[0] for r in store.db.execute(
            f"{sql} ORDER BY v.conf DESC, v.event_id LIMIT ? OFFSET ?", [*args, limit, offset])]
    else:               # dated first along the date index, then the undated
        ids = [r[0] for r in store.db.execute(
            f"{sql} AND v.t0 IS NOT NULL ORDER BY v.t0, v.event_id LIMIT ? OFFSET ?",
            [*args, limit, offset])]
        if len(ids) < limit:
            dated = offset + len(ids) if ids else store.db.execute(
                f"SELECT count(*) FROM {src} v WHERE {cond} AND v.t0 IS NOT NULL",
                args).fetchone()[0]
            ids += [r[0] for r in store.db.execute(
                f"{sql} AND v.t0 IS NULL ORDER BY v.event_id LIMIT ? OFFSET ?",
                [*args, limit - len(ids), max(0, offset - dated)])]
    return frame(store.corrected(ids)).reset_index(drop=True)


def date_bounds(store) -> Optional[tuple[date, date]]:
    """First and last day any shown event covers (as ``filters.date_bounds``)."""
    lo, hi = store.db.execute("SELECT min(t0), max(t1) FROM ev_day "
                              "WHERE cb = 0 AND t0 > 0 AND n > 0").fetchone()   # summary
    return (date.fromordinal(lo), date.fromordinal(hi - 1)) if lo is not None else None
