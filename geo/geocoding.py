"""Choosing a geocoder by ``Settings.geocoder``: the offline gazetteer unless told otherwise.

An online geopy backend (``nominatim``, ``photon``, or any name ``geopy.get_geocoder_for_service``
knows) is used only when configured, wrapped in geopy's ``RateLimiter`` (1 query a second by
default, the Nominatim usage policy), cached in a small SQLite table under ``settings.data_dir``
so a name is asked once, and any failure (network, service, timeout) falls back to the gazetteer
with one warning per backend. ``Settings.geocoder_options`` is passed to the geopy class
(``user_agent``, ``domain``, ``timeout``...); ``min_delay_seconds`` goes to the RateLimiter.
"""
from __future__ import annotations

import json
import logging
import sqlite3
import threading
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Optional

from geopy.location import Location

from timeline.config import DEFAULT, Settings
from timeline.model import PlaceMention

from .gazetteer import Gazetteer, default_gazetteer

log = logging.getLogger(__name__)

OFFLINE = ("gazetteer", "offline", "", None)


class GeocodeCache:
    """``(backend, method, query) -> Location or None`` in SQLite: online answers, kept."""

    def __init__(self, path):
        self.path = str(path)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS geocode (backend TEXT, method TEXT, "
                       "query TEXT, answer TEXT, PRIMARY KEY (backend, method, query))")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def get(self, backend: str, method: str, query: str):
        """``(True, Location|None)`` when cached, ``(False, None)`` otherwise."""
        with self._lock, self._connect() as db:
            row = db.execute("SELECT answer FROM geocode WHERE backend=? AND method=? AND query=?",
                             (backend, method, query)).fetchone()
        if row is None:
            return False, None
        d = json.loads(row[0])
        if d is None:
            return True, None
        return True, Location(d["address"], (d["lat"], d["lon"]), d.get("raw") or {})

    def put(self, backend: str, method: str, query: str, loc: Optional[Location]) -> None:
        d = None if loc is None else {"address": loc.address, "lat": loc.latitude,
                                      "lon": loc.longitude, "raw": _jsonable(loc.raw)}
        with self._lock, self._connect() as db:
            db.execute("INSERT OR REPLACE INTO geocode VALUES (?, ?, ?, ?)",
                       (backend, method, query, json.dumps(d)))


def _jsonable(raw: Any) -> Any:
    try:
        json.dumps(raw)
        return raw
    except TypeError:
        return {}


@dataclass
class Geocoding:
    """``geocode``/``reverse`` through the configured backend, falling back to the gazetteer."""

    backend: str
    gazetteer: Gazetteer
    online: Any = None                  # a geopy Geocoder, or None for the gazetteer alone
    cache: Optional[GeocodeCache] = None
    _geocode: Optional[Callable] = field(default=None, repr=False)
    _reverse: Optional[Callable] = field(default=None, repr=False)
    _warned: bool = False

    def geocode(self, query: str, **kw) -> Optional[Location]:
        return self._ask("geocode", query, kw)

    def reverse(self, point, **kw) -> Optional[Location]:
        q = f"{float(point[0]):.5f},{float(point[1]):.5f}"
        return self._ask("reverse", q, kw, point=point)

    def _ask(self, method: str, query: str, kw: dict, point=None) -> Optional[Location]:
        arg = point if method == "reverse" else query
        if self.online is None:
            return getattr(self.gazetteer, method)(arg, **kw)
        if self.cache is not None:
            hit, loc = self.cache.get(self.backend, method, query)
            if hit:
                return loc
        try:
            fn = self._geocode if method == "geocode" else self._reverse
            loc = fn(arg, exactly_one=True, **kw)
        except Exception as exc:  # geopy errors, sockets, timeouts: the gazetteer answers
            if not self._warned:
                log.warning("geocoder %s failed (%s: %s); using the offline gazetteer",
                            self.backend, type(exc).__name__, exc)
                self._warned = True
            return getattr(self.gazetteer, method)(arg)
        if self.cache is not None:
            self.cache.put(self.backend, method, query, loc)
        return loc


def make_geocoding(settings: Settings = DEFAULT, *, geocoder_class=None) -> Geocoding:
    """The geocoding backend ``settings`` asks for (``geocoder_class`` overrides the geopy class
    looked up by name; tests pass a fake)."""
    from geopy.extra.rate_limiter import RateLimiter

    gz = default_gazetteer(settings)
    name = (settings.geocoder or "gazetteer").lower()
    if name in OFFLINE:
        return Geocoding("gazetteer", gz)
    opts = dict(settings.geocoder_options or {})
    delay = float(opts.pop("min_delay_seconds", 1.0))
    try:
        if geocoder_class is None:
            from geopy.geocoders import get_geocoder_for_service

            geocoder_class = get_geocoder_for_service(name)
        opts.setdefault("user_agent", "event-atlas")
        online = geocoder_class(**opts)
    except Exception as exc:
        log.warning("geocoder %r unavailable (%s); using the offline gazetteer", name, exc)
        return Geocoding("gazetteer", gz)
    # swallow_exceptions=False: failures reach Geocoding._ask, which falls back and warns once.
    geo = RateLimiter(online.geocode, min_delay_seconds=delay, max_retries=0,
                      swallow_exceptions=False)
    rev = RateLimiter(online.reverse, min_delay_seconds=delay, max_retries=0,
                      swallow_exceptions=False)
    cache = GeocodeCache(settings.data_dir / "geocode-cache.sqlite")
    return Geocoding(name, gz, online, cache, geo, rev)


_shared: dict[tuple, Geocoding] = {}
_shared_lock = threading.Lock()


def shared_geocoding(settings: Settings = DEFAULT) -> Geocoding:
    """One ``Geocoding`` per configuration, so its rate limiter spans every article."""
    key = (str(settings.geocoder).lower(), json.dumps(settings.geocoder_options or {},
                                                      sort_keys=True, default=str),
           str(settings.data_dir))
    with _shared_lock:
        if key not in _shared:
            _shared[key] = make_geocoding(settings)
        return _shared[key]


def fill_unresolved(places: list[PlaceMention], settings: Settings = DEFAULT) -> list[PlaceMention]:
    """Coordinates from the configured online backend for the places the gazetteer could not
    resolve (small villages, landmarks). Offline (the default) this returns ``places`` as they
    are, asking nothing; the country of an online answer comes from the offline gazetteer."""
    if (settings.geocoder or "gazetteer").lower() in OFFLINE or all(
            p.lat is not None for p in places):
        return places
    geo = shared_geocoding(settings)
    if geo.online is None:
        return places
    out = []
    for p in places:
        if p.lat is None:
            loc = geo.geocode(p.text)
            if loc is not None:
                near = geo.gazetteer.reverse((loc.latitude, loc.longitude))
                p = replace(p, lat=loc.latitude, lon=loc.longitude,
                            country=(near.raw.get("country") if near else p.country),
                            name=p.name or loc.address.split(",")[0], score=min(p.score, 0.5))
        out.append(p)
    return out
