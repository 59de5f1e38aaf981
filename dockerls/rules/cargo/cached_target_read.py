"""CRG004: a later instruction reads a build output from a target/ that is a cache mount."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Applicability, Finding, Related, Severity, Violation
from dockerls.core.rule import rule
from dockerls.rules.cargo.builds import BuildRun, analyse_build, copy_out_edits, copy_out_plan
from dockerls.rules.cargo.invocations import cargo_calls, cargo_runs
from dockerls.rules.cargo.uses import find_uses, line_of
from dockerls.rules.mounts import frontend_supports_mounts
from dockerls.analysis.caches import CacheMount, covering_cache, shares_cache
from dockerls.analysis.paths import is_inside
from dockerls.syntax import Instruction


@rule("CRG004", "cargo-cached-target-read-later", Severity.ERROR, fix="sometimes")
def CARGO_CACHED_TARGET_READ_LATER(context: RuleContext) -> Iterator[Finding]:
    """A build output is read from a target/ that was a cache mount: it is not there.

    ## What it does
    For each `cargo build` RUN that mounts a cache on its target directory,
    finds later uses of files inside it — `COPY --from=<stage>`, a later RUN,
    CMD or ENTRYPOINT of the stage or of stages built `FROM` it — that the RUN
    does not copy out. A RUN that mounts the same cache at the same target (same
    `id`, or the same target when neither names one) sees its files: copying the
    binaries out there is fine. The reads one fix rewrites are one finding, at
    the first, with the others and the build RUN as its related places.

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
        yield from _check_cached(context, build, mount)


def _check_cached(context: RuleContext, build: BuildRun, mount: CacheMount) -> Iterator[Finding]:
    target = build.target.path
    run = build.run

    def own_cache(instruction: Instruction) -> bool:
        """A later RUN that mounts the same cache at the same target has it in its view (a
        separate RUN copying the binaries out of it); a later cargo RUN with a cache there
        rebuilds what is missing (and its own reads are its own build's)."""
        if instruction.keyword != "RUN":
            return False
        if shares_cache(instruction, mount) is not None:
            return True
        return covering_cache(instruction, target) is not None and any(
            call.writes_target for call in cargo_calls(instruction)
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
    fix = violations[0].fix(edits, Applicability.SAFE) if edits else None
    # The reads the fix rewrites are one problem: one finding at the first, the others and the
    # build that leaves its binaries in the cache its related places. A read the fix cannot
    # rewrite stays a finding of its own.
    fixed = [(use, violation) for use, violation in zip(uses, violations) if fix is not None and use.ref.span in covered]
    for use, violation in zip(uses, violations):
        if fixed and use is fixed[0][0]:
            yield CARGO_CACHED_TARGET_READ_LATER.finding(
                violation, use.ref.span, fix, severity=_severity(violation), related=_related_reads(fixed[1:], build, plan)
            )
        elif not any(use is other for other, _ in fixed):
            yield CARGO_CACHED_TARGET_READ_LATER.finding(violation, use.ref.span, severity=_severity(violation))


def _severity(violation: "CachedTargetRead") -> Severity | None:
    return None if violation.path is not None else Severity.WARNING


def _related_reads(others, build: BuildRun, plan) -> tuple[Related, ...]:
    related = [Related(use.ref.span, f"also {violation.message}") for use, violation in others]
    if plan.copies:
        moved = ", ".join(plan.moved())
        related.append(Related(build.span, f"{build.label} leaves its binaries in the cache mount; the fix copies them out ({moved})"))
    return tuple(related)


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
