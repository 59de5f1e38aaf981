"""APT004: /var/lib/apt mounted on a RUN that does not write the package lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Applicability, Finding, Severity, Violation
from dockerls.core.rule import rule
from dockerls.rules.apt.cleanup import LISTS_DIR, STATE_DIR, within
from dockerls.rules.apt.facts import document_facts
from dockerls.rules.mounts import remove_flag
from dockerls.analysis.caches import mount_target


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


@rule("APT004", "apt-lists-mount-without-update", Severity.ERROR, fix="always")
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
    which package versions it installs.
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
            violation = ListsHidden(target, lists_in_image)
            applicability = Applicability.SAFE if lists_in_image else Applicability.UNSAFE
            fix = violation.fix((remove_flag(instruction, flag),), applicability)
            yield LISTS_MOUNT_WITHOUT_UPDATE.finding(violation, flag.span, fix)
