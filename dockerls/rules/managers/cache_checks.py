"""The cache-mount checks: missing (xx1), misplaced or wrongly owned (xx5), uv's link mode (PIP106)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Applicability, Edit, Finding, Violation
from dockerls.core.rule import Rule
from dockerls.rules.mounts import cache_mount, insert_mounts, set_mount_option
from dockerls.rules.mountpoints import prepare_mount_points
from dockerls.analysis.caches import cache_mounts, covering_cache, mount_target
from dockerls.analysis.paths import is_inside, same_path
from dockerls.analysis.projectfiles import copied_file
from dockerls.core.context import line_number
from dockerls.rules.managers.analysis import analyse
from dockerls.rules.managers.variable_checks import removal_is_safe
from dockerls.rules.managers.cache import CacheLocation, cache_location, looks_like_cache_of
from dockerls.rules.commands import variable_edit
from dockerls.rules.managers.fixes import cache_off_edits, cache_turned_off, inherited_off, link_mode, link_mode_edit, merge_edits, pointless_cleanups
from dockerls.rules.managers.fixes import off_variable_edits, removes_mount_point
from dockerls.rules.managers.keeping import enabling_edits, keeps, refreshes
from dockerls.rules.managers.readers import Pending, later_readers, reader_findings, reads_only
from dockerls.analysis.invocations import Invocation
from dockerls.profiles import BY_NAME, PIP as PIP_PROFILE, UV as UV_PROFILE
from dockerls.rules.managers.violations import (
    CacheMountHidesFiles,
    CacheMountHidesInstall,
    CacheMountMisplaced,
    CacheMountNotLocked,
    CacheNotMounted,
    CacheNotWritable,
    CacheOwnedByOther,
    RootIgnoresOwnedCache,
    UvLinkModeNotCopy,
)
from dockerls.rules.managers.wording import TOOL_LABEL, command_label, command_span, enabled
from dockerls.syntax import Flag, Instruction, Span
from dockerls.syntax.state import state_of
from dockerls.analysis.stages import stage_tree


# --- cache mount missing -------------------------------------------------------------


def cache_not_mounted(context: RuleContext, rule: Rule, tool: str) -> Iterator[Finding]:
    if not enabled(context):
        return
    document = context.document
    analysis = analyse(document, context.build_context)
    profile = BY_NAME[tool]
    sharing = context.options.pip.cache_sharing if profile.family.startswith("PIP") else profile.sharing
    pending: list[Pending] = []
    for instruction, installs in analysis.installs_of(tool).items():
        installs = [install for install in installs if not reads_only(install) and not _cannot_install(document, install, context)]
        if not installs:
            continue
        named = any(mount.target and looks_like_cache_of(tool, mount.target) for mount in cache_mounts(instruction))
        missing: list[str] = []
        owner: dict[str, str] = {}
        user = None  # who the installs that need a mount run as
        problem: str | None = None  # why no mount can be written
        misplaced = False  # a mount for the tool misses its cache: cache_mount_misplaced reports it
        wanted: list[str] = []  # directories that need a mount dockerls cannot write
        mounted: list[Invocation] = []  # installs whose cache is mounted already
        for install in installs:
            location = cache_location(document, install, context.build_context)
            uncovered = [target for target in location.targets if covering_cache(instruction, target) is None]
            if location.targets and not uncovered:
                mounted.append(install)
                continue
            if named:
                misplaced = True
                continue
            if location.problem is not None:
                problem = problem or location.problem
                wanted.extend(target for target in uncovered if target not in wanted)
                continue
            missing.extend(target for target in uncovered if target not in missing)
            owner = location.owner_options or {}
            user = location.user
        turned_off = [install for install in installs if cache_turned_off(install)]
        # Installs whose mounted cache an inherited variable turns off (issue 17).
        # Where the xx4 rule's removal of the ENV/ARG is safe, that fix does it for the whole image.
        inherited = [
            install for install in mounted
            if any(not removal_is_safe(document, install, variable.name) for variable, _ in inherited_off(install))
        ]
        if not (missing or problem) and not turned_off and not inherited:
            continue
        if missing and problem is None and not misplaced:
            around = removes_mount_point(document, instruction, missing, profile)
            if around is not None:
                problem = f"`{around}` would empty the cache mount and fail on its mount point"
        # A cache the new mount would serve must be on for the command: cache-off variables the
        # command inherits (ENV, ARG, an earlier export) are set back for that command only.
        neutralised: list[str] = []
        neutral_edits: list[Edit] = []
        if (missing or inherited) and problem is None and not misplaced:
            for install in installs if missing else inherited:
                for variable, value in inherited_off(install):
                    edit = variable_edit(document, install.site, variable.name, variable.neutral) if variable.neutral is not None else None
                    if edit is None:
                        problem = (
                            f"{variable.name}={value} turns its cache off and "
                            + ("no value turns it back on for one command" if variable.neutral is None
                               else "the exec form has no shell to set it back for this command")
                        )
                        break
                    neutral_edits.append(edit)
                    if f"{variable.name}={variable.neutral}" not in neutralised:
                        neutralised.append(f"{variable.name}={variable.neutral}")
        violation = CacheNotMounted(
            TOOL_LABEL[tool],
            command_label(installs[0]),
            tuple(missing),
            tuple(wanted),
            _off_words(document, turned_off),
            bool(turned_off),
            problem,
            tuple(neutralised),
            inherited_off=() if missing else tuple(dict.fromkeys(v.name for i in inherited for v, _ in inherited_off(i))),
            not_kept=_not_kept(installs),
            assumption=next((a for a in (cache_location(document, i, context.build_context).assumption for i in installs) if a), None),
        )
        edits: list[Edit] = []
        unnecessary: list[Span] = []
        risk: str | None = None  # what the fix changes, when it cannot keep everything as it was
        # The cache may be turned back on only where a mount keeps it out of the image.
        if problem is None and not misplaced:
            if missing:
                edits.append(insert_mounts(document, instruction, [cache_mount(t, sharing=sharing, owner=owner) for t in missing]))
                removed = pointless_cleanups(document, instruction, profile, missing)
                if removed is not None:
                    edits.extend(removed.edits)
                    unnecessary.extend(removed.spans)
                points = prepare_mount_points(document, instruction, user, missing)
                if points.edit is not None:
                    edits.append(points.edit)
                # A RUN that already deleted what the mount keeps out (`rm -rf $GEM_HOME/cache`) loses nothing more.
                risk = points.risk or (
                    (removed.leaves if removed is not None else _leaves_final_image(document, instruction, profile))
                )
            edits.extend(neutral_edits)
            # What turns the cache off on the command's own line, and the words that make it keep
            # its packages (and see a fresh index) in the mount, one install at a time.
            added: list[str] = []
            for install in installs:
                location = cache_location(document, install, context.build_context)
                mounting = any(target in missing for target in location.targets)
                if install not in turned_off and (not mounting or refreshes(install)):
                    continue
                enabling = enabling_edits(document, install, location.targets[0] if location.targets else "", mounting=mounting)
                variable_edits, variable_spans = off_variable_edits(document, install)
                edits.extend((*enabling.edits, *variable_edits))
                unnecessary.extend((*enabling.removed, *variable_spans))
                added.extend(word for word in enabling.words if word not in added)
                risk = risk or enabling.unsafe
            if added:
                violation = replace(violation, added=tuple(added))
            if tool == UV_PROFILE.name:
                edits.extend(edit for edit in map(lambda i: link_mode_edit(document, i), installs) if edit is not None)
        if risk:
            violation = replace(violation, risk=risk)
        pending.append(Pending(instruction, violation, edits, unnecessary, command_span(installs[0]), tuple(missing)))
    pending.extend(reader_findings(context, tool, sharing, pending))
    for item in pending:
        violation = item.violation
        fix = violation.fix(merge_edits(item.edits), Applicability.UNSAFE if violation.risk else Applicability.SAFE) if item.edits else None
        yield rule.finding(violation, item.span, fix, unnecessary=tuple(item.unnecessary), related=tuple(item.related))


def _leaves_final_image(document, instruction: Instruction, profile) -> str | None:
    """What a mount changes for a manager whose cache is also where it installs, when the
    RUN's stage is part of the final image."""
    if not document.stages or not stage_tree(document).in_chain(instruction.stage, len(document.stages) - 1):
        return None
    if profile.cache_is_install is not None:
        return profile.cache_is_install
    if profile.cache_read_at_start is not None and _final_command_starts(document, profile):
        return profile.cache_read_at_start
    return None


def _final_command_starts(document, profile) -> bool:
    """Whether the final stage's CMD or ENTRYPOINT names one of the manager's programs."""
    final = len(document.stages) - 1
    for instruction in document.instructions:
        if instruction.stage == final and instruction.keyword in ("CMD", "ENTRYPOINT"):
            if any(profile.matches_program(posixpath.basename(word)) for word in re.findall(r"[\w./-]+", instruction.args)):
                return True
    return False


def _cannot_install(document, install: Invocation, context: RuleContext) -> bool:
    """A manager that installs as root only, run by another user: the command fails as it is,
    whatever its cache (no finding about the cache)."""
    if not install.profile.root_only:
        return False
    user = cache_location(document, install, context.build_context).user
    return user.known and not user.is_root


def _not_kept(installs: list[Invocation]) -> str | None:
    """Why the manager's mounted cache would hold no packages, when one of the installs does not keep them."""
    for install in installs:
        if install.profile.keeping is not None and not keeps(install):
            return install.profile.keeping.default_off
    return None


def _off_words(document, installs: list[Invocation]) -> str:
    """The words that turn the cache off, quoted for a message."""
    words: list[str] = []
    for install in installs:
        _, spans = cache_off_edits(document, install)
        words.extend(document.text[span.start : span.end] for span in spans)
    return ", ".join(f"`{word.strip(chr(34))}`" for word in dict.fromkeys(words))


# --- cache mount in the wrong place or owned by the wrong user ------------------------


def cache_mount_misplaced(context: RuleContext, rule: Rule, tool: str) -> Iterator[Finding]:
    if not enabled(context):
        return
    document = context.document
    analysis = analyse(document, context.build_context)
    label = TOOL_LABEL[tool]
    for instruction, installs in analysis.installs_of(tool).items():
        location = cache_location(document, installs[0], context.build_context)
        reported: set[int] = set()
        named = [
            (mount.flag, mount.target) for mount in cache_mounts(instruction) if mount.target and looks_like_cache_of(tool, mount.target)
        ]
        if location.targets:
            for target in location.targets:
                covering = covering_cache(instruction, target)
                flag = covering.flag if covering is not None else None
                hides = _hides_install(tool, covering, target)
                if hides is not None and id(flag) not in reported:
                    reported.add(id(flag))
                    yield rule.finding(hides, flag.span, hides.fix((set_mount_option(flag, "target", target),), Applicability.UNSAFE))
                    continue
                if flag is not None:
                    owned = _ownership(tool, instruction, flag, location)
                    if owned is not None and id(flag) not in reported:
                        reported.add(id(flag))
                        violation, edits = owned
                        yield rule.finding(violation, flag.span, None if edits is None else violation.fix(edits))
                    hidden = _hidden_beside(context, tool, instruction, flag, target) if id(flag) not in reported else None
                    if hidden is not None:
                        reported.add(id(flag))
                        edits = [set_mount_option(flag, "target", target)]
                        yield rule.finding(hidden, flag.span, hidden.fix(merge_edits(edits)))
                    wanted_sharing = BY_NAME[tool].sharing
                    if wanted_sharing and flag.mount_get("sharing") != wanted_sharing and id(flag) not in reported:
                        reported.add(id(flag))
                        unlocked = CacheMountNotLocked(label, wanted_sharing)
                        yield rule.finding(unlocked, flag.span, unlocked.fix((set_mount_option(flag, "sharing", wanted_sharing),)))
            uncovered = [t for t in location.targets if covering_cache(instruction, t) is None]
            for flag, target in named:
                if not uncovered or id(flag) in reported:
                    continue
                if any((covering := covering_cache(instruction, t)) is not None and covering.flag is flag for t in location.targets):
                    continue
                wanted = _matching_target(target, uncovered)
                reported.add(id(flag))
                runs_as = None if location.user.is_root else location.user.name
                misplaced = CacheMountMisplaced(label, tuple(uncovered), runs_as, wanted, location.problem)
                fix = None
                if wanted is not None and location.problem is None:
                    edits = [set_mount_option(flag, "target", wanted)]
                    edits.extend(_owner_edits(flag, location))
                    readers = later_readers(context, tool, instruction, wanted)
                    if readers:
                        misplaced = replace(misplaced, risk=f"line {readers[0]} reads what it fills there without the mount")
                    fix = misplaced.fix(merge_edits(edits), Applicability.UNSAFE if readers else Applicability.SAFE)
                yield rule.finding(misplaced, flag.span, fix)
        else:  # where the cache is, is unknown; a mount named for the tool can still be unusable
            for flag, _ in named:
                owned = _ownership(tool, instruction, flag, location)
                if owned is None:
                    continue
                violation, edits = owned
                if edits is not None:
                    violation = replace(violation, no_fix=location.problem)
                yield rule.finding(violation, flag.span)


def _hidden_beside(context: RuleContext, tool: str, instruction: Instruction, flag: Flag, target: str) -> CacheMountHidesFiles | None:
    """A mount above the cache directory ``target`` that hides what an earlier COPY put beside it
    and the manager reads there (the profile's ``CacheDir.beside``: maven's settings.xml)."""
    mount = mount_target(flag, instruction)
    if mount is None or mount == target:
        return None
    leaf = posixpath.basename(target)
    names = [name for cache in BY_NAME[tool].caches if cache.home_path and posixpath.basename(cache.home_path) == leaf for name in cache.beside]
    hidden = []
    for name in names:
        path = posixpath.join(posixpath.dirname(target), name)
        if not is_inside(path, mount):
            continue
        found = copied_file(context.document, instruction, path, context.build_context)
        if found is not None and (found.named or found.exists):
            hidden.append(f"{name} (copied on line {line_number(context.document, found.copy.span.start)})")
    return CacheMountHidesFiles(TOOL_LABEL[tool], mount, tuple(hidden), target) if hidden else None


def _hides_install(tool: str, covering, target: str) -> CacheMountHidesInstall | None:
    """A cache mount above ``target`` whose manager installs beside its cache (GEM_HOME)."""
    hidden = BY_NAME[tool].installs_beside
    if hidden is None or covering is None or covering.target is None or same_path(covering.target, target):
        return None
    return CacheMountHidesInstall(TOOL_LABEL[tool], covering.target, (hidden,), target)


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
    expanded = state_of(instruction).expand_known(value)
    if expanded is None or not expanded.isdigit():
        return "?"
    return int(expanded)


def _everyone_writes(flag: Flag) -> bool:
    mode = flag.mount_get("mode")
    try:
        return mode is not None and int(mode, 8) & 0o002 != 0
    except ValueError:
        return False


def _ownership(
    tool: str, instruction: Instruction, flag: Flag, location: CacheLocation
) -> tuple[Violation, tuple[Edit, ...] | None] | None:
    """A cache mount owned by someone the tool does not run as: the violation, and the edits
    that give it the right owner (None when the Dockerfile does not show the owner)."""
    user = location.user
    label = TOOL_LABEL[tool]
    uid = _mount_number(flag, "uid", instruction)
    if uid == "?":
        return None
    if user.is_root:
        if tool == PIP_PROFILE.name and uid not in (None, 0):
            # pip running as root only uses a cache directory that root owns.
            return RootIgnoresOwnedCache(uid), (set_mount_option(flag, "uid", "0"),)
        return None
    if user.uid is None:
        if uid is None and not _everyone_writes(flag):
            return CacheNotWritable(label, user.name), None
        return None
    if uid == user.uid or (uid is None and _everyone_writes(flag)):
        return None
    owner = "root" if uid is None else f"uid {uid}"
    return CacheOwnedByOther(label, owner, user.name, user.uid), merge_edits(_owner_edits(flag, location))


def _owner_edits(flag: Flag, location: CacheLocation) -> list[Edit]:
    owner = location.owner_options or {}
    return [set_mount_option(flag, key, value) for key, value in owner.items() if flag.mount_get(key) != value]


# --- uv's link mode ---------------------------------------------------------------------


def link_mode_not_copy(context: RuleContext, rule: Rule) -> Iterator[Finding]:
    if not enabled(context):
        return
    document = context.document
    analysis = analyse(document, context.build_context)
    for instruction, installs in analysis.installs_of(UV_PROFILE.name).items():
        for install in installs:
            location = cache_location(document, install, context.build_context)
            mounted = any(covering_cache(instruction, target) for target in location.targets) or any(
                mount.target and looks_like_cache_of(UV_PROFILE.name, mount.target) for mount in cache_mounts(instruction)
            )
            if not mounted or link_mode(install) == "copy":
                continue
            violation = UvLinkModeNotCopy(link_mode(install))
            edit = link_mode_edit(document, install)
            yield rule.finding(violation, command_span(install), violation.fix((edit,)) if edit else None)
