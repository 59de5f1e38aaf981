#!/usr/bin/env python3
"""What an open and a fix-all cost the engine, in process, for counting instructions.

Counted with callgrind (the count is the same on a loaded machine, where wall times are not):

    valgrind --tool=callgrind --callgrind-out-file=/dev/null PYTHON benchmarks/instructions.py MODE 1000 2

``PYTHON`` is the interpreter of the build to count (``.venv/bin/python``, or an installed copy's).
The script imports dockerls, opens and fixes one warm-up document with a ``StageGroupCache``
(as the server does), then for ``count`` generated documents (seeds 1, 2, …) does nothing
(``none``), parse + ``lint_document`` (``open``), or that and ``fix(…, cache=…, tree=…)`` right
after (``fix``). Per document: open = (open − none) / count, fix = (fix − open) / count.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_dockerfile import generate  # noqa: E402


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in ("none", "open", "fix"):
        print("usage: instructions.py none|open|fix LINES COUNT", file=sys.stderr)
        return 2
    mode, lines, count = argv[0], int(argv[1]), int(argv[2])
    from dockerls.engine import LintSettings, StageGroupCache, fix, lint_document
    from dockerls.rules import RULES
    from dockerls.runtime import tune_gc
    from dockerls.syntax import parse

    cache, settings = StageGroupCache(), LintSettings()
    warm_up = generate(lines, seed=99)
    lint_document(parse(warm_up), settings, cache=cache, registry=RULES)
    fix(warm_up, settings, cache=cache, registry=RULES)
    texts = [generate(lines, seed=1 + i) for i in range(count)]
    tune_gc()
    if mode == "none":
        return 0
    for text in texts:
        tree = parse(text)
        lint_document(tree, settings, cache=cache, registry=RULES)
        if mode == "fix":
            fix(text, settings, cache=cache, registry=RULES, tree=tree)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
