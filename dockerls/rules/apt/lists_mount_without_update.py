"""APT004: /var/lib/apt mounted on a RUN that does not write the package lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.context import line_number
from dockerls.core.findings import Applicability, Finding, Related, Severity, Violation
from dockerls.core.rule import rule
from dockerls.rules.apt.cleanup import LISTS_DIR, STATE_DIR, within
from dockerls.rules.apt.facts import document_facts
from dockerls.rules.mounts import remove_flag
from dockerls.analysis.caches import CacheMount, cache_mounts, mount_target
from dockerls.analysis.paths import same_path
from dockerls.syntax import Instruction


@dataclass(frozen=True, slots=True)
class ListsHidden(Violation):
    target: str
    lists_in_image: bool  # an earlier layer wrote lists the RUN can use once the mount is gone

    @property
    def message(self) -> str:
        return "This mount hides the package lists and the RUN does not run apt-get update"

    @property
    def fix_title(self) -> str:
        if self.lists_in_image:
            return f"Remove the {self.target} mount: use the lists an earlier layer wrote"
        return f"Remove the {self.target} mount (the RUN will then need its own apt-get update)"


@dataclass(frozen=True, slots=True)
class ListsFromSharedCache(ListsHidden):
    """The hidden lists come from a cache another RUN's ``apt-get update`` fills."""

    update_line: int = 0

    @property
    def message(self) -> str:
        return (
            f"This mount hides the image's package lists, and the RUN does not run apt-get update: it reads the "
            f"lists line {self.update_line} writes into the same cache, which works only while that cache is warm "
            "(a fresh builder, a pruned cache or a parallel stage leaves it empty, and apt finds no packages)"
        )


@rule("APT004", "apt-lists-mount-without-update", Severity.ERROR, fix="sometimes", scope="document")
def LISTS_MOUNT_WITHOUT_UPDATE(context: RuleContext) -> Iterator[Finding]:
    """`/var/lib/apt` is mounted on a RUN that reads package lists but never runs `apt-get update`.

    ## What it does
    Reports a cache mount at `/var/lib/apt` or `/var/lib/apt/lists` on a RUN
    whose apt commands need package lists (install, upgrade, `apt-cache` …)
    when the RUN has no `apt-get update` of its own.

    ## Why
    A mount hides what the image has at its target. The lists an earlier
    `apt-get update` layer wrote are invisible to this RUN: it sees whatever an
    earlier build left in the cache, and on a fresh builder (CI, a pruned
    cache) nothing at all, so apt fails with "Unable to locate package".

    When another RUN that does run `apt-get update` mounts the same cache (the
    same `id`, or the same target when neither names one) at the same target,
    the RUN works while that cache is warm: the finding is then a warning that
    explains the cold-cache risk, with that RUN as its related place. (The rule
    looks at every stage, related or not: it is checked on the whole file.)

    ## Example
    ```Dockerfile
    FROM debian:bookworm
    RUN apt-get update
    RUN --mount=type=cache,target=/var/lib/apt,sharing=locked \\
        apt-get install -y curl
    ```
    becomes
    ```Dockerfile
    FROM debian:bookworm
    RUN apt-get update
    RUN apt-get install -y curl
    ```

    ## Fix safety
    The fix removes the mount, so the RUN reads the lists the image has.
    Safe when an earlier RUN of the stage chain left lists in the image (it ran
    `apt-get update` without mounting `/var/lib/apt` and without deleting
    them): the RUN then always sees those lists. Unsafe otherwise: the RUN
    still finds no lists, and needs its own `apt-get update`, which changes
    which package versions it installs. No fix when the lists come from a
    shared cache and the image has none: removing the mount would fail the RUN
    every time instead of on a cold cache; run `apt-get update` in it instead.
    """
    if context.document.is_windows:
        return
    facts = document_facts(context.document)
    for run in facts.runs.values():
        if not run.needs_inherited_lists:
            continue
        instruction = run.instruction
        for flag in instruction.mounts:
            target = mount_target(flag, instruction)
            if flag.mount_type != "cache" or target is None or not within(LISTS_DIR, target) or not within(target, STATE_DIR):
                continue
            lists_in_image = facts.lists_in_image(instruction)
            updater = _updating_sharer(facts, instruction, flag)
            if updater is None:
                violation, severity, related = ListsHidden(target, lists_in_image), None, ()
            else:
                violation = ListsFromSharedCache(target, lists_in_image, line_number(context.document, updater.span.start))
                severity = Severity.WARNING
                related = (Related(updater.span, "runs apt-get update into the same cache"),)
            applicability = Applicability.SAFE if lists_in_image else Applicability.UNSAFE
            fix = violation.fix((remove_flag(instruction, flag),), applicability)
            if updater is not None and not lists_in_image:
                fix = None  # removing the mount would fail the RUN every time, not only on a cold cache
            yield LISTS_MOUNT_WITHOUT_UPDATE.finding(violation, flag.span, fix, severity=severity, related=related)


def _updating_sharer(facts, instruction: Instruction, flag) -> CacheMount | None:
    """The mount of another RUN that runs ``apt-get update`` into the cache ``flag`` mounts."""
    mount = next((mount for mount in cache_mounts(instruction) if mount.flag is flag), None)
    if mount is None or mount.cache_id is None:
        return None
    updaters = facts.document.memo(("apt", "update cache mounts"), lambda: _update_cache_mounts(facts))
    for other, shared in updaters.get(mount.cache_id, ()):
        if other is not instruction and shared.target is not None and same_path(shared.target, mount.target or ""):
            return shared
    return None


def _update_cache_mounts(facts) -> dict[str, list[tuple[Instruction, CacheMount]]]:
    """The cache mounts of the RUNs that run ``apt-get update``, by the cache they mount (once per file)."""
    found: dict[str, list[tuple[Instruction, CacheMount]]] = {}
    for run in facts.runs.values():
        if run.runs_update:
            for mount in cache_mounts(run.instruction):
                if mount.cache_id is not None:
                    found.setdefault(mount.cache_id, []).append((run.instruction, mount))
    return found
