"""Copying build artifacts out of a cached target directory, and pointing later uses at the copies.

The plan for one build RUN: which artifacts to ``cp`` out at the end of the
RUN (or which copies the RUN already makes), the edits that rewrite every
later use, and the problems that forbid it. Copies go to
``CargoOptions.artifact_dir`` (``/usr/local/bin``): outside every cache
mount, present in every common base image, and — unlike ``/bin`` — not
holding the system's own tools, so a copy cannot overwrite one.
"""

from __future__ import annotations

import posixpath
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from dockerls.core.findings import Edit
from dockerls.rules.cargo.invocations import CargoCall
from dockerls.rules.cargo.manifest import Project
from dockerls.rules.cargo.paths import PathRef, references
from dockerls.analysis.stages import in_range, stage_tree, tree_index
from dockerls.rules.cargo.uses import Use, is_read_only
from dockerls.rules.mounts import continuation_indent
from dockerls.analysis.paths import is_inside
from dockerls.analysis.users import RunUser
from dockerls.syntax import Dockerfile, Instruction, ShellScript
from dockerls.syntax.shell import shell_of
from dockerls.syntax.state import state_of

# Characters a path may hold to be written into a shell command unquoted.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9_./@%+=:,~-]+")
_VARIABLE_NAME = re.compile(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?")
# Directories every image has; a copy into one of them keeps the file's name.
_KNOWN_DIRECTORIES = frozenset({"/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"})
_COPY_OPTIONS_WITH_VALUE = {"install": {"-m", "-o", "-g", "-S", "-t"}, "cp": {"-t"}, "mv": {"-t"}}


@dataclass
class CopyOutPlan:
    target: str
    copies: list[tuple[str, str]] = field(default_factory=list)  # (source, destination) shell words to add
    rewrites: list[tuple[PathRef, str]] = field(default_factory=list)  # use → replacement text
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def moved(self) -> list[str]:
        """Human names of the moves, for titles: ``hello → /usr/local/bin/hello``."""
        seen: dict[str, str] = {}
        for ref, replacement in self.rewrites:
            seen.setdefault(posixpath.basename(_unquoted(replacement)), _unquoted(replacement))
        return [f"{name} → {path}" for name, path in seen.items()]


def plan_copy_out(
    document: Dockerfile,
    run: Instruction,
    calls: list[CargoCall],
    target: str,
    uses: list[Use],
    *,
    project: Project | None,
    user: RunUser,
    artifact_dir: str,
    cache_targets: list[str],
    known_outputs: frozenset[str] = frozenset(),
) -> CopyOutPlan:
    """The copy-out plan for a build RUN whose outputs land in the cached ``target``. ``calls`` are
    the RUN's build steps (cargo's calls, or any steps with ``builds``, ``command``, ``index``,
    ``label`` and ``values``); ``known_outputs`` are file names the builds are known to write."""
    plan = CopyOutPlan(target)
    _note(plan, [use.problem for use in uses if use.problem])
    artifacts = [use for use in uses if use.problem is None and use.name is not None]
    builds = [call for call in calls if call.builds]
    bin_flags = {state_of(run).expand_known(value) for call in builds for value in call.values("--bin")} | set(known_outputs)
    existing = existing_copies(run, calls, target, cache_targets)
    destinations: dict[str, str] = {}  # new copy destination → artifact it holds
    for use in artifacts:
        produced = project.produces(use.name) if project is not None else None
        if produced is False and use.name not in bin_flags:
            _note(plan, [f"line {use.line} reads {use.name}, which Cargo.toml does not build"])
            continue
        if produced is None and use.name not in bin_flags and not is_read_only(use.ref):
            _note(plan, [f"line {use.line} uses {use.name} in a way that may create it after the build"])
            continue
        artifact_path = posixpath.join(target, use.directory, use.name)
        pieces = _split_raw(use)
        if pieces is None:
            _note(plan, [f"line {use.line} quotes the path in a way dockerls does not rewrite"])
            continue
        quote, raw_name = pieces
        if artifact_path in existing:
            plan.rewrites.append((use.ref, quote + existing[artifact_path] + quote))
            continue
        shell_name = _shell_name(run, raw_name, use.name)
        if shell_name is None:
            _note(plan, [f"line {use.line} names the binary through a variable the build RUN does not see"])
            continue
        destination = posixpath.join(artifact_dir, use.name)
        if destinations.setdefault(destination, artifact_path) != artifact_path:
            _note(plan, [f"two binaries called {use.name} would both be copied to {artifact_dir}"])
            continue
        copy = (posixpath.join(target, use.directory, shell_name), posixpath.join(artifact_dir, shell_name))
        if copy not in plan.copies:
            plan.copies.append(copy)
        plan.rewrites.append((use.ref, quote + posixpath.join(artifact_dir, raw_name) + quote))
    if plan.copies:
        _check_destinations(plan, document, run, destinations, artifact_dir, cache_targets, user)
    return plan


def _note(plan: CopyOutPlan, problems: list[str | None]) -> None:
    for problem in problems:
        if problem and problem not in plan.problems:
            plan.problems.append(problem)


def _unquoted(text: str) -> str:
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'" else text


def _split_raw(use: Use) -> tuple[str, str] | None:
    """``(quote, raw file name)`` of a use's source text, or None when quoting is unusual."""
    raw = use.ref.raw()
    quote = ""
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        quote, raw = raw[0], raw[1:-1]
    if any(char in raw for char in "\"'\\"):
        return None
    directory, _, name = raw.rpartition("/")
    if not directory or not name:
        return None
    expanded = state_of(use.ref.instruction).expand_known(name)
    if expanded != use.name:
        return None
    return quote, name


def _shell_name(run: Instruction, raw_name: str, name: str) -> str | None:
    """How the build RUN's shell writes the file name: literally, or through the
    same variable when the RUN sees it with the same value."""
    if "$" not in raw_name:
        return raw_name if _PLAIN_PATH.fullmatch(raw_name) else None
    if not re.fullmatch(r"(?:[A-Za-z0-9_.+-]|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)+", raw_name):
        return None
    return raw_name if state_of(run).expand_known(raw_name) == name else None


def _check_destinations(plan, document, run, destinations, artifact_dir, cache_targets, user: RunUser) -> None:
    if not user.is_root:
        _note(plan, [f"the RUN runs as {user.name or 'an unknown user'}, who may not write to {artifact_dir}"])
    if not _PLAIN_PATH.fullmatch(plan.target):
        _note(plan, [f"{plan.target} needs quoting in a shell command"])
    for cached in cache_targets:
        if is_inside(artifact_dir, cached):
            _note(plan, [f"{artifact_dir} is inside the cache mount {cached}"])
    stage = document.stages[run.stage]  # (a RUN before the first FROM looks at the last stage)
    programs = tree_index(document, stage.index, ("programs",), lambda instructions: _programs(document, instructions))
    later = stage_tree(document).after(stage.index, run.index)
    for destination in destinations:
        name = posixpath.basename(destination)
        runs_it = programs.get(name, [])
        if runs_it[in_range(runs_it, later)]:
            _note(plan, [f"copying {name} to {artifact_dir} would shadow the {name} command a later RUN runs"])
        if _named_in_chain(document, run, destination):
            _note(plan, [f"{destination} is already used in this stage"])


def _programs(document: Dockerfile, instructions: list[Instruction]) -> dict[str, list]:
    """Region keys of the RUNs running each program found on PATH (no slash in its name)."""
    tree = stage_tree(document)
    programs: dict[str, list] = {}
    for instruction in instructions:
        script = shell_of(instruction) if instruction.keyword == "RUN" else None
        for command in script.commands if script else ():
            if command.argv and "/" not in command.argv[0].text:
                keys = programs.setdefault(command.argv[0].text, [])
                key = tree.key(instruction)
                if not keys or keys[-1] != key:
                    keys.append(key)
    return programs


def _named_in_chain(document: Dockerfile, run: Instruction, text: str) -> bool:
    """Whether an instruction of ``run``'s stage chain other than ``run`` holds ``text``.

    Searches each stage's text once, then checks that a hit lies within one
    instruction (not in a comment between two), instead of slicing out every instruction."""
    all_starts = document.memo(("cargo", "instruction starts"), dict)
    for stage in document.stage_chain(run.stage):
        instructions = stage.instructions
        if not instructions:
            continue
        if stage.index not in all_starts:
            all_starts[stage.index] = [instruction.span.start for instruction in instructions]
        starts = all_starts[stage.index]
        end = instructions[-1].span.end
        hit = document.text.find(text, starts[0], end)
        while hit != -1:
            holder = instructions[bisect_right(starts, hit) - 1]
            if holder is not run and hit + len(text) <= holder.span.end:
                return True
            hit = document.text.find(text, hit + 1, end)
    return False


def existing_copies(run: Instruction, calls: list[CargoCall], target: str, cache_targets: list[str]) -> dict[str, str]:
    """Artifacts the RUN already copies out of ``target`` after building: artifact → copy."""
    script = shell_of(run)
    builds = [call.index for call in calls if call.builds]
    if script is None or not builds:
        return {}
    refs_by_command: dict[int, list[PathRef]] = {}
    for ref in references(run):
        if ref.command is not None and ref.whole:
            refs_by_command.setdefault(id(ref.command), []).append(ref)
    copies: dict[str, str] = {}
    for index, command in enumerate(script.commands):
        if index <= max(builds) or command.depth or not command.argv:
            continue
        program = posixpath.basename(command.argv[0].text)
        if program not in _COPY_OPTIONS_WITH_VALUE:
            continue
        refs = {ref.position: ref for ref in refs_by_command.get(id(command), [])}
        positionals, directory_option = _copy_operands(command.argv, _COPY_OPTIONS_WITH_VALUE[program])
        if directory_option is not None:
            destination, sources, into_directory = directory_option, positionals, True
        elif len(positionals) >= 2:
            destination, sources = positionals[-1], positionals[:-1]
            raw_destination = command.argv[destination].text
            into_directory = len(sources) > 1 or raw_destination.endswith("/")
        else:
            continue
        destination_ref = refs.get(destination)
        if destination_ref is None or destination_ref.path is None:
            continue
        destination_path = destination_ref.path
        if any(is_inside(destination_path, cached) for cached in [target, *cache_targets]):
            continue
        into_directory = into_directory or destination_path in _KNOWN_DIRECTORIES
        for source in sources:
            ref = refs.get(source)
            if ref is None or ref.path is None or not is_inside(ref.path, target):
                continue
            copied = posixpath.join(destination_path, posixpath.basename(ref.path)) if into_directory else destination_path
            copies.setdefault(ref.path, copied)
    return copies


def _copy_operands(argv, valued: set[str]) -> tuple[list[int], int | None]:
    """Positions of the operands of cp/install/mv, and of a ``-t DIRECTORY`` value."""
    positionals: list[int] = []
    directory: int | None = None
    index = 1
    while index < len(argv):
        text = argv[index].text
        if text.startswith("-") and len(text) > 1:
            if text in valued:
                if text == "-t" and index + 1 < len(argv):
                    directory = index + 1
                index += 2
                continue
            index += 1
            continue
        positionals.append(index)
        index += 1
    return positionals, directory


def copy_command(copies: list[tuple[str, str]]) -> str:
    """One ``cp`` for the planned copies: ``cp SRC DEST`` or ``cp SRC… DIR/``."""
    if len(copies) == 1:
        source, destination = copies[0]
        return f"cp {source} {destination}"
    directory = posixpath.dirname(copies[0][1])
    return "cp " + " ".join(source for source, _ in copies) + f" {directory}/"


def append_to_script(document: Dockerfile, run: Instruction, calls: list[CargoCall], command: str) -> Edit | str:
    """An edit running ``command`` after the RUN's script, only when the builds succeeded;
    or why that cannot be done safely."""
    script = shell_of(run)
    if script is None or script.kind == "exec":
        return "the RUN uses the exec form, with no shell to copy the binaries out"
    if script.has_error or not script.commands:
        return "the RUN's shell script could not be read"
    builds = [call for call in calls if call.builds]
    for call in builds:
        if call.command.depth or call.command.in_pipeline or call.command.connector in ("||", "&", "|"):
            return f"{call.label} runs conditionally or in a pipeline"
    last_build = max(call.index for call in builds)
    errexit = _errexit(script, run, last_build)
    for command_after in script.commands[last_build + 1 :]:
        joined_by_and = command_after.connector == "&&"
        if command_after.depth or command_after.in_pipeline or not (
            joined_by_and or (errexit and command_after.connector in (";", "\n"))
        ):
            return "commands after the build could hide its failure from a copy appended to the RUN"
    last = script.commands[-1]
    if script.kind == "heredoc":
        if errexit:
            return Edit.insert(last.span.end, document.eol + _line_indent(document, last.span.start) + command)
        return Edit.insert(last.span.end, " && " + command)
    indent = continuation_indent(document, run)
    return Edit.insert(last.span.end, f" && {document.escape}{document.eol}{indent}{command}")


def _line_indent(document: Dockerfile, offset: int) -> str:
    line = document.lines.position(offset)[0]
    text = document.lines.line_text(line)
    return text[: len(text) - len(text.lstrip(" \t"))]


def _errexit(script: ShellScript, run: Instruction, before: int) -> bool:
    """Whether ``set -e`` (or a SHELL with -e) is in force at command ``before``."""
    shell = state_of(run).shell
    active = any(
        word.startswith("-") and not word.startswith("--") and "e" in word[1:]
        for word in shell[1:-1] if word != "-c"
    )
    for command in script.commands[:before]:
        if command.depth or not command.argv or command.argv[0].text != "set":
            continue
        words = [word.text for word in command.argv[1:]]
        for position, word in enumerate(words):
            if re.fullmatch(r"-[a-zA-Z]*e[a-zA-Z]*", word):
                active = True
            elif re.fullmatch(r"\+[a-zA-Z]*e[a-zA-Z]*", word):
                active = False
            elif word == "-o" and position + 1 < len(words) and words[position + 1] == "errexit":
                active = True
    return active
