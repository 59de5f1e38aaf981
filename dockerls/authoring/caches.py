"""The caches a RUN's package managers use, and the RUNs that share a cache mount: what
completion offers for ``target=`` and what hover tells about a cache or a command.

Both read the knowledge the rules use (the profiles, through
``rules.managers.cache.cache_location``), so the editor never proposes a directory
the rules would then report as misplaced.
"""

from __future__ import annotations

from dataclasses import dataclass

from dockerls.analysis.caches import CacheMount, cache_mounts, covering_cache
from dockerls.analysis.invocations import Invocation, invocations
from dockerls.analysis.users import RunUser
from dockerls.profiles import PROFILES
from dockerls.rules.managers.cache import cache_location
from dockerls.syntax import Dockerfile, Instruction


@dataclass(frozen=True, slots=True)
class ManagerCache:
    """One package-manager command of a RUN and where its caches are for the user it runs as."""

    invocation: Invocation
    targets: tuple[str, ...]  # absolute; empty when the Dockerfile does not show them
    user: RunUser  # who it runs as
    owner: dict[str, str] | None  # uid/gid a mount needs ({} for root); None when unknown
    problem: str | None  # why the targets or the owner are unknown

    @property
    def label(self) -> str:
        return self.invocation.profile.label

    @property
    def sharing(self) -> str | None:
        return self.invocation.profile.sharing

    def mounted(self, target: str) -> CacheMount | None:
        """The RUN's cache mount that ``target`` is under, if any."""
        return covering_cache(self.invocation.instruction, target)


def manager_caches(document: Dockerfile, instruction: Instruction) -> list[ManagerCache]:
    """The package-manager commands of a RUN, in text order, with their caches."""
    found = []
    for profile in PROFILES:
        for call in invocations(instruction, profile):
            location = cache_location(document, call)
            found.append(ManagerCache(call, location.targets, location.user, location.owner_options, location.problem))
    found.sort(key=lambda cache: cache.invocation.program.span.start)
    return found


def cache_id(mount: CacheMount) -> str | None:
    """The id BuildKit files the cache under: ``id=``, else the target; None when unknown."""
    return mount.id or mount.target


def sharing_runs(document: Dockerfile, mount: CacheMount) -> list[tuple[Instruction, CacheMount]]:
    """Every cache mount of the file with the same id as ``mount`` (``mount`` itself included), in order."""
    wanted = cache_id(mount)
    if wanted is None:
        return []
    return [
        (instruction, other)
        for instruction in document.instructions
        if instruction.keyword == "RUN"
        for other in cache_mounts(instruction)
        if cache_id(other) == wanted
    ]
