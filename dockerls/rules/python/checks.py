"""The checks behind the Python rules, one function per kind of finding.

pip, uv and poetry differ in names and cache locations, not in the shape of
their findings, so each rule module is a thin declaration that calls one of
these with its tool:

- :func:`cache_not_mounted` (PIP001/PIP101/PIP201)
- :func:`files_not_bind_mounted` (PIP002/PIP102/PIP202)
- :func:`copy_removable` (PIP003/PIP103/PIP203)
- :func:`cache_disabled_by_variable` (PIP004/PIP104)
- :func:`cache_mount_misplaced` (PIP005/PIP105/PIP205)
- :func:`link_mode_not_copy` (PIP106)
"""

from __future__ import annotations

import posixpath
from typing import Iterator

from dockerls.engine.context import RuleContext
from dockerls.engine.model import Applicability, Edit, Finding, Fix
from dockerls.engine.rule import Rule
from dockerls.rules.mounts import set_mount_option
from dockerls.rules.python.analysis import Analysis, ReadFile, analyse, bind_allowed, is_bound
from dockerls.rules.python.cache import (
    NO_CACHE_VARIABLES,
    CacheLocation,
    cache_location,
    cache_mounts,
    covering_mount,
    disables_cache,
    looks_like_cache_of,
)
from dockerls.rules.python.copies import FINAL_IMAGE, NEEDED, CopiedFile
from dockerls.rules.python.edits import argument_words, delete_instruction, remove_json_element, remove_spaced
from dockerls.rules.python.fixes import (
    add_mounts,
    bind_mount,
    cache_mount,
    cache_off_edits,
    cache_turned_off,
    link_mode,
    link_mode_edit,
    merge_edits,
)
from dockerls.rules.python.installs import PIP, POETRY, UV, Install
from dockerls.syntax import Dockerfile, Flag, Instruction, Span

TOOL_LABEL = {PIP: "pip", UV: "uv", POETRY: "poetry"}


def _enabled(context: RuleContext) -> bool:
    return not context.document.is_windows


def _line(document: Dockerfile, offset: int) -> int:
    return document.lines.position(offset)[0] + 1


def _command_span(install: Install) -> Span:
    return Span(install.command.argv[0].span.start, install.subcommand.span.end)


def _command_label(install: Install) -> str:
    """``pip install``, ``python3 -m pip install``, ``uv pip install``, ``uv sync``: options left out."""
    words = []
    for word in install.command.argv:
        if not word.text.startswith("-") or word.text == "-m":
            words.append(posixpath.basename(word.text) if not words else word.text)
        if word is install.subcommand:
            break
    return " ".join(words)


# --- cache mount missing -------------------------------------------------------------


def cache_not_mounted(context: RuleContext, rule: Rule, tool: str) -> Iterator[Finding]:
    if not _enabled(context):
        return
    document = context.document
    analysis = analyse(document, context.build_context)
    sharing = context.options.pip.cache_sharing
    for instruction, installs in analysis.installs_of(tool).items():
        named = [target for _, target in cache_mounts(instruction) if target and looks_like_cache_of(tool, target)]
        missing: list[str] = []
        owner: dict[str, str] = {}
        problem: str | None = None
        for install in installs:
            location = cache_location(document, install)
            uncovered = [t for t in location.targets if covering_mount(instruction, t) is None]
            if location.problem is not None and (uncovered or not location.targets):
                problem = problem or location.problem
            if uncovered and named:
                continue  # a cache mount in the wrong place: cache_mount_misplaced reports it
            if not location.targets and named:
                continue  # cannot check the mount that is there
            if not location.targets:
                missing.append("?")
            for target in uncovered:
                if target not in missing:
                    missing.append(target)
            owner = location.owner_options or owner
        turned_off = [install for install in installs if cache_turned_off(install)]
        if not missing and not turned_off:
            continue
        first = installs[0]
        label = TOOL_LABEL[tool]
        edits: list[Edit] = []
        unnecessary: list[Span] = []
        known_missing = [target for target in missing if target != "?"]
        if missing:
            where = f" ({', '.join(known_missing)})" if known_missing else ""
            message = f"`{_command_label(first)}` runs without a cache mount on {label}'s cache{where}"
            if turned_off:
                message += f", and {_off_words(turned_off)} turns the cache off"
        else:
            message = f"{_off_words(turned_off)} turns off {label}'s mounted cache"
        if problem is None:
            if known_missing:
                mounts = [cache_mount(target, owner, sharing) for target in known_missing]
                edits.append(add_mounts(document, instruction, mounts))
            for install in turned_off:
                removed, spans = cache_off_edits(document, install)
                edits.extend(removed)
                unnecessary.extend(spans)
            if tool == UV:
                for install in installs:
                    edit = link_mode_edit(document, install)
                    if edit is not None:
                        edits.append(edit)
        else:
            message += f"; no fix: {problem}"
        fix = None
        if edits:
            title = f"Mount {label}'s cache at {', '.join(known_missing)}" if known_missing else f"Let {label} use its cache"
            if turned_off and known_missing:
                title += f" and drop {_off_words(turned_off)}"
            fix = Fix(title, merge_edits(edits), Applicability.SAFE)
        yield rule.finding(_command_span(first), message, fix, unnecessary=tuple(unnecessary))


def _off_words(installs: list[Install]) -> str:
    words: list[str] = []
    for install in installs:
        words.extend(word.text for word in install.cache_off)
        variable = NO_CACHE_VARIABLES.get(install.tool)
        words.extend(f"{a.name}={a.value}" for a in install.assignments if a.name == variable)
    unique = list(dict.fromkeys(words))
    return ", ".join(f"`{word}`" for word in unique) or "the command"


# --- cache mount in the wrong place or owned by the wrong user ------------------------


def cache_mount_misplaced(context: RuleContext, rule: Rule, tool: str) -> Iterator[Finding]:
    if not _enabled(context):
        return
    document = context.document
    analysis = analyse(document, context.build_context)
    label = TOOL_LABEL[tool]
    for instruction, installs in analysis.installs_of(tool).items():
        location = cache_location(document, installs[0])
        reported: set[int] = set()
        named = [
            (flag, target) for flag, target in cache_mounts(instruction) if target and looks_like_cache_of(tool, target)
        ]
        if location.targets:
            for target in location.targets:
                flag = covering_mount(instruction, target)
                if flag is not None:
                    finding = _ownership(rule, tool, instruction, flag, location)
                    if finding is not None and id(flag) not in reported:
                        reported.add(id(flag))
                        yield finding
            uncovered = [t for t in location.targets if covering_mount(instruction, t) is None]
            for flag, target in named:
                if not uncovered or id(flag) in reported:
                    continue
                if any(covering_mount(instruction, t) is flag for t in location.targets):
                    continue
                wanted = _matching_target(target, uncovered)
                reported.add(id(flag))
                why = _why(location, installs[0])
                message = f"This cache mount is not where {label} keeps its cache ({', '.join(uncovered)}){why}"
                fix = None
                if wanted is not None and location.problem is None:
                    edits = [set_mount_option(flag, "target", wanted)]
                    edits.extend(_owner_edits(flag, location))
                    fix = Fix(f"Mount the cache at {wanted}", merge_edits(edits), Applicability.SAFE)
                elif location.problem is not None:
                    message += f"; no fix: {location.problem}"
                yield rule.finding(flag.span, message, fix)
        elif location.user.known and not location.user.is_root and location.user.uid is None:
            for flag, _ in named:
                if flag.mount_get("uid") is None and not _everyone_writes(flag):
                    yield rule.finding(
                        flag.span,
                        f"This cache mount belongs to root, but {label} runs as {location.user.name} and cannot "
                        f"write it; no fix: the Dockerfile does not show {location.user.name}'s uid",
                    )


def _why(location: CacheLocation, install: Install) -> str:
    user = location.user
    if user.is_root:
        return ""
    return f": it runs as {user.name}"


def _matching_target(current: str, wanted: list[str]) -> str | None:
    """The wanted target a misplaced mount should move to (poetry's two subdirectories match by name)."""
    if len(wanted) == 1:
        return wanted[0]
    leaf = posixpath.basename(current.rstrip("/"))
    for target in wanted:
        if posixpath.basename(target) == leaf:
            return target
    return None


def _mount_number(flag: Flag, key: str, instruction: Instruction) -> int | None | str:
    """A numeric mount option: its value, None when absent, "?" when unreadable."""
    value = flag.mount_get(key)
    if value is None:
        return None
    expanded = instruction.state.expand_known(value) if instruction.state is not None else value
    if expanded is None or not expanded.isdigit():
        return "?"
    return int(expanded)


def _everyone_writes(flag: Flag) -> bool:
    mode = flag.mount_get("mode")
    try:
        return mode is not None and int(mode, 8) & 0o002 != 0
    except ValueError:
        return False


def _ownership(rule: Rule, tool: str, instruction: Instruction, flag: Flag, location: CacheLocation) -> Finding | None:
    user = location.user
    label = TOOL_LABEL[tool]
    uid = _mount_number(flag, "uid", instruction)
    if uid == "?":
        return None
    if user.is_root:
        if tool == PIP and uid not in (None, 0):
            # pip running as root only uses a cache directory that root owns.
            fix = Fix("Make the cache mount root's", (set_mount_option(flag, "uid", "0"),), Applicability.SAFE)
            return rule.finding(flag.span, f"pip runs as root and ignores a cache owned by uid {uid}", fix)
        return None
    if user.uid is None:
        if uid is None and not _everyone_writes(flag):
            return rule.finding(
                flag.span,
                f"This cache mount belongs to root, but {label} runs as {user.name} and cannot write it; "
                f"no fix: the Dockerfile does not show {user.name}'s uid",
            )
        return None
    if uid == user.uid or (uid is None and _everyone_writes(flag)):
        return None
    owner = "root" if uid is None else f"uid {uid}"
    fix = Fix(f"Make the cache mount {user.name}'s (uid {user.uid})", merge_edits(_owner_edits(flag, location)))
    return rule.finding(
        flag.span, f"This cache mount belongs to {owner}, but {label} runs as {user.name} (uid {user.uid})", fix
    )


def _owner_edits(flag: Flag, location: CacheLocation) -> list[Edit]:
    owner = location.owner_options or {}
    return [set_mount_option(flag, key, value) for key, value in owner.items() if flag.mount_get(key) != value]


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
        if build_context.excluded(path):
            return None, f"{path} is excluded by .dockerignore"
    return Applicability.SAFE, ""


def _bind_files(analysis: Analysis, install: Install) -> list[ReadFile]:
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
    if not _enabled(context) or not context.options.pip.bind_mounts:
        return
    document = context.document
    analysis = analyse(document, context.build_context)
    for instruction, installs in analysis.installs_of(tool).items():
        files: list[ReadFile] = []
        for install in installs:
            for read in _bind_files(analysis, install):
                if all(read.path != other.path for other in files):
                    files.append(read)
        if not files:
            continue
        first = files[0]
        anchor = next((read.word for read in files if read.word is not None), None)
        install = next(i for i in installs if any(r.path == first.path for r in analysis.files(i)))
        span = anchor.span if anchor is not None else _command_span(install)
        names = ", ".join(posixpath.basename(read.path) for read in files)
        lines = sorted({_line(document, read.copied.copy.instruction.span.start) for read in files if read.copied})
        message = (
            f"{names} {'is' if len(files) == 1 else 'are'} copied into the image (line "
            f"{', '.join(map(str, lines))}) to be read here: bind-mount {'it' if len(files) == 1 else 'them'} instead"
        )
        applicability, why = _bind_safety(context, files)
        fix = None
        if applicability is None:
            message += f"; no fix: {why}"
        else:
            mounts = [bind_mount(read.copied.context_path, read.written) for read in files if read.copied]
            title = f"Bind-mount {names}"
            if why:
                title += f" (unsafe: {why})"
            fix = Fix(title, (add_mounts(document, instruction, mounts),), applicability)
        alternatives = tuple(
            alternative
            for alternative in (_copy_removal_fix(context, analysis, copied) for copied in _copies_of(files))
            if alternative is not None and alternative.applicability is Applicability.UNSAFE
        )
        yield rule.finding(span, message, fix, alternatives=alternatives)


def _copies_of(files: list[ReadFile]) -> list[CopiedFile]:
    seen: list[CopiedFile] = []
    for read in files:
        if read.copied is not None and all(read.copied.copy.instruction is not c.copy.instruction for c in seen):
            seen.append(read.copied)
    return seen


# --- the COPY that only feeds an install ----------------------------------------------------


def copy_removable(context: RuleContext, rule: Rule, tool: str) -> Iterator[Finding]:
    if not _enabled(context) or not context.options.pip.bind_mounts:
        return
    document = context.document
    analysis = analyse(document, context.build_context)
    by_copy: dict[Instruction, list[CopiedFile]] = {}
    for install in analysis.installs:
        if install.tool != tool:
            continue
        for read in analysis.files(install):
            copied = read.copied
            if copied is None or analysis.effect(copied) == NEEDED:
                continue
            entries = by_copy.setdefault(copied.copy.instruction, [])
            if all(entry.source.span != copied.source.span for entry in entries):
                entries.append(copied)
    for instruction, copied_files in by_copy.items():
        fix = _copy_removal_fix(context, analysis, copied_files[0], copied_files)
        if fix is None:
            continue
        names = ", ".join(posixpath.basename(copied.path) for copied in copied_files)
        readers = sorted(
            {_line(document, install.instruction.span.start) for c in copied_files for install, _ in analysis.readers(c)}
        )
        message = f"{names} {'is' if len(copied_files) == 1 else 'are'} copied only for the install on line " + ", ".join(
            map(str, readers)
        )
        if fix.applicability is Applicability.UNSAFE and analysis.effect(copied_files[0]) == FINAL_IMAGE:
            message += f"; removing the copy takes {names} out of the final image"
        span = copied_files[0].source.span
        unnecessary = tuple(edit_span for edit_span in _removed_spans(fix))
        yield rule.finding(span, message, fix, unnecessary=unnecessary)


def _removed_spans(fix: Fix) -> list[Span]:
    return [Span(edit.start, edit.end) for edit in fix.edits if not edit.content and edit.end > edit.start]


def _copy_removal_fix(
    context: RuleContext, analysis: Analysis, copied: CopiedFile, group: list[CopiedFile] | None = None
) -> Fix | None:
    """Remove the COPY sources in ``group`` (default: every source of ``copied``'s COPY
    that only feeds installs) and bind-mount them on every install that reads them."""
    document = analysis.document
    copy = copied.copy
    if group is None:
        group = [copied]
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
        mount = bind_mount(read.copied.context_path if read.copied else read.path, read.written)
        wanted = mounts_by_run.setdefault(install.instruction, [])
        if mount not in wanted:
            wanted.append(mount)
    for run, mounts in mounts_by_run.items():
        edits.append(add_mounts(document, run, mounts))
    names = ", ".join(posixpath.basename(member.path) for member in group)
    title = f"Bind-mount {names} where it is read and remove the COPY"
    if FINAL_IMAGE in effects:
        applicability = Applicability.UNSAFE
        title += f" (unsafe: {names} will no longer be in the final image)"
    elif why:
        title += f" (unsafe: {why})"
    return Fix(title, merge_edits(edits), applicability)


# --- PIP_NO_CACHE_DIR / UV_NO_CACHE set by ENV or ARG --------------------------------


def cache_disabled_by_variable(context: RuleContext, rule: Rule, tool: str) -> Iterator[Finding]:
    if not _enabled(context):
        return
    document = context.document
    analysis = analyse(document, context.build_context)
    variable = NO_CACHE_VARIABLES[tool]
    setters: dict[Instruction, list[Install]] = {}
    for install in analysis.installs:
        if install.tool != tool or any(a.name == variable for a in install.assignments):
            continue
        if not disables_cache(tool, install.state.lookup(variable)):
            continue
        setter = _setter(document, install.instruction, variable)
        if setter is not None:
            setters.setdefault(setter, []).append(install)
    for setter, installs in setters.items():
        yield _variable_finding(context, rule, tool, setter, variable, installs)


def _setter(document: Dockerfile, instruction: Instruction, variable: str) -> Instruction | None:
    """The ENV or ARG whose value of ``variable`` the RUN sees."""
    state = instruction.state
    if state is None:
        return None
    keyword = "ENV" if variable in state.env else "ARG"
    chain = document.stage_chain(instruction.stage)
    stages = chain if keyword == "ENV" else chain[:1]  # ARGs do not carry into stages built on a stage
    for stage in stages:
        for earlier in reversed(stage.instructions):
            if earlier.index >= instruction.index or earlier.keyword != keyword:
                continue
            pair = _assignment(document, earlier, variable)
            if pair is None:
                continue
            if keyword == "ARG" and "=" not in pair[0]:
                return _global_arg(document, variable)
            return earlier
    return None


def _global_arg(document: Dockerfile, variable: str) -> Instruction | None:
    for instruction in document.instructions:
        if instruction.stage >= 0 and instruction.keyword == "FROM":
            break
        if instruction.keyword == "ARG":
            pair = _assignment(document, instruction, variable)
            if pair is not None and "=" in pair[0]:
                return instruction
    return None


def _assignment(document: Dockerfile, instruction: Instruction, variable: str) -> tuple[str, Span] | None:
    """The ``NAME=value`` word (or the legacy ``ENV NAME value`` line) that sets ``variable``."""
    words = argument_words(document, instruction)
    if instruction.keyword == "ENV" and words and "=" not in words[0][0]:
        return (words[0][0], instruction.args_span) if words[0][0] == variable else None
    found = None
    for text, span in words:
        name = text.split("=", 1)[0]
        if name == variable:
            found = (text, span)
    return found


def _variable_finding(context, rule, tool, setter: Instruction, variable: str, installs: list[Install]) -> Finding:
    document = context.document
    pair = _assignment(document, setter, variable)
    assert pair is not None
    text, span = pair
    label = TOOL_LABEL[tool]
    value = installs[0].state.lookup(variable) or ""
    lines = ", ".join(sorted({str(_line(document, i.instruction.span.start)) for i in installs}))
    message = f"{variable} turns off {label}'s cache for the install on line {lines}"
    if tool == PIP and value.strip().lower() in ("0", "false", "off", "no", "n", "f"):
        message += f" (pip reads any boolean here as 'no cache', even {value!r})"
    referenced = _referenced_elsewhere(document, setter, variable)
    if setter.keyword == "ARG":
        edit = Edit(span.start + len(variable), span.end, "")
        title = f"Remove {variable}'s default (build arguments never reach the image)"
        applicability = Applicability.SAFE
    else:
        words = argument_words(document, setter)
        legacy = bool(words) and "=" not in words[0][0]
        edit = delete_instruction(setter) if legacy or len(words) == 1 else remove_spaced(document, span)
        title = f"Remove {variable}"
        applicability = Applicability.SAFE
        if _reaches_final_image(document, setter):
            applicability = Applicability.UNSAFE
            title += " (unsafe: the final image's environment loses it too)"
    if referenced:
        applicability = Applicability.UNSAFE
        title += f" (unsafe: ${variable} is used on line {referenced})"
    fix = Fix(title, (edit,), applicability)
    return rule.finding(span, message, fix)


def _reaches_final_image(document: Dockerfile, instruction: Instruction) -> bool:
    final = len(document.stages) - 1
    return any(stage.index == instruction.stage for stage in document.stage_chain(final))


def _referenced_elsewhere(document: Dockerfile, setter: Instruction, variable: str) -> int | None:
    for instruction in document.instructions:
        if instruction is setter:
            continue
        text = document.text[instruction.span.start : instruction.span.end]
        if f"${variable}" in text or f"${{{variable}" in text:
            return _line(document, instruction.span.start)
    return None


# --- uv's link mode ---------------------------------------------------------------------


def link_mode_not_copy(context: RuleContext, rule: Rule) -> Iterator[Finding]:
    if not _enabled(context):
        return
    document = context.document
    analysis = analyse(document, context.build_context)
    for instruction, installs in analysis.installs_of(UV).items():
        for install in installs:
            location = cache_location(document, install)
            mounted = any(covering_mount(instruction, target) for target in location.targets) or any(
                target and looks_like_cache_of(UV, target) for _, target in cache_mounts(instruction)
            )
            if not mounted or link_mode(install) == "copy":
                continue
            mode = link_mode(install)
            edit = link_mode_edit(document, install)
            fix = Fix("Make uv copy files out of its cache (UV_LINK_MODE=copy)", (edit,)) if edit else None
            current = f"link mode {mode!r}" if mode else "its default link mode (hardlink)"
            yield rule.finding(
                _command_span(install),
                f"uv installs from a cache mount with {current}: set UV_LINK_MODE=copy",
                fix,
            )
