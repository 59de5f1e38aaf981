"""The bind-mount checks: files an install reads (xx2) and the COPY that only feeds it (xx3)."""

from __future__ import annotations

import posixpath
from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Applicability, Edit, Finding, Fix, Related
from dockerls.core.rule import Rule
from dockerls.rules.mounts import insert_mounts
from dockerls.rules.managers.analysis import Analysis, ReadFile, analyse, bind_allowed, is_bound
from dockerls.analysis.copies import FINAL_IMAGE, NEEDED, CopiedFile
from dockerls.rules.managers.edits import delete_instruction, remove_json_element, remove_spaced
from dockerls.rules.managers.fixes import bind_mount, merge_edits
from dockerls.analysis.invocations import Invocation
from dockerls.profiles import BY_NAME
from dockerls.analysis.memo import remembered
from dockerls.rules.managers.violations import CopyOnlyFeedsInstall, FilesNotBindMounted
from dockerls.rules.managers.wording import command_span, enabled, line_of
from dockerls.syntax import Instruction, Span


def _binds_offered(context: RuleContext, tool: str) -> bool:
    """The ``pip.bind-mounts`` option turns the Python family's binds off; other families always offer them."""
    return context.options.pip.bind_mounts or not BY_NAME[tool].family.startswith("PIP")


# --- bind mounts for the files an install reads ---------------------------------------


def _bind_safety(context: RuleContext, files: list[ReadFile]) -> tuple[Applicability | None, str]:
    """SAFE when every source is in the build context; UNSAFE (with why) when the context is unknown."""
    build_context = context.build_context
    if not build_context.known:
        names = ", ".join(dict.fromkeys(read.copied.context_path for read in files if read.copied))
        return Applicability.UNSAFE, f"the build context is unknown: {names} must be in it and not .dockerignored"
    for read in files:
        assert read.copied is not None
        path = read.copied.context_path
        if not build_context.exists(path):
            return None, f"{path} is not in the build context"
        excluded = build_context.excluded(path)
        if excluded is None:
            return None, f"{build_context.unknown_reason}"
        if excluded:
            return None, f"{path} is excluded by .dockerignore"
        unreadable = build_context.unreadable(path)
        if unreadable is not None:
            return None, f"{path} {unreadable}, so the files it names are unknown"
    return Applicability.SAFE, ""


def _bind_files(analysis: Analysis, install: Invocation) -> list[ReadFile]:
    if not bind_allowed(install):
        return []
    return [
        read
        for read in analysis.files(install)
        if read.copied is not None
        and not is_bound(install.instruction, read.path)
        and analysis.effect(read.copied) != NEEDED
    ]


def files_not_bind_mounted(context: RuleContext, rule: Rule, tool: str) -> Iterator[Finding]:
    if not enabled(context) or not _binds_offered(context, tool):
        return
    document = context.document
    analysis = analyse(document, context.build_context)
    for instruction, installs in analysis.installs_of(tool).items():
        by_path: dict[str, ReadFile] = {}  # the first read of each path
        for install in installs:
            for read in _bind_files(analysis, install):
                by_path.setdefault(read.path, read)
        files = list(by_path.values())
        if not files:
            continue
        first = files[0]
        anchor = next((read.word for read in files if read.word is not None), None)
        install = next(i for i in installs if any(r.path == first.path for r in analysis.files(i)))
        span = anchor.span if anchor is not None else command_span(install)
        names = ", ".join(posixpath.basename(read.path) for read in files)
        lines = sorted({line_of(document, read.copied.copy.instruction.span.start) for read in files if read.copied})
        applicability, why = _bind_safety(context, files)
        fix = None
        if applicability is None:
            violation = FilesNotBindMounted(names, len(files), tuple(lines), no_fix=why)
        else:
            violation = FilesNotBindMounted(names, len(files), tuple(lines), unsafe=why or None)
            mounts = [bind_mount(read.copied.context_path, read.written) for read in files if read.copied]
            fix = violation.fix((insert_mounts(document, instruction, mounts),), applicability)
        # Removing the COPY as well, where that changes the image, is the user's call.
        groups = _removable_groups(analysis, tool)
        copies = dict.fromkeys(read.copied.copy.instruction for read in files if read.copied)
        removals = (_copy_removal(context, analysis, tool, groups[copy]) for copy in copies if copy in groups)
        alternatives = tuple(r[1] for r in removals if r is not None and r[1].applicability is Applicability.UNSAFE)
        related = tuple(
            Related(copy.span, f"copies {_names(read for read in files if read.copied and read.copied.copy.instruction is copy)} into the image")
            for copy in copies
        )
        yield rule.finding(violation, span, fix, alternatives=alternatives, related=related)


def _names(reads) -> str:
    return ", ".join(dict.fromkeys(posixpath.basename(read.path) for read in reads))


# --- the COPY that only feeds an install ----------------------------------------------------


def copy_removable(context: RuleContext, rule: Rule, tool: str) -> Iterator[Finding]:
    if not enabled(context) or not _binds_offered(context, tool):
        return
    document = context.document
    analysis = analyse(document, context.build_context)
    for copied_files in _removable_groups(analysis, tool).values():
        removal = _copy_removal(context, analysis, tool, copied_files)
        if removal is None:
            continue
        violation, fix = removal
        span = copied_files[0].source.span
        unnecessary = tuple(edit_span for edit_span in _removed_spans(fix))
        yield rule.finding(violation, span, fix, unnecessary=unnecessary, related=_readers(analysis, copied_files))


def _readers(analysis: Analysis, group: list[CopiedFile]) -> tuple[Related, ...]:
    """The installs that read what the COPY brings: where its fix bind-mounts the files."""
    found: dict[Instruction, list] = {}
    for member in group:
        for install, read in analysis.readers(member):
            found.setdefault(install.instruction, []).append((install, read))
    related = []
    for reads in found.values():
        names = _names(read for _, read in reads)
        them = "them" if "," in names else "it"
        related.append(Related(command_span(reads[0][0]), f"reads {names}: the fix bind-mounts {them} here"))
    return tuple(related)


def _removable_groups(analysis: Analysis, tool: str) -> dict[Instruction, list[CopiedFile]]:
    """COPY → the files it brought that only installs (some of ``tool``) read (once per document)."""
    key = ("removable-groups", analysis.context, tool)
    return remembered(analysis.document, key, lambda: _group_removable(analysis, tool))


def _group_removable(analysis: Analysis, tool: str) -> dict[Instruction, list[CopiedFile]]:
    groups: dict[Instruction, list[CopiedFile]] = {}
    grouped: set[tuple[int, Span]] = set()  # (COPY, source) already in a group
    for install in analysis.installs:
        if install.tool != tool:
            continue
        for read in analysis.files(install):
            copied = read.copied
            if copied is None or analysis.effect(copied) == NEEDED:
                continue
            members = groups.setdefault(copied.copy.instruction, [])
            key = (copied.copy.instruction.index, copied.source.span)
            if key not in grouped:
                grouped.add(key)
                members.append(copied)
    return groups


def _removed_spans(fix: Fix) -> list[Span]:
    return [Span(edit.start, edit.end) for edit in fix.edits if not edit.content and edit.end > edit.start]


def _copy_removal(
    context: RuleContext, analysis: Analysis, tool: str, group: list[CopiedFile]
) -> tuple[CopyOnlyFeedsInstall, Fix] | None:
    """Remove the sources in ``group`` (``tool``'s files of one COPY) and bind-mount them on
    every install that reads them: the xx3 violation and its fix (once per document: PIPxx2
    offers the fix too, as an alternative)."""
    key = ("copy-removal-fix", analysis.context, tool, group[0].copy.instruction.index)
    return remembered(analysis.document, key, lambda: _remove_copy(context, analysis, group))


def _remove_copy(context: RuleContext, analysis: Analysis, group: list[CopiedFile]) -> tuple[CopyOnlyFeedsInstall, Fix] | None:
    document = analysis.document
    copy = group[0].copy
    readers = [(install, read) for member in group for install, read in analysis.readers(member)]
    if not readers:
        return None
    effects = {analysis.effect(member) for member in group}
    if NEEDED in effects:
        return None
    applicability, why = _bind_safety(context, [read for _, read in readers])
    if applicability is None:
        return None
    edits: list[Edit] = []
    removed_spans = {member.source.span for member in group}
    remaining = [source for source in copy.sources if source.span not in removed_spans]
    if not remaining:
        edits.append(delete_instruction(copy.instruction))
    else:
        for member in group:
            if copy.json_form:
                edits.append(remove_json_element(document, copy.instruction, member.source.span))
            else:
                edits.append(remove_spaced(document, member.source.span))
        if len(remaining) == 1 and not copy.destination_text.endswith("/") and copy.destination_text not in (".", ".."):
            end = copy.destination_span.end - (1 if copy.json_form else 0)
            edits.append(Edit.insert(end, "/"))  # one source left: keep the destination a directory
    mounts_by_run: dict[Instruction, list[str]] = {}
    for install, read in readers:
        if is_bound(install.instruction, read.path):
            continue
        mount = bind_mount(read.copied.context_path, read.written) if read.copied else None
        if mount is None:
            continue
        wanted = mounts_by_run.setdefault(install.instruction, [])
        if mount not in wanted:
            wanted.append(mount)
    for run, mounts in mounts_by_run.items():
        edits.append(insert_mounts(document, run, mounts))
    leaves_final_image = FINAL_IMAGE in effects
    if leaves_final_image:
        applicability = Applicability.UNSAFE
    violation = CopyOnlyFeedsInstall(
        ", ".join(posixpath.basename(member.path) for member in group),
        len(group),
        tuple(sorted({line_of(document, install.instruction.span.start) for install, _ in readers})),
        leaves_final_image,
        applicability is Applicability.UNSAFE and analysis.effect(group[0]) == FINAL_IMAGE,
        why or None,
    )
    return violation, violation.fix(merge_edits(edits), applicability)
