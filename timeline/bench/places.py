"""``python -m timeline bench places --lgl FILE``: geoparsing figures on an LGL-format corpus.

Tagging: a predicted place span is right when it has exactly the gold offsets (*exact-span*,
the headline figure: CoNLL-style strict matching, the "tagging F1" our issues track) or when
it overlaps a gold span one-to-one (*overlap*, the relaxed/inexact figure some geoparsing papers
report, printed alongside and never in its place: ``Dublin City`` for gold ``Dublin`` counts). Resolution, over gold toponyms with
coordinates that we tagged (lenient match): share within 161 km (100 miles), AUC of the log
error curve (Gritta et al. 2018: lower is better), median error in km; a tagged place without
coordinates counts as the largest error (20,039 km). Speed: words per second of ``find_places``
alone, and with the spaCy parse included when NER is on.

Corpus convention: LGL and TR-News annotate adjectival demonyms (``Syrian forces``) as toponyms,
so the bench turns ``place_demonyms`` on unless ``--no-demonyms``.

``--news-dev DIR`` scores the conflict-news gold set (``DIR/articles/NN.txt``, ``gold.jsonl``,
``route_gold.jsonl``, see its README) with the product's settings (demonyms off): every place
written in a gold event ``sentence`` (and every route stop written in its evidence span) is one
gold mention, counted once per sentence. It is *tagged* when one of our place mentions overlaps
its written text inside that sentence, and *found* when that mention also lies within 161 km of
the gold coordinates (300 km for ``approx`` places). Gold lists only event places (no reference
points, no container qualifiers, no capitals standing for governments), so there is no
precision figure: recall is the measure, misses are listed with ``--errors``.
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from geopy.distance import distance

MAX_KM = 20039.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m timeline bench places")
    ap.add_argument("--lgl", help="LGL-format XML (LGL, TR-News)")
    ap.add_argument("--news-dev", type=Path, help="conflict-news gold folder (articles/, gold.jsonl)")
    ap.add_argument("--limit", type=int, default=0, help="first N articles only")
    ap.add_argument("--no-ner", action="store_true", help="rules and gazetteer only")
    ap.add_argument("--no-demonyms", action="store_true", help="do not tag demonyms")
    ap.add_argument("--errors", type=int, default=0, help="print N most frequent misses")
    args = ap.parse_args(argv)
    if not args.lgl and not args.news_dev:
        ap.error("give --lgl FILE and/or --news-dev DIR")
    rc = _lgl(args) if args.lgl else 0     # first: it reports the gazetteer's load time
    if args.news_dev:
        if args.lgl:
            print()
        figures = score_news_dev(args.news_dev, use_ner=not args.no_ner, errors=args.errors)
        rc = rc or (0 if figures["gold"] else 2)
    return rc


def _lgl(args) -> int:
    from geo.gazetteer import default_gazetteer
    from geo.toponyms import find_places
    from timeline import nlp
    from timeline.config import Settings
    from timeline.lgl import read
    from timeline.model import Article, Doc
    from timeline.segment import sentences

    # The corpora's conventions: demonyms are toponyms, "western Libya" is Libya's own point.
    settings = Settings(use_ner=not args.no_ner, place_demonyms=not args.no_demonyms,
                        place_country_parts=False)
    import resource
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    default_gazetteer(settings)
    load_s = time.perf_counter() - t
    load_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024  # Linux: KiB

    articles = list(read(args.lgl))
    if args.limit:
        articles = articles[: args.limit]
    tally = _Tally()
    for art in articles:
        tally.words += len(art.text.split())
        doc = Doc(Article(text=art.text))
        doc.sentences = sentences(art.text)
        if settings.use_ner:
            t = time.perf_counter()
            doc.parsed = nlp.parse(art.text)
            doc.entities = nlp.entities_of(doc.parsed)
            tally.t_ner += time.perf_counter() - t
        t = time.perf_counter()
        preds = find_places(doc, settings)
        tally.t_places += time.perf_counter() - t
        tally.add(art, preds)
    print(f"corpus            {args.lgl}  ({len(articles)} articles, {tally.n_gold} gold toponyms, "
          f"{tally.words} words)")
    print(f"settings          ner={'on' if settings.use_ner else 'off'} "
          f"demonyms={'on' if settings.place_demonyms else 'off'}")
    tally.report(settings.use_ner)
    print(f"gazetteer         loaded in {load_s:.3f} s, +{load_mb:.0f} MB peak RSS "
          f"(first call builds the index if absent)")
    if args.errors:
        print("\nmissed (gold not tagged exactly):", tally.misses.most_common(args.errors))
        print("\nspurious (tagged, not gold):", tally.spurious.most_common(args.errors))
        print("\nwrong place (>161 km):", tally.wrong.most_common(args.errors))
    return 0


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p_ = tp / n_pred if n_pred else 0.0
    r_ = tp / n_gold if n_gold else 0.0
    return p_, r_, (2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0)


@dataclass
class _Tally:
    """Counts of an LGL-format run: exact and lenient matches, resolution errors, timings."""

    tp: int = 0
    tp_lenient: int = 0
    n_pred: int = 0
    n_gold: int = 0
    words: int = 0
    t_places: float = 0.0
    t_ner: float = 0.0
    errors: list = field(default_factory=list)
    misses: Counter = field(default_factory=Counter)
    spurious: Counter = field(default_factory=Counter)
    wrong: Counter = field(default_factory=Counter)

    def add(self, art, preds: list) -> None:
        """Score one article's predictions against its gold toponyms."""
        self.n_pred += len(preds)
        self.n_gold += len(art.toponyms)
        gold = {(g.start, g.end): g for g in art.toponyms}
        exact = {(p.start, p.end) for p in preds} & set(gold)
        self.tp += len(exact)
        for g in art.toponyms:
            if (g.start, g.end) not in exact:
                self.misses[g.phrase] += 1
        for p in preds:
            if (p.start, p.end) not in gold:
                self.spurious[p.text] += 1
        # lenient matching and geocoding
        used = set()
        for g in art.toponyms:
            p = next((p for p in preds if p.start < g.end and g.start < p.end and id(p) not in used), None)
            if p is None:
                continue
            used.add(id(p))
            self.tp_lenient += 1
            if g.lat is None:
                continue
            err = MAX_KM if p.lat is None else distance((g.lat, g.lon), (p.lat, p.lon)).km
            self.errors.append(err)
            if err > 161:
                self.wrong[f"{g.phrase} -> {p.name}, {p.country}"] += 1

    def report(self, use_ner: bool) -> None:
        """Print the tagging, resolution and speed lines."""
        tp, errors = self.tp, self.errors
        p_, r_, f_ = _prf(tp, self.n_pred, self.n_gold)
        pl, rl, fl = _prf(self.tp_lenient, self.n_pred, self.n_gold)
        acc = sum(e <= 161 for e in errors) / len(errors) if errors else 0.0
        auc = (sum(math.log(1 + e) for e in errors) / len(errors) / math.log(MAX_KM)) if errors else 0.0
        med = statistics.median(errors) if errors else 0.0
        print(f"tagging exact     P={p_:.3f} R={r_:.3f} F1={f_:.3f}  (exact-span match, headline; "
              f"tp={tp} fp={self.n_pred - tp} fn={self.n_gold - tp})")
        print(f"tagging overlap   P={pl:.3f} R={rl:.3f} F1={fl:.3f}  (relaxed: any one-to-one overlap)")
        print(f"resolution        acc@161km={acc:.3f}  AUC={auc:.3f}  median={med:.1f} km  "
              f"(n={len(errors)} tagged gold toponyms with coordinates)")
        wps = self.words / self.t_places if self.t_places else 0.0
        line = f"speed             find_places {wps:,.0f} words/s"
        if use_ner:
            line += f"; with spaCy parse {self.words / (self.t_places + self.t_ner):,.0f} words/s"
        print(line)


TOL_KM = 161.0
TOL_APPROX_KM = 300.0


def news_dev_gold(folder: Path) -> dict:
    """``{article number: (Article, [gold place mention])}`` from a news-dev style folder.

    A gold mention is ``{"start", "end", "text", "lat", "lon", "approx", "name"}`` with the
    offsets of the place as written in its event sentence (or route evidence span): the first
    occurrence not already taken by an earlier mention of the same sentence. Events sharing a
    sentence share its places, so a (sentence, written place) pair counts once."""
    import json

    from timeline.bench.events import _read_articles

    def jsonl(name: str) -> list:
        path = folder / name
        if not path.exists():
            return []
        return [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]

    articles = _read_articles(folder)
    out = {aid: (art, []) for aid, art in articles.items()}
    seen: set = set()
    items = [(g["article"], g["sentence"], list(zip(g["places"], g["place_resolved"])))
             for g in jsonl("gold.jsonl")]
    items += [(r["article"], r["sentence"], [(s["text"], s) for s in r["stops"]])
              for r in jsonl("route_gold.jsonl")]
    for aid, sentence, places in items:
        if aid not in out:
            continue
        text = out[aid][0].text
        s0 = text.find(sentence)
        if s0 < 0:
            continue
        taken: list = []
        for written, res in places:
            at = s0
            while True:
                i = text.find(written, at, s0 + len(sentence))
                if i < 0 or (i, i + len(written)) not in taken:
                    break
                at = i + 1
            if i < 0:
                continue
            span = (i, i + len(written))
            taken.append(span)
            if (aid, span) in seen:
                continue
            seen.add((aid, span))
            out[aid][1].append({"start": span[0], "end": span[1], "text": written,
                                "lat": res["lat"], "lon": res["lon"], "name": res["name"],
                                "approx": bool(res.get("approx"))})
    return out


def score_news_dev(folder: Path, *, use_ner: bool = True, errors: int = 0, docs: dict = None,
                   quiet: bool = False) -> dict:
    """Tagged and found shares of the gold places of a news-dev folder (see the module
    docstring); ``docs`` (``{article number: Doc}`` with sentences and entities set) skips
    parsing, for harnesses that cache the spaCy parse."""
    from geopy.distance import distance as geodist

    from geo.toponyms import find_places
    from timeline import nlp
    from timeline.config import Settings
    from timeline.model import Doc
    from timeline.segment import sentences

    settings = Settings(use_ner=use_ner, place_demonyms=False)
    gold = news_dev_gold(folder)
    n = tagged = found = 0
    n_ap = found_ap = 0
    rows = []
    for aid, (art, golds) in sorted(gold.items()):
        doc = (docs or {}).get(aid)
        if doc is None:
            doc = Doc(art)
            doc.sentences = sentences(art.text)
            if use_ner:
                doc.parsed = nlp.parse(art.text)
                doc.entities = nlp.entities_of(doc.parsed)
        preds = find_places(doc, settings)
        for g in golds:
            n += 1
            n_ap += g["approx"]
            over = [p for p in preds if p.start < g["end"] and g["start"] < p.end]
            if not over:
                rows.append(f"{aid} MISS   {g['text']!r} ({g['name']})")
                continue
            tagged += 1
            tol = TOL_APPROX_KM if g["approx"] else TOL_KM
            errs = [geodist((g["lat"], g["lon"]), (p.lat, p.lon)).km if p.lat is not None
                    else MAX_KM for p in over]
            if min(errs) <= tol:
                found += 1
                found_ap += g["approx"]
            else:
                p = over[errs.index(min(errs))]
                where = "no coordinates" if p.lat is None else \
                    f"{p.name},{p.country} {min(errs):.0f} km off"
                rows.append(f"{aid} WRONG  {g['text']!r} ({g['name']}) -> {p.text!r}: {where}")
    figures = {"gold": n, "tagged": tagged / n if n else 0.0, "found": found / n if n else 0.0,
               "found_exact": (found - found_ap) / (n - n_ap) if n > n_ap else 0.0}
    if not quiet:
        print(f"news-dev places   {folder}  ({len(gold)} articles, {n} gold places in event "
              f"sentences and routes, {n_ap} approx)  ner={'on' if use_ner else 'off'}")
        print(f"                  tagged (overlap) {figures['tagged']:.3f}  found (overlap and "
              f"within 161/300 km) {figures['found']:.3f}  found, non-approx "
              f"{figures['found_exact']:.3f}")
        if errors:
            print("\n".join(rows[:errors]))
    return figures


if __name__ == "__main__":
    sys.exit(main())
