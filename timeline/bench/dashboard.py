"""``python -m timeline bench dashboard [--events N] [--repeat R]``: dashboard speed.

Builds N synthetic events (default 10,000) in a temporary store, then times, with
Streamlit's ``AppTest`` running the real ``app.py``:
- load: reading the store into the view frame (``Data``), the "data being loaded";
- first render: the first full script run after that (filters, timeline spec, map build and
  render for ``st_folium``, table, exports), excluding the load;
- filter change: a rerun after typing a search word, a broad confidence cut (half the
  events stay: the most to re-send) and picking an event type;
- selection change (a clicked event: timeline rows and table rebuilt) and the Corpus tab.
It also times the pure view functions alone. Targets: first render ≤ 3 s, filter ≤ 1 s.
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
    """``n`` events over 200 articles and a year, a tenth of them month or week precision."""
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
    store.close()


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m timeline bench dashboard")
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3, help="filter changes to time")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
        home = Path(tmp)
        os.environ["EVENT_ATLAS_HOME"] = str(home)
        os.environ["EVENT_ATLAS_TILES"] = "none"
        t = time.perf_counter()
        synthetic_store(home, args.events)
        print(f"synthetic store: {args.events:,} events in {time.perf_counter() - t:.1f} s",
              file=sys.stderr)

        # The pure view functions alone.
        from geo import maps
        from timeline import charts
        from timeline import filters as flt
        from timeline.store import Store

        store = Store(home / "atlas.sqlite")
        load = _timed(lambda: flt.frame(store.events()))
        df = flt.frame(store.events())
        f_apply = _timed(lambda: flt.apply(df, flt.Filters(text="stepanakert",
                                                           event_types=("attack",))))
        import altair as alt

        with alt.data_transformers.disable_max_rows():   # Streamlit ships data as Arrow
            f_chart = _timed(lambda: charts.timeline_chart(df).to_dict())
        f_markers = _timed(lambda: maps.marker_data(df))
        f_map = _timed(lambda: maps.standalone_html(maps.build_map(df, store.routes(),
                                                                   tiles=None)))

        # The real app, as a user's session runs it.
        from streamlit.testing.v1 import AppTest

        sys.argv = ["app.py"]
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        t = time.perf_counter()
        at.run()
        cold = time.perf_counter() - t
        if at.exception:
            print("app raised:", at.exception[0].value, file=sys.stderr)
            return 1
        shown = next(m.value.splitlines()[0] for m in at.markdown if " of " in m.value)
        # A rerun with everything cached, the steady state: median of three (shared machines).
        warm = statistics.median(_timed(at.run) for _ in range(3))
        filt = []
        words = ["stepanakert", "baku", "mercenaries", ""]
        for i in range(args.repeat):
            at.sidebar.text_input(key="f_text").input(words[i % len(words)])
            filt.append(_timed(at.run))
        at.sidebar.text_input(key="f_text").input("")
        at.sidebar.slider(key="f_conf").set_value(0.5)      # a broad one: half the events
        broad = _timed(at.run)
        filt.append(broad)
        at.sidebar.multiselect(key="f_types").select("attack")
        filt.append(_timed(at.run))
        after = next(m.value.splitlines()[0] for m in at.markdown if " of " in m.value)
        at.session_state["selected"] = df["event_id"].iloc[0]   # as a timeline/map click does
        select = _timed(at.run)
        at.session_state["view"] = "Corpus"
        corpus = _timed(at.run)
        first_render = cold - load     # the cold run includes reading the store once

    print(f"events: {args.events:,}")
    print(f"load (store → frame):          {load:6.2f} s")
    print(f"first render (after load):     {first_render:6.2f} s   target ≤ 3 s  "
          f"{'ok' if first_render <= 3 else 'SLOW'}")
    print(f"  cold first run incl. load:   {cold:6.2f} s")
    print(f"rerun, nothing changed:        {warm:6.2f} s   (median of 3)")
    print(f"filter change (median of {len(filt)}): {statistics.median(filt):6.2f} s   "
          f"target ≤ 1 s  {'ok' if statistics.median(filt) <= 1 else 'SLOW'}"
          f"   (max {max(filt):.2f} s; min confidence 0.5, ~half shown: {broad:.2f} s)")
    print(f"selection change:              {select:6.2f} s")
    print(f"Corpus tab (200 articles):     {corpus:6.2f} s")
    print(f"view functions: apply {f_apply:.3f} s, timeline spec {f_chart:.2f} s, "
          f"marker data {f_markers:.2f} s, standalone map HTML {f_map:.2f} s")
    print(f"page said: {shown!r} → {after!r}")
    return 0
