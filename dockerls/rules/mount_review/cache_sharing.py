"""MNT002: one cache id mounted with different sharing modes."""

from __future__ import annotations

from typing import Iterator

from dockerls.analysis.caches import CacheMount
from dockerls.analysis.paths import is_inside
from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding, Severity
from dockerls.core.rule import rule
from dockerls.profiles import PROFILES
from dockerls.rules.mount_review.shared_caches import MountedOtherwise, report_disagreements


def _locked_directories() -> tuple[str, ...]:
    """The fixed cache directories of the package managers whose profile asks for
    ``sharing=locked``: their own rules (APT002, DNF005, …) report a mount there that is
    not locked, and their fix ends the disagreement."""
    return tuple(
        cache.fixed for profile in PROFILES if profile.sharing == "locked" for cache in profile.caches if cache.fixed
    )


def _package_manager_asks_for_lock(mounts) -> bool:
    directories = _locked_directories()
    return any(
        mount.target is not None and any(is_inside(mount.target, d) or is_inside(d, mount.target) for d in directories)
        for mount in mounts
    )


def sharing(mount: CacheMount) -> tuple[str]:
    return (mount.sharing,)


def describe(mount: CacheMount) -> str:
    return f"sharing={mount.sharing}"


class SharingDiffers(MountedOtherwise):
    __slots__ = ()
    consequence = (
        "the lock keeps out only the mounts that ask for it, so RUNs running at once (parallel stages, "
        "concurrent builds) can write the cache together"
    )


@rule("MNT002", "cache-sharing-differs", Severity.WARNING, fix="none", scope="document")
def CACHE_SHARING_DIFFERS(context: RuleContext) -> Iterator[Finding]:
    """One cache id is mounted with different `sharing` modes in different RUNs.

    ## What it does
    Groups the file's cache mounts by the cache they name (their `id`, or their
    target when they have none), in every stage, and reports each mount whose
    `sharing` differs from the first mount of that cache (`shared` when not
    given), with the mounts that differ from it as related places. Not for the
    fixed cache directories of package managers that need `sharing=locked` (apt,
    apk, dnf, zypper): their own rules report the mount that is not locked.

    ## Why
    `sharing=locked` serialises the mounts that ask for it; a `shared` mount
    (the default) is written by every RUN that has it at the same time, and a
    `private` one gets a fresh cache when the cache is busy. A cache mounted with
    mixed modes has no single rule: a package manager that needs the cache to
    itself (apt, which must be `locked`) can meet the concurrent writers the lock
    was meant to keep out, and a `private` mount may fill a copy nobody reads.

    ## Example
    ```Dockerfile
    FROM golang:1.23 AS tools
    RUN --mount=type=cache,id=gomod,target=/go/pkg/mod,sharing=locked go install golang.org/x/tools/gopls@latest
    FROM golang:1.23
    RUN --mount=type=cache,id=gomod,target=/go/pkg/mod go mod download
    ```
    The second mount is reported: write `sharing=locked` on both.

    ## Fix safety
    No fix: which mode is meant is for the author to say.
    """
    yield from report_disagreements(
        CACHE_SHARING_DIFFERS, context.document, sharing, describe, SharingDiffers,
        skip=lambda mount, first: _package_manager_asks_for_lock((mount, first)),
    )
