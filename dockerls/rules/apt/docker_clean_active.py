"""APT003: an apt cache mount that docker-clean keeps empty."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Applicability, Finding, Severity, Violation
from dockerls.core.rule import rule
from dockerls.rules.apt.cleanup import ARCHIVES_DIR, CACHE_DIR
from dockerls.rules.apt.dockerclean import (
    docker_clean_insertion,
    docker_clean_needed,
    uncached_writer_lines,
    uncached_writers_after,
)
from dockerls.rules.apt.facts import document_facts
from dockerls.analysis.caches import find_mount


@dataclass(frozen=True, slots=True)
class DockerCleanEmptiesCache(Violation):
    not_root: bool  # USER is not root where the fix would remove docker-clean
    uncached_lines: str | None = None  # lines of apt RUNs without a cache mount after the removal

    @property
    def message(self) -> str:
        message = "docker-clean deletes apt's downloads, so this cache mount stays empty"
        if self.not_root:
            message += " (USER is not root where the fix would remove it)"
        return message

    @property
    def fix_title(self) -> str:
        if self.uncached_lines is not None:
            return (
                f"Remove docker-clean before the first apt RUN; apt RUNs without a cache mount "
                f"(line {self.uncached_lines}) would then keep their downloads in the image"
            )
        return "Remove docker-clean in a RUN before the first apt RUN"


@rule("APT003", "apt-docker-clean-active", Severity.WARNING, fix="sometimes")
def DOCKER_CLEAN_ACTIVE(context: RuleContext) -> Iterator[Finding]:
    """An apt cache mount stays empty because docker-clean deletes the downloads.

    ## What it does
    Reports a cache mount at `/var/cache/apt` (or its `archives` directory) on a
    RUN that installs packages, when no earlier RUN of the stage or of a stage
    it is built on removes `/etc/apt/apt.conf.d/docker-clean` — and, for RUNs
    that use the `apt` binary, also sets `Keep-Downloaded-Packages` to true in
    an apt configuration file. Removal is recognised in any `rm` form (also in
    heredocs and together with the setting, in either order); the setting in
    any RUN, COPY or ADD that writes it under `/etc/apt/apt.conf`.

    ## Why
    The official Debian and Ubuntu images ship `docker-clean`, an apt
    configuration that deletes every downloaded package after each install, to
    keep images small. With a cache mount it only empties the cache, so every
    build downloads the packages again. The `apt` binary also deletes its
    downloads unless `Binary::apt::APT::Keep-Downloaded-Packages` is true.

    ## Example
    ```Dockerfile
    FROM debian:bookworm
    RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\
        apt-get update && apt-get install -y curl
    ```

    ## Fix safety
    The fix adds, once per stage chain, `RUN rm -f /etc/apt/apt.conf.d/docker-clean;
    echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache`
    before the chain's first RUN that writes apt's caches (above the comment
    lines directly over it). Safe when every RUN the change reaches (the rest
    of that stage and the stages built on it) that downloads with apt has a
    cache mount at `/var/cache/apt`; unsafe otherwise, because those RUNs would
    keep their downloads in the image. APT001 adds the missing mounts and
    carries this same edit, so fixing everything stays safe. A RUN that runs
    apt indirectly, through a script, also keeps its downloads once docker-clean
    is gone. Off when the `apt.docker-clean` option is false; no fix when USER
    is not root at that point. On a base image without docker-clean the `rm -f`
    does nothing.
    """
    document = context.document
    options = context.options.apt
    if document.is_windows or not options.docker_clean:
        return
    facts = document_facts(document)
    for run in facts.runs.values():
        instruction = run.instruction
        if not run.installs or not run.writes_cache:
            continue
        mount = find_mount(instruction, CACHE_DIR, "cache") or find_mount(instruction, ARCHIVES_DIR, "cache")
        if mount is None or not docker_clean_needed(facts, instruction, options):
            continue
        insertion = docker_clean_insertion(facts, instruction)
        if insertion is None:
            yield DOCKER_CLEAN_ACTIVE.finding(DockerCleanEmptiesCache(not_root=True), mount.span)
            continue
        site = facts.docker_clean_site(instruction)
        if uncached_writers_after(facts, site):
            violation = DockerCleanEmptiesCache(False, uncached_writer_lines(facts, site))
            fix = violation.fix((insertion,), Applicability.UNSAFE)
        else:
            violation = DockerCleanEmptiesCache(not_root=False)
            fix = violation.fix((insertion,))
        yield DOCKER_CLEAN_ACTIVE.finding(violation, mount.span, fix)
