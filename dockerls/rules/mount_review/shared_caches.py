"""The cache mounts of a whole file, grouped by the cache they mount (once per file).

BuildKit names a cache by its ``id``, or by its target when it has none: two
RUNs, in any stages, that name the same one mount the same cache. A mount whose
id, target or compared options depend on a variable is left out: which cache it
is, or how it is mounted, is not known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from dockerls.analysis.caches import CacheMount, cache_mounts
from dockerls.core.context import line_number
from dockerls.core.findings import Finding, Related, Violation
from dockerls.core.rule import Rule
from dockerls.syntax import Dockerfile, Instruction


@dataclass(frozen=True, slots=True)
class MountedOtherwise(Violation):
    """A cache mounted here one way and elsewhere another; ``consequence`` says what follows."""

    cache_id: str
    here: str  # how this mount mounts it (the compared options)
    lines: tuple[int, ...]  # where the same cache is mounted otherwise

    consequence = ""

    @property
    def message(self) -> str:
        where = ", ".join(map(str, self.lines))
        plural = "s" if len(self.lines) > 1 else ""
        return f"The cache `{self.cache_id}` is mounted here with {self.here}, and otherwise on line{plural} {where}: {self.consequence}"


def report_disagreements(
    rule: Rule,
    document: Dockerfile,
    key: Callable[[CacheMount], tuple],
    describe: Callable[[CacheMount], str],
    violation: type[MountedOtherwise],
    skip: Callable[[CacheMount, CacheMount], bool] = lambda mount, first: False,
) -> Iterator[Finding]:
    """A finding at each mount whose ``key`` differs from its cache's first mount (unless ``skip``),
    with the mounts that differ from it as related places."""
    for cache_id, mount, others, first in disagreements(document, key):
        if skip(mount, first):
            continue
        found = violation(cache_id, describe(mount), lines_of(document, others))
        yield rule.finding(found, mount.span, related=related_mounts(document, others, describe))


def caches_by_id(document: Dockerfile) -> dict[str, list[tuple[Instruction, CacheMount]]]:
    """Every known cache id with its mounts, in file order."""
    return document.memo(("mount review", "caches by id"), lambda: _group(document))


def _group(document: Dockerfile) -> dict[str, list[tuple[Instruction, CacheMount]]]:
    found: dict[str, list[tuple[Instruction, CacheMount]]] = {}
    for instruction in document.instructions:
        if instruction.keyword != "RUN" or not instruction.mounts:
            continue
        for mount in cache_mounts(instruction):
            if mount.cache_id is None or "$" in mount.cache_id or "$" in (mount.flag.value or ""):
                continue
            found.setdefault(mount.cache_id, []).append((instruction, mount))
    return found


def disagreements(
    document: Dockerfile, key: Callable[[CacheMount], tuple]
) -> Iterator[tuple[str, CacheMount, tuple[CacheMount, ...], CacheMount]]:
    """For each cache mounted with more than one ``key``: each mount whose key differs from the
    first mount's, with the mounts of the cache whose key differs from its own, and the first."""
    for cache_id, mounts in caches_by_id(document).items():
        if len(mounts) < 2 or len({key(mount) for _, mount in mounts}) < 2:
            continue
        first = mounts[0][1]
        for _, mount in mounts[1:]:
            if key(mount) != key(first):
                others = tuple(other for _, other in mounts if key(other) != key(mount))
                yield cache_id, mount, others, first


def related_mounts(document: Dockerfile, mounts: tuple[CacheMount, ...], describe: Callable[[CacheMount], str]) -> tuple[Related, ...]:
    return tuple(Related(mount.span, f"mounts it with {describe(mount)}") for mount in mounts)


def lines_of(document: Dockerfile, mounts: tuple[CacheMount, ...]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(line_number(document, mount.span.start) for mount in mounts))
