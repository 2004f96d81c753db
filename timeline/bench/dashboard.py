"""``python -m timeline bench dashboard [--events N] [--repeat R]``: dashboard speed.

Builds N synthetic events (default 10,000) in a temporary store (in a child process), then
times what the dashboard asks of the store through ``timeline.views`` (SQL: counts, the
timeline's aggregates, map points or clusters, a table page; medians of three) with this
process's peak memory, then runs the real ``app.py`` in Streamlit's ``AppTest`` (``--app``),
which asks the store for each view from ``SERVER_FROM`` events on (else loads a frame):
- first render: the cold first script run, loading included (what a user waits for);
- filter change: a rerun after typing a search word, a broad confidence cut (half the
  events stay: the most to re-send) and picking an event type;
- selection change (a clicked event: timeline rows and table rebuilt) and the Corpus tab.
Targets: first render ≤ 3 s, filter change ≤ 1 s, a store query ≤ 200 ms, ≤ 1 GB resident.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLACES = [("Stepanakert", 39.82, 46.75, "AZ"), ("Baku", 40.41, 49.87, "AZ"),
          ("Yerevan", 40.18, 44.51, "AM"), ("Ganja", 40.68, 46.36, "AZ"),
          ("Aleppo", 36.20, 37.16, "SY"), ("Idlib", 35.93, 36.63, "SY"),
          ("Gaziantep", 37.07, 37.38, "TR"), ("Istanbul", 41.01, 28.95, "TR"),
          ("Tripoli", 32.89, 13.19, "LY"), ("Moscow", 55.75, 37.62, "RU")]
ACTORS = ["Azerbaijan", "Armenia", "Turkey", "Russia", "France", "Syrian mercenaries",
          "OSCE Minsk Group", "Red Cross", "Ministry of Defence", "civilians"] + \
         [f"Actor {i}" for i in range(60)]
TYPES = ["attack", "deployment", "statement", "displacement", "casualties", "ceasefire",
         "meeting", "movement", "other"]


def synthetic_store(home: Path, n: int, seed: int = 7) -> None:
    """``n`` events over 200 articles and a year, a tenth of them month or week precision,
    not linked across articles."""
    from timeline.model import (ActorMention, Article, Doc, Event, EventDate, PlaceMention,
                                Route)
    from timeline.store import Store

    rng = random.Random(seed)
    store = Store(home / "atlas.sqlite")
    per = max(1, n // 200)
    made = 0
    for a in range(200):
        count = per if a < 199 else n - made
        text = f"Synthetic article {a}. " + "Lorem ipsum dolor sit amet. " * 20
        art = Article(text=text, title=f"Article {a}", source=f"article-{a:03d}.txt",
                      published=date(2020, 1, 1) + timedelta(days=a))
        doc = Doc(article=art)
        for i in range(count):
            day = date(2020, 1, 1) + timedelta(days=rng.randrange(366))
            r = rng.random()
            if r < 0.05:
                when = EventDate(f"{day:%Y-%m}", "month")
            elif r < 0.1:
                y, w, _ = day.isocalendar()
                when = EventDate(f"{y}-W{w:02d}", "week")
            elif r < 0.12:
                when = EventDate(day.isoformat(), "day", end=(day + timedelta(days=4)).isoformat())
            else:
                when = EventDate(day.isoformat(), "day")
            name, lat, lon, cc = rng.choice(PLACES)
            place = PlaceMention(0, 5, name, name=name, lat=lat + rng.uniform(-.3, .3),
                                 lon=lon + rng.uniform(-.3, .3), country=cc, feature="city")
            actors = [ActorMention(0, 5, x, name=x) for x in rng.sample(ACTORS, rng.randint(0, 3))]
            doc.events.append(Event(
                article_id=art.article_id, start=i, end=i + 1, event_type=rng.choice(TYPES),
                sentence=f"Event {a}-{i}: {', '.join(x.name for x in actors) or 'someone'} "
                         f"reported near {name} <b>with</b> some longer evidence text " * 2,
                date=when, actors=actors, places=[place], location=place,
                confidence=round(rng.random(), 2), source=art.source,
                published=art.published, trigger=f"t{i}"))
            made += 1
        if a % 40 == 0:
            stops = [PlaceMention(0, 1, p[0], name=p[0], lat=p[1], lon=p[2], country=p[3])
                     for p in rng.sample(PLACES, 3)]
            doc.routes.append(Route(article_id=art.article_id, stops=stops, sentence="via"))
        store.save(doc)
    # Left unlinked: random events over one year would each have hundreds of corroboration
    # candidates (linking is the extraction's cost, measured by ``bench pipeline``); without
    # this the app's first run would relink the whole store before showing anything.
    with store.transaction():
        store.clear_pending(store.pending())
    store.optimize()
    store.close()


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _median(fn, n: int = 3) -> float:
    return statistics.median(_timed(fn) for _ in range(n))


def _rss_mb() -> float:
    """Peak resident memory of this process so far."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _build(home: Path, n: int) -> float:
    """Build the synthetic store in a child process, so this one's memory is the views' own."""
    import multiprocessing

    t = time.perf_counter()
    child = multiprocessing.get_context("fork").Process(target=synthetic_store, args=(home, n))
    child.start()
    child.join()
    if child.exitcode:
        raise SystemExit(f"building the synthetic store failed ({child.exitcode})")
    return time.perf_counter() - t


def _holds(home: Path, n: int) -> bool:
    """Whether a kept store already holds the ``n`` synthetic events (then it is reused)."""
    import sqlite3

    path = home / "atlas.sqlite"
    if not path.exists():
        return False
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM events").fetchone()[0] == n


def bench_views(home: Path) -> list[tuple[str, float, str]]:
    """What the dashboard asks the store (``timeline.views``), each the median of three."""
    from timeline import views
    from timeline.filters import Filters
    from timeline.store import Store

    store = Store(home / "atlas.sqlite")
    target = Filters(date_from=date(2020, 3, 1), date_to=date(2020, 5, 31),
                     actors=("Azerbaijan",), event_types=("attack",))
    broad = Filters(min_confidence=0.5)
    text = Filters(text="stepanakert", event_types=("attack",))
    box = views.BBox(35, 30, 42, 50)

    def change(f: Filters) -> None:
        """What app.py asks the store on a filter change (a large store's page)."""
        views.summary(store, f)
        views.timeline(store, f, bucket="day")
        mv = views.map_view(store, f, max_points=4000)      # clusters come with density
        if mv.points is not None:
            store.corrected(list(mv.points["event_id"]))
        views.page(store, f, limit=200)

    def first() -> None:
        """The first view: the sidebar's option counts and bounds (``Overview`` in
        timeline/dashboard/data.py), then the unfiltered views."""
        store.event_count()
        views.date_bounds(store)
        store.source_titles()
        store.routes()
        for column in ("event_type", "actor_list", "source", "country_list", "place_list"):
            views.option_counts(store, column)
        change(Filters())

    cold = _timed(first)                     # first: nothing of the store is cached yet
    out = [
        ("count, no filter", _median(lambda: views.count(store)), ""),
        ("query date range + actor + type", _median(lambda: views.count(store, target)),
         "target ≤ 0.2 s"),
        ("  its first table page (100 rows)", _median(lambda: views.page(store, target)), ""),
        ("text search, words not asked before", _timed(lambda: views.count(
            store, Filters(text="ganja mercenaries"))), "(finds the matches)"),
        ("text search 'stepanakert' + type", _median(lambda: views.count(store, text)), ""),
        ("timeline per week × type, all", _median(lambda: views.timeline(store, bucket="week")), ""),
        ("timeline per day × actor, target", _median(
            lambda: views.timeline(store, target, lane="actor")), ""),
        ("map clusters, whole world", _median(lambda: views.map_view(store)), ""),
        ("map points, target in a box", _median(lambda: views.map_view(store, target, box)), ""),
        ("option counts (actors), all", _median(
            lambda: views.option_counts(store, "actor_list")), ""),
        ("filter change, target (all views)", _median(lambda: change(target)), "target ≤ 1 s"),
        ("filter change, confidence ≥ 0.5", _median(lambda: change(broad)), "target ≤ 1 s"),
        ("first view, no filter (all views)", cold, "target ≤ 3 s"),
    ]
    store.close()
    return out


def bench_app(home: Path, repeat: int) -> dict:
    """The real app, as a user's session runs it: from its first run on an open store
    (what a user waits for) to filter changes, a selection and the Corpus tab."""
    from streamlit.testing.v1 import AppTest

    from timeline.store import Store

    store = Store(home / "atlas.sqlite")
    first_id = store.db.execute("SELECT event_id FROM ev_view ORDER BY rid LIMIT 1").fetchone()[0]
    store.close()
    sys.argv = ["app.py"]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    cold = _timed(at.run)            # what a user waits for: loading included
    if at.exception:
        raise SystemExit(f"app raised: {at.exception[0].value}")
    shown = next(m.value.splitlines()[0] for m in at.markdown if " of " in m.value)
    server = any(c.value.startswith("Events per ") for c in at.caption)   # store-side views
    warm = _median(at.run)
    filt, labels = [], []
    words = ["stepanakert", "baku", "mercenaries", ""]
    for i in range(repeat):
        at.sidebar.text_input(key="f_text").input(words[i % len(words)])
        filt.append(_timed(at.run))
        labels.append(f"text {words[i % len(words)]!r}")
    at.sidebar.text_input(key="f_text").input("")
    at.sidebar.slider(key="f_conf").set_value(0.5)      # a broad one: half the events
    broad = _timed(at.run)
    filt.append(broad)
    labels.append("confidence ≥ 0.5")
    at.sidebar.multiselect(key="f_types").select("attack")
    filt.append(_timed(at.run))
    labels.append("+ type attack")
    after = next(m.value.splitlines()[0] for m in at.markdown if " of " in m.value)
    at.session_state["selected"] = first_id              # as a timeline/map click does
    select = _timed(at.run)
    at.session_state["view"] = "Corpus"
    corpus = _timed(at.run)
    return dict(server=server, cold=cold, warm=warm, filt=filt, labels=labels, broad=broad,
                select=select, corpus=corpus, shown=shown, after=after)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m timeline bench dashboard")
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3, help="filter changes to time")
    ap.add_argument("--store", type=Path, default=None,
                    help="keep the synthetic store in this folder and reuse it when it holds "
                         "--events events (building a million takes minutes)")
    ap.add_argument("--app", choices=("yes", "no"), default="yes",
                    help="also time app.py in AppTest (the real page, first run to filters)")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
        home = args.store or Path(tmp)
        home.mkdir(parents=True, exist_ok=True)
        os.environ["EVENT_ATLAS_HOME"] = str(home)
        os.environ["EVENT_ATLAS_TILES"] = "none"
        built = 0.0 if _holds(home, args.events) else _build(home, args.events)
        size = (home / "atlas.sqlite").stat().st_size / 2 ** 20
        print(f"synthetic store: {args.events:,} events in {built:.1f} s, {size:,.0f} MB",
              file=sys.stderr)
        rss0 = _rss_mb()
        figures = bench_views(home)
        rss_views = _rss_mb()
        app = bench_app(home, args.repeat) if args.app == "yes" else None
        rss_app = _rss_mb()

    print(f"events: {args.events:,}   (store {size:,.0f} MB; timings on a shared machine)")
    print("store-side views (timeline.views, SQLite), median of 3:")
    for label, secs, target in figures:
        print(f"  {label:<36} {secs * 1000:8.1f} ms   {target}")
    print(f"  process peak RSS: {rss0:.0f} MB before the views, {rss_views:.0f} MB after "
          "(target ≤ 1 GB)")
    if app is None:
        print("app.py (AppTest): skipped (--app yes to run it)")
        return 0
    filt = app["filt"]
    print(f"app.py (AppTest, {'views asked of the store' if app['server'] else 'whole store loaded into a frame'}):")
    print(f"  first render (cold, incl. loading): {app['cold']:6.2f} s   target ≤ 3 s  "
          f"{'ok' if app['cold'] <= 3 else 'SLOW'}")
    print(f"  rerun, nothing changed:        {app['warm']:6.2f} s   (median of 3)")
    print(f"  filter change (median of {len(filt)}): {statistics.median(filt):6.2f} s   "
          f"target ≤ 1 s  {'ok' if statistics.median(filt) <= 1 else 'SLOW'}"
          f"   (max {max(filt):.2f} s; min confidence 0.5, ~half shown: {app['broad']:.2f} s)")
    print("    each: " + ", ".join(f"{label} {secs:.2f} s"
                                  for label, secs in zip(app["labels"], filt)))
    print(f"  selection change:              {app['select']:6.2f} s")
    print(f"  Corpus tab (200 articles):     {app['corpus']:6.2f} s")
    print(f"  process peak RSS with the app: {rss_app:.0f} MB")
    print(f"  page said: {app['shown']!r} → {app['after']!r}")
    return 0
