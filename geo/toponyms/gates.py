"""The namesake gates: the senses of a name the story leaves closed, dropped before scoring. The
small namesakes of a prominent place (``Berlin``, ``Paris``) unless the story names their country
or region or is near them, the senses a qualifier rules out, a country's own admin-1 namesake,
towns matched by an alternate name where another sense lies in the story's countries, and towns
named like a river or region written after ``the`` (``the Rio Grande``).
"""
from __future__ import annotations

from ..gazetteer import ADM1, CC, FEATURE, GID, Gazetteer, NAME, POP, key
from .doc_context import DocContext, in_context, in_region, prominent_sense
from .lexicon import STRONG_POP
from .weights import NAMESAKE_SHARE


def gate_namesakes(k: str, ids: tuple, ctx: DocContext, gz: Gazetteer) -> tuple:
    """The senses of name ``k`` the story leaves open (``_gate_prominent``, ``_gate_in_context``,
    ``_gate_the``)."""
    return _gate_the(k, _gate_in_context(k, _gate_prominent(k, ids, ctx, gz), ctx, gz), ctx, gz)


def _gate_the(k: str, ids: tuple, ctx: DocContext, gz: Gazetteer) -> tuple:
    """A name written after ``the`` (``the Rio Grande``, ``the Mekong``) is the curated river,
    sea, island group or region of the name, not a town or district of it (Rio Grande, New
    Jersey; Río Grande, Puerto Rico): English writes towns without the article."""
    if k not in ctx.the_names:
        return ids
    ents = gz.entries
    natural = [i for i in ids
               if ents[i][GID] is None and ents[i][FEATURE] in ("region", "landmark")]
    if not natural:
        return ids
    return tuple(i for i in ids if ents[i][FEATURE] not in ("city", "locality", "admin"))


def _gate_prominent(k: str, ids: tuple, ctx: DocContext, gz: Gazetteer) -> tuple:
    """Drop the small namesakes (towns under WORLD_CITY_POP) of a prominent place called
    ``k`` by its own name (``Berlin``, ``Paris``; not Paris's alternate name ``Bali``) unless
    the text names their country or admin-1 region (a namesake under ``NAMESAKE_SHARE`` of
    the prominent place's size needs its region), the story is local news of their country
    (the US lean breaks ties only: it keeps no namesake under ``NAMESAKE_SHARE``, so a US
    story's ``Lima office`` is Peru's unless Ohio is named),
    the namesake is a city of 100k+ of the people the story is about (``_demonym_context``), or
    another name of the story is near them (``Edmonton`` with ``London``; see ``DocContext``).
    A qualifier written after the name (``Toronto, Ontario``) keeps only what it names; a
    country's name is not its own admin-1 namesake unless written so (``Mexico`` is the country,
    ``State of Mexico``/``Mexico state`` the region)."""
    ents = gz.entries
    qual = ctx.quals.get(k)
    if qual and not any((ents[i][CC], ents[i][ADM1]) in qual or (ents[i][CC], "") in qual
                        for i in ids):
        qual = None
    country = {ents[i][CC] for i in ids[:8] if ents[i][FEATURE] == "country"}
    if k in ctx.region_written:
        country = set()
    big = max((ents[i][POP] for i in ids[:8] if prominent_sense(k, i, gz)), default=None)
    gate = big is not None
    kept = []
    for i in ids:
        e = ents[i]
        if qual and (e[CC], e[ADM1]) not in qual and (e[CC], "") not in qual:
            continue   # ``Toronto, Ontario``: the writer said which one
        if e[FEATURE] == "admin" and e[CC] in country:
            continue   # ``Mexico``: the country, not the State of Mexico
        if gate and e[FEATURE] in ("city", "locality") and not prominent_sense(k, i, gz):
            # a small namesake (where it lies is read only for these)
            tiny = not qual and e[POP] < NAMESAKE_SHARE * big
            if not (ctx.us_local and e[CC] == "US" and not tiny) \
                    and not (e[CC] in ctx.demonym_cc and e[POP] >= STRONG_POP) \
                    and not (in_region(k, e, ctx) if tiny else in_context(k, e, ctx)):
                continue   # not named, not local news, not near another place the story names,
                # not a real city of the people the story is about (``Lebanese troops in Tripoli``)
        kept.append(i)
    return tuple(kept) or ids


def _gate_in_context(k: str, ids: tuple, ctx: DocContext, gz: Gazetteer) -> tuple:
    """A town matched only by an alternate or differently spelled name (``Changi`` for China's
    Zhangye) is dropped when another sense lies where the story is (``in_context``):
    an alternate name is weak evidence, the story's own country strong."""
    ents = gz.entries
    # the first sense in context; those before it are not, those after it are read only when
    # they are alternate-name towns
    first = next((n for n, i in enumerate(ids) if in_context(k, ents[i], ctx)), None)
    if first is None:
        return ids
    return tuple(i for n, i in enumerate(ids) if n == first or key(ents[i][NAME]) == k
                 or ents[i][FEATURE] not in ("city", "locality")
                 or (n > first and in_context(k, ents[i], ctx)))
