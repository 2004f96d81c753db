"""Command line: ``python -m timeline tag|extract|bench`` (see CONTRACT.md).

Data goes to standard output (or ``-o``); progress and warnings go to standard error.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
from datetime import date
from pathlib import Path

from .config import DEFAULT


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "bench":
        return _bench(argv[1:])
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.func(args)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m timeline",
                                description="Dated, geolocated events from news articles.")
    sub = p.add_subparsers()

    tag = sub.add_parser("tag", help="print the date, place and actor mentions of one article")
    tag.add_argument("file", nargs="?", default="-",
                     help="an article file, or - for raw text on standard input (default)")
    tag.add_argument("--published", type=_iso_date, help="publication date YYYY-MM-DD")
    tag.add_argument("--batch", action="store_true",
                     help="read JSON Lines articles {id, text, published} on standard input")
    tag.set_defaults(func=cmd_tag)

    ex = sub.add_parser("extract", help="extract events from articles (files or folders)")
    ex.add_argument("paths", nargs="+", metavar="PATH")
    ex.add_argument("--published", type=_iso_date,
                    help="publication date for every article (overrides header and text)")
    ex.add_argument("--format", choices=("csv", "jsonl", "geojson", "parquet"),
                    default="jsonl", help="parquet: one file per 1,000 articles in the -o folder")
    ex.add_argument("-o", "--output", type=_output,
                    help="write here instead of standard output (- is standard output)")
    ex.add_argument("--engine", choices=("local", "dask"), default="local")
    ex.add_argument("--workers", type=int, default=0, metavar="N",
                    help="processes (or Dask workers) to extract with (default: every core)")
    ex.add_argument("--scheduler", help="Dask scheduler address (with --engine dask)")
    ex.add_argument("--date-order", choices=("MDY", "DMY", "YMD"),
                    help="day/month order of numeric dates such as 05/10/2020")
    ex.add_argument("--geocoder", default="gazetteer",
                    help="geocoding backend: the offline gazetteer (default), or a geopy service "
                         "such as nominatim or photon, asked only for places the gazetteer "
                         "cannot resolve (rate-limited, cached, falls back offline)")
    ex.add_argument("--geocoder-option", action="append", default=[], metavar="KEY=VALUE",
                    help="option for the geopy backend, e.g. user_agent=my-project, domain=...")
    ex.add_argument("--stream", action="store_true",
                    help="write each article's events as soon as it is done (csv or jsonl), "
                         "without the cross-article links (corroboration, routes across "
                         "articles), which need every article first")
    ex.add_argument("--quiet", action="store_true", help="no progress on standard error")
    ex.set_defaults(func=cmd_extract)
    return p


def _iso_date(s: str) -> date:
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {s!r}")


def _bench(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print("usage: python -m timeline bench {dates,places,events,...} [options]",
              file=sys.stderr)
        return 2
    module = importlib.import_module(f"timeline.bench.{argv[0]}")
    return module.main(argv[1:]) or 0


# ---------------------------------------------------------------------------- tag

def cmd_tag(args) -> int:
    from .ingest import IngestError, decode, make_article, read_file
    from .pipeline import process

    if args.batch:
        return _tag_batch()
    problems: list = []
    try:
        if args.file == "-":
            # bytes, so that any encoding is read as files are; at most one byte over the limit
            data = sys.stdin.buffer.read(DEFAULT.max_file_bytes + 1)
            if not data.strip():
                print("error: no text on standard input", file=sys.stderr)
                return 2
            if len(data) > DEFAULT.max_file_bytes:
                raise IngestError("stdin", f"over the {DEFAULT.max_file_bytes:,}-byte limit")
            article = make_article({"text": decode(data, "stdin")}, default_source="stdin",
                                   published=args.published, what="stdin", problems=problems)
        else:
            path = Path(args.file)
            if not path.exists():
                raise FileNotFoundError(f"no such file: {path}")
            article = read_file(path, published=args.published, problems=problems)[0]
    except IngestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    _warn(problems)
    _print_mentions(process(article))
    return 0


def _tag_batch() -> int:
    """One JSON object a line on standard input; a bad line is a warning naming it."""
    from .ingest import IngestError, clean_field, make_article
    from .pipeline import process

    for n, raw in enumerate(sys.stdin.buffer, 1):
        line = raw.decode("utf-8", errors="replace")
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise IngestError(f"line {n}", "expected an object with a 'text' field")
            article = make_article({"text": rec.get("text"), "published": rec.get("published")},
                                   default_source=clean_field(rec.get("id")), what=f"line {n}")
            doc = process(article)
        except (ValueError, RecursionError, IngestError) as exc:
            print(f"warning: line {n}: {_one_line(exc)}", file=sys.stderr)
            continue
        _print_mentions(doc, {"id": rec.get("id")})
    return 0


def _print_mentions(doc, extra: dict | None = None) -> None:
    from .ingest import clean_field

    out = sys.stdout
    for m in doc.mentions:
        d = m.to_dict()
        if extra:
            d.update(extra)
        out.write(clean_field(json.dumps(d, ensure_ascii=False)) + "\n")
    out.flush()


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:300]


def _warn(problems) -> None:
    for p in problems:
        what = "skipped " if p.skipped else ""
        print(f"warning: {what}{p.source}: {p.message}", file=sys.stderr)


# ---------------------------------------------------------------------------- extract

def cmd_extract(args) -> int:
    from .ingest import iter_paths

    settings = DEFAULT.with_(geocoder=args.geocoder,
                             geocoder_options=dict(o.split("=", 1) for o in args.geocoder_option
                                                   if "=" in o))
    if args.date_order:
        settings = settings.with_(date_order=args.date_order)
    if args.stream and args.format not in ("csv", "jsonl"):
        print("error: --stream writes csv or jsonl (GeoJSON is one object, Parquet a folder)",
              file=sys.stderr)
        return 2
    problems: list = []
    articles = _announced(iter_paths(args.paths, settings, args.published, problems), problems)
    bar = None if args.quiet else ProgressBar(0, "extracting")
    if args.stream:
        return _extract_stream(args, articles, settings, bar)
    progress = (lambda done, total, article: bar.update(done, article.source)) if bar else None
    if args.format == "parquet" and not args.output:
        print("error: --format parquet writes a folder of files: give it with -o", file=sys.stderr)
        return 2
    from .corpus import extract_streaming, write_parquet, write_records
    from .pipeline import default_workers

    with extract_streaming(articles, settings, progress, workers=args.workers or default_workers(),
                           engine=args.engine, scheduler=args.scheduler) as store:
        n_articles = store.article_count()
        if not n_articles:
            print("warning: no articles found", file=sys.stderr)
        if bar:
            n_events, n_routes = store.size()
            bar.close(f"{n_events} events, {n_routes} routes from {n_articles} articles")
        if args.format == "parquet":
            write_parquet(store, Path(args.output))
        elif args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                write_records(args.format, store, out)
        else:
            write_records(args.format, store, sys.stdout)
            sys.stdout.flush()
    return 0


def _announced(articles, problems: list):
    """The articles as they are read, each reading problem and missing publication date
    warned about as it is met (the corpus is a stream: nothing waits for the last file)."""
    for a in articles:
        _warn(problems)
        problems.clear()
        if a.published is None:
            print(f"warning: {a.source}: no publication date found; relative dates stay "
                  "unresolved (give one with --published)", file=sys.stderr)
        yield a
    _warn(problems)


def _docs(articles, settings, bar=None, workers: int = 1):
    """Each article processed, in order (an article that fails is named and skipped by
    ``process_many``), with progress."""
    from .pipeline import process_many

    for done, doc in enumerate(process_many(articles, settings, workers=workers), 1):
        if bar:
            bar.update(done, doc.article.source)
        yield doc


def _output(path: str):
    """``-o``'s file, None for standard output: ``-`` names it as in any Unix tool (a file
    called ``-`` would be a surprise)."""
    return None if path == "-" else path


def _extract_stream(args, articles, settings, bar) -> int:
    """Records written as each article is done (no cross-article links)."""
    from . import export

    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    count = n_articles = 0
    try:
        from .pipeline import default_workers

        docs = _docs(articles, settings, bar, args.workers or default_workers())
        if args.format == "csv":
            def events():
                nonlocal n_articles
                for doc in docs:
                    n_articles += 1
                    yield from (e for e in doc.events if e.confidence >= settings.min_confidence)
                    out.flush()
            count = export.write_csv(events(), out)
        else:
            for doc in docs:
                n_articles += 1
                events = [e for e in doc.events if e.confidence >= settings.min_confidence]
                export.write_jsonl(out, events, doc.routes, [doc.article])
                count += len(events)
                out.flush()
    finally:
        if out is not sys.stdout:
            out.close()
    if not n_articles:
        print("warning: no articles found", file=sys.stderr)
    if bar:
        bar.close(f"{count} events from {n_articles} articles (streamed, not linked)")
    return 0


class ProgressBar:
    """A one-line progress bar on standard error (plain lines when it is not a terminal)."""

    def __init__(self, total: int, label: str):
        self.total, self.label = total, label
        self.tty = sys.stderr.isatty()

    def update(self, done: int, what: str = "") -> None:
        if self.total:
            width = 30
            filled = int(width * done / self.total)
            line = (f"{self.label} [{'#' * filled}{'.' * (width - filled)}] "
                    f"{done}/{self.total} {what}")
        else:               # a stream: how many so far
            line = f"{self.label}: {done} {what}"
        if self.tty:
            sys.stderr.write("\r" + line[:120].ljust(120))
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    def close(self, summary: str) -> None:
        sys.stderr.write(("\n" if self.tty else "") + summary + "\n")
        sys.stderr.flush()
