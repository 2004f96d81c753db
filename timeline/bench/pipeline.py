"""``python -m timeline bench pipeline [PATH...]``: end-to-end extraction throughput.

Reads the articles (default: the bundled seeds), runs the whole pipeline ``--repeat`` times
and prints articles/s, words/s and the time per stage, so a slow stage is visible.
"""
from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from timeline import nlp
from timeline.config import DEFAULT
from timeline.ingest import read_paths
from timeline.model import Doc

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m timeline bench pipeline")
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "seeds")])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-ner", action="store_true", help="run without the spaCy model")
    args = ap.parse_args(argv)
    settings = DEFAULT.with_(use_ner=not args.no_ner)

    from geo.routes import routes_from
    from geo.toponyms import find_places
    from timeline.actors import find_actors
    from timeline.corpus import link
    from timeline.dates import find_dates
    from timeline.events import events_from
    from timeline.segment import sentences

    t0 = time.perf_counter()
    articles, problems = read_paths(args.paths, settings)
    t_ingest = time.perf_counter() - t0
    words = sum(len(a.text.split()) for a in articles)
    if settings.use_ner:
        nlp.model()
    # Warm the gazetteer and lexicons so start-up cost is reported apart from throughput.
    t0 = time.perf_counter()
    warm = Doc(articles[0])
    warm.sentences = sentences(warm.text)
    find_places(warm, settings)
    t_warm = time.perf_counter() - t0

    stages = defaultdict(float)
    events = routes = 0
    start = time.perf_counter()
    for _ in range(args.repeat):
        all_events, all_routes = [], []
        for a in articles:
            doc = Doc(a)
            for name, fn in (
                ("sentences", lambda: setattr(doc, "sentences", sentences(a.text))),
                ("ner", lambda: _ner(doc, settings)),
                ("dates", lambda: setattr(doc, "dates", find_dates(a.text, a.published, settings))),
                ("places", lambda: setattr(doc, "places", find_places(doc, settings))),
                ("actors", lambda: setattr(doc, "actors", find_actors(doc, settings))),
                ("events", lambda: setattr(doc, "events", events_from(doc, settings))),
                ("routes", lambda: setattr(doc, "routes", routes_from(doc, settings))),
            ):
                t = time.perf_counter()
                fn()
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
    print(f"ingest {t_ingest * 1000:.0f} ms   gazetteer/lexicon warm-up {t_warm * 1000:.0f} ms")
    print(f"events {events}  routes {routes}")
    print(f"throughput  {len(articles) * args.repeat / total:.1f} articles/s   "
          f"{words * args.repeat / total:,.0f} words/s")
    print("time per stage:")
    for name, secs in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<10} {secs / args.repeat * 1000:8.1f} ms  {secs / total:6.1%}")
    return 0


def _ner(doc: Doc, settings) -> None:
    if settings.use_ner:
        doc.parsed = nlp.parse(doc.text)
        doc.entities = nlp.entities_of(doc.parsed)
