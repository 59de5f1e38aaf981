"""APT001: apt downloads in a RUN without cache mounts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from dockerls.core.context import RuleContext, line_number
from dockerls.core.findings import Applicability, Edit, Finding, Severity, Violation
from dockerls.core.rule import rule
from dockerls.rules.apt.calls import AptCall
from dockerls.analysis.caches import is_covered, overlapping_mounts
from dockerls.rules.apt.cleanup import ARCHIVES_DIR, CACHE_DIR, LISTS_DIR, removal
from dockerls.rules.apt.copied_out import copying_out
from dockerls.rules.apt.dockerclean import docker_clean_insertion, docker_clean_needed
from dockerls.analysis.caches import cache_mount_targets
from dockerls.rules.apt.facts import (
    DocumentFacts,
    RunFacts,
    document_facts,
    wipes_cache,
)
from dockerls.rules.mounts import frontend_supports_mounts, insert_mounts, render_mount


@dataclass(frozen=True, slots=True)
class AptCacheNotMounted(Violation):
    command: str  # the apt command that downloads, as written
    wanted: tuple[str, ...]  # the directories to mount as caches
    frontend_too_old: bool = False  # the # syntax= frontend predates RUN --mount: no fix
    drops_cleanup: bool = False  # the fix removes the cleanup the mounts make pointless
    removes_docker_clean: bool = False  # the fix adds the RUN that removes docker-clean
    copied_out: str | None = None  # "line N copies X": another stage copies what the fix changes

    @property
    def message(self) -> str:
        message = f"{self.command} runs without a cache mount for {' and '.join(self.wanted)}"
        if self.frontend_too_old:
            message += " (the # syntax= frontend predates RUN --mount)"
        return message

    @property
    def fix_title(self) -> str:
        several = len(self.wanted) > 1
        parts = [f"Mount {' and '.join(self.wanted)} as {'caches' if several else 'a cache'}"]
        if self.drops_cleanup:
            parts.append(f"drop the cleanup {'they make' if several else 'it makes'} pointless")
        if self.removes_docker_clean:
            parts.append("remove docker-clean so apt keeps its downloads")
        title = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        if self.copied_out:
            title += f" (unsafe: {self.copied_out} out of this stage)"
        return title


@rule("APT001", "apt-cache-mount-missing", Severity.WARNING, fix="sometimes")
def MISSING_CACHE_MOUNT(context: RuleContext) -> Iterator[Finding]:
    """A RUN downloads with apt without cache mounts, so every build downloads again.

    ## What it does
    Reports a RUN whose `apt-get`, `apt` or `aptitude` commands update or install
    packages while `/var/cache/apt` is not mounted as a cache, or that runs
    `apt-get update` itself without a cache mount for `/var/lib/apt/lists`.

    ## Why
    The classic `apt-get update && apt-get install … && rm -rf /var/lib/apt/lists/*`
    keeps the image small but throws the downloads away: any change to the RUN
    downloads the package lists and every package again. Cache mounts keep
    them between builds and out of the image, so the cleanup is no longer needed.
    `sharing=locked` (the `apt.sharing` option) keeps concurrent builds from
    corrupting apt's state.

    ## Example
    ```Dockerfile
    FROM debian:bookworm
    RUN apt-get update && \\
        apt-get install -y --no-install-recommends curl && \\
        rm -rf /var/lib/apt/lists/*
    ```
    becomes
    ```Dockerfile
    FROM debian:bookworm
    RUN rm -f /etc/apt/apt.conf.d/docker-clean; echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache
    RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\
        --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \\
        apt-get update && \\
        apt-get install -y --no-install-recommends curl
    ```
    The package lists are cached, not all of `/var/lib/apt`: beside them apt
    keeps `extended_states`, its record of which packages were installed
    automatically, and that belongs in the image (`apt-get autoremove`,
    `apt-mark showauto` and images built on this one read it). A mount of
    `/var/lib/apt` as the seed article writes it is accepted.

    ## Fix safety
    Safe: the image keeps its packages and loses only apt's caches. The fix

    - mounts `/var/cache/apt` (with docker-clean in place it is empty after every
      RUN anyway, so the mount never changes the image);
    - mounts `/var/lib/apt/lists` only on a RUN that runs `apt-get update`
      unconditionally before anything reads the lists, when no earlier layer of
      the stage chain left lists in the image (the mount would hide them from
      this RUN while they stay in the image), and when no later RUN of the stage
      or of a stage built on it reads lists without updating them (the mount
      would keep this RUN's lists out of the image). Everything else under
      `/var/lib/apt` (`extended_states`, `periodic/`, `mirrors/`) stays in the
      image, as a real build shows (`tests/build`);
    - removes `apt-get clean`, `apt-get distclean` and `rm` arguments under
      `/var/cache/apt` or `/var/lib/apt/lists` only where the new mount holds
      what they delete: a RUN without its own `apt-get update` keeps
      `rm -rf /var/lib/apt/lists/*`, because lists an earlier layer wrote are
      still in that RUN's view and the rm keeps them out of the final
      filesystem. A cleanup whose removal would change the rest of the chain
      (`||`, pipelines, subshells, mixed `&&`/`;`) stays;
    - adds the docker-clean RUN (see APT003) before the first RUN of the stage
      chain that writes apt's caches, unless `apt.docker-clean` is false, the
      chain already removes it, or USER is not root there. Every other RUN of
      that chain that writes apt's caches gets its cache mount from this rule
      too; a script that runs apt indirectly (`RUN ./install.sh`) would keep its
      downloads in the image once docker-clean is gone.

    Unsafe when a stage copies (or mounts) apt's directories, `/etc/apt` or a directory
    above them (`/`) out of the stage or one built on it: it would get the mounts' view.
    No fix when the `# syntax=` directive pins a frontend older than 1.2. A RUN
    the shell parser cannot read gets the `/var/cache/apt` mount only.
    `apt-get install --download-only` (downloads meant for the image) is not reported.
    """
    document = context.document
    if document.is_windows:
        return
    facts = document_facts(document)
    for run in facts.runs.values():
        finding = _check(context, facts, run)
        if finding is not None:
            yield finding


def _check(context: RuleContext, facts: DocumentFacts, run: RunFacts) -> Finding | None:
    if not run.writes_cache:
        return None
    instruction = run.instruction
    wanted = []
    # Downloads go to archives/: covered when a cache mount holds it; a new mount at
    # /var/cache/apt would collide with any other mount there.
    if not is_covered(instruction, ARCHIVES_DIR) and not overlapping_mounts(instruction, CACHE_DIR):
        wanted.append(CACHE_DIR)
    if _wants_lists_mount(facts, run):
        wanted.append(LISTS_DIR)
    if not wanted:
        return None
    trigger = next(call for call in run.calls if call.writes_cache)
    if not frontend_supports_mounts(facts.document):
        violation = AptCacheNotMounted(trigger.label, tuple(wanted), frontend_too_old=True)
        return MISSING_CACHE_MOUNT.finding(violation, trigger.span)
    return _fixed(context, facts, run, trigger, wanted)


def _wants_lists_mount(facts: DocumentFacts, run: RunFacts) -> bool:
    instruction = run.instruction
    return (
        run.parsed_cleanly
        and run.installs
        and run.updates_first
        and not overlapping_mounts(instruction, LISTS_DIR)  # a mount of /var/lib/apt overlaps them too
        and not facts.lists_in_image(instruction)
        and not facts.later_needs_lists[instruction.index]
    )


def _fixed(context: RuleContext, facts: DocumentFacts, run: RunFacts, trigger: AptCall, wanted: list[str]) -> Finding:
    options = context.options.apt
    document = facts.document
    instruction = run.instruction
    mounts = [render_mount("cache", target=target, sharing=options.sharing) for target in wanted]
    edits: list[Edit] = [insert_mounts(document, instruction, mounts)]
    drops_cleanup = removes_docker_clean = False

    unnecessary = ()
    touched = list(wanted)
    if run.parsed_cleanly:
        existing = cache_mount_targets(instruction)
        pointless = [
            cleanup
            for cleanup in run.cleanups
            if wipes_cache(cleanup, existing + wanted) and not wipes_cache(cleanup, existing)
        ]
        if pointless:
            removed = removal(run.script, pointless)
            edits.extend(removed.edits)
            unnecessary = removed.spans
            drops_cleanup = bool(removed.removed)

    if docker_clean_needed(facts, instruction, options):
        insertion = docker_clean_insertion(facts, instruction)
        if insertion is not None:
            edits.append(insertion)
            touched.append("/etc/apt")
            removes_docker_clean = True
    # Another stage that copies apt's state (or /) out of this one would get what the
    # mounts and the docker-clean removal leave there, not what the RUN wrote.
    copy = copying_out(document, instruction.stage, touched) if instruction.stage >= 0 else None
    copied_out = None
    if copy is not None:
        what = copy.source or "a path dockerls cannot resolve"
        copied_out = f"line {line_number(document, copy.instruction.span.start)} copies {what}"
    violation = AptCacheNotMounted(trigger.label, tuple(wanted), False, drops_cleanup, removes_docker_clean, copied_out)
    applicability = Applicability.UNSAFE if copied_out else Applicability.SAFE
    return MISSING_CACHE_MOUNT.finding(violation, trigger.span, violation.fix(edits, applicability), unnecessary=unnecessary)
