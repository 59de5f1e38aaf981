"""APT002: an apt cache mount that concurrent builds may share while apt writes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding, Severity, Violation
from dockerls.core.rule import rule
from dockerls.rules.apt.facts import is_apt_cache_target
from dockerls.rules.mounts import set_mount_option
from dockerls.analysis.caches import mount_target


@dataclass(frozen=True, slots=True)
class SharedAptCacheMount(Violation):
    target: str
    wanted: str  # the sharing mode to set

    @property
    def message(self) -> str:
        return f"The apt cache mount at {self.target} is shared by concurrent builds; use sharing={self.wanted}"

    @property
    def fix_title(self) -> str:
        return f"Set sharing={self.wanted} on the {self.target} mount"


@rule("APT002", "apt-cache-mount-not-locked", Severity.WARNING, fix="always")
def MOUNT_NOT_LOCKED(context: RuleContext) -> Iterator[Finding]:
    """An apt cache mount without `sharing=locked`.

    ## What it does
    Reports `--mount=type=cache` flags whose target is `/var/cache/apt` or
    `/var/lib/apt` (or a directory below them) and whose sharing mode is the
    default `shared`, when the `apt.sharing` option asks for another mode
    (`locked` unless configured).

    ## Why
    apt takes locks in these directories and expects to be alone there. With
    `sharing=shared`, two builds running at once (parallel stages, CI jobs on
    one builder) write the same cache together and can corrupt it or fail on
    the lock. `locked` makes the second build wait; `private` gives it its own copy.

    ## Example
    ```Dockerfile
    FROM debian:bookworm
    RUN --mount=type=cache,target=/var/cache/apt \\
        apt-get install -y curl
    ```
    becomes
    ```Dockerfile
    FROM debian:bookworm
    RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\
        apt-get install -y curl
    ```

    ## Fix safety
    Safe: sets `sharing=` to the configured mode on the mount; the image does
    not change. A mount that already says `private` or `locked` is left alone.
    """
    if context.document.is_windows:
        return
    wanted = context.options.apt.sharing
    if wanted == "shared":
        return
    for instruction in context.document.instructions:
        if instruction.keyword != "RUN":
            continue
        for flag in instruction.mounts:
            if flag.mount_type != "cache":
                continue
            target = mount_target(flag, instruction)
            if target is None or not is_apt_cache_target(target):
                continue
            if (flag.mount_get("sharing") or "shared").lower() != "shared":
                continue
            violation = SharedAptCacheMount(target, wanted)
            yield MOUNT_NOT_LOCKED.finding(violation, flag.span, violation.fix((set_mount_option(flag, "sharing", wanted),)))
