"""``python -m timeline bench pipeline [PATH...]``: end-to-end extraction throughput.

Reads the articles (default: the bundled seeds), runs the pipeline's own ``STAGES``
``--repeat`` times and prints articles/s, words/s and the time per stage, so a slow stage
is visible.
"""
from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from timeline import nlp
from timeline.config import DEFAULT
from timeline.corpus import link
from timeline.ingest import read_paths
from timeline.model import Doc
from timeline.pipeline import STAGES

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m timeline bench pipeline")
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "seeds")])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-ner", action="store_true", help="run without the spaCy model")
    args = ap.parse_args(argv)
    settings = DEFAULT.with_(use_ner=not args.no_ner)

    t0 = time.perf_counter()
    articles, problems = read_paths(args.paths, settings)
    t_ingest = time.perf_counter() - t0
    if not articles:
        print("no articles found")
        return 1
    words = sum(len(a.text.split()) for a in articles)
    # Load the model, gazetteer and lexicons first: start-up is reported apart from throughput.
    t0 = time.perf_counter()
    if settings.use_ner:
        nlp.model()
    warm = Doc(articles[0])
    for name, stage in STAGES:
        if name != "ner":
            stage(warm, settings)
    t_warm = time.perf_counter() - t0

    stages = defaultdict(float)
    events = routes = 0
    start = time.perf_counter()
    for _ in range(args.repeat):
        all_events, all_routes = [], []
        for a in articles:
            doc = Doc(a)
            for name, stage in STAGES:
                t = time.perf_counter()
                stage(doc, settings)
                stages[name] += time.perf_counter() - t
            all_events += doc.events
            all_routes += doc.routes
        t = time.perf_counter()
        ev, ro = link(all_events, all_routes)
        stages["link"] += time.perf_counter() - t
        events, routes = len(ev), len(ro)
    total = time.perf_counter() - start

    print(f"articles {len(articles)}  words {words:,}  skipped {len(problems)}  "
          f"ner {'on' if settings.use_ner else 'off'}")
    print(f"ingest {t_ingest * 1000:.0f} ms   model/gazetteer/lexicon warm-up {t_warm * 1000:.0f} ms")
    print(f"events {events}  routes {routes}")
    print(f"throughput  {len(articles) * args.repeat / total:.1f} articles/s   "
          f"{words * args.repeat / total:,.0f} words/s")
    print("time per stage:")
    for name, secs in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<10} {secs / args.repeat * 1000:8.1f} ms  {secs / total:6.1%}")
    return 0
