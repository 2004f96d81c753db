"""Temporal tagger: English news text → TIMEX3 mentions anchored on the publication date.

The rules of ``data/dates/grammar.toml``, compiled in order (``scan``), find candidate
spans; overlapping candidates are settled longest-first; then every kept span is normalised
in text order, so that narrative expressions ("the previous day", "a year earlier") can
anchor on the last date the text named, as TimeML does. Relative expressions need the
anchor (publication date): without one their value is None, never today's date.

Conventions (TimeML / TempEval-3): weekdays resolve by tense (past by default: the most
recent such day, the publication day itself when the weekday matches; "will"/"next"
forward); numeric dates follow ``Settings.date_order``; ranges keep the start as ``value``
and the end as ``end_value``.

The package, in the order a mention is made: ``lexicon`` (the vocabulary and grammar files
of ``data/dates/``, loaded once), ``values`` (the records a resolver returns and reads, and
the small ISO/number helpers), ``tense`` (which way a span points: the governing verb, cue
words, futurates), the resolvers by what they read (``absolute``: written dates, months,
years, holidays, decades, seasons, quarters; ``relative``: weekdays, day words, units
relative to the anchor or the narrative; ``durations``: durations, "ago"/"later", past/
present/future references, sets; ``clock``: clock times and times of day), ``scan`` (the
compiled rules, the trigger scan and the choice among overlapping candidates) and
``compose`` (ranges, day + time, shared years, modifiers), with ``discourse`` (what the
article tells of its own times across mentions: timetables, a clock's day, weekdays);
``find_dates`` here runs them. ``compose`` and ``discourse`` run once every span is
resolved, in this order: ``timetable``, ``day_after_clock``, ``compose_mentions``, ``range_day``,
``shared_year``, ``range_in_order``, ``same_day_again``, ``span_starts``, ``agreeing_weekdays``.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from .. import nlp
from ..config import DEFAULT, Settings
from ..model import DateMention
from .compose import (compose_mentions, note_told, range_day, range_in_order, range_spans,
                      same_day_again, shared_year, titled)
from .discourse import agreeing_weekdays, day_after_clock, span_starts, timetable
from .relative import counted_stretch   # the event layer reads it (a stretch dates nothing)
from .scan import candidates, day_ranges, resolve, scan_text, select, trim
from .tense import futurate      # the event layer reads it (a futurate clause looks ahead)
from .values import Ctx

__all__ = ["counted_stretch", "find_dates", "futurate"]


def find_dates(text: str, anchor: Optional[date], settings: Settings = DEFAULT,
               parsed=None) -> list[DateMention]:
    """Every temporal expression in ``text`` with its TIMEX3 value, sorted by start.

    ``anchor`` is the publication date; relative expressions get ``value=None`` without it.
    ``parsed`` (optional) is a spaCy Doc of the same ``text``, as the pipeline already has
    one: the direction of weekdays, bare months and the like then comes from the verb that
    governs them rather than from cue words nearby. A parse of another text is ignored.
    """
    if parsed is not None and nlp.text_length(parsed) != len(text):
        parsed = None
    ctx = Ctx(text, anchor, settings, parsed=parsed)
    taken = bytearray(len(text))
    scan = scan_text(text)
    spans = range_spans(day_ranges(scan), ctx, taken)     # day ranges first: they own their
    spans += select(candidates(scan), taken, ctx)         # parts ("September 23 and 27")
    spans.sort(key=lambda sp: sp.start)

    out: list[DateMention] = []
    for sp in spans:
        if sp.value is None:
            sp.value = resolve(sp, ctx)
            if sp.value is None:
                continue
        s, e = trim(text, sp.value.span_start or sp.start, sp.value.span_end or sp.end)
        if s >= e:
            continue
        v = sp.value
        if titled(text, s, e):
            continue
        out.append(DateMention(s, e, text[s:e], type=v.type, value=v.value,
                               end_value=v.end_value, mod=v.mod, relative=v.relative,
                               point=v.point))
        note_told(ctx, v, s, e)             # what the mentions after it read
    out = compose_mentions(text, day_after_clock(text, timetable(text, out), ctx))
    out = range_in_order(text, shared_year(text, range_day(text, out)), ctx)
    out = same_day_again(out, ctx)
    return agreeing_weekdays(span_starts(text, out), ctx)
