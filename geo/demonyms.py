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
