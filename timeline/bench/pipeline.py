"""``python -m timeline bench pipeline [PATH...] [--lgl FILE] [--workers N] [--rounds N]``: throughput.

Reads the articles (default: the bundled seeds; ``--lgl`` an LGL/TR-News XML file), runs the
pipeline's own ``STAGES`` ``--repeat`` times and prints articles/s, words/s and the time per
stage, so a slow stage is visible. Then, each in a fresh process so its peak memory is its
own, side by side on the same texts: spaCy alone as the project loads it (its parse is the
floor of the pipeline), ``process_many`` on 1 worker and on N (default: every core),
``--rounds`` times in turn, with the medians of the rounds' ratios.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Optional

from timeline import nlp
from timeline.config import DEFAULT
from timeline.corpus import link
from timeline.ingest import read_paths
from timeline.model import Doc
from timeline.pipeline import STAGES, default_workers, process_many, warm

ROOT = Path(__file__).resolve().parents[2]


def _articles(args, settings):
    if args.lgl:
        from timeline.lgl import read
        from timeline.model import Article

        return [Article(text=g.text, source=g.docid) for g in read(args.lgl)], []
    return read_paths(args.paths, settings)


def _measure(mode: str, articles, settings) -> dict:
    """One configuration's words/s and peak memory (this process and its workers)."""
    words = sum(len(a.text.split()) for a in articles)
    warm(settings)          # model, gazetteer, lexicons: start-up is not throughput
    cpu = _cpu_seconds()
    t = time.perf_counter()
    if mode == "spacy":
        for _ in nlp.parse_many((a.text for a in articles), batch_size=16):
            pass
    else:
        for _ in process_many(articles, settings, workers=int(mode)):
            pass
    secs = time.perf_counter() - t
    cpu = _cpu_seconds() - cpu
    rss = max(resource.getrusage(who).ru_maxrss
              for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    return {"mode": mode, "secs": secs, "words_s": words / secs, "rss_mb": rss,
            "cpu_s": cpu}


def _cpu_seconds() -> float:
    """CPU time of this process and its finished workers: on a machine others load, words
    per CPU second is the steadier figure (wall time is what a user waits)."""
    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                  resource.getrusage(resource.RUSAGE_CHILDREN)))


def _run(argv: list[str], mode: str) -> Optional[dict]:
    """One ``_measure`` in a fresh process (its peak memory is its own); None when it failed."""
    out = subprocess.run([sys.executable, "-m", "timeline", "bench", "pipeline", *argv,
                          "--measure", mode], capture_output=True, text=True)
    if out.returncode:
        print(f"  {mode}: failed: {out.stderr.strip().splitlines()[-1:]}")
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def _side_by_side(argv: list[str], workers: int, rounds: int) -> None:
    """spaCy alone, 1 worker and ``workers`` workers, ``rounds`` times, in turn (the order
    reversed every other round: a drift of the machine's speed weighs on all alike). The
    ratios reported are the medians of the rounds': on a shared machine one round of
    20-second runs strays by a tenth either way."""
    modes = ("spacy", "1", str(workers))
    runs: list[dict] = []
    for i in range(rounds):
        got = {m: _run(argv, m) for m in (modes if i % 2 == 0 else modes[::-1])}
        if None in got.values():
            return
        runs.append(got)
    print("side by side (fresh process each; words/s; CPU seconds of all its processes; "
          "peak RSS of its largest process, parent or worker):")
    for got in runs:
        for m in modes:
            r = got[m]
            label = "spaCy parse alone" if m == "spacy" else f"pipeline, {m} worker(s)"
            print(f"  {label:<24} {r['words_s']:8,.0f} words/s  {r['secs']:7.1f} s  "
                  f"CPU {r['cpu_s']:6.1f} s  {r['rss_mb']:6.0f} MB")

    def median(f) -> tuple[float, str]:
        xs = sorted(f(g["spacy"], g["1"], g[modes[2]]) for g in runs)
        return statistics.median(xs), ", ".join(f"{x:.2f}" for x in xs)

    one, ones = median(lambda s, o, n: o["words_s"] / s["words_s"])
    many, manys = median(lambda s, o, n: n["words_s"] / o["words_s"])
    cpu, _ = median(lambda s, o, n: s["cpu_s"] / o["cpu_s"])
    cpus, _ = median(lambda s, o, n: n["cpu_s"] / o["cpu_s"])
    print(f"  pipeline 1 worker / spaCy alone: {one:.2f}  (median of {rounds}: {ones}; "
          f"goal ≥ 0.85);  {workers} workers / 1 worker: {many:.2f}×  ({manys}; goal ≥ 1.7× "
          f"with 2)")
    print(f"  by CPU time: spaCy alone / pipeline 1 worker: {cpu:.2f};  {workers} workers / "
          f"1 worker: {cpus:.2f}× the CPU  (load average {os.getloadavg()[0]:.1f})")
    print(f"  the machine's own ceiling now: a pure-Python loop on {workers} processes runs "
          f"{_ceiling(workers):.2f}× one")


def _spin(n: int) -> float:
    """Seconds of a CPU-bound pure-Python loop (no memory traffic, nothing shared)."""
    t = time.perf_counter()
    x = 0
    for i in range(n):
        x ^= i * i
    return time.perf_counter() - t


def _ceiling(workers: int, n: int = 4_000_000) -> float:
    """How much faster ``workers`` processes do ``workers`` times one's work than one does:
    the speed-up no program can pass on this machine at this moment (cores that others use,
    or that share a physical core, give less than ``workers``)."""
    from concurrent.futures import ProcessPoolExecutor

    one = _spin(n)
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_spin, [1] * workers))          # the processes start before the clock
        t = time.perf_counter()
        list(pool.map(_spin, [n] * workers))
        many = time.perf_counter() - t
    return workers * one / many


def _corpus(articles, n: int, folder: Path, per_file: int = 100) -> int:
    """``n`` short articles as JSON Lines files of ``per_file`` records; their words. Each is
    one sentence of the given texts, in turn, moved to a year of its own (every ``2020`` of
    it, and its publication date): real news repeats a story a few times, not a thousand,
    and a thousand copies of one dated sentence would measure corroboration of duplicates."""
    from datetime import date

    from timeline.segment import sentences

    said = [" ".join(a.text[s:e].split()) for a in articles for s, e in sentences(a.text)]
    said = [x for x in said if len(x.split()) >= 8]
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for first in range(0, n, per_file):
        with open(folder / f"part-{first // per_file:05d}.jsonl", "w", encoding="utf-8") as out:
            for i in range(first, min(n, first + per_file)):
                year = 1100 + i % 8000
                text = f"Dispatch {_letters(i)}. " + said[i % len(said)].replace("2020", str(year))
                words += len(text.split())
                out.write(json.dumps({"title": f"Article {i}", "source": f"synthetic-{i}",
                                      "published": date(year, 1 + i % 12, 1 + i % 28)
                                      .isoformat(), "text": text}) + "\n")
    return words


def _letters(i: int) -> str:
    """A number as capital letters (0 → A, 26 → BA): a distinct text per article (the
    article id hashes the text) that no date or quantity reader takes for a number."""
    out = ""
    while True:
        out = chr(65 + i % 26) + out
        i //= 26
        if not i:
            return out


def _extract_rss(folder: str) -> dict:
    """``extract`` on ``folder`` in this process (1 worker): its peak RSS and time."""
    from timeline.cli import main as cli

    t = time.perf_counter()
    code = cli(["extract", folder, "--workers", "1", "--quiet", "--format", "csv",
                "-o", str(Path(folder) / "out.csv")])
    return {"code": code, "secs": time.perf_counter() - t,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _memory(articles, sizes: list[int]) -> None:
    """Peak memory of ``extract`` against corpus size (goal: flat, within 5%, ≤ 900 MB)."""
    import tempfile

    print("extract peak RSS against corpus size (fresh process each, 1 worker; "
          "timings on a shared machine):")
    rows = []
    with tempfile.TemporaryDirectory(prefix="atlas-mem-") as tmp:
        for n in sizes:
            folder = Path(tmp) / f"n{n}"
            words = _corpus(articles, n, folder)
            out = subprocess.run([sys.executable, "-m", "timeline", "bench", "pipeline",
                                  "--extract-rss", str(folder)], capture_output=True, text=True)
            if out.returncode:
                print(f"  {n}: failed: {out.stderr.strip().splitlines()[-1:]}")
                return
            r = json.loads(out.stdout.strip().splitlines()[-1])
            rows.append(r["rss_mb"])
            print(f"  {n:>7,} articles ({words:>9,} words): peak RSS {r['rss_mb']:6.0f} MB  "
                  f"{r['secs']:7.1f} s  ({words / r['secs']:,.0f} words/s)")
    if len(rows) > 1:
        print(f"  largest / smallest: {rows[-1] / rows[0]:.3f}  (goal ≤ 1.05; ≤ 900 MB)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m timeline bench pipeline")
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "seeds")])
    ap.add_argument("--lgl", help="read the articles of an LGL-format XML file instead")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=3,
                    help="side-by-side rounds (spaCy alone, 1 worker, N workers) for the medians")
    ap.add_argument("--no-ner", action="store_true", help="run without the spaCy model")
    ap.add_argument("--workers", type=int, default=default_workers(),
                    help="processes for the N-worker figure (default: every core)")
    ap.add_argument("--stages", action=argparse.BooleanOptionalAction, default=True,
                    help="time each stage in this process (--no-stages: only side by side)")
    ap.add_argument("--measure", help=argparse.SUPPRESS)       # one side-by-side run
    ap.add_argument("--memory", metavar="N,N",
                    help="instead: peak RSS of `extract` (1 worker, fresh process) on corpora "
                         "of N one-sentence articles made from the texts, e.g. 1000,10000")
    ap.add_argument("--extract-rss", help=argparse.SUPPRESS)   # one memory run
    args = ap.parse_args(argv)
    settings = DEFAULT.with_(use_ner=not args.no_ner)
    if args.extract_rss:
        print(json.dumps(_extract_rss(args.extract_rss)))
        return 0

    t0 = time.perf_counter()
    articles, problems = _articles(args, settings)
    t_ingest = time.perf_counter() - t0
    if not articles:
        print("no articles found")
        return 1
    if args.measure:
        print(json.dumps(_measure(args.measure, articles, settings)))
        return 0
    if args.memory:
        _memory(articles, [int(n) for n in args.memory.split(",")])
        return 0
    if args.stages:
        _stages(articles, problems, settings, args.repeat, t_ingest)
    passed = [a for a in (argv or []) if a not in ("--stages", "--no-stages")]
    _side_by_side(passed, args.workers, max(1, args.rounds))
    return 0


def _stages(articles, problems, settings, repeat: int, t_ingest: float) -> None:
    words = sum(len(a.text.split()) for a in articles)
    # Load the model, gazetteer and lexicons first: start-up is reported apart from throughput.
    t0 = time.perf_counter()
    warm(settings)
    t_warm = time.perf_counter() - t0

    stages = defaultdict(float)
    events = routes = 0
    start = time.perf_counter()
    for _ in range(repeat):
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
    print(f"throughput  {len(articles) * repeat / total:.1f} articles/s   "
          f"{words * repeat / total:,.0f} words/s")
    print("time per stage:")
    for name, secs in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<10} {secs / repeat * 1000:8.1f} ms  {secs / total:6.1%}")
