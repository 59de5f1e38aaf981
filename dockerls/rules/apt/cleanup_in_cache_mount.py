"""APT005: apt cleanup inside a RUN whose cache mount it empties."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding, Severity, Violation
from dockerls.core.rule import rule
from dockerls.rules.apt.cleanup import Cleanup, removal
from dockerls.rules.apt.facts import document_facts, wipes_cache
from dockerls.analysis.caches import cache_mount_targets


@dataclass(frozen=True, slots=True)
class CleanupWipesCache(Violation):
    @property
    def message(self) -> str:
        return "This cleanup empties the apt cache mount and saves no space in the image"

    @property
    def fix_title(self) -> str:
        return "Remove the cleanup: the cache mount keeps these files out of the image"


@rule("APT005", "apt-cleanup-wipes-cache", Severity.WARNING, fix="sometimes")
def CLEANUP_WIPES_CACHE(context: RuleContext) -> Iterator[Finding]:
    """apt cleanup in a RUN that mounts the directory it cleans as a cache.

    ## What it does
    Reports `apt-get clean`, `apt-get distclean` and `rm` arguments under
    `/var/cache/apt` or `/var/lib/apt/lists` in a RUN whose cache mounts hold
    everything they delete.

    ## Why
    What is written to a cache mount never reaches the image, so the cleanup
    saves no space. It only empties the cache, and the next build downloads
    everything again.

    ## Example
    ```Dockerfile
    FROM debian:bookworm
    RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\
        --mount=type=cache,target=/var/lib/apt,sharing=locked \\
        apt-get update && apt-get install -y curl && \\
        apt-get clean && rm -rf /var/lib/apt/lists/*
    ```
    becomes
    ```Dockerfile
    FROM debian:bookworm
    RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\
        --mount=type=cache,target=/var/lib/apt,sharing=locked \\
        apt-get update && apt-get install -y curl
    ```

    ## Fix safety
    Safe: the deleted files are in the cache, never in the image. The fix
    removes the command (with one `&&`, `;` or line break beside it), or only
    the argument when the `rm` also deletes other paths. No fix when removing
    it could change the rest of the script (`||`, pipelines, subshells,
    `&&` on one side and `;` on the other).
    """
    if context.document.is_windows:
        return
    facts = document_facts(context.document)
    for run in facts.runs.values():
        targets = cache_mount_targets(run.instruction)
        if not targets or not run.cleanups:
            continue
        # One finding per command: removing two arguments of one rm separately
        # could leave it with none.
        by_command: dict[int, list[Cleanup]] = {}
        for cleanup in run.cleanups:
            if wipes_cache(cleanup, targets):
                by_command.setdefault(id(cleanup.command), []).append(cleanup)
        for cleanups in by_command.values():
            span = cleanups[0].span if len(cleanups) == 1 else cleanups[0].command.span
            violation = CleanupWipesCache()
            fix, unnecessary = None, ()
            if run.parsed_cleanly:
                removed = removal(run.script, cleanups)
                if removed.removed:
                    fix, unnecessary = violation.fix(removed.edits), removed.spans
            yield CLEANUP_WIPES_CACHE.finding(violation, span, fix, unnecessary=unnecessary)
