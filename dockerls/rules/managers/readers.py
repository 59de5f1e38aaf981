"""Commands that only read a cache an earlier install filled (``dotnet publish --no-restore``
after ``dotnet restore``): they need the cache mount exactly when that install has one.

A mount on the restoring RUN alone leaves the packages out of the image, and the reading RUN
then finds none; a mount on the reading RUN alone hides the packages the restoring RUN left
in the image. So a reader is reported when an earlier install of its stage chain fills the
same cache in a mount (the reader's own fix adds it), or is about to (then it is one problem:
the filling RUN's finding, whose fix mounts the cache on both RUNs, has the reader as a related place).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable

from dockerls.analysis.caches import cache_mounts, covering_cache
from dockerls.analysis.invocations import Invocation
from dockerls.analysis.stages import stage_tree
from dockerls.core.context import RuleContext, line_number
from dockerls.core.findings import Edit, Related, Violation
from dockerls.rules.managers.analysis import analyse
from dockerls.rules.managers.cache import cache_location, looks_like_cache_of
from dockerls.rules.managers.fixes import pointless_cleanups
from dockerls.rules.managers.violations import ReadsUncachedPackages
from dockerls.rules.managers.wording import TOOL_LABEL, command_label, command_span
from dockerls.rules.mountpoints import prepare_mount_points
from dockerls.rules.mounts import cache_mount, insert_mounts, set_mount_option
from dockerls.syntax import Instruction, Span


@dataclass
class Pending:
    """A finding of the cache-missing check before its fix is made (fixes of a group are joined)."""

    instruction: Instruction
    violation: Violation
    edits: list[Edit]
    unnecessary: list[Span]
    span: Span
    missing: tuple[str, ...]  # the cache directories its fix mounts
    related: list[Related] = field(default_factory=list)  # readers whose mount is part of this fix


def reads_only(install: Invocation) -> bool:
    return any(name in install.options for name in install.spec.reads_only)


def reader_findings(context: RuleContext, tool: str, sharing: str | None, pending: list[Pending]) -> Iterable[Pending]:
    """Findings for the RUNs whose commands only read the cache, joining each to the fix of
    the install that fills it (the filling findings in ``pending`` get the readers' edits)."""
    document = context.document
    analysis = analyse(document, context.build_context)
    tree = stage_tree(document)
    by_run = {item.instruction.index: item for item in pending}
    fillers = [install for install in analysis.installs if install.tool == tool and not reads_only(install)]
    found: list[Pending] = []
    for instruction, installs in analysis.installs_of(tool).items():
        readers = [install for install in installs if reads_only(install)]
        own = by_run.get(instruction.index)
        for reader in readers:
            location = cache_location(document, reader, context.build_context)
            uncovered = tuple(t for t in location.targets if covering_cache(instruction, t) is None)
            if location.problem is not None or not uncovered or (own is not None and set(uncovered) <= set(own.missing)):
                continue
            earlier = [
                filler for filler in fillers
                if filler.instruction.index < instruction.index and tree.in_chain(filler.instruction.stage, instruction.stage)
                and set(uncovered) & set(cache_location(document, filler, context.build_context).targets)
            ]
            mounted = [f for f in earlier if all(covering_cache(f.instruction, t) is not None for t in uncovered)]
            fixing = [by_run[f.instruction.index] for f in earlier if f.instruction.index in by_run and by_run[f.instruction.index].edits
                      and set(uncovered) <= set(by_run[f.instruction.index].missing)]
            moving = [] if mounted or fixing or len(uncovered) != 1 else _misplaced_mounts(earlier, tool)
            if not mounted and not fixing and not moving:
                continue
            source = (mounted or fixing or moving)[0]
            line = line_number(document, source.instruction.span.start)
            edits = [insert_mounts(document, instruction, [cache_mount(t, sharing=sharing, owner=location.owner_options or {}) for t in uncovered])]
            # The filling RUN's mount, meant for this cache but elsewhere, moves with this fix (the
            # misplaced-mount finding alone would leave this RUN without it).
            edits.extend(set_mount_option(flag, "target", uncovered[0]) for item, flag in moving_flags(moving, tool))
            points = prepare_mount_points(document, instruction, location.user, list(uncovered))
            if points.edit is not None:
                edits.append(points.edit)
            removed = pointless_cleanups(document, instruction, reader.profile, list(uncovered))
            if removed is not None:
                edits.extend(removed.edits)
            violation = ReadsUncachedPackages(TOOL_LABEL[tool], command_label(reader), uncovered, line, bool(mounted), points.risk)
            item = Pending(instruction, violation, edits, list(removed.spans) if removed else [], command_span(reader), uncovered)
            if not mounted:
                # One fix for the group: the filling RUN's mount is only safe with the reader's.
                group = [*fixing, item]
                joined = [edit for member in group for edit in member.edits]
                risk = next((member.violation.risk for member in group if getattr(member.violation, "risk", None)), None)
                reader_line = line_number(document, instruction.span.start)
                for member in group:
                    member.edits = list(joined)
                    if hasattr(member.violation, "readers_on"):
                        member.violation = replace(member.violation, readers_on=(*member.violation.readers_on, reader_line))
                    if risk and not getattr(member.violation, "risk", None):
                        member.violation = replace(member.violation, risk=risk)
                if fixing:
                    # One problem, one finding: the reader is a related place of the filling RUN's.
                    read = Related(item.span, f"`{command_label(reader)}` reads the packages it fills: the fix mounts the cache here too")
                    for member in fixing:
                        member.related.append(read)
                    break
            found.append(item)
            break
    return found


def later_readers(context: RuleContext, tool: str, instruction: Instruction, target: str) -> list[int]:
    """Lines of the RUNs after ``instruction`` in its stage chain whose commands only read the
    cache at ``target`` without a mount on it: moving a mount there leaves them without it."""
    document = context.document
    tree = stage_tree(document)
    lines = []
    for run, installs in analyse(document, context.build_context).installs_of(tool).items():
        if run.index <= instruction.index or not tree.in_chain(instruction.stage, run.stage):
            continue
        for install in installs:
            if reads_only(install) and covering_cache(run, target) is None and target in cache_location(document, install, context.build_context).targets:
                lines.append(line_number(document, run.span.start))
                break
    return lines


def _misplaced_mounts(fillers: list[Invocation], tool: str) -> list[Invocation]:
    """The fillers whose RUN has a cache mount named for the tool that misses the cache."""
    return [filler for filler in fillers if moving_flags([filler], tool)]


def moving_flags(fillers: list, tool: str) -> list:
    found = []
    for filler in fillers:
        for mount in cache_mounts(filler.instruction):
            if mount.target and looks_like_cache_of(tool, mount.target):
                found.append((filler, mount.flag))
    return found
