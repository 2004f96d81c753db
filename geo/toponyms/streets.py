"""Streets and roads written as names (``Wichita Drive``, ``E. Main Street``), numbered highways
(``Highway 19``, ``KY 90``) and state routes written with the state's AP abbreviation (``W.Va.
61``): places without coordinates, placed later by their containing place (``containment``).
"""
from __future__ import annotations

import re

from timeline.resources import finditer

from ..gazetteer import US_STATE_ABBREV, key
from .lexicon import INSTITUTION, MONTHS, NEXT_WORD, TITLES, _lexicon, _pattern
from .names import Candidate


# A street is up to three capitalised words (after an optional ``E.``/``North``) before a street
# word; the match starts at a word start, and leading function words (``On Main Street``,
# ``The Midland Trail``) are trimmed off in ``_streets``.
STREET_RE = _pattern("street_re")
# Numbered roads: ``Highway 19``, ``County Road 43``, ``Interstate 45``, ``Illinois Route 159``,
# ``State Highway 360``, ``KY 90``, ``FM 678``.
HIGHWAY_RE = _pattern("highway_re")
# State routes written with the state's AP abbreviation (``W.Va. 61``, ``S.C. 6``): roads, named.
STATE_ROUTE_RE = re.compile(r"(?<![\w.])((?:" + "|".join(
    re.escape(a) for v in US_STATE_ABBREV.values() for a in v if "." in a) + r") ?\d{1,3}[A-Z]?)\b")
STREET_AFTER = _lexicon("street_after", "set")
STREET_LEAD = _lexicon("street_lead", "set")


def _streets(text: str, stops: frozenset) -> list[Candidate]:
    """Streets, roads and numbered highways written as names (``Wichita Drive``, ``E. Main
    Street``, ``Highway 19``): places without coordinates. A capitalised function word that
    opens the run (``On Main Street``, sentence-initial ``The Midland Trail``) is not part of
    the name; a direction word is (``North Nokomis Street``) unless it opens a sentence before
    a street that is named without it elsewhere. A run followed by an organisation word
    (``Minnesota Highway Safety``, ``Court Street Church``) is an organisation."""
    out = []
    for m in finditer(STREET_RE, text) + finditer(HIGHWAY_RE, text):
        s, e = m.start(1), m.end(1)
        words = text[s:e].split(" ")
        while len(words) > 2 and (words[0] in STREET_LEAD - {"West", "East", "North", "South"}
                                  or key(words[0]) in MONTHS or words[0].endswith(("'s", "’s"))):
            s += len(words[0]) + 1
            words = words[1:]
        nxt = NEXT_WORD.match(text[e:e + 30])
        if nxt and (nxt.group(1) in STREET_AFTER or nxt.group(1) in INSTITUTION):
            continue
        if len(words) == 2 and key(words[0]) in stops and words[0] not in ("Main", "Market", "Park"):
            # ``The Drive``, ``Supreme Court``: a street word after a bare common word
            if key(words[0]) in MONTHS or words[0] in STREET_LEAD or words[0].lower() in TITLES:
                continue
        out.append(Candidate(s, e, text[s:e], source="street", strong=True))
    return out
