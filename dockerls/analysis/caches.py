"""The mounts of a RUN, and what "covered by a cache mount" means (one meaning for every family).

A path is *covered* by a cache mount of a RUN when the mount's target is the
path itself or a directory above it; targets are resolved against the RUN's
WORKDIR and its variables, and a target that depends on something the
Dockerfile does not show covers nothing known. What a mount at a directory
*below* the path holds is part of the path's contents, not the path: it does
not cover it. Whether a new mount would collide with an existing one (same
directory, above it or below it, or an unknown target) is another question,
``overlapping_mounts``.
"""

from __future__ import annotations

from dataclasses import dataclass

from dockerls.analysis.memo import remembered
from dockerls.analysis.paths import is_inside, same_path
from dockerls.syntax import Flag, Instruction
from dockerls.syntax.state import state_of


@dataclass(frozen=True, slots=True)
class CacheMount:
    """A ``--mount=type=cache`` of a RUN with what decides who shares and writes it."""

    flag: Flag
    target: str | None  # absolute; None when unknown
    id: str | None  # None: BuildKit uses the target as the id
    uid: str | None
    gid: str | None
    mode: str | None
    sharing: str  # "shared" (BuildKit's default), "locked" or "private"

    @property
    def span(self):
        return self.flag.span

    @property
    def cache_id(self) -> str | None:
        """Which cache it mounts: its id, or (BuildKit's default) its target; None if unknown."""
        return self.id or self.target


def shares_cache(instruction: Instruction, mount: CacheMount) -> CacheMount | None:
    """The cache mount of ``instruction`` on the same cache as ``mount`` (same id, or same
    target when neither names one) at the same target: that RUN sees what ``mount`` held."""
    if mount.cache_id is None or mount.target is None:
        return None
    for other in cache_mounts(instruction):
        if other.cache_id == mount.cache_id and other.target is not None and same_path(other.target, mount.target):
            return other
    return None


def mount_target(flag: Flag, instruction: Instruction) -> str | None:
    """A mount's absolute target, relative targets taken from WORKDIR; None if unknown."""
    target = flag.mount_get("target")
    if not target:
        return None
    state = state_of(instruction)
    expanded = state.expand_known(target)
    if expanded is None:
        return None
    return state.resolve_path(expanded)


def cache_mounts(instruction: Instruction) -> list[CacheMount]:
    """The RUN's cache mounts, in order (worked out once per document and RUN: many rules ask)."""
    document = instruction.document
    if document is None:
        return _cache_mounts(instruction)
    known = remembered(document, "cache-mounts", dict)
    mounts = known.get(instruction.index)
    if mounts is None:
        mounts = known[instruction.index] = tuple(_cache_mounts(instruction))
    return list(mounts)


def _cache_mounts(instruction: Instruction) -> list[CacheMount]:
    found = []
    for flag in instruction.mounts:
        if flag.mount_type != "cache":
            continue
        found.append(
            CacheMount(
                flag,
                mount_target(flag, instruction),
                flag.mount_get("id"),
                flag.mount_get("uid"),
                flag.mount_get("gid"),
                flag.mount_get("mode"),
                (flag.mount_get("sharing") or "shared").lower(),
            )
        )
    return found


def cache_mount_targets(instruction: Instruction) -> list[str]:
    """Absolute targets of the RUN's cache mounts (unknown targets left out)."""
    return [mount.target for mount in cache_mounts(instruction) if mount.target is not None]


def covering_cache(instruction: Instruction, path: str) -> CacheMount | None:
    """The cache mount of the RUN that ``path`` is under (its target is ``path`` or a
    directory above it), the nearest one when mounts nest; None when it is under none."""
    best: CacheMount | None = None
    for mount in cache_mounts(instruction):
        if mount.target is not None and is_inside(path, mount.target):
            if best is None or len(mount.target) > len(best.target or ""):
                best = mount
    return best


def is_covered(instruction: Instruction, path: str) -> bool:
    return covering_cache(instruction, path) is not None


def mounted_over(instruction: Instruction, path: str) -> bool:
    """Whether a mount of any type is at ``path`` or above it, or has a target the Dockerfile
    does not show (it may be): what the RUN writes there does not reach the image."""
    for flag in instruction.mounts:
        target = mount_target(flag, instruction)
        if target is None or is_inside(path, target):
            return True
    return False


def find_mount(instruction: Instruction, target: str, mount_type: str | None = None) -> Flag | None:
    """The ``--mount`` of ``instruction`` whose target is exactly ``target`` (absolute)."""
    for flag in instruction.mounts:
        if mount_type is not None and flag.mount_type != mount_type:
            continue
        resolved = mount_target(flag, instruction)
        if resolved is not None and same_path(resolved, target):
            return flag
    return None


def overlapping_mounts(instruction: Instruction, directory: str) -> list[Flag]:
    """Mounts of any type at ``directory``, above it or below it, and mounts whose
    target is unknown: a new mount at ``directory`` would duplicate or shadow them."""
    found = []
    for flag in instruction.mounts:
        target = mount_target(flag, instruction)
        if target is None or is_inside(target, directory) or is_inside(directory, target):
            found.append(flag)
    return found
