"""The US local-news lean: how many names of US places an article's conventions are worth (``$``,
``Sept. 8``, ``7:35 p.m.``, ``the sheriff``), from the cues and counter-cues of
``geo/data/us_local_cues.toml``. In US local news an ambiguous name is the US town, though no
state is named.
"""
from __future__ import annotations

import functools
import re

from timeline.resources import occurs

from ..gazetteer import _toml_file


@functools.lru_cache(maxsize=1)
def _us_cues() -> tuple:
    """The US local-news cues and counter-cues of ``geo/data/us_local_cues.toml``."""
    rows = _toml_file("us_local_cues.toml")["cue"]
    return (tuple(re.compile(r["pattern"]) for r in rows if r["kind"] == "us"),
            tuple(re.compile(r["pattern"]) for r in rows if r["kind"] == "non_us"))


US_MIN_CUES = 2       # below this, no US weight
US_W_PER_CUE = 1.0    # weight (in names) per cue from the minimum on, capped at US_W_MAX
US_W_MAX = 3.0


def _us_local(text: str) -> float:
    """How many pseudo-names of US places the article's conventions are worth: US local news
    (``Dublin``, ``Athens`` with ``$``, ``Sept. 8``, ``7:35 p.m.``, ``the sheriff``, ``high
    school``) pulls ambiguous names home, without a state being named."""
    us, non_us = _us_cues()
    capped = US_MIN_CUES - 1 + US_W_MAX / US_W_PER_CUE   # more cues weigh no more
    cues = iter(us)
    score = 0
    for r in cues:
        score += occurs(r, text)
        if score >= capped:
            break
    if score < US_MIN_CUES:
        return 0.0      # (every cue read: the counter-cues could only lower the score)
    score -= sum(1 for r in non_us if occurs(r, text))
    for r in cues:      # the cues not read yet, while the counter-cues keep the score below the cap
        if score >= capped:
            break
        score += occurs(r, text)
    if score < US_MIN_CUES:
        return 0.0
    return min(US_W_MAX, US_W_PER_CUE * (score - US_MIN_CUES + 1))
