"""Which way a span points in time: tense from cue words around it (parse-free) or from
the verb that governs it in the parse (modals, "will", progressive and perfect forms,
planned states, deferrals, futurates such as "kicks off on Sunday"). Weekdays, bare months
and seasons resolve forward or back by it; ``futurate`` is also read by the event layer.
"""
from __future__ import annotations

from typing import Optional

from .. import nlp
from ..resources import word_char
from .lexicon import CONTEXT, SENT_CUT, VOCAB
from .values import Ctx


_FUTURE_CUES = CONTEXT["future_cues"]
# "would be paid", "to be completed": a participle under a modal looks ahead
_MODAL_BEFORE = CONTEXT["modal_before"]
# "had been scheduled to expire Friday": a plan already past
_PAST_PLAN = CONTEXT["past_plan"]
# "extended the deadline until Tuesday": the end of a wait lies ahead of the report
_UNTIL_BEFORE = CONTEXT["until_before"]
_PAST_CUES = CONTEXT["past_cues"]
# "rose in the 12 months through June": the end of a period, no wait
_PERIOD_TO_BEFORE = CONTEXT["period_to_before"]
# "The elections are held on Sunday": a present "be" and a plan's or an event's participle
_PRESENT_PLAN = CONTEXT["present_plan"]
_CAPTION_SUBJECT = CONTEXT["caption_subject"]


# how far tense cues are looked for around a span: about a clause of news prose on the left
# (where the verb a date modifies usually stands), less on the right
_CUE_REACH_LEFT = 80
_CUE_REACH_RIGHT = 60
# how many heads up the parse to look for the verb that governs a span (deeper is another clause)
_GOVERNOR_DEPTH = 12
# a bare month more than this many months from the anchor's, with no tense either way, is
# taken in the other year (the nearest occurrence)
NEAREST_MONTHS = 6
# a day and month without a year within this many days of the anchor is the nearest one,
# whatever the tense (tense only decides for days further off), but under "will" or a verb
# told as done (absolute.day_month_year)
NEAREST_DAYS = 90

# the auxiliaries that tell a clause's time: "will", "shall" (what is to come, whatever date
# is nearest), a present or past "be" ("is expected", "was due")
WILL = frozenset(("will", "shall", "'ll", "wo"))
_PRESENT_BE = frozenset(("is", "are", "'s", "'re", "am"))
PAST_BE = frozenset(("was", "were"))
_FRAME_WORDS = frozenset(("when", "while", "as"))  # a clause framing a done event


def _clause_left(text: str, start: int) -> str:
    """Up to _CUE_REACH_LEFT characters before ``start``, from the last sentence end."""
    left = text[max(0, start - _CUE_REACH_LEFT):start]
    cut = [m.end() for m in SENT_CUT.finditer(left)]
    return left[cut[-1]:] if cut else left


def _until_ahead(left: str) -> bool:
    """"extended the deadline until Tuesday" (not "Until Thursday, they had...", nor the end
    of a period of statistics: "rose in the 12 months through June")."""
    until = _UNTIL_BEFORE.search(left)
    return bool(until and any(word_char(ch) for ch in left[:until.start()])) and \
        not _PERIOD_TO_BEFORE.search(left)


def _tense(text: str, start: int, end: int, right: bool = True) -> str:
    """'future', 'past' or '' from the nearest tense cue in the clause around the span.

    Looks left first (the verb a weekday modifies usually precedes it in news) then right
    (unless ``right`` is false: a parse has already named the governing verb, and the words
    after the span belong to another clause, as "organisers said" after "kicks off Sunday").
    """
    left = _clause_left(text, start)
    if _until_ahead(left):
        return "future"
    best = ""
    best_pos = -1
    plan = _PRESENT_PLAN if not _CAPTION_SUBJECT.match(left) else None
    for cues, label in ((plan, "future"), (_FUTURE_CUES, "future"), (_PAST_CUES, "past")):
        if cues is None:
            continue
        for m in cues.finditer(left):
            if m.start() > best_pos:
                best_pos, best = m.start(), label
                if label == "future" and _PAST_PLAN.search(left, 0, m.start()):
                    best = "past"
                elif label == "past" and _MODAL_BEFORE.search(left, 0, m.start()):
                    best = "future"
    if best or not right:
        return best
    right = text[end:end + _CUE_REACH_RIGHT]
    stop = SENT_CUT.search(right)
    if stop:
        right = right[:stop.start()]
    f = _FUTURE_CUES.search(right)
    p = _PAST_CUES.search(right)
    if f and (not p or f.start() < p.start()):
        return "future"
    if p:
        return "past"
    return ""


# With a parse, the verb that governs the expression decides, so that each clause of reported
# speech keeps its own tense ("said Tuesday it would meet Friday") and no cue word of a
# neighbouring clause leaks in. Tags, not morphology: the pipeline's spaCy model runs without
# its attribute ruler, so ``morph`` is empty and ``tag_`` (VBD, VBZ, MD...) is what is set.
_VERB_TAGS = frozenset(("VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"))
# an infinitive under these looks ahead ("agreed to acquire ... in January")
_FUTURE_GOVERNORS = frozenset(VOCAB["future_governors"])
# participles that look ahead on their own ("the vote, expected Tuesday")
_FUTURE_PARTICIPLES = frozenset(VOCAB["future_participles"])
_FORECAST_PARTICIPLES = frozenset(VOCAB["forecast_participles"])
# present-tense verbs that state rather than schedule: "is worth ... in October"
_STATIVE_VERBS = frozenset(VOCAB["stative_verbs"])
# verbs that start or stop something on a schedule ("reopens", "takes effect"): the class
# the event layer reads too (event_dates: a futurate clause is not pulled before publication)
_FUTURATE = frozenset(VOCAB["futurate"])
_FUTURATE_LIGHT = frozenset(VOCAB["futurate_light"])
_FUTURATE_OBJECTS = frozenset(VOCAB["futurate_objects"])
_FUTURATE_ACL = frozenset(VOCAB["futurate_acl"])


def futurate(verb) -> bool:
    """A present-tense verb that starts or stops something on a schedule ("reopens on
    Monday", "takes effect on Jan. 1"): what it tells is planned, not reported."""
    if verb.tag_ not in ("VBZ", "VBP"):
        return False
    return verb.lower_ in _FUTURATE or verb.lower_ in _FUTURATE_LIGHT and any(
        k.lower_ in _FUTURATE_OBJECTS for k in verb.subtree)


def ctx_tense(ctx: Ctx, start: int, end: int, present: str = "") -> str:
    """Tense around a span: from the parse when there is one and it decides, else cue words.

    A present-tense verb with no cue either way gives ``present``: "future" for weekdays
    ("meet separately Monday" is a plan); for months ``"event"``: "future" when the verb
    names an event ("the trial opens in November": a timetable), nothing when it states
    ("worth $130 million in October", "is in November": the nearest October)."""
    if ctx.parsed is not None:
        found = governing_verb(ctx, start, end)
        if _until_ahead(_clause_left(ctx.text, start)) and not _waited_past(found):
            return "future"
        if found is not None:
            t, verb = found
            if _voted(ctx, start, end, verb):
                verb = verb.head                   # the vote's time, not the decision's
            if _deferred_to(ctx, start, end, t):
                return "future"
            tense = _verb_tense(verb)
            if verb.dep_ == "acl" and verb.lower_ in _FUTURATE_ACL:
                return "future"                    # "budget talks beginning in June"
            if tense == "present" and futurate(verb):
                return "future"                    # its own tense decides, not a cue word
                #                                    after it ("ends for the affected areas")
            if tense == "present":                 # a timetable: "kicks off Sunday"
                if present == "event":             # (a caption's "stands guard" is seen)
                    present = "" if t.lower_ in _STATIVE_VERBS and not _captioned(verb) \
                        else "future"
                # cue words from the verb on: not those of a clause in its subject ("The
                # law, passed in May, takes effect in January") or of the verb of saying
                lo = min(t.idx, verb.idx) if verb.idx < start else 0
                if lo == verb.idx and _present_passive(ctx, start, end, verb):
                    lo += len(verb.text)           # "are held on Sunday", "is being held
                #                                    Saturday": "held" is no past cue here
                if present == "future" and (_captioned(verb) or _anterior(ctx, start, end, t)):
                    present = "past"               # "A protester throws a stone on Monday"
                if _event_told_past(ctx, start, end):
                    return "past"                  # "are investigating a crash Thursday that
                #                                    took the life of": the crash's time
                return _tense(ctx.text[lo:end], start - lo, end - lo, right=False) or present
            if tense:
                return tense
    return _tense(ctx.text, start, end)


_VOTE_VERBS = frozenset(VOCAB["vote_verbs"])
_ON = frozenset(("on",))


def _voted(ctx: Ctx, start: int, end: int, verb) -> bool:
    """Is ``verb`` the infinitive a vote decides ("voted to approve the budget on Wednesday")
    with a day told at it, bare or after "on": then the day is the vote's, as news tells a vote
    by its day (not "voted to strike from Monday", a span ahead; nor "voted to raise fares in
    January", a month of what was decided)?"""
    if verb.dep_ != "xcomp" or verb.head.lower_ not in _VOTE_VERBS or \
            not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    on = hung_on(ctx, start, end, _ON)
    return on is not None and on.i == verb.i


# prepositions that put what they govern before the time of their clause
_ANTERIOR_PREPS = frozenset(VOCAB["anterior_preps"])


def _anterior(ctx: Ctx, start: int, end: int, verb) -> bool:
    """Does the span hang on a verb of state ("is", "remains", a present passive) through
    "after"/"since"/"following" in the parse ("A man remains hospitalized after a crash ...
    Friday night")? Then it is before the state told as now: the last such day. (Not under a
    verb of event: "meets on Friday after the vote on Thursday" may be the coming one.)"""
    if verb.lower_ not in _STATIVE_VERBS and not any(
            c.dep_ == "auxpass" or c.dep_ == "cop" for c in verb.children):
        return False
    t = span_words(ctx, start, end)[1]
    for _ in range(_GOVERNOR_DEPTH):
        if t.i == verb.i or t.head == t:
            return False
        if t.dep_ == "prep" and t.lower_ in _ANTERIOR_PREPS:
            return True
        t = t.head
    return False


def _present_passive(ctx: Ctx, start: int, end: int, verb) -> bool:
    """A participle under a present "be" that tells the span's time: a progressive passive
    ("is being held Saturday") or a passive the span hangs straight on ("are held on Sunday",
    "is closed on Monday"). Its group's tense is its finite auxiliary's, present (a habit or a
    timetable); the participle only looks like a past verb. (Not "after being stabbed on
    Friday": no present "be"; nor "is charged with murder in a shooting on Saturday", "are
    injured in a crash on Sunday": a noun's event below, done before; "were held", "have been
    held" are past in _verb_tense.)"""
    aux = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ != "VBN" or not any(w in _PRESENT_BE for w in aux):
        return False
    if "being" in aux:
        return True
    on = hung_on(ctx, start, end)
    return on is not None and on.i == verb.i


_RELATIVE_DEPS = frozenset(("relcl", "acl"))


def _event_told_past(ctx: Ctx, start: int, end: int) -> bool:
    """Does the span follow a noun whose relative clause after it is in the past ("Police are
    investigating a crash early Thursday that took the life of ...", "the cause of a blaze
    Monday morning that damaged a home")? Then it dates that noun's event, told as done,
    not the present verb's plan (not "a storm Thursday that could bring snow")."""
    words = span_words(ctx, start, end)
    if words is None or words[0].start == 0:
        return False
    noun = ctx.parsed[words[0].start - 1]
    if not noun.tag_.startswith("NN"):
        return False
    nouns = [noun]                          # (the parse may hang the clause on "the cause of")
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.tag_.startswith("NN"):
        nouns.append(noun.head.head)
    return any(c.dep_ in _RELATIVE_DEPS and c.i >= words[0].end and _verb_tense(c) == "past"
               for n in nouns for c in n.children)


def _captioned(verb) -> bool:
    """A present simple verb, active or passive, whose subject is one indefinite someone ("A
    riot police officer shoots a tear gas canister in Santiago on Monday", "A protester is
    detained by police on Monday"): a photo caption's present, which shows what was seen, not
    a timetable's ("The minister meets his counterparts on Friday", "Elections are held on
    Sunday")."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ in ("VBZ", "VBP") and not aux:
        subject = "nsubj"
    elif verb.tag_ == "VBN" and len(aux) == 1 and aux[0].dep_ == "auxpass" and \
            aux[0].tag_ in ("VBZ", "VBP") and \
            verb.lower_ not in _FUTURE_PARTICIPLES | _FORECAST_PARTICIPLES:
        subject = "nsubjpass"                  # "is detained", not "is being held" nor "was"
        #                                        nor a plan or forecast ("is predicted for")
    else:
        return False
    return any(c.dep_ == subject and any(d.dep_ == "det" and d.lower_ in ("a", "an")
                                         for d in c.children) for c in verb.children)


# verbs that move a time forward: "extended the deadline until Tuesday" waits ahead of the
# report though the verb is past; after any other past verb the wait is over ("the fighting
# continued until January", "lasted until Tuesday")
_DEFERRAL_VERBS = frozenset(VOCAB["deferral_verbs"])


_DEFERRAL_PREPS = frozenset(VOCAB["deferral_preps"])


def span_words(ctx: Ctx, start: int, end: int):
    """(``nlp.span`` of the parse over the span, its root word), None when it has no words;
    looked up once per mention (the tense checks ask for the same words several times)."""
    key = (start, end)
    if key not in ctx.words:
        span = nlp.span(ctx.parsed, start, end)
        ctx.words[key] = (span, span.root) if span is not None and len(span) else None
    return ctx.words[key]


def _deferred_to(ctx: Ctx, start: int, end: int, verb) -> bool:
    """"has been postponed to Saturday", "was rescheduled for Monday" (in the parse): the time
    a deferral verb moves something to lies ahead of the report, whatever the verb's tense."""
    words = span_words(ctx, start, end)
    prep = words[1].head if words is not None else None
    if prep is None or prep.lower_ not in _DEFERRAL_PREPS or verb.lower_ not in _DEFERRAL_VERBS:
        return False
    head = prep.head.head if prep.head.dep_ in ("advmod", "prt") else prep.head
    return head.i == verb.i                     # also "pushed back to January"


def _waited_past(found) -> bool:
    """Is "until X" under a past verb that does not defer (in the parse): a wait now over?
    (Not a present perfect: "has given them until Tuesday" still waits.)"""
    if found is None:
        return False
    verb, matrix = found
    perfect = any(c.lower_ in ("has", "have", "'ve") for c in matrix.children)
    return verb.lower_ not in _DEFERRAL_VERBS and not perfect and _verb_tense(matrix) == "past"


def governing_verb(ctx: Ctx, start: int, end: int):
    """(nearest verb above the span in the parse, the verb whose tense it takes), or None;
    walked once per mention (the tense checks of one mention each ask for it)."""
    key = (start, end)
    if key not in ctx.governors:
        ctx.governors[key] = _walk_to_verb(ctx, start, end)
    return ctx.governors[key]


# prepositions that put what a verb tells at the time after them ("began in April")
_AT_TIME_PREPS = frozenset(VOCAB["at_time_preps"])


def verb_on(ctx: Ctx, start: int, end: int):
    """The verb the span (or its "in"/"on"/"during"/"at") hangs straight on in the parse,
    governing its own clause ("The trial began in April", "The season ends in May"), else
    None: then its tense is read, not guessed. (Not "a summit set for April", "told of a
    cutback in September": a participle or a noun between, whose tense the parse often
    misreads; nor "until April", a deadline's month ahead of the verb.)"""
    found = governing_verb(ctx, start, end) if ctx.parsed is not None else None
    if found is None or found[0].i != found[1].i:
        return None
    return hung_on(ctx, start, end, _AT_TIME_PREPS)


def hung_on(ctx: Ctx, start: int, end: int, preps: Optional[frozenset] = None):
    """The verb the span hangs on in the parse, straight or through one preposition (one of
    ``preps`` when given): "attacked ... on March 5", "Last year she married"; None inside a
    noun phrase ("Results for the year are due")."""
    found = governing_verb(ctx, start, end)
    if found is None:
        return None
    head = span_words(ctx, start, end)[1].head
    if head.dep_ == "prep":
        if preps is not None and head.lower_ not in preps:
            return None
        head = head.head
    return found[0] if head.i == found[0].i else None


def noun_modifier(word) -> bool:
    """Does a date's word modify a noun in the parse ("a June agreement", "the company
    Christmas party")? Then no verb governs it (its tense is the noun's event's, not a
    verb's): one test for the walk to the verb and for the holidays that read it."""
    return word.dep_ in ("compound", "nmod") and word.head.tag_.startswith("NN")


def _walk_to_verb(ctx: Ctx, start: int, end: int):
    words = span_words(ctx, start, end)
    if words is None or noun_modifier(words[1]):
        return None                         # (not "a June agreement": a noun's modifier)
    span, t = words
    for _ in range(_GOVERNOR_DEPTH):          # up to the nearest verb
        if acts_as_verb(t) and t.i not in range(span.start, span.end):
            return t, _matrix_verb(t, span)
        if t.head == t:
            return None
        t = t.head
    return None


def tenseless(ctx: Ctx, start: int, end: int) -> bool:
    """Is the span in a sentence with no finite verb, in the parse: a noun at its root ("Lane
    closure Wednesday and Thursday to repair sewer main", "Viewing hours Monday from 4-7"), or
    a bare participle with no auxiliary or subject ("Closed through Thursday")? A listing or a
    forecast line tells no tense: a weekday there is the nearest one, and a past cue word of
    a neighbouring clause is not its own."""
    words = span_words(ctx, start, end) if ctx.parsed is not None else None
    if words is None or any(_finite(t) for t in words[1].sent):
        return False                        # (a verb the parse left aside still tells one)
    found = governing_verb(ctx, start, end)
    if found is None:
        return True
    v = found[1]
    return v.dep_ == "ROOT" and v.tag_ in ("VBN", "VBG") and \
        not any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children)


# after a present "be", these put what they govern ahead: "is expected", "are due", "is set"
_PLANNED_STATES = frozenset(VOCAB["planned_states"])


def will_clause(ctx: Ctx, start: int, end: int, intent: bool = False) -> bool:
    """Is the span governed, in the parse, by a verb under "will"/"shall" or a deferral verb's
    "to"/"for" ("postponed to March 3"), by a present "be"
    with a participle or adjective of planning ("is expected", "are due", "is set"), or, with
    ``intent``, by an infinitive of intent ("plans to open", "the summit, to be held")?"""
    if ctx.parsed is None:
        return False
    found = governing_verb(ctx, start, end)
    if found is None:
        return False
    if _deferred_to(ctx, start, end, found[0]):
        return True                         # "postponed to March 3": ahead, as under "will"
    verb = found[1]
    aux = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    now = verb.lower_ in _PRESENT_BE or any(w in _PRESENT_BE for w in aux)
    planned = verb.lower_ in _PLANNED_STATES or any(
        c.dep_ == "acomp" and c.lower_ in _PLANNED_STATES for c in verb.children)
    if any(w in WILL for w in aux) or now and planned or \
            "to" in aux and verb.dep_ == "xcomp" and _planned_now(verb.head):
        return True                         # (also "is set to meet", "is going to meet")
    # "plans to open", "agreed to meet", "the summit, to be held": an infinitive of intent
    # (for a month; a day named under one is too often a deadline just past: "a ruling to
    # repatriate the child by Jan. 14" read on Jan. 15)
    return intent and "to" in aux and "have" not in aux and _verb_tense(verb) == "future"


def _planned_now(gov) -> bool:
    """Is ``gov`` a present "be" with a state of planning ("is set", "are scheduled", "is
    due", "is going") or on its own ("is to meet"), whose infinitive is what is to come?"""
    if gov.lower_ in _PRESENT_BE:
        return True                         # "is to meet", "is due to meet" (under "is")
    aux = [c.lower_ for c in gov.children if c.dep_ in ("aux", "auxpass")]
    if gov.dep_ == "acomp":                 # "is due to meet": "due" under "is"
        aux.append(gov.head.lower_)
    planned = gov.lower_ in _PLANNED_STATES or gov.lower_ == "going"
    return planned and any(w in _PRESENT_BE for w in aux)


def _matrix_verb(v, span):
    """The verb a time expression belongs to when the parser hung it on a complement clause
    it stands outside of: "said Monday it would close" (Monday before the clause's subject,
    no "that" between) is when it was said, not when it will close."""
    head = v.head
    if v.dep_ != "ccomp" or head == v or not acts_as_verb(head) or head.i >= span.start:
        return v
    subjects = [c.i for c in v.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    marks = [c.i for c in v.children if c.dep_ == "mark"]
    if subjects and span.end <= min(subjects) and not any(i < span.start for i in marks):
        return head
    return v


# clause relations and verb dependents: a plural noun tag with these is a mistagged present
# verb ("The final kicks off Sunday": kicks/NNS with a particle, the complement of "said")
_CLAUSE_DEPS = frozenset(("ccomp", "advcl", "relcl", "xcomp"))
_VERB_CHILD_DEPS = frozenset(("prt", "nsubj", "nsubjpass", "dobj", "aux"))


def acts_as_verb(t) -> bool:
    """A verb by its tag, or a token tagged NNS that the parse uses as a verb."""
    if t.tag_ in _VERB_TAGS:
        return True
    return t.tag_ == "NNS" and (t.dep_ in _CLAUSE_DEPS or
                                any(c.dep_ in _VERB_CHILD_DEPS for c in t.children))


# a noun's place in its clause whose verb lends a participle on it its tense
_ARGUMENT_DEPS = frozenset(("nsubj", "nsubjpass", "dobj", "attr"))


def _verb_tense(v, depth: int = 0) -> str:
    """'past', 'future', 'present' or '' for a verb token, from its tag and auxiliaries; or
    'near', a plan seen from a past time ("talks were to continue Monday"): ahead of that
    time, which is near the report, so the nearest such day either way."""
    aux = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    words = [a.lower_ for a in aux]
    # "had signed", "'d signed"; "having signed": a perfect participle tells what was done
    # before the clause it hangs on ("the first having taken place in April")
    perfect_past = "had" in words or ("'d" in words or "having" in words) and v.tag_ == "VBN"
    if any(a.tag_ == "MD" for a in aux):
        if "have" in words and v.tag_ == "VBN":
            return "past"                             # "would have met Monday"
        return "" if "could" in words else "future"   # "could not be located Wednesday"
    if perfect_past:
        return "past"
    if v.lower_ in _FUTURE_PARTICIPLES or v.lower_ in ("plan", "plans"):
        return "future"                               # "has scheduled a news conference Thursday"
    gov = v.head
    if "to" in words:                                 # an infinitive: its governor decides
        if "have" in words:
            return "past"
        while gov.head != gov and gov.tag_ not in _VERB_TAGS and \
                not gov.tag_.startswith("NN") and gov.lower_ not in _FUTURE_GOVERNORS:
            gov = gov.head                            # "made it difficult for Sun to meet"
        if gov == v or gov.tag_.startswith("NN"):    # "an agreement to acquire"
            return "future"
        if any(c.lower_ == "had" for g in (gov, gov.head) for c in g.children
               if c.dep_ in ("aux", "auxpass")):
            return "past"                             # "had been due to expire Friday"
        if gov.lower_ in _FUTURE_GOVERNORS or gov.lower_ in _PRESENT_BE and v.dep_ == "xcomp":
            return "future"                           # "is to meet on Tuesday" (a schedule;
            #                                           not "was to arrive ... but sank")
        if gov.lower_ in PAST_BE and v.dep_ == "xcomp":
            return "near"                             # "were to continue Monday" (told on
            #                                           Sunday), "was to arrive Tuesday" (on
            #                                           Wednesday, "but sank")
        if depth < 3 and gov.tag_ in _VERB_TAGS:
            return "past" if _verb_tense(gov, depth + 1) == "past" else "future"
        return "future"
    if aux:
        if aux[0].tag_ == "VBD":
            return "past"
        if any(w in ("has", "have", "'ve") for w in words):
            return "past"                             # present perfect: done by now
        return "present"
    if v.tag_ == "VBD":
        return "past"
    if v.tag_ in ("VBZ", "VBP", "NNS"):              # NNS: see acts_as_verb
        return "present"
    if depth < 3 and gov != v and gov.tag_ in _VERB_TAGS and (
            v.dep_ == "conj" or v.tag_ != "VBN" and v.dep_ in ("xcomp", "advcl", "ccomp", "dep")
            or _in_sequence(v)):
        return _verb_tense(gov, depth + 1)            # (also "..., followed by highs Monday")
    if v.tag_ == "VBN":
        return "past"                                 # "a deal signed Monday"
    noun = v.head                                     # "a law going into effect Monday bans":
    if v.tag_ == "VBG" and v.dep_ == "acl" and depth < 3 and \
            noun.dep_ in _ARGUMENT_DEPS and acts_as_verb(noun.head):
        return _verb_tense(noun.head, depth + 1)      # the tense of the clause of its noun
    host = _gerund_host(v) if depth < 3 else None
    return _verb_tense(host, depth + 1) if host is not None else ""


# participles that set what follows them after their clause's event, in its time
_SEQUENCE_PARTICIPLES = frozenset(VOCAB["sequence_participles"])
_FINITE_TAGS = frozenset(("VBD", "VBZ", "VBP", "MD"))


def _in_sequence(v) -> bool:
    """"Lows will be in the 50s, followed by highs Wednesday": a sequence participle with no
    subject of its own, hanging on a clause, is in that clause's time (not a past participle's
    "signed Monday")."""
    return v.tag_ == "VBN" and v.lower_ in _SEQUENCE_PARTICIPLES and \
        v.dep_ in ("advcl", "acl", "conj") and \
        not any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children)


def _finite(v) -> bool:
    """A verb with a tense of its own: a tensed form, or an auxiliary or modal that has one."""
    return v.tag_ in _FINITE_TAGS or any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE_TAGS
                                         for c in v.children)


def told_past(ctx: Ctx, start: int, end: int) -> bool:
    """Is the span told in the past by the verb that governs it in the parse ("shelled the
    town overnight", "have been limited overnight", "the overnight shelling killed"), not by
    a cue word of a clause around it ("warned that a storm moving in overnight could drop")?
    Without a parse, by the cue words. The time's direction only, for a span with no calendar
    reading of its own to overrule ("overnight", a range's end): any past form of the verb
    whose tense it takes counts ("would have met", "has signed", "a deal signed"); whether a
    day ahead of the anchor was done is ``absolute._told_done``'s stricter question."""
    if ctx.parsed is not None:
        found = governing_verb(ctx, start, end)
        if found is None or _verb_tense(found[1]) != "past":
            return False
    return ctx_tense(ctx, start, end) == "past"


def finite_past(v) -> bool:
    """Is ``v`` told as done: a simple past ("signed") or a past participle under a past
    auxiliary ("was born", "had signed")? Not a progressive ("was closing on June 13": a plan
    seen from the past) unless a done event cuts into it (``_interrupted``), nor a bare
    participle ("a summit set for June 13")."""
    return v.tag_ == "VBD" or v.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in v.children) or \
        _interrupted(v)


def past_progressive(v) -> bool:
    """Is ``v`` a gerund under "was"/"were" ("was closing", "were marching")?"""
    return v.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ in PAST_BE for c in v.children)


def _interrupted(v) -> bool:
    """A past progressive that a simple past cuts into or frames is narration, not a plan:
    "was escorting a procession April 2 when his motorcycle crashed", "while he was driving
    home on April 2, he crashed" (the when/while clause of the English interrupted
    progressive)."""
    if not past_progressive(v):
        return False
    if v.dep_ == "advcl" and v.head.tag_ == "VBD" and \
            any(c.lower_ in _FRAME_WORDS and c.dep_ in ("mark", "advmod") for c in v.children):
        return True
    near = list(v.children) + [g for c in v.children if c.dep_ == "npadvmod"
                               for g in c.children]     # "April 2 when it crashed"
    return any(c.dep_ in ("advcl", "relcl") and c.tag_ == "VBD" and any(
        w.lower_ == "when" and w.dep_ in ("mark", "advmod") for w in c.children)
        for c in near)


def _gerund_host(v):
    """The finite verb a gerund clause with no auxiliary hangs on, through a preposition
    ("jumps overnight, before falling back ... on Wednesday", "should taper off, with a front
    arriving late Thursday", "went without pay after returning ... in April"): the gerund
    is in that verb's time. None for anything else, or when the verb above has no tense of
    its own ("after being accused of driving ... Saturday")."""
    if v.tag_ != "VBG" or v.dep_ not in ("pcomp", "advcl") or \
            any(c.dep_ in ("aux", "auxpass") for c in v.children):
        return None
    g = v.head
    for _ in range(3):
        if g.tag_ in _VERB_TAGS or g.head == g:
            break
        g = g.head
    return g if g != v and g.tag_ in _VERB_TAGS and _finite(g) else None
