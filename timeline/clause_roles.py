"""What a clause tells about the participants of an event, read from the parse: a relative
clause describing a participant, background told in the pluperfect or a modal, a place noun.
Both the event finder (``events``) and the event dater (``event_dates``) ask these questions,
so they live below both."""
from __future__ import annotations

import functools
from pathlib import Path

from .resources import read_toml
from geo.context import PLACE_NOUN

WORDS = Path(__file__).parent / "data" / "events" / "event_words.toml"


@functools.lru_cache(maxsize=None)
def _word_class(name: str) -> tuple[frozenset, tuple]:
    entry = read_toml(WORDS)[name]
    return frozenset(entry.get("words", ())), tuple(entry.get("stems", ()))


def in_class(word: str, name: str) -> bool:
    """``word`` belongs to word class ``name`` of ``data/events/event_words.toml`` (one of its
    words, or beginning with one of its stems), compared in lower case."""
    words, stems = _word_class(name)
    w = word.lower()
    return w in words or (bool(stems) and w.startswith(stems))


def describes_participant(c, stop=None) -> bool:
    """``c`` is (inside) a relative clause on a subject below ``stop`` ("The TPLF, which
    dominated Ethiopia's ruling coalition …, said"): who the speaker is, not what was said."""
    for x in [c, *c.ancestors()]:
        if x is stop:
            return False
        h = x.head
        if h is not None and h.dep_ == "relcl" and h.head.tag_.startswith("NN") \
                and h.head.dep_ in ("nsubj", "nsubjpass", "appos") \
                and not is_place_noun(h.head):
            return True
    return False


def in_relative(c, stop=None) -> bool:
    """``c`` is (inside) a background relative clause modifying a participant, below
    ``stop``: what it tells of the participant's past or intentions ("families who had refused
    to go to Azerbaijan to fight in Nagorno-Karabakh") is not where the main event happened.
    A relative clause of the event's time ("a helicopter that was flying over Armenia") is."""
    for x in [c, *c.ancestors()]:
        if x is stop:
            return False
        h = x.head
        if h is not None and h.dep_ == "relcl" and h.head.tag_.startswith("NN") \
                and not is_place_noun(h.head) and background(h):
            return True
    return False




def background(h) -> bool:
    """A pluperfect, modal, negated or intention verb ("had refused to go", "would fight")."""
    kids = list(h.children)
    if any(k.dep_ == "neg" for k in kids) or in_class(h.lower_, "intention_verbs"):
        return True
    return any(k.dep_ in ("aux", "auxpass") and (k.lower_ == "had" or k.tag_ == "MD")
               for k in kids)


def is_place_noun(t) -> bool:
    """"the village where …", "Akhur, which …": a relative clause of a place is about it."""
    return t.ent_type_ in ("GPE", "LOC", "FAC") or PLACE_NOUN.fullmatch(t.lower_) is not None
