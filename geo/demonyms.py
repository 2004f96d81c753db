"""Demonyms: the one table (``data/demonyms.csv``) of adjectival and plural forms and the place
each denotes, read by toponym tagging, actor recognition and route grouping alike."""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

TABLE = Path(__file__).with_name("data") / "demonyms.csv"


@dataclass(frozen=True)
class Demonym:
    form: str               # as written: "Syrian", "Syrians"
    place: str              # the place it denotes: "Syria", "Tigray"
    country: str            # ISO2 of that place's country, "" when it spans several
    kind: str               # country | region
    plural: bool            # a people ("Syrians"), not an adjective ("Syrian")


@functools.lru_cache(maxsize=1)
def demonyms() -> dict[str, Demonym]:
    """Every demonym as written → its row."""
    with TABLE.open(encoding="utf-8") as fh:
        rows = csv.DictReader(ln for ln in fh if not ln.startswith("#"))
        return {r["demonym"]: Demonym(r["demonym"], r["place"], r["country"], r["kind"],
                                      r["form"] == "plural") for r in rows}


def of_state(form: str) -> bool:
    """``form`` names a state's people or its adjective ("Armenian", "Hondurans"), not a
    region's ("Kurdish", "Tigrayan")."""
    d = demonyms().get(form)
    return d is not None and d.kind == "country"


STATE_NAMES = Path(__file__).with_name("data") / "state_names.csv"


def _state_names() -> list[dict]:
    with STATE_NAMES.open(encoding="utf-8") as fh:
        return list(csv.DictReader(ln for ln in fh if not ln.startswith("#")))


@dataclass(frozen=True)
class Country:
    name: str
    iso2: str
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]       # seats of government standing for the state ("Baku")
    aliases: tuple[str, ...] = ()   # short and other forms of its name ("U.S.", "Britain")


@functools.lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """Every spelling that names a state (country, demonym, short form, seat of government) →
    Country: demonyms from the one table, other names from ``data/state_names.csv``."""
    names: dict[str, str] = {}
    dems: dict[str, list[str]] = {}
    for d in demonyms().values():
        if d.kind == "country" and d.country:
            names.setdefault(d.country, d.place)
            dems.setdefault(d.country, []).append(d.form)
    seats: dict[str, list[str]] = {}
    aliases: dict[str, list[str]] = {}
    for r in _state_names():
        (aliases if r["kind"] == "alias" else seats).setdefault(r["country"], []).append(r["name"])
    out: dict[str, Country] = {}
    for iso2, name in names.items():
        c = Country(name, iso2, tuple(dems[iso2]), tuple(seats.get(iso2, ())),
                    tuple(aliases.get(iso2, ())))
        for key in (c.name, *c.aliases, *c.demonyms, *c.capitals):
            out.setdefault(key, c)
    return out
