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
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from collections import Counter

from geopy.distance import distance

MAX_KM = 20039.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m timeline bench places")
    ap.add_argument("--lgl", required=True, help="LGL-format XML (LGL, TR-News)")
    ap.add_argument("--limit", type=int, default=0, help="first N articles only")
    ap.add_argument("--no-ner", action="store_true", help="rules and gazetteer only")
    ap.add_argument("--no-demonyms", action="store_true", help="do not tag demonyms")
    ap.add_argument("--errors", type=int, default=0, help="print N most frequent misses")
    args = ap.parse_args(argv)

    from geo.gazetteer import default_gazetteer
    from geo.toponyms import find_places
    from timeline import nlp
    from timeline.config import Settings
    from timeline.lgl import read
    from timeline.model import Article, Doc
    from timeline.segment import sentences

    settings = Settings(use_ner=not args.no_ner, place_demonyms=not args.no_demonyms)
    import resource
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    default_gazetteer(settings)
    load_s = time.perf_counter() - t
    load_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024  # Linux: KiB

    articles = list(read(args.lgl))
    if args.limit:
        articles = articles[: args.limit]
    tp = fp = fn = tp_lenient = n_pred = 0
    errors: list[float] = []
    words = 0
    t_places = t_ner = 0.0
    misses: Counter = Counter()
    spurious: Counter = Counter()
    wrong: Counter = Counter()
    for art in articles:
        words += len(art.text.split())
        doc = Doc(Article(text=art.text))
        doc.sentences = sentences(art.text)
        if settings.use_ner:
            t = time.perf_counter()
            doc.parsed = nlp.parse(art.text)
            doc.entities = nlp.entities_of(doc.parsed)
            t_ner += time.perf_counter() - t
        t = time.perf_counter()
        preds = find_places(doc, settings)
        t_places += time.perf_counter() - t
        n_pred += len(preds)
        gold = {(g.start, g.end): g for g in art.toponyms}
        exact = {(p.start, p.end) for p in preds} & set(gold)
        tp += len(exact)
        for g in art.toponyms:
            if (g.start, g.end) not in exact:
                misses[g.phrase] += 1
        for p in preds:
            if (p.start, p.end) not in gold:
                spurious[p.text] += 1
        # lenient matching and geocoding
        used = set()
        for g in art.toponyms:
            p = next((p for p in preds if p.start < g.end and g.start < p.end and id(p) not in used), None)
            if p is None:
                continue
            used.add(id(p))
            tp_lenient += 1
            if g.lat is None:
                continue
            if p.lat is None:
                err = MAX_KM
            else:
                err = distance((g.lat, g.lon), (p.lat, p.lon)).km
            errors.append(err)
            if err > 161:
                wrong[f"{g.phrase} -> {p.name}, {p.country}"] += 1
    n_gold = sum(len(a.toponyms) for a in articles)
    fp = n_pred - tp
    fn = n_gold - tp
    p_ = tp / n_pred if n_pred else 0.0
    r_ = tp / n_gold if n_gold else 0.0
    f_ = 2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0
    pl = tp_lenient / n_pred if n_pred else 0.0
    rl = tp_lenient / n_gold if n_gold else 0.0
    fl = 2 * pl * rl / (pl + rl) if pl + rl else 0.0
    acc = sum(e <= 161 for e in errors) / len(errors) if errors else 0.0
    auc = (sum(math.log(1 + e) for e in errors) / len(errors) / math.log(MAX_KM)) if errors else 0.0
    med = statistics.median(errors) if errors else 0.0
    print(f"corpus            {args.lgl}  ({len(articles)} articles, {n_gold} gold toponyms, "
          f"{words} words)")
    print(f"settings          ner={'on' if settings.use_ner else 'off'} "
          f"demonyms={'on' if settings.place_demonyms else 'off'}")
    print(f"tagging exact     P={p_:.3f} R={r_:.3f} F1={f_:.3f}  (exact-span match, headline; "
          f"tp={tp} fp={fp} fn={fn})")
    print(f"tagging overlap   P={pl:.3f} R={rl:.3f} F1={fl:.3f}  (relaxed: any one-to-one overlap)")
    print(f"resolution        acc@161km={acc:.3f}  AUC={auc:.3f}  median={med:.1f} km  "
          f"(n={len(errors)} tagged gold toponyms with coordinates)")
    wps = words / t_places if t_places else 0.0
    line = f"speed             find_places {wps:,.0f} words/s"
    if settings.use_ner:
        line += f"; with spaCy parse {words / (t_places + t_ner):,.0f} words/s"
    print(line)
    print(f"gazetteer         loaded in {load_s:.3f} s, +{load_mb:.0f} MB peak RSS "
          f"(first call builds the index if absent)")
    if args.errors:
        print("\nmissed (gold not tagged exactly):", misses.most_common(args.errors))
        print("\nspurious (tagged, not gold):", spurious.most_common(args.errors))
        print("\nwrong place (>161 km):", wrong.most_common(args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
