"""The node and golang stand-ins work, and their caches can spare a rebuild (for issue 13).

No dockerls rule writes npm, yarn or Go mounts yet: these Dockerfiles are written
by hand, to show the stand-in images are fit for the pairs of those rules. Each
is built twice with the layer cache busted (``ARG DOCKERLS_REBUILD``) and the
cache mounts kept: the second build fetches no package again (npm and yarn go
through the caching front) and compiles nothing again (Go: ``go build -x``
compile steps). Go modules cannot be downloaded here (no module proxy is
reachable), so the module cache itself is not shown to spare anything.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.build.downloads import downloads
from tests.build.pairs import REBUILD_ARG

pytestmark = pytest.mark.build
SMOKE = Path(__file__).parent / "smoke"


def _twice(engine, front, bases, name: str, image: str):
    bases.ensure_for({image})
    engine.prune_cache_mounts()
    context = SMOKE / name
    counts = []
    for attempt in ("1", "2"):
        served = len(front.files_served)
        build = engine.build(context / "Dockerfile", context, f"dockerls-smoke/{name}:{attempt}", {REBUILD_ARG: attempt})
        assert not [title for title, cached in build.run_steps() if cached], "the layer cache was not busted"
        counts.append((build, downloads(build.log, front.files_served[served:])))
    return counts


def test_node_npm_and_yarn_caches_spare_the_rebuild(engine, front, bases):
    (first, first_found), (second, second_found) = _twice(engine, front, bases, "node", "node:20")
    assert len(first_found["front"]) >= 2, first.log[-3000:]  # npm's and yarn's tarballs
    assert second_found["front"] == [], second.log[-3000:]
    assert re.search(r"^#\d+ \S+ 1000$", first.log, re.M), "user node is not uid 1000"


def test_go_build_cache_spares_the_rebuild(engine, front, bases):
    (first, _), (second, _) = _twice(engine, front, bases, "go", "golang:1.22")

    def compiled(log: str) -> int:
        counts = re.findall(r"^#\d+ \S+ (\d+)$", log, re.M)
        assert counts, log[-3000:]
        return int(counts[0])

    assert compiled(first.log) > 0
    assert compiled(second.log) == 0
