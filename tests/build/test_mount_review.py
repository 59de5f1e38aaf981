"""MNT001's claim, built for real: RUNs that mount one cache id with different uid, gid or
mode do not share it, while RUNs that mount it alike do (which is also why CRG004 spares a
separate RUN that mounts the build's cache: it sees what the build left there).

Each RUN below fails the build unless the cache holds what the claim says, so a build that
succeeds is the proof; dockerls's findings on the same text are checked beside it.
"""

from __future__ import annotations

import pytest

from tests.linting import lint

pytestmark = pytest.mark.build

DOCKERFILE = """\
FROM debian:bookworm
ARG DOCKERLS_REBUILD
RUN --mount=type=cache,id=dockerls-mnt001,target=/cache echo "$DOCKERLS_REBUILD" > /cache/marker
RUN --mount=type=cache,id=dockerls-mnt001,target=/cache grep -qx "$DOCKERLS_REBUILD" /cache/marker
RUN --mount=type=cache,id=dockerls-mnt001,target=/cache,uid=1000,gid=1000 test ! -e /cache/marker
RUN --mount=type=cache,id=dockerls-mnt001,target=/cache,mode=0700 test ! -e /cache/marker
"""


def test_one_cache_id_with_other_owners_is_another_cache(engine, bases, scratch):
    bases.ensure_for({"debian:bookworm"})
    engine.prune_cache_mounts()
    context = scratch / "mnt001"
    context.mkdir(exist_ok=True)
    (context / "Dockerfile").write_text(DOCKERFILE, encoding="utf-8")
    build = engine.build(context / "Dockerfile", context, "dockerls-mnt001:1", {"DOCKERLS_REBUILD": "first"}, check=False)
    assert build.succeeded, build.log[-4000:]
    # Control: the RUN that mounts the cache alike sees the marker (line 4 would fail otherwise),
    # and a broken claim shows: a RUN that expects the marker under another owner fails.
    broken = DOCKERFILE.replace("test ! -e /cache/marker\nRUN", "test -e /cache/marker\nRUN", 1)
    (context / "Dockerfile").write_text(broken, encoding="utf-8")
    failed = engine.build(context / "Dockerfile", context, "dockerls-mnt001:2", {"DOCKERLS_REBUILD": "second"}, check=False)
    assert not failed.succeeded, failed.log[-4000:]
    # dockerls reports the two mounts that differ from the first, and not the one alike.
    found = [finding for finding in lint(DOCKERFILE) if finding.code == "MNT001"]
    lines = sorted(DOCKERFILE.count("\n", 0, finding.span.start) + 1 for finding in found)
    assert lines == [5, 6]
