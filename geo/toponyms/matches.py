"""Whether a gazetteer match is a place: alone (``_strength``), by the NER label over it
(``_strong_by_label``), opening an institution's name (``Henderson County Jail``), after a
person's name and ``of`` (``Nadia Moayyad of Southlake``), as the object of a verb of attack,
capture or movement whatever name label the model gave it (``Troops shelled Kidal``), or not
at all (a demonym used as an adjective, a brand's spelling, an airport's ``East Gate``). These
filters keep common words, people and organisations named after places out of the place list.
"""
from __future__ import annotations

from typing import Optional

from timeline import nlp
from timeline.model import Entity

from ..gazetteer import CC, FEATURE, GID, Gazetteer, NAME, POP, key
from .lexicon import (COMMA_CAP, DEMONYM_PLACE_NOUNS, DIRECTIONS, INSTITUTION, LEADING_THE,
                      LOCATIVE, NEWS_RE, NEXT_LOWER_WORD, NEXT_NAME, NEXT_WORD, NEXT_WORD_SPACED,
                      PLACE_HEADS, PLACE_JOINERS, PLACE_TYPES, SITE_PARTS, SPACES_CAP, SPACE_CAP,
                      STRONG_POP, TITLES, TYPE_AFTER_RE, _lexicon, _pattern, _words)
from .names import Candidate, _demonyms, dotted, major, place_framed, prev_word, qualifier
from .reading import Reading


def _strength(c: Candidate, text: str, gz: Gazetteer, lower_words: set, stops: frozenset) -> bool:
    """Whether a gazetteer match is a place on its own (see the module docstring)."""
    top = gz.entries[c.ids[0]]
    k = key(c.text)
    words = c.text.split()
    if c.text.startswith("\x00"):
        return True
    if c.folded:
        # a spelling the gazetteer has only in another transliteration: a place only after a
        # locative word (``in Avdiivka``, ``near Slovyansk``) and not as the first part of a
        # longer name (``at Minnie Howard``)
        return len(c.text) > 3 and k not in stops and prev_word(text, c.start) in LOCATIVE \
            and not SPACES_CAP.match(text[c.end:c.end + 3])
    if (k in stops and not dotted(c.text, gz)) or c.text.lower() in lower_words or (len(words) == 1 and c.text.isupper() and len(c.text) <= 3
                                                        and not gz.names.get("\x00" + c.text)):
        return False
    if len(c.text) <= 2:
        return False
    prev = prev_word(text, c.start)
    feat = top[FEATURE]
    if feat in ("country", "admin", "region") and not c.text.isupper():
        return True
    if prev in TITLES:
        return False
    # A following capitalised word that is not a place (``Jordan Smith``) makes it a name.
    after = text[c.end:c.end + 40]
    m = NEXT_NAME.match(after)
    if m and not gz.ids(m.group(1)) and m.group(1).lower() not in stops:
        return False
    feat = top[FEATURE]
    if feat in ("country", "admin", "region") or "\x00" in k:
        return True
    if top[POP] >= STRONG_POP and len(gz.names.get(k, ())) >= 1 and (
            key(top[NAME]) == k or dotted(c.text, gz) or not all(key(w) in stops for w in words)):
        # a big city's alternate name made of common words (``White House``, Casablanca's
        # translation) does not make a place on its own
        return True
    if prev in LOCATIVE and top[POP] >= 1000:
        return True
    if COMMA_CAP.match(after) and qualifier(text, c.end, gz):
        return True
    if (TYPE_AFTER_RE.match(after) or _local_noun_after(text, c.end)) and top[POP] >= 1000:
        return True
    if feat == "landmark" and top[GID] is None and (len(words) > 1 or prev == "the"):
        # a curated landmark of several words (``Lachin Corridor``) names nothing else; one
        # word after ``the`` is a feature's name (``the Danube``, ``the Kremlin``)
        return True
    return False


def judge_scanned(r: Reading, c: Candidate) -> None:
    """A gazetteer match is a place when trusted alone, by its NER label, or inside an
    organisation's name; else pending (``one_sense``, ``grow_lists`` may take it)."""
    gz, text = r.gz, r.text
    e = r.ent_over(c.start, c.end)
    top = gz.entries[c.ids[0]]
    if c.text in _demonyms() and (key(top[NAME]) != key(c.text) or _adjective_use(text, c.end)):
        return   # ``Kazakh officials``, ``Somali forces``: a demonym, not a town or region
    if _acronym_shaped(text, c, gz):
        return   # ``MiG fighters``, ``(UPI)``: a brand or an agency's initials
    if site_part(c.text) and top[FEATURE] in ("city", "locality") and top[POP] < STRONG_POP:
        return   # ``the East Gate`` of an airport, not Eastgate, Washington
    c.label = e.label if e else ""
    # a stop word (``The``, ``He``: nearly half the matches) is never a place alone; its
    # letters (``us`` of ``U.S.``), looked up once for the tests below
    stop_word = key(c.text) in r.stops
    stop = stop_word and not dotted(c.text, gz) and not c.text.startswith("\x00")
    alone = not stop and _strength(c, text, gz, r.lower_words, r.stops)
    if c.text.split()[0] in PLACE_HEADS and len(c.text.split()) > 1 and not c.text.isupper() \
            and (e is None or e.label in ("PERSON", "GPE", "LOC", "NORP")):
        # ``Tel Abyad``, ``Ras al-Ain``: a name opened by a generic word of Arabic place names
        # is a place even where the model took it for a person's name
        c.strong = True
        r.accept(c)
        return
    if c.folded:
        # a spelling the gazetteer has in another transliteration (``Hodeidah``): a place by
        # its strength, the model's place label over it, or an action's frame
        if c.text in r.person_words:
            return
        if e is None:
            place = alone or acted_on(r, c, None)
        elif e.label in ("GPE", "LOC"):
            place = alone or (e.start, e.end) == (c.start, c.end)
        else:
            place = e.label in NAME_LABELS and acted_on(r, c, e)
        if place:
            c.strong = True
            r.chosen.append(c)
        return
    if c.text in r.person_words and not major(top):
        r.pending.append(c)
        return
    # (a stop word outside an NER place: what ``_strong_by_label`` decides, without its work)
    strong = False if stop and (e is None or e.label not in ("GPE", "LOC", "FAC")) \
        else _strong_by_label(r, c, e, top, alone, stop_word)
    if strong is None:
        return   # the NER candidate covers it
    c.strong = strong
    if c.strong:
        r.accept(c)
    else:
        r.pending.append(c)
        if e is not None and e.label == "ORG" and top[FEATURE] == "admin" and top[CC] == "US" \
                and not NEWS_RE.search(e.text):
            # ``Georgia Bureau of Investigation``: not tagged, but evidence of the state
            r.context.append(Candidate(c.start, c.end, c.text, c.ids, source="context"))


LOCAL_NOUNS = _lexicon("local_nouns", "set")


def _local_noun_after(text: str, end: int) -> bool:
    """``Roselle police``, ``Vicksburg residents``: a town's public body or people follow."""
    m = NEXT_LOWER_WORD.match(text[end:end + 30])
    return m is not None and m.group(1) in LOCAL_NOUNS


def _adjective_use(text: str, end: int) -> bool:
    """A lower-case noun follows (``Somali forces``), not a place noun (``Somali region``)."""
    m = NEXT_LOWER_WORD.match(text[end:end + 30])
    return m is not None and m.group(1) not in DEMONYM_PLACE_NOUNS


def site_part(name: str) -> bool:
    """A direction and a part of a site (``East Gate``, ``North Terminal``)."""
    words = name.lower().split()
    return len(words) == 2 and words[0] in DIRECTIONS and words[1] in SITE_PARTS


def _acronym_shaped(text: str, c: Candidate, gz: Gazetteer) -> bool:
    """A one-word match written in a case no place of the name is written in: a capital after
    a small letter (``MiG``, ``JetBlue``; not ``DeKalb``, the gazetteer's own spelling, nor
    ``LoC``, a curated landmark's abbreviation), or
    initials in brackets spelling a town's ordinary name (``(UPI)`` is the agency, not Upi;
    ``(UAE)`` abbreviates a country and stays)."""
    w = c.text
    if " " in w or not w.isalpha():
        return False
    if not (w.isupper() or w[1:].islower()) and any(
            a.islower() and b.isupper() for a, b in zip(w, w[1:])):
        # a curated abbreviation of a landmark or region (``LoC``) is spelled so on purpose
        return w not in {gz.entries[i][NAME] for i in c.ids} and all(
            gz.entries[i][FEATURE] in ("city", "locality") for i in c.ids)
    return w.isupper() and len(w) > 1 and text[c.start - 1:c.start] == "(" \
        and text[c.end:c.end + 1] == ")" and any(
            key(n) == key(w) and not n.isupper() for n in {gz.entries[i][NAME] for i in c.ids})


def _strong_by_label(r: Reading, c: Candidate, e: Optional[Entity], top: tuple,
                     alone: bool, stop_word: bool) -> Optional[bool]:
    """Whether gazetteer match ``c`` is a place given the NER entity over it (None: an NER
    place candidate covers it already); ``stop_word``: its key is a stop word's."""
    gz, text = r.gz, r.text
    # a stop word, not an abbreviation written with dots (``U.S.``)
    stop = stop_word and not dotted(c.text, gz)
    if _leads_institution(r, c, e, stop) or _residence(r, c, stop_word):
        return True
    if e is not None and e.label in ("PERSON", "NORP") and alone and top[GID] is None \
            and top[FEATURE] in ("region", "landmark") \
            and (" " in c.text or prev_word(text, c.start) == "the"):
        return True   # ``the Darien Gap``, ``the Evros``: a curated feature the model misread
    if e is not None and e.label in NAME_LABELS and not stop_word \
            and acted_on(r, c, e):
        return True   # ``Troops shelled Kidal``: the place an action happens to or moves from
    if e is None:
        if not (r.ents and alone):
            return alone
        # The model saw it and called it nothing: keep only names that cannot be words.
        return (top[FEATURE] in ("country", "admin", "region") or c.text[:2] in ("U.", "D.")
                or top[POP] >= STRONG_POP or prev_word(text, c.start) in LOCATIVE
                or qualifier(text, c.end, gz) is not None or c.text.isupper()
                or _local_noun_after(text, c.end))
    if e.label in ("GPE", "LOC", "FAC"):
        the = LEADING_THE.match(e.text)
        e_start = e.start + (the.end() if the else 0)
        if not (c.start == e_start and c.end > e.end and text[e.end:e.end + 1] == " "
                and not c.folded):
            return None
        return True   # ``Tal Abyad`` where the model saw only ``Tal``: the longer name
    if e.label == "PERSON":
        # A person's name that is a place (``Jordan Smith``) is a person; a lone word the
        # model guessed a person (``Alexandria woman``) is a place when it can stand alone,
        # possessive and all (``Sri Lanka's president``: the model's PERSON ends after 's).
        return e.start == c.start and alone and (
            e.end == c.end or text[c.end:e.end] in ("'s", "’s"))
    if e.label == "NORP":
        # a demonym-like label on a town the text frames as a place (``Greer, S.C.``)
        return alone and c.text not in _demonyms() and place_framed(text, c.start, c.end, gz)
    if not alone and stop:
        return False   # (what the last test below decides, before the work above it)
    # ``Mansfield Police Department``, ``Henderson County Jail``: the place leads the name;
    # countries and states anywhere (``University of Georgia``).
    lead = LEADING_THE.sub("", e.text)
    leads = e.text.endswith(lead) and e.start + len(e.text) - len(lead) == c.start
    nxt = NEXT_WORD_SPACED.match(text[c.end:e.end])
    inst = nxt is not None and nxt.group(1).rstrip("'’s") in INSTITUTION
    feat = top[FEATURE]
    # The corpora tag places inside organisation names (``U.S. Department of Justice``,
    # ``Georgia Bureau of Investigation``, ``Kentucky State Police``): countries anywhere,
    # admin-1 regions leading the name, towns leading an institution's name; a place
    # after ``in`` inside the entity is the model's span running on (``the Children's
    # Hospital of Manitoba in Winnipeg``).
    if alone and joined_places(r, e):
        return True   # ``Abuja to Accra`` read as one organisation: the places it joins
    return ((feat == "country" or (feat == "admin" and leads)
             or (top[POP] >= 1000 and leads and inst))
            or (e.start == c.start and e.end == c.end and alone)
            or (e.start < c.start and prev_word(text, c.start) in ("in", "near", "outside")
                and (top[POP] >= 1000 or feat in ("admin", "region")))) \
        and not stop and not prev_word(text, c.start) in TITLES


# The model's labels of names that are no place: a town it gives one of them is still a
# place in an action's frame (``Kupiansk`` ORG, ``Toretsk`` LANGUAGE, ``Soledar`` PERSON).
NAME_LABELS = ("NORP", "ORG", "PERSON", "PRODUCT", "LANGUAGE", "WORK_OF_ART", "EVENT")
ACTION_VERBS = _words("action_verb")
ACTION_PREPS = _words("action_prep")
ACTION_FRAME_BEFORE = _pattern("action_frame_before")
# The population a town needs to be taken in an action's frame against the model's label, the
# floor of a town after ``in``: measured over LGL, TR-News, news-wide, news-dev and TimeBank,
# the towns so framed had 40,000 people or more, the names that were no town a determiner or a
# longer organisation's name (``the Webster``, ``Magna``); towns the gazetteer gives no
# population (0: ``Tessalit``) are as often hamlets named like a person and are left out.
ACTION_POP = 1000


def acted_on(r: Reading, c: Candidate, e: Optional[Entity]) -> bool:
    """``Troops shelled Kidal``, ``rebels pulled out of Bakhmut``: a town the model labels a
    group, an organisation, a person or another name (``e``, exactly its span) or leaves
    unlabelled (``e`` None: ``Airstrikes hit Hodeidah``, a spelling it only folds), is a place
    as the object or the prepositional complement of a verb of attack, capture or movement
    (``action_verb``), when the gazetteer knows a town of the name and the article uses it for
    no person, demonym or longer organisation's name (``Chelsea`` of ``Chelsea Football
    Club``)."""
    text = r.text
    prev = prev_word(text, c.start)
    if (e is not None and (e.start, e.end) != (c.start, c.end)) or c.text.isupper() \
            or len(c.text) <= 2 or c.text in r.person_words or c.text in _demonyms() \
            or c.text.lower() in r.lower_words or prev in TITLES or prev == "the":
        return False   # ``struck the Webster``: a town is not written after ``the``
    if not any(r.gz.entries[i][FEATURE] in ("city", "locality")
               and r.gz.entries[i][POP] >= ACTION_POP for i in c.ids):
        return False
    if any(o.label == "ORG" and LEADING_THE.sub("", o.text).startswith(c.text + " ")
           for o in r.ents):
        return False
    if r.parsed is None:
        return ACTION_FRAME_BEFORE.search(text, max(0, c.start - 30), c.start) is not None
    return _action_object(r.parsed, c.start, c.end)


def _action_object(parsed, start: int, end: int) -> bool:
    """The parse makes ``[start, end)`` the direct object of an ``action_verb`` (or an adverb
    of it: the tagger reads an unknown name after a verb as ``RB``), or the object of its
    preposition (``withdrew from``, ``pulled out of``), itself or as a conjunct (``Kidal and
    Gao``)."""
    span = nlp.span(parsed, start, end)
    if span is None:
        return False
    tok = span.root
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
    if tok.dep_ in ("dobj", "advmod"):
        return tok.head.tag_.startswith("VB") and tok.head.lower_ in ACTION_VERBS
    if tok.dep_ != "pobj":
        return False
    head = tok.head
    while head.dep_ == "prep" and head.lower_ in ACTION_PREPS:
        head = head.head
        if head.tag_.startswith("VB"):
            return head.lower_ in ACTION_VERBS
    return False


RESIDENCE_OF_RE = _pattern("residence_of_re")


def _residence(r: Reading, c: Candidate, stop_word: bool) -> bool:
    """``Nadia Moayyad of Southlake``, ``Rebecca Sears, 41, of Grovetown``: a town after a
    person's name (a PERSON entity ends there, or the word is the article's person) and
    ``of`` is where the person lives, whatever the model made of the run."""
    top = r.gz.entries[c.ids[0]]
    if stop_word or c.text in r.person_words or c.text.isupper() \
            or (top[POP] < 1000 and top[FEATURE] not in ("admin", "region")):
        return False   # (tested before the search: most scanned words are stop words)
    lo = max(0, c.start - 30)
    # (every match has ``of``: a window without one is not searched)
    m = RESIDENCE_OF_RE.search(r.text, lo, c.start) if "of" in r.text[lo:c.start] else None
    if m is None:
        return False
    end = m.end(1)
    # the last word before ``end`` (split from the right: not the whole text before it)
    last = r.text[:end].rsplit(None, 1)
    surname = last[-1].rstrip(",") if last else ""
    if not surname[:1].isupper() or surname in INSTITUTION or NEXT_NAME.match(r.text, c.end):
        return False   # ``the administration of George Bush``: no name before, one after
    return surname in r.person_words or any(
        e.label == "PERSON" and e.end == end for e in r.ents)


FACILITY_HEADS = _lexicon("facility_heads", "set")


def _leads_institution(r: Reading, c: Candidate, e: Optional[Entity], stop: bool) -> bool:
    """``Litchfield Superior Court``, ``Henderson County Jail``, ``Huntsville Fire Chief``,
    ``Beaconsfield Mayor``: a town or county opening an institution's or an office's name is a
    place whatever the model called the name (organisation, facility, person) or if it saw
    none; not a common word or the article's person (``Lincoln Memorial``, ``Welch Fire``),
    nor a type word of the place itself (``Dublin City``) when no entity frames the name."""
    text, top = r.text, r.gz.entries[c.ids[0]]
    if top[POP] < 1000 and top[FEATURE] not in ("admin", "country", "region"):
        return False
    if stop or c.text in r.person_words \
            or prev_word(text, c.start) in TITLES or c.text.isupper():
        return False
    if e is not None:
        the = LEADING_THE.match(e.text)
        if e.start + (the.end() if the else 0) != c.start or e.end <= c.end:
            return False
    nxt = NEXT_WORD.match(text[c.end:c.end + 30])
    word = nxt.group(1).rstrip("'’s") if nxt else ""
    if nxt and e is not None and e.label == "PERSON" and e.end == c.end + nxt.end() \
            and not SPACE_CAP.match(text, e.end):
        return False   # ``Linda Daily``: a person's name of two words
    return word in INSTITUTION and word not in FACILITY_HEADS \
        and (e is not None or word not in PLACE_TYPES)


def joined_places(r: Reading, e: Entity) -> bool:
    """Entity ``e`` is two or more gazetteer names joined only by ``PLACE_JOINERS``: the
    model ran places together (``Abuja to Accra``), it named no organisation."""
    inner = [g for g in r.scanned if e.start <= g.start and g.end <= e.end]
    if len(inner) < 2:
        return False
    pos, gaps = e.start, []
    for g in sorted(inner, key=lambda g: g.start):
        gaps.append(r.text[pos:g.start])
        pos = g.end
    gaps.append(r.text[pos:e.end])
    inside = gaps[1:-1]
    return not gaps[0].strip() and not gaps[-1].strip() and all(
        g.split() and all(w in PLACE_JOINERS for w in g.replace(",", " , ").split()) for g in inside)
