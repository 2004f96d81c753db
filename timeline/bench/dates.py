"""``python -m timeline bench dates --timeml DIR``: TempEval-3 scores of the temporal tagger.

Scores ``timeline.dates.find_dates`` against the gold TIMEX3s of TimeML documents, each
anchored on its DCT (or, with ``--standoff FILE --articles DIR``, against TIMEX3s annotated
apart from plain news articles, each anchored on its publication date), and, side by side, plain ``dateparser.search.search_dates`` with the
DCT as ``RELATIVE_BASE``. TempEval-3 conventions: a system mention matches a gold one when
the spans are equal (strict) or overlap (relaxed), one to one; type and value F1 count the
relaxed matches whose type / value also equal the gold ones.

``--parse`` also scores the tagger given each document's spaCy parse, as the pipeline (and
so the ``tag`` command) calls it; the default run stays parse-free so that its words/s
compares like with like against ``search_dates``. Parses are cached (``--parse-cache``) as
parsing the corpus costs far more than tagging it.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Optional

from ..timeml import TimeMLDoc, Timex, corrected, read_dir, read_standoff

TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True)
class Pred:
    start: int
    end: int
    type: str
    value: Optional[str]


def ours(doc: TimeMLDoc, parsed=None) -> list[Pred]:
    from ..dates import find_dates

    return [Pred(m.start, m.end, m.type, m.value)
            for m in find_dates(doc.text, doc.dct, parsed=parsed)]


def parses(docs: list[TimeMLDoc], cache: Optional[Path] = None) -> tuple[dict, float]:
    """doc_id → spaCy Doc of its text, and the seconds spent parsing (0 when all came from
    ``cache``, a spaCy DocBin file rewritten whenever a text was missing from it)."""
    from .. import nlp

    model = nlp.model()
    if model is None:
        return {}, 0.0
    from spacy.tokens import DocBin

    known: dict[str, object] = {}
    if cache and cache.is_file():
        for d in DocBin().from_disk(cache).get_docs(model.vocab):
            known[d.text] = d
    todo = [doc.text for doc in docs if doc.text not in known]
    seconds = 0.0
    if todo:
        t0 = time.perf_counter()
        for text, parsed in zip(todo, nlp.parse_many(todo)):
            known[text] = parsed
        seconds = time.perf_counter() - t0
    if cache and todo:
        DocBin(store_user_data=False, docs=known.values()).to_disk(cache)
    return {doc.doc_id: known[doc.text] for doc in docs}, seconds


def search_dates_baseline(doc: TimeMLDoc) -> list[Pred]:
    """``dateparser.search.search_dates`` anchored on the DCT; spans found left to right."""
    from dateparser.search import search_dates

    base = datetime.combine(doc.dct or date(2000, 1, 1), datetime.min.time())
    found = search_dates(doc.text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    out, pos = [], 0
    for s, dt in found:
        i = doc.text.find(s, pos)
        if i < 0:
            i = doc.text.find(s)
            if i < 0:
                continue
        else:
            pos = i + len(s)
        out.append(Pred(i, i + len(s), "DATE", dt.date().isoformat()))
    return out


def _match(gold: list[Timex], pred: list[Pred], strict: bool) -> list[tuple[Timex, Pred]]:
    """One-to-one pairs, each gold with the first unused prediction that matches it."""
    used: set[int] = set()
    pairs = []
    for g in gold:
        for i, p in enumerate(pred):
            if i in used:
                continue
            ok = (p.start == g.start and p.end == g.end) if strict else \
                (p.start < g.end and g.start < p.end)
            if ok:
                used.add(i)
                pairs.append((g, p))
                break
    return pairs


def _optional(doc: TimeMLDoc, p: Pred) -> bool:
    """Does ``p`` fall on a span adjudicated optional, and on no gold TIMEX3? Then it is not
    scored: the guidelines allow tagging it or not."""
    return any(p.start < e and s < p.end for s, e in doc.optional) and \
        not any(p.start < g.end and g.start < p.end for g in doc.timexes)


def _prf(hits: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = hits / n_pred if n_pred else 0.0
    r = hits / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Score:
    counts: Counter
    seconds: float
    words: int

    def prf(self, key: str, t: str = "") -> tuple[float, float, float]:
        c = self.counts
        return _prf(c[key + t], c["pred" + t], c["gold" + t])


def score(docs: list[TimeMLDoc], tagger: Callable[[TimeMLDoc], list[Pred]],
          misses: Optional[list] = None) -> Score:
    c: Counter = Counter()
    seconds = 0.0
    words = 0
    for doc in docs:
        t0 = time.perf_counter()
        pred = tagger(doc)
        seconds += time.perf_counter() - t0
        if doc.optional:
            pred = [p for p in pred if not _optional(doc, p)]
        words += len(doc.text.split())
        gold = doc.timexes
        c["gold"] += len(gold)
        c["pred"] += len(pred)
        for t in TYPES:
            c["gold" + t] += sum(g.type == t for g in gold)
            c["pred" + t] += sum(p.type == t for p in pred)
        c["strict"] += len(_match(gold, pred, True))
        pairs = _match(gold, pred, False)
        c["relaxed"] += len(pairs)
        for g, p in pairs:
            c["type"] += g.type == p.type
            c["value"] += g.value == p.value
            # per type: the gold type's recall side, the predicted type's precision side
            if g.type == p.type:
                c["relaxed" + g.type] += 1
                c["value" + g.type] += g.value == p.value
        if misses is not None:
            matched_g = {id(g) for g, _ in pairs}
            matched_p = {id(p) for _, p in pairs}
            for g in gold:
                if id(g) not in matched_g:
                    misses.append(("FN", doc.doc_id, g.text, g.type, g.value, ""))
            for p in pred:
                if id(p) not in matched_p:
                    misses.append(("FP", doc.doc_id, doc.text[p.start:p.end], p.type, p.value, ""))
            for g, p in pairs:
                if g.value != p.value or g.type != p.type:
                    misses.append(("VAL", doc.doc_id, f"{g.text} | {doc.text[p.start:p.end]}",
                                   f"{g.type}/{p.type}", g.value, p.value))
    return Score(c, seconds, words)


def _row(label: str, a: tuple, b: Optional[tuple]) -> str:
    fa = "  ".join(f"{x:6.3f}" for x in a)
    fb = "  ".join(f"{x:6.3f}" for x in b) if b else ""
    return f"{label:<22}{fa}   |  {fb}"


def report(ours_s: Score, base: Optional[Score], n_docs: int,
           title: str = "Event Atlas", base_title: str = "search_dates") -> str:
    head = f"{'':<22}{'P':>6}  {'R':>6}  {'F1':>6}   |  " + (
        f"{'P':>6}  {'R':>6}  {'F1':>6}" if base else "")
    lines = [f"TimeML documents: {n_docs}, gold TIMEX3: {ours_s.counts['gold']}, "
             f"words: {ours_s.words}",
             f"{'':<22}{title:^22}   |  {base_title if base else '(baseline off)':^22}",
             head]
    for key, label in (("strict", "strict match"), ("relaxed", "relaxed match"),
                       ("type", "type (relaxed)"), ("value", "value (relaxed)")):
        lines.append(_row(label, ours_s.prf(key), base.prf(key) if base else None))
    for t in TYPES:
        lines.append(f"-- {t} (gold {ours_s.counts['gold' + t]})")
        for key, label in (("relaxed", "  relaxed"), ("value", "  value")):
            lines.append(_row(label, ours_s.prf(key, t), base.prf(key, t) if base else None))
    wps = ours_s.words / ours_s.seconds if ours_s.seconds else float("inf")
    line = f"words/s: {title} {wps:,.0f}"
    if base:
        bwps = base.words / base.seconds if base.seconds else float("inf")
        line += f"   {base_title} {bwps:,.0f}   speed-up {wps / bwps:.1f}x"
    lines.append(line)
    return "\n".join(lines)


def _documents(args) -> list[TimeMLDoc] | str:
    """The gold documents the arguments name (corrected by ``--corrections``), or a one-line
    reason why there are none."""
    docs = _gold(args)
    if isinstance(docs, str) or args.corrections is None:
        return docs
    if not args.corrections.is_file():
        return f"not a file: {args.corrections}"
    try:
        return corrected(docs, args.corrections)
    except (OSError, ValueError) as exc:
        return str(exc)


def _gold(args) -> list[TimeMLDoc] | str:
    if args.timeml is not None:
        if not args.timeml.is_dir():
            return f"not a folder: {args.timeml}"
        docs = list(read_dir(args.timeml, args.limit))
        return docs or f"no .tml files under {args.timeml}"
    if args.articles is None or not args.articles.exists():
        return f"--standoff needs --articles, its articles' folder or XML file (got {args.articles})"
    if not args.standoff.is_file():
        return f"not a file: {args.standoff}"
    try:
        docs = read_standoff(args.standoff, args.articles)[:args.limit]
    except (OSError, ValueError) as exc:
        return str(exc)
    return docs or f"no annotations in {args.standoff}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m timeline bench dates", description=__doc__)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--timeml", type=Path, help="folder of TimeML .tml files")
    src.add_argument("--standoff", type=Path,
                     help="TIMEX3s kept apart from plain articles (JSONL, see "
                          "timeml.read_standoff); needs --articles")
    ap.add_argument("--articles", type=Path, default=None,
                    help="with --standoff: the annotated articles, a folder of <doc>.txt "
                         "or an LGL/TR-News XML file")
    ap.add_argument("--corrections", type=Path, default=None,
                    help="score against the gold corrected by this file (JSONL, see "
                         "timeml.corrected), e.g. tests/data/timex/timebank-adjudicated.jsonl")
    ap.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    ap.add_argument("--no-baseline", action="store_true", help="skip search_dates (slow)")
    ap.add_argument("--misses", type=Path, default=None,
                    help="write our misses (FN/FP/wrong value) to this TSV file "
                         "(those of the parse-aware run with --parse)")
    ap.add_argument("--parse", action="store_true",
                    help="also score with spaCy parses, as the pipeline runs the tagger")
    ap.add_argument("--parse-cache", type=Path, default=None,
                    help="spaCy DocBin file caching the parses between runs")
    args = ap.parse_args(argv)
    docs = _documents(args)
    if isinstance(docs, str):
        print(docs, file=sys.stderr)
        return 2
    if args.corrections:
        print(f"Gold corrected by {args.corrections} "
              f"({sum(len(d.optional) for d in docs)} spans optional)")
    misses: list = []
    ours_s = score(docs, ours, misses)
    # a second timed pass: the first pays for imports and regex compilation
    ours_s = Score(ours_s.counts, score(docs, ours).seconds, ours_s.words)
    base = None if args.no_baseline else score(docs, search_dates_baseline)
    print(report(ours_s, base, len(docs)))
    if args.parse:
        by_id, parse_seconds = parses(docs, args.parse_cache)
        if not by_id:
            print("--parse: spaCy model unavailable, parse-aware scores skipped", file=sys.stderr)
        else:
            with_parse = lambda d: ours(d, by_id[d.doc_id])
            misses = []
            parsed_s = score(docs, with_parse, misses)
            parsed_s = Score(parsed_s.counts, score(docs, with_parse).seconds, parsed_s.words)
            print()
            print("With spaCy parses (as the pipeline and the `tag` command run it):")
            print(report(parsed_s, ours_s, len(docs), "with parse", "parse-free"))
            if parse_seconds:
                print(f"spaCy parsing itself: {ours_s.words / parse_seconds:,.0f} words/s "
                      "(paid once per article by the pipeline, not by the tagger)")
            else:
                print("spaCy parsing itself: not timed (parses from the cache)")
    if args.misses:
        with open(args.misses, "w", encoding="utf-8") as f:
            for row in misses:
                f.write("\t".join("" if x is None else str(x) for x in row) + "\n")
    return 0
