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
def word_class(name: str) -> tuple[frozenset, tuple]:
    """The words and stems of word class ``name`` of ``data/events/event_words.toml``."""
    entry = read_toml(WORDS)[name]
    return frozenset(entry.get("words", ())), tuple(entry.get("stems", ()))


def in_class(word: str, name: str) -> bool:
    """``word`` belongs to word class ``name`` of ``data/events/event_words.toml`` (one of its
    words, or beginning with one of its stems), compared in lower case."""
    words, stems = word_class(name)
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


def reported(verb, tok):
    """The head of what the saying ``verb`` reports when the token ``tok`` is inside it (a
    complement of the verb: "The final kicks off on Sunday, organisers said"; "said that
    rebels attacked on Monday"), else None. A saying is dated by when it was said, not by
    the days of what it reports."""
    t = tok
    for _ in range(_REPORTED_STEPS):
        if t.head.i == t.i:
            return None
        if t.head.i == verb.i:
            return t if t.dep_ in REPORTED_DEPS else None
        t = t.head
    return None


def before_subject(content, start: int) -> bool:
    """Whether the character ``start`` lies between the saying's verb and the subject of what
    it reports (``content``'s head): "said the previous day it was preparing" was said the
    previous day, whatever clause the parser hung "the previous day" on."""
    subjects = [t.idx for t in content.children if t.dep_ in SUBJECT_DEPS]
    return bool(subjects) and content.head.idx < start < min(subjects)


# how the clause a saying reports hangs off the saying's verb
REPORTED_DEPS = ("ccomp", "parataxis")
_REPORTED_STEPS = 12
SUBJECT_DEPS = ("nsubj", "nsubjpass", "expl", "csubj")


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
