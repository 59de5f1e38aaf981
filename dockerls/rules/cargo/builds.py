"""One cargo build RUN, seen whole: its calls, target directory, project, output layout and user.

Shared by the rules that cache target/ (CRG002) and that find a cached
target/ read later (CRG004); both end in the same fix: copy the artifacts out
at the end of the RUN and point every later use at the copies.
"""

from __future__ import annotations

from dataclasses import dataclass

from dockerls.core.context import RuleContext
from dockerls.core.findings import Edit, Finding, Fix, Severity, Violation
from dockerls.core.rule import Rule
from dockerls.rules.cargo.copyout import CopyOutPlan, append_to_script, copy_command, plan_copy_out
from dockerls.rules.cargo.invocations import CargoCall, cargo_calls
from dockerls.analysis.caches import cache_mount_targets
from dockerls.rules.cargo.manifest import Project, project_at
from dockerls.rules.cargo.outputs import OutputLayout, TargetDir, output_layout, target_dir
from dockerls.rules.cargo.uses import Use, line_of
from dockerls.analysis.users import RunUser, effective_user
from dockerls.syntax import Instruction


@dataclass
class BuildRun:
    run: Instruction
    calls: list[CargoCall]
    builds: list[CargoCall]
    target: TargetDir
    project: Project | None
    layout: OutputLayout
    user: RunUser

    @property
    def label(self) -> str:
        return self.builds[0].label

    @property
    def span(self):
        return self.builds[0].span


def analyse_build(context: RuleContext, run: Instruction) -> BuildRun | None:
    """The build RUN's facts, or None when it runs no ``cargo build``."""
    calls = cargo_calls(run)
    builds = [call for call in calls if call.builds]
    if not builds:
        return None
    document = context.document
    project = project_at(document, run, builds[0].cwd, context.build_context)
    targets = [target_dir(run, call, project) for call in builds]
    target = targets[0]
    if any(other.path != target.path for other in targets[1:]):
        target = TargetDir(None, "the RUN's builds write to different target directories")
    layout = output_layout(run, builds, project)
    return BuildRun(run, calls, builds, target, project, layout, effective_user(document, run))


def copy_out_plan(context: RuleContext, build: BuildRun, target: str, uses: list[Use]) -> CopyOutPlan:
    return plan_copy_out(
        context.document,
        build.run,
        build.calls,
        target,
        uses,
        project=build.project,
        user=build.user,
        artifact_dir=context.options.cargo.artifact_dir,
        cache_targets=cache_mount_targets(build.run),
    )


def copy_out_edits(context: RuleContext, build: BuildRun, plan: CopyOutPlan) -> list[Edit] | str:
    """The copy appended to the RUN and the rewritten uses; or why the copy cannot be appended."""
    edits: list[Edit] = []
    if plan.copies:
        appended = append_to_script(context.document, build.run, build.calls, copy_command(plan.copies))
        if isinstance(appended, str):
            return appended
        edits.append(appended)
    edits.extend(Edit(ref.span.start, ref.span.end, replacement) for ref, replacement in plan.rewrites)
    return edits


@dataclass(frozen=True, slots=True)
class ReadsBuildOutput(Violation):
    """A later instruction that the fix of a build's finding rewrites: that fix is its fix."""

    build_line: int
    replacement: str  # what the read will name instead
    build: Violation  # the build's violation, which titles the fix

    @property
    def message(self) -> str:
        return f"reads a build output of line {self.build_line}; the fix there points it at {self.replacement}"

    @property
    def fix_title(self) -> str | None:
        return self.build.fix_title


def companion_findings(
    rule: Rule, build: BuildRun, plan: CopyOutPlan, violation: Violation, fix: Fix, skip: set[int] = frozenset()
) -> list[Finding]:
    """A hint on each other instruction the fix rewrites, pointing back at the build."""
    found = []
    seen = set(skip)
    for ref, replacement in plan.rewrites:
        instruction = ref.instruction
        if instruction.index in seen or instruction is build.run:
            continue
        seen.add(instruction.index)
        read = ReadsBuildOutput(line_of(build.run), replacement.strip(chr(34) + chr(39)), violation)
        found.append(rule.finding(read, ref.span, fix, severity=Severity.HINT))
    return found
