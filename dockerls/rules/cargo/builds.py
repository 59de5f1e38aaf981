"""One cargo build RUN, seen whole: its calls, target directory, project, output layout and user.

Shared by the rules that cache target/ (CRG002) and that find a cached
target/ read later (CRG004); both end in the same fix: copy the artifacts out
at the end of the RUN and point every later use at the copies.
"""

from __future__ import annotations

from dataclasses import dataclass

from dockerls.core.context import RuleContext
from dockerls.core.findings import Edit, Related
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


def output_readers(plan: CopyOutPlan, run: Instruction) -> tuple[Related, ...]:
    """Each other instruction the fix rewrites, as a related place of the build's one finding."""
    found = []
    seen = {run.index}
    for ref, replacement in plan.rewrites:
        if ref.instruction.index in seen:
            continue
        seen.add(ref.instruction.index)
        moved_to = replacement.strip(chr(34) + chr(39))
        found.append(Related(ref.span, f"reads a build output of this RUN; the fix points it at {moved_to}"))
    return tuple(found)
