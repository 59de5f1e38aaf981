"""APT001: apt downloads in a RUN without cache mounts."""

from __future__ import annotations

from typing import Iterator

from dockerls.engine.context import RuleContext
from dockerls.engine.model import Edit, Finding, Fix, Severity
from dockerls.engine.rule import rule
from dockerls.rules.apt.cleanup import CACHE_DIR, LISTS_DIR, removal
from dockerls.rules.apt.dockerclean import docker_clean_insertion, docker_clean_needed
from dockerls.rules.mounts import cache_mount_targets
from dockerls.rules.apt.facts import (
    DocumentFacts,
    RunFacts,
    covering_mounts,
    document_facts,
    wipes_cache,
)
from dockerls.rules.mounts import frontend_supports_mounts, insert_mounts, render_mount


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
    if not covering_mounts(instruction, CACHE_DIR):
        wanted.append(CACHE_DIR)
    if _wants_lists_mount(facts, run):
        wanted.append(LISTS_DIR)
    if not wanted:
        return None
    trigger = next(call for call in run.calls if call.writes_cache)
    message = f"{trigger.label} runs without a cache mount for {' and '.join(wanted)}"
    if not frontend_supports_mounts(facts.document):
        return MISSING_CACHE_MOUNT.finding(trigger.span, message + " (the # syntax= frontend predates RUN --mount)")
    fix, unnecessary = _fix(context, facts, run, wanted)
    return MISSING_CACHE_MOUNT.finding(trigger.span, message, fix, unnecessary=unnecessary)


def _wants_lists_mount(facts: DocumentFacts, run: RunFacts) -> bool:
    instruction = run.instruction
    return (
        run.parsed_cleanly
        and run.installs
        and run.updates_first
        and not covering_mounts(instruction, LISTS_DIR)  # a mount of /var/lib/apt covers them too
        and not facts.lists_in_image(instruction)
        and not facts.later_needs_lists[instruction.index]
    )


def _fix(context: RuleContext, facts: DocumentFacts, run: RunFacts, wanted: list[str]):
    options = context.options.apt
    document = facts.document
    instruction = run.instruction
    mounts = [render_mount("cache", target=target, sharing=options.sharing) for target in wanted]
    edits: list[Edit] = [insert_mounts(document, instruction, mounts)]
    parts = [f"Mount {' and '.join(wanted)} as {'caches' if len(wanted) > 1 else 'a cache'}"]

    unnecessary = ()
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
            if removed.removed:
                parts.append(f"drop the cleanup {'they make' if len(wanted) > 1 else 'it makes'} pointless")

    if docker_clean_needed(facts, instruction, options):
        insertion = docker_clean_insertion(facts, instruction)
        if insertion is not None:
            edits.append(insertion)
            parts.append("remove docker-clean so apt keeps its downloads")
    title = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return Fix(title, tuple(edits)), unnecessary
