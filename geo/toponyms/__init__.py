"""Toponym recognition and resolution: which spans of an article are places, and where.

**Recognition** joins two signals and keeps what either is sure of:

- *gazetteer scan*: every run of capitalised words (with ``of``/``de``/``al``-style connectors,
  hyphens and dotted abbreviations such as ``W.Va.``) is looked up, longest first. A match alone is
  trusted when it names a country, an admin-1 region, a curated region or a city of 100k+, or when
  the text frames it as a place (``in``/``near``/``outside`` before it, ``, Ga.`` after it,
  ``the village of X``); it is dropped when it is a common English word written lower-case
  elsewhere in the article, a stop word, a month or weekday, or follows a title (``Mr.``, ``Gov.``);
- *spaCy NER* (``Settings.use_ner``): GPE and LOC spans are places even when the gazetteer lacks
  them (coordinates then come from the containing place the sentence names, else null); FAC only
  when the gazetteer knows it; PERSON spans veto a bare gazetteer match (``Jordan Smith``), ORG
  spans veto all but strong matches (``Laurel County`` in ``Laurel County Sheriff's Office``),
  except a span that is only places joined by ``and``/``to``/commas (``Abuja to Accra``); a
  town of 1,000+ people the model labels a group, an organisation or a person is a place as the
  object of a verb of attack, capture or movement (``Troops shelled Kidal``, ``pulled out of
  Bakhmut``: ``action_verb`` of ``geo/data/toponym_patterns.toml``).

Streets and roads written as names (``Wichita Drive``, ``Main St.``) are places without
coordinates. Demonyms (``Syrian forces``) count as places only with ``Settings.place_demonyms``:
news geoparsing corpora annotate them, the product's place list does not want them.

**Resolution** first drops the senses the story leaves closed: the small namesakes of a country,
a national capital or a world city (``Berlin``, ``Paris``) unless the text names their country or
state, the story is US local news, or another of its places is near them; the senses a qualifier
written after the name rules out (``Alexandria, La.``); a country's own admin-1 namesake
(``Mexico``); towns matched only by an alternate spelling where another sense lies in the story's
countries; the people the story is about (a demonym written twice: ``Lebanese troops``) open
the gate for their own cities of 100k+ (``Tripoli``, Lebanon). A name matched only by an
alternate name of small towns outside the countries the story names (a surname: ``Casa``, one
of Chas's names) is no place unless the model or the text calls it one. A name written
after ``the`` is the curated river, sea or region of the name, not a town (``the Rio Grande``).
A town the writer places in a country where no candidate lies (``the town of Palma in
Mozambique``), or that only has namesakes far from a story about one country, is a town the
gazetteer lacks: placed by its containing place, not abroad. It then scores each
remaining entry: a prior from population and feature type
(countries before regions before cities) plus document context (``DocContext``): the countries,
regions and places the other names expect, the demonyms written (``Chadian troops``) and the
conventions of US local news. One sense per discourse: every mention of a name in an article gets
the same place. A direction word before a country (``northern Chad``) makes the mention a region
of it, named as written, at its own point. Weights and thresholds are named constants with their
reasons; word lists and patterns live in ``geo/data``.

The modules: ``recognition`` orders the recognition steps (``scan``, ``people``, ``matches``,
``ner_spans``, ``forms``, ``streets``, ``lists``, over one ``reading`` of the article);
``resolution`` orders the resolution steps (``doc_context`` with prominence, ``us_news``,
``story``, ``gates``, ``scoring``, ``containment``, with their ``weights``); ``names`` and
``lexicon`` hold what both read. ``find_places`` runs the two; the package exports it and the records
and steps other code may build on.
"""
from __future__ import annotations

from timeline.config import DEFAULT, Settings
from timeline.model import Doc, PlaceMention

from ..gazetteer import default_gazetteer
from .containment import country_part
from .doc_context import DocContext
from .names import Candidate
from .recognition import recognise
from .resolution import resolve

__all__ = ["find_places", "recognise", "resolve", "Candidate", "DocContext"]


def find_places(doc: Doc, settings: Settings = DEFAULT) -> list[PlaceMention]:
    """Place mentions of ``doc``, sorted by start, resolved where the gazetteer allows."""
    gz = default_gazetteer(settings)
    text = doc.text
    if not text:
        return []
    cands = recognise(doc, gz, settings)
    out = resolve(doc, cands, gz)
    if settings.place_country_parts:
        country_part(text, out, gz)
    return out
