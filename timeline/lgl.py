"""Reader for the LGL geoparsing corpus XML, which TR-News shares (``<article>`` with ``<text>``
and gold ``<toponym>`` spans resolved to GeoNames). TR-News has gold spans whose offsets are
shifted; they are re-anchored to the nearest occurrence of the phrase."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional


@dataclass
class GoldToponym:
    start: int
    end: int
    phrase: str
    geonameid: Optional[int] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    fcode: str = ""


@dataclass
class GoldArticle:
    docid: str
    text: str
    title: str = ""
    dltime: str = ""
    toponyms: list[GoldToponym] = field(default_factory=list)


def _anchor(text: str, start: int, end: int, phrase: str) -> tuple[int, int]:
    if text[start:end] == phrase:
        return start, end
    best = None
    pos = text.find(phrase)
    while pos != -1:
        if best is None or abs(pos - start) < abs(best - start):
            best = pos
        pos = text.find(phrase, pos + 1)
    return (best, best + len(phrase)) if best is not None else (start, end)


def read(path: str | Path) -> Iterator[GoldArticle]:
    """Articles of an LGL-format file, gold spans checked against the text."""
    root = ET.parse(str(path)).getroot()
    for a in root.iter("article"):
        text = a.findtext("text") or ""
        art = GoldArticle(a.get("docid", ""), text, a.findtext("title") or "",
                          a.findtext("dltime") or "")
        for t in a.iter("toponym"):
            phrase = t.findtext("phrase") or ""
            s, e = _anchor(text, int(t.findtext("start")), int(t.findtext("end")), phrase)
            g = t.find("gaztag")
            gt = GoldToponym(s, e, phrase)
            if g is not None and g.findtext("lat"):
                gt.geonameid = int(g.get("geonameid")) if g.get("geonameid") else None
                gt.lat, gt.lon = float(g.findtext("lat")), float(g.findtext("lon"))
                gt.fcode = g.findtext("fcode") or ""
            art.toponyms.append(gt)
        yield art
