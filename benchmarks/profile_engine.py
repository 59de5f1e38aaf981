#!/usr/bin/env python3
"""Where a lint's time goes: parse + check of one generated Dockerfile, in process.

Times ``dockerls.syntax.parse`` and ``dockerls.engine.lint_document`` (what the
server runs on every change) with the collector tuned as the CLI and server tune it
(``dockerls.runtime.tune_gc``) and, optionally, ``dockerls.engine.fix`` (what
``source.fixAll`` runs), then prints the cProfile top entries.  Run it with the
project's interpreter:

    .venv/bin/python benchmarks/profile_engine.py 1000
    .venv/bin/python benchmarks/profile_engine.py 5000 --fix --top 30
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_dockerfile import generate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("lines", type=int, nargs="?", default=1000)
    p.add_argument("--runs", type=int, default=5, help="timed runs (after one warm-up)")
    p.add_argument("--fix", action="store_true", help="also time and profile the fix-all")
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--crlf", action="store_true")
    a = p.parse_args(argv)

    from dockerls.engine import fix, lint_document
    from dockerls.rules import RULES
    from dockerls.runtime import tune_gc
    from dockerls.syntax import parse

    text = generate(a.lines, crlf=a.crlf)
    lint_document(parse(text), registry=RULES)  # warm-up: lazy imports, caches
    tune_gc()  # the collector settings the CLI and the server run with
    parse_t, check_t = [], []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        doc = parse(text)
        t1 = time.perf_counter()
        findings = lint_document(doc, registry=RULES)
        t2 = time.perf_counter()
        parse_t.append(t1 - t0)
        check_t.append(t2 - t1)
    print(f"{a.lines} lines, {len(findings)} findings; best of {a.runs}: "
          f"parse {min(parse_t) * 1000:.1f} ms, check {min(check_t) * 1000:.1f} ms")
    if a.fix:
        t0 = time.perf_counter()
        fix(text, registry=RULES)
        print(f"fix-all: {(time.perf_counter() - t0) * 1000:.1f} ms")

    prof = cProfile.Profile()
    prof.enable()
    lint_document(parse(text), registry=RULES)
    if a.fix:
        fix(text, registry=RULES)
    prof.disable()
    for key in ("cumulative", "tottime"):
        s = io.StringIO()
        pstats.Stats(prof, stream=s).strip_dirs().sort_stats(key).print_stats(a.top)
        print(s.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
