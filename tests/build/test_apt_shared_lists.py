"""APT004's warning, built for real: a RUN without ``apt-get update`` that mounts the lists
cache another stage's update fills installs while that cache is warm, and fails on a cold one.

The warm build makes the installing stage wait for the updating one (``COPY --from``), as a
builder that ran the update earlier would; the cold build has no updating stage at all, as a
fresh builder (CI, a pruned cache) that reaches the installing stage alone.
"""

from __future__ import annotations

import pytest

from dockerls.core.findings import Severity
from tests.linting import lint

pytestmark = pytest.mark.build

UPDATER = """\
FROM debian:bookworm AS lists
RUN --mount=type=cache,id=dockerls-apt004-lists,target=/var/lib/apt/lists,sharing=locked \\
    apt-get update
"""
INSTALLER = """\
FROM debian:bookworm
{wait}RUN --mount=type=cache,id=dockerls-apt004-lists,target=/var/lib/apt/lists,sharing=locked \\
    apt-get install -y --no-install-recommends sl
"""
WARM = UPDATER + INSTALLER.format(wait="COPY --from=lists /etc/debian_version /tmp/updated-after\n")
COLD = INSTALLER.format(wait="")


def _build(engine, scratch, name: str, text: str):
    context = scratch / name
    context.mkdir(exist_ok=True)
    (context / "Dockerfile").write_text(text, encoding="utf-8")
    return engine.build(context / "Dockerfile", context, f"dockerls-{name}:1", check=False)


def test_shared_lists_work_warm_and_fail_cold(engine, bases, scratch):
    bases.ensure_for({"debian:bookworm"})
    engine.prune_cache_mounts()
    cold = _build(engine, scratch, "apt004-cold", COLD)
    assert not cold.succeeded and "Unable to locate package sl" in cold.log, cold.log[-4000:]
    warm = _build(engine, scratch, "apt004-warm", WARM)
    assert warm.succeeded, warm.log[-4000:]
    # dockerls: a warning naming the cold cache where an update shares the cache, an error where none does.
    (shared,) = [f for f in lint(WARM) if f.code == "APT004"]
    assert shared.severity is Severity.WARNING and "only while that cache is warm" in shared.message
    (alone,) = [f for f in lint(COLD) if f.code == "APT004"]
    assert alone.severity is Severity.ERROR
