"""``python -m timeline bench scaling``: does pathological input stay linear?

Each case builds a text of a given size from a generator that once made a stage blow up
(runs of capitalised words, "May May May …", prose with no sentence break, a whole article
on one line, random characters) and runs every pipeline stage on it, doubling the size up to
``--max-chars``. Each size runs in a forked child (the model and gazetteer are loaded once in
the parent) with a time limit, so a hang is reported, not waited for. A doubling may take at
most 2 × (1 + ``--slack``) the time of the size before; peak memory (of the child, which
includes the model loaded before the fork) must stay under ``--max-mb``. Timings are wall-clock and noisy on a loaded machine: read the ratios, not the
seconds, and rerun a flagged case alone (``--cases``) before believing it.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_WORDS = ("Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliet Kilo Lima Mike "
          "November Oscar Papa Quebec Romeo Sierra Tango Uniform Victor Whiskey Xray Yankee "
          "Zulu Forces Army Police Ministry National Liberation Front Council").split()


def _real_text() -> str:
    """The bundled seed articles: real news prose (the shape every case starts from)."""
    from timeline.ingest import read_paths

    articles, _ = read_paths([ROOT / "seeds"])
    return "\n\n".join(a.text for a in articles)


def _fill(unit: str, n: int) -> str:
    return (unit * (n // max(1, len(unit)) + 1))[:n]


def _caps(n: int, real: str) -> str:
    rng = random.Random(1)
    return " ".join(rng.choice(_WORDS) for _ in range(n // 5 + 1))[:n]


def _may(n: int, real: str) -> str:
    return _fill("May ", n)


_NO_BREAKS = str.maketrans({c: " " for c in ".!?;:…\n"})     # sentence breaks → spaces


def _no_breaks(n: int, real: str) -> str:
    return _fill(" ".join(real.translate(_NO_BREAKS).split()) + " ", n)


def _one_line(n: int, real: str) -> str:
    return _fill(" ".join(line.strip() for line in real.split("\n") if line.strip()) + " ", n)


def _random(n: int, real: str) -> str:
    rng = random.Random(2)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-'\"()\n"
    return "".join(rng.choice(alphabet) for _ in range(n))


def _real(n: int, real: str) -> str:
    return _fill(real + "\n\n", n)


CASES = {"caps": _caps, "may": _may, "no-breaks": _no_breaks, "one-line": _one_line,
         "random": _random, "real": _real}


def _run(text: str, queue) -> None:
    """In the child: ``process`` one article (windows and all, as the CLI and app run it),
    each stage timed; report seconds per stage and peak MB."""
    from timeline import pipeline
    from timeline.model import Article

    stages: dict[str, float] = defaultdict(float)

    def timed(name, stage):
        def run(doc, settings):
            t = time.perf_counter()
            stage(doc, settings)
            stages[name] += time.perf_counter() - t
        return run

    pipeline.STAGES = tuple((name, timed(name, stage)) for name, stage in pipeline.STAGES)
    doc = pipeline.process(Article(text=text, title="scaling", source="scaling"))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((dict(stages), peak_mb, len(doc.events)))


def _measure(text: str, timeout: float):
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_run, args=(text, queue))
    t0 = time.perf_counter()
    child.start()
    try:
        result = queue.get(timeout=timeout)
    except Exception:
        result = None
    child.join(5)
    if child.is_alive():
        child.kill()
        child.join()
    return result, time.perf_counter() - t0


def _warm() -> None:
    """Load the model, gazetteer and lexicons once, in the parent, before forking."""
    from timeline import nlp
    from timeline.config import DEFAULT
    from timeline.model import Article, Doc
    from timeline.pipeline import STAGES

    nlp.model()
    doc = Doc(Article(text="Troops entered Kyiv on May 5, 2022. The army said so.", title="w"))
    for _, stage in STAGES:
        stage(doc, DEFAULT)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m timeline bench scaling")
    ap.add_argument("--cases", default=",".join(CASES),
                    help=f"comma-separated, of: {', '.join(CASES)}")
    ap.add_argument("--start", type=int, default=15_625, help="first size in characters")
    ap.add_argument("--max-chars", type=int, default=2_000_000)
    ap.add_argument("--slack", type=float, default=0.30, help="allowed excess over 2x a doubling")
    ap.add_argument("--max-mb", type=float, default=1536.0)
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds allowed per size")
    ap.add_argument("--min-seconds", type=float, default=0.5,
                    help="ratios of runs shorter than this are too noisy to judge")
    args = ap.parse_args(argv)
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = [c for c in cases if c not in CASES]
    if unknown:
        print(f"unknown case(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    real = _real_text()
    _warm()
    sizes = []
    n = args.start
    while n <= args.max_chars:
        sizes.append(n)
        n *= 2
    limit = 2 * (1 + args.slack)
    failures = []
    for case in cases:
        print(f"\n{case}")
        print(f"  {'chars':>9} {'seconds':>8} {'ratio':>6} {'peak MB':>8} {'events':>6}  slowest stage")
        prev = None
        for size in sizes:
            result, wall = _measure(CASES[case](size, real), args.timeout)
            if result is None:
                print(f"  {size:>9,} {'>' + format(args.timeout, '.0f'):>8}  TIMEOUT")
                failures.append(f"{case} at {size:,} chars: no result in {args.timeout:.0f} s")
                break
            stages, peak, events = result
            total = sum(stages.values())
            worst = max(stages, key=stages.get)
            ratio = total / prev if prev else None
            judged = ratio is not None and prev >= args.min_seconds
            flag = ""
            if judged and ratio > limit:
                flag = "  SUPERLINEAR"
                failures.append(f"{case}: {size:,} chars took {ratio:.2f}x the half size")
            if peak > args.max_mb:
                flag += "  MEMORY"
                failures.append(f"{case} at {size:,} chars: peak {peak:.0f} MB")
            shown = f"{ratio:6.2f}" if ratio is not None else f"{'':>6}"
            print(f"  {size:>9,} {total:8.2f} {shown} {peak:8.0f} {events:>6}  "
                  f"{worst} {stages[worst]:.2f} s{flag}", flush=True)
            prev = total
    print()
    if failures:
        print("FAIL (timings are noisy under load: rerun a flagged case alone)")
        for f in failures:
            print(f"  {f}")
        return 1
    print(f"ok: every doubling within {limit:.1f}x, peak memory under {args.max_mb:.0f} MB")
    return 0
