"""MNT001: one cache id mounted with different uid, gid or mode."""

from __future__ import annotations

from typing import Iterator

from dockerls.analysis.caches import CacheMount
from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding, Severity
from dockerls.core.rule import rule
from dockerls.rules.mount_review.shared_caches import MountedOtherwise, report_disagreements


def ownership(mount: CacheMount) -> tuple[str, str, str]:
    """uid, gid and mode as BuildKit applies them (0, 0 and 0755 when not given)."""
    mode = mount.mode or "0755"
    try:
        mode = format(int(mode, 8), "04o")
    except ValueError:
        pass
    return (mount.uid or "0", mount.gid or "0", mode)


def describe(mount: CacheMount) -> str:
    uid, gid, mode = ownership(mount)
    return f"uid={uid},gid={gid},mode={mode}"


class OwnershipDiffers(MountedOtherwise):
    __slots__ = ()
    consequence = (
        "BuildKit keeps a separate cache per uid, gid and mode, so these RUNs do not share what they "
        "download, and one that reads what the other filled finds it empty"
    )


@rule("MNT001", "cache-ownership-differs", Severity.WARNING, fix="none", scope="document")
def CACHE_OWNERSHIP_DIFFERS(context: RuleContext) -> Iterator[Finding]:
    """One cache id is mounted with different `uid`, `gid` or `mode` in different RUNs.

    ## What it does
    Groups the file's cache mounts by the cache they name (their `id`, or their
    target when they have none), in every stage, and reports each mount whose
    `uid`, `gid` or `mode` differs from the first mount of that cache, with the
    mounts that differ from it as related places. Missing options count as
    BuildKit's defaults (uid 0, gid 0, mode 0755).

    ## Why
    BuildKit applies `uid`, `gid` and `mode` by giving each combination its own
    cache: RUNs that name one id but different owners do not share it. A RUN
    that only reads what another filled (`dotnet publish --no-restore` after a
    restore, a second install that expects the first one's downloads) then
    finds an empty cache, and every combination downloads everything again.

    ## Example
    ```Dockerfile
    FROM python:3.12 AS build
    RUN --mount=type=cache,id=pip,target=/root/.cache/pip pip install -r requirements.txt
    FROM python:3.12
    USER 1000
    RUN --mount=type=cache,id=pip,target=/root/.cache/pip,uid=1000 pip install --user tox
    ```
    The second mount is reported: the two RUNs mount two different caches.
    Mount the cache with one owner everywhere (the user that writes it), or give
    the caches different ids to say that they are different.

    ## Fix safety
    No fix: which owner is right depends on which user runs each RUN.
    """
    yield from report_disagreements(CACHE_OWNERSHIP_DIFFERS, context.document, ownership, describe, OwnershipDiffers)
