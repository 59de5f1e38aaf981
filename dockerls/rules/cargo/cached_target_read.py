"""CRG004: a later instruction reads a build output from a target/ that is a cache mount."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Applicability, Finding, Severity, Violation
from dockerls.core.rule import rule
from dockerls.rules.cargo.builds import BuildRun, analyse_build, copy_out_edits, copy_out_plan
from dockerls.rules.cargo.invocations import cargo_calls, cargo_runs
from dockerls.rules.cargo.uses import find_uses, line_of
from dockerls.rules.mounts import frontend_supports_mounts
from dockerls.analysis.caches import covering_cache, mount_target
from dockerls.analysis.paths import is_inside
from dockerls.syntax import Instruction


@rule("CRG004", "cargo-cached-target-read-later", Severity.ERROR, fix="sometimes")
def CARGO_CACHED_TARGET_READ_LATER(context: RuleContext) -> Iterator[Finding]:
    """A build output is read from a target/ that was a cache mount: it is not there.

    ## What it does
    For each `cargo build` RUN that mounts a cache on its target directory,
    finds later uses of files inside it — `COPY --from=<stage>`, a later RUN,
    CMD or ENTRYPOINT of the stage or of stages built `FROM` it — that the RUN
    does not copy out.

    ## Why
    A cache mount's contents never land in the image. `COPY --from=build
    /app/target/release/app` then fails the build ("not found"), and a later
    RUN or CMD finds no binary.

    ## Example
    ```Dockerfile
    FROM rust:1.81 AS build
    WORKDIR /app
    RUN --mount=type=cache,target=/app/target cargo build --release
    FROM debian:stable-slim
    COPY --from=build /app/target/release/app /usr/local/bin/app
    ```
    The fix appends `cp /app/target/release/app /usr/local/bin/app` to the RUN
    (or uses the copy the RUN already makes) and reads the copy instead.

    ## Fix safety
    Safe: it makes a failing build work. No fix when a use cannot be resolved
    to a single binary the RUN builds; the finding says which.
    """
    document = context.document
    if document.is_windows or not frontend_supports_mounts(document):
        return
    for instruction in cargo_runs(document):
        build = analyse_build(context, instruction)
        if build is None or build.target.path is None:
            continue
        mount = covering_cache(instruction, build.target.path)
        if mount is None or mount.target != build.target.path:
            continue
        yield from _check_cached(context, build)


def _check_cached(context: RuleContext, build: BuildRun) -> Iterator[Finding]:
    target = build.target.path
    run = build.run

    def own_cache(instruction: Instruction) -> bool:
        """A later cargo RUN with the same cache sees it (and rebuilds what is missing)."""
        return (
            instruction.keyword == "RUN"
            and covering_cache(instruction, target) is not None
            and any(call.writes_target for call in cargo_calls(instruction))
        )

    uses = find_uses(context.document, run, target, build.layout, skip=own_cache)
    plan = copy_out_plan(context, build, target, uses)
    covered = {ref.span for ref, _ in plan.rewrites}
    if not uses:
        return
    edits = None
    if plan.ok:
        edits = copy_out_edits(context, build, plan)
        if isinstance(edits, str):
            plan.problems.append(edits)
            edits = None
    build_line, moved = line_of(run), ", ".join(plan.moved())
    no_fix = None if edits or not plan.problems else plan.problems[0]
    violations = []
    for use in uses:
        path = use.ref.path
        inside = path is not None and is_inside(path, target)
        violations.append(CachedTargetRead(target, build_line, moved, path if inside else None, use.problem, no_fix))
    # One fix, shared by every finding it resolves (the engine then counts each as fixed).
    fix = violations[0].fix(edits, Applicability.SAFE) if edits else None
    for use, violation in zip(uses, violations):
        severity = None if violation.path is not None else Severity.WARNING
        yield CARGO_CACHED_TARGET_READ_LATER.finding(violation, use.ref.span, fix if use.ref.span in covered else None, severity=severity)
    if fix is not None and plan.copies:
        violation = BinariesLeftInCache(build.label, target, build_line, moved)
        yield CARGO_CACHED_TARGET_READ_LATER.finding(violation, build.span, fix, severity=Severity.HINT)


def _copies_title(build_line: int, moved: str) -> str:
    return f"Read the copies made out of the cache at the end of line {build_line}: {moved}"


@dataclass(frozen=True, slots=True)
class CachedTargetRead(Violation):
    target: str  # the cache mount's target
    build_line: int  # the line of the RUN that mounts it
    moved: str  # the build outputs the fix copies out of the cache, comma-separated
    path: str | None  # the path read, when it lies inside the cache mount
    problem: str | None  # otherwise, what reads the cache mount's files
    no_fix: str | None = None  # why no fix is offered

    @property
    def message(self) -> str:
        reason = f"; no fix: {self.no_fix}" if self.no_fix else ""
        where = f"line {self.build_line}"
        if self.path is not None:
            return f"{self.path} is inside the cache mount of {where}, so it is not in the image{reason}"
        return f"{self.problem or 'this'}: {self.target} is a cache mount in {where}, whose files are not in the image{reason}"

    @property
    def fix_title(self) -> str:
        return _copies_title(self.build_line, self.moved)


@dataclass(frozen=True, slots=True)
class BinariesLeftInCache(Violation):
    command: str  # the cargo build, as written
    target: str
    build_line: int
    moved: str

    @property
    def message(self) -> str:
        return f"{self.command} leaves its binaries in the cache mount at {self.target}; the fix copies them out"

    @property
    def fix_title(self) -> str:
        return _copies_title(self.build_line, self.moved)
