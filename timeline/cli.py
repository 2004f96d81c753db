"""Command line: ``python -m timeline tag|extract|bench``."""
from __future__ import annotations

import importlib
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "bench":
        if len(argv) < 2:
            print("usage: python -m timeline bench {dates,places,events,...} ...", file=sys.stderr)
            return 2
        module = importlib.import_module(f"timeline.bench.{argv[1]}")
        return module.main(argv[2:]) or 0
    print("not yet", file=sys.stderr)
    return 2
