"""Temporal expressions → TIMEX3 values anchored on the publication date.

Baseline (to be replaced by the dates issue): explicit "D Month YYYY" / "Month D, YYYY" /
"Month D" dates only.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from .config import DEFAULT, Settings
from .model import DateMention

_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_M = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_M},?\s+(\d{{4}})\b")
_MDY = re.compile(rf"\b{_M}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b")


def find_dates(text: str, anchor: Optional[date], settings: Settings = DEFAULT) -> list[DateMention]:
    out: list[DateMention] = []
    taken: set[int] = set()
    for m in _DMY.finditer(text):
        d, mon, y = int(m.group(1)), _MONTHS[m.group(2).lower()], int(m.group(3))
        out.append(DateMention(m.start(), m.end(), m.group(0), value=f"{y:04d}-{mon:02d}-{d:02d}"))
        taken.update(range(m.start(), m.end()))
    for m in _MDY.finditer(text):
        if m.start() in taken:
            continue
        mon, d = _MONTHS[m.group(1).lower()], int(m.group(2))
        y = int(m.group(3)) if m.group(3) else (anchor.year if anchor else None)
        value = f"{y:04d}-{mon:02d}-{d:02d}" if y else None
        out.append(DateMention(m.start(), m.end(), m.group(0), value=value, relative=not m.group(3)))
    return sorted(out, key=lambda x: x.start)
