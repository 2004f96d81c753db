"""``process(article)``: one article through every stage, in one direction.

sentences → entities (NER) → dates → places → actors → events → routes. Each stage is a
plain function of the Doc built so far; the CLI, the Dask engine and the app all call this.
"""
from __future__ import annotations

import functools
import gc
import sys
from collections import deque
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from geo.geocoding import fill_unresolved
from geo.routes import routes_from
from geo.toponyms import find_places

from . import nlp
from .actors import find_actors
from .dates import find_dates
from .config import DEFAULT, Settings
from .events import events_from
from .model import Article, Doc, Event, Route
from .segment import sentences


def _sentences(doc: Doc, settings: Settings) -> None:
    doc.sentences = sentences(doc.text)


def _ner(doc: Doc, settings: Settings) -> None:
    if settings.use_ner:
        if doc.parsed is None:
            doc.parsed = nlp.parse(doc.text)
        doc.entities = nlp.entities_of(doc.parsed)


def _dates(doc: Doc, settings: Settings) -> None:
    doc.dates = find_dates(doc.text, doc.article.published, settings, parsed=doc.parsed)


def _places(doc: Doc, settings: Settings) -> None:
    doc.places = fill_unresolved(find_places(doc, settings), settings)


def _actors(doc: Doc, settings: Settings) -> None:
    doc.actors = find_actors(doc, settings)


def _events(doc: Doc, settings: Settings) -> None:
    doc.events = events_from(doc, settings)


def _routes(doc: Doc, settings: Settings) -> None:
    doc.routes = routes_from(doc, settings)


# The stages in order, each filling its part of the Doc; ``bench pipeline`` times these same ones.
STAGES: tuple[tuple[str, Callable[[Doc, Settings], None]], ...] = (
    ("sentences", _sentences), ("ner", _ner), ("dates", _dates), ("places", _places),
    ("actors", _actors), ("events", _events), ("routes", _routes),
)


# A text longer than this (a book, a data dump, days of a live blog) goes through the stages in
# windows of at most this many characters, cut at line breaks, so that time and memory grow
# linearly with its length whatever a stage does within a window; each window's records are
# moved back to the article's offsets. No news article comes near it.
WINDOW_CHARS = 100_000


def process(article: Article, settings: Settings = DEFAULT, parsed=None) -> Doc:
    """Run every stage on one article (``parsed``: its spaCy Doc, when already made)."""
    if len(article.text) > WINDOW_CHARS:
        return _process_windows(article, settings)
    doc = Doc(article, parsed=parsed if settings.use_ner else None)
    for _, stage in STAGES:
        stage(doc, settings)
    return doc


# A short made-up news text that goes through every stage (dates, places, a country's part,
# actors, events, a route): running it loads what each stage loads on first use.
WARM_UP = Path(__file__).parent / "data" / "warm_up.txt"


@functools.lru_cache(maxsize=None)
def warm(settings: Settings = DEFAULT) -> None:
    """Load the model, gazetteer, lexicons and patterns now by running the stages on
    ``WARM_UP`` (once a process): before worker processes are forked, so that they share
    what the parent loaded instead of each loading its own, and before a benchmark starts
    its clock. What is loaded then lives as long as the process, and is frozen out of the
    garbage collector (``gc.freeze``): its full passes would walk those millions of objects
    again and again (0.29 s of collection over LGL part 1 on 1 worker, 0.08 s frozen), and
    in a forked worker write to, and so copy, every page it shares with the parent."""
    if settings.use_ner:
        nlp.model()
    process(Article(text=WARM_UP.read_text(encoding="utf-8"), title="warm-up",
                    source="warm-up", published=date(2022, 3, 7)), settings)
    gc.freeze()


def _process_windows(article: Article, settings: Settings) -> Doc:
    """``process`` window by window; the merged Doc keeps no parse (its entities stay)."""
    doc = Doc(article)
    offset = 0
    for part in nlp.chunks(article.text, WINDOW_CHARS):
        sub = process(replace(article, text=part), settings)
        moved = {e.event_id: _moved_event(e, offset) for e in sub.events}
        doc.sentences += [(s + offset, e + offset) for s, e in sub.sentences]
        for name in ("entities", "dates", "places", "actors"):
            getattr(doc, name).extend(_moved(m, offset) for m in getattr(sub, name))
        doc.events += moved.values()
        doc.routes += [_moved_route(r, offset, moved) for r in sub.routes]
        offset += len(part)
    return doc


def _moved(m, offset: int):
    return None if m is None else replace(m, start=m.start + offset, end=m.end + offset)


def _moved_event(e: Event, offset: int) -> Event:
    return replace(e, start=e.start + offset, end=e.end + offset, event_id="",
                   actors=[_moved(a, offset) for a in e.actors],
                   places=[_moved(p, offset) for p in e.places],
                   location=_moved(e.location, offset))


def _moved_route(r: Route, offset: int, events: dict[str, Event]) -> Route:
    return replace(r, start=None if r.start is None else r.start + offset,
                   end=None if r.end is None else r.end + offset, route_id="",
                   stops=[_moved(p, offset) for p in r.stops],
                   actors=[_moved(a, offset) for a in r.actors],
                   event_ids=[events[i].event_id if i in events else i for i in r.event_ids])


def process_many(articles: Iterable[Article], settings: Settings = DEFAULT,
                 on_done: Optional[Callable[[Doc], None]] = None, workers: int = 1,
                 batch_size: int = 16,
                 on_error: Optional[Callable[[Failure], None]] = None) -> Iterator[Doc]:
    """``process`` for a stream of articles, lazily: a batch at a time is read, parsed (spaCy
    ``pipe``) and processed in a spaCy memory zone (``nlp.zone``), so memory does not grow
    with the stream. With ``workers`` > 1 the batches run on that many processes, a few
    batches in flight; docs come out in input order either way, without their spaCy parse
    (``Doc.parsed`` is None: the words it points to are freed with the zone). An article
    whose processing fails is reported to ``on_error`` (default: a one-line warning naming
    it on standard error) and the others go on."""
    report = on_error or warn_failure
    warm(settings)
    batches = _batches(iter(articles), batch_size, workers)
    docs = (_parallel(batches, settings, workers, batch_size) if workers > 1 else
            (doc for batch in batches
             for doc in _process_batch([a for _, a in batch], settings)))
    for doc in docs:
        if isinstance(doc, Failure):
            report(doc)
            continue
        if on_done:
            on_done(doc)
        yield doc


@dataclass(frozen=True)
class Failure:
    """An article that could not be processed, and why (a string: it crosses processes)."""
    source: str
    reason: str


def warn_failure(f: Failure) -> None:
    print(f"warning: skipped {f.source}: cannot be processed ({f.reason})", file=sys.stderr)


# A batch (one spaCy ``pipe`` call, one task for a worker) holds at most ``batch_size``
# articles and, unless one article is longer, this many characters: its cost follows its text.
BATCH_CHARS = 50_000

Batch = list[tuple[int, Article]]      # articles with their positions in the input


def _batches(articles: Iterator[Article], size: int, workers: int = 1) -> Iterator[Batch]:
    """The articles in batches; with several workers, read ``4 × workers`` batches ahead, and
    once the end of the stream is in the look-ahead, what is left goes longest first, a batch
    taking at most a ``2 × workers``-th of its characters: the long articles start early and
    batches shrink towards the end, so the workers finish together instead of one working
    through a last long article or big batch while the others wait."""
    ahead: deque[tuple[int, Article]] = deque()
    chars = read = 0                # characters ahead; articles read
    ended = False
    reach = 4 * workers if workers > 1 else 1      # batches read ahead
    while True:
        while not ended and len(ahead) < reach * size and chars < reach * BATCH_CHARS:
            article = next(articles, None)
            ended = article is None
            if not ended:
                ahead.append((read, article))
                chars += len(article.text)
                read += 1
            elif workers > 1:
                ahead = deque(sorted(ahead, key=lambda pa: -len(pa[1].text)))
        if not ahead:
            return
        budget = BATCH_CHARS
        if ended and workers > 1:
            budget = min(budget, chars // (2 * workers))
        batch = [ahead.popleft()]
        used = len(batch[0][1].text)
        while ahead and len(batch) < size and used + len(ahead[0][1].text) <= budget:
            used += len(ahead[0][1].text)
            batch.append(ahead.popleft())
        chars -= used
        yield batch


def _process_batch(batch: list[Article], settings: Settings) -> list[Doc | Failure]:
    """The batch's docs, parsed and processed in one spaCy memory zone: the words the batch
    added to the model's vocabulary are freed with it, and so is its parse (dropped here)."""
    with nlp.zone(sum(len(a.text) for a in batch)):
        try:
            # an article long enough to go in windows is parsed window by window, not here
            parsed = list(nlp.parse_many(["" if len(a.text) > WINDOW_CHARS else a.text
                                          for a in batch], batch_size=len(batch))
                          if settings.use_ner else (None for _ in batch))
        except Exception:       # one bad text spoils the batch's parse: parse one at a time
            parsed = [None] * len(batch)
        docs = [_process_one(a, settings, p) for a, p in zip(batch, parsed)]
        for d in docs:
            if isinstance(d, Doc):
                d.parsed = None     # its words are freed with the zone
    return docs


def _process_one(article: Article, settings: Settings, parsed) -> Doc | Failure:
    try:
        return process(article, settings, parsed=parsed)
    except Exception as exc:    # a bad record is named and skipped, never the whole run
        reason = " ".join(str(exc).split())[:200]
        return Failure(article.source or article.article_id,
                       f"{type(exc).__name__}: {reason}" if reason else type(exc).__name__)


def _parallel(batches: Iterator[Batch], settings: Settings, workers: int,
              batch_size: int) -> Iterator[Doc | Failure]:
    """Batches on a process pool (``_in_order``), results in input order."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers start with the parent's modules, model and resources already in memory
    # (loaded by ``warm``, once, rather than in each worker)
    fork = "fork" in multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if fork else None)
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        yield from _in_order(lambda batch: pool.submit(_process_batch, batch, settings),
                             batches, workers, hold=8 * workers * batch_size)


def _in_order(submit: Callable, batches: Iterator[Batch], workers: int,
              hold: int = 128) -> Iterator[Doc | Failure]:
    """The results of ``submit`` (a future for a batch's articles) in input order, while up to
    ``2 × workers`` batches are queued or running: a slow batch holds back the delivery of
    what comes after it in the input (up to ``hold`` finished articles wait), not the work."""
    from concurrent.futures import FIRST_COMPLETED, wait

    running: dict = {}              # future → the input positions of its batch
    done: dict[int, Doc | Failure] = {}
    more, nxt = True, 0
    while more or running:
        while more and len(running) < 2 * workers and (len(done) < hold or not running):
            batch = next(batches, None)
            more = batch is not None
            if more:
                running[submit([a for _, a in batch])] = [i for i, _ in batch]
        if nxt not in done and running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                done.update(zip(running.pop(future), future.result()))
        while nxt in done:
            yield done.pop(nxt)
            nxt += 1
    yield from (done[i] for i in sorted(done))


def default_workers() -> int:
    """The cores this process may use."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:       # not on Linux
        return max(1, os.cpu_count() or 1)
