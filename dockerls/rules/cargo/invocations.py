"""Recognising cargo commands in a RUN: subcommand, options, environment and working directory.

A call is found behind ``sudo``/``env VAR=…`` wrappers and ``VAR=… cargo``
prefixes (which the shell model leaves out of ``argv``; they are read back
from the source here). ``xx-cargo`` (tonistiigi/xx) counts as cargo: it runs
cargo with a ``--target`` chosen at build time.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from dockerls.syntax import Dockerfile, Instruction, SimpleCommand, Span
from dockerls.syntax.words import split_words
from dockerls.syntax.shell import shell_of
from dockerls.syntax.state import state_of

CARGO_PROGRAMS = frozenset({"cargo", "xx-cargo"})

# Subcommands that resolve and download dependencies into $CARGO_HOME.
DOWNLOADING = frozenset(
    {"build", "install", "test", "fetch", "bench", "check", "clippy", "doc", "run", "rustc", "zigbuild",
     "chef cook", "auditable build"}
)
# Subcommands that compile into the workspace's target directory.
TARGET_WRITING = frozenset(
    {"build", "test", "bench", "check", "clippy", "doc", "run", "rustc", "zigbuild", "chef cook", "auditable build"}
)
# Subcommands whose products are the binaries a later stage copies out of target/.
BUILDING = frozenset({"build", "zigbuild", "auditable build"})
# Subcommands that only read the sources (a read-only bind mount suits them).
SOURCE_READING = DOWNLOADING | {"metadata", "tree", "chef prepare"}

_ALIASES = {"b": "build", "t": "test", "c": "check", "d": "doc", "r": "run"}
# Two-word subcommands of cargo plugins.
_PLUGIN_SUBCOMMANDS = {"chef": ("cook", "prepare"), "auditable": ("build",)}
# cargo's global options that take the next word as their value.
_GLOBAL_VALUED = frozenset({"--color", "-C", "--config", "-Z", "--explain"})
# Subcommand options that take a value (the ones this module reads, and common others).
_VALUED = frozenset(
    {"--target", "--target-dir", "--profile", "--manifest-path", "--bin", "--example", "--test", "--bench",
     "-p", "--package", "--features", "-F", "--jobs", "-j", "--config", "--color", "--message-format",
     "--recipe-path", "--root", "--path", "--git", "--branch", "--tag", "--rev", "--version", "--index",
     "--registry", "--exclude", "-Z", "--timings", "--lockfile-path", "--artifact-dir", "--out-dir"}
)
_WRAPPERS = frozenset({"sudo", "env", "nice", "nohup", "time", "command", "exec", "doas"})
_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)", re.S)


@dataclass(frozen=True, slots=True)
class CargoCall:
    command: SimpleCommand
    index: int  # position of the command in the RUN's script
    program: str  # "cargo" or "xx-cargo"
    program_index: int  # index of the program's word in argv
    subcommand: str  # canonical: "build", "chef cook", …; "" when none
    global_options: tuple[str, ...]
    options: tuple[str, ...]  # the words after the subcommand
    assignments: dict[str, str] = field(default_factory=dict)  # VAR=value before cargo or after env
    cwd: str | None = None  # the directory cargo runs in; None when the script makes it unknowable

    @property
    def span(self) -> Span:
        """From ``cargo`` to the end of the command: what a finding points at."""
        return Span(self.command.argv[self.program_index].span.start, self.command.span.end)

    @property
    def label(self) -> str:
        return f"{self.program} {self.subcommand}".strip()

    def values(self, *names: str) -> list[str]:
        """The values of an option given as ``--name value`` or ``--name=value``."""
        return _values(self.options, names) + _values(self.global_options, names)

    def has(self, *names: str) -> bool:
        words = self.options + self.global_options
        return any(word in names or word.split("=", 1)[0] in names for word in words)

    def setting(self, name: str, state_env: dict[str, str]) -> str | None:
        """An environment variable as cargo sees it: the command's own assignment, then ENV."""
        if name in self.assignments:
            return self.assignments[name]
        return state_env.get(name)

    @property
    def downloads(self) -> bool:
        return self.subcommand in DOWNLOADING

    @property
    def writes_target(self) -> bool:
        if self.subcommand == "install":
            # `cargo install --path` builds in the workspace's target dir; other installs use a temp dir.
            return self.has("--path") and not self.has("--target-dir")
        return self.subcommand in TARGET_WRITING

    @property
    def builds(self) -> bool:
        return self.subcommand in BUILDING

    def is_offline(self, state_env: dict[str, str]) -> bool:
        if self.has("--frozen", "--offline"):
            return True
        if any(value.replace(" ", "") in ("net.offline=true",) for value in self.values("--config")):
            return True
        return (self.setting("CARGO_NET_OFFLINE", state_env) or "").lower() == "true"

    @property
    def is_locked(self) -> bool:
        return self.has("--locked", "--frozen")


def _values(words: tuple[str, ...], names: tuple[str, ...]) -> list[str]:
    found = []
    for position, word in enumerate(words):
        name, equals, value = word.partition("=")
        if name not in names:
            continue
        if equals:
            found.append(value)
        elif position + 1 < len(words):
            found.append(words[position + 1])
    return found


def cargo_calls(instruction: Instruction) -> list[CargoCall]:
    """Every cargo command of a RUN, in order, with the directory it runs in.

    Read once per document: every cargo rule asks about every RUN."""
    document = instruction.document
    if document is None:
        return _cargo_calls(instruction)
    found = document.memo(("cargo", "calls"), dict)
    calls = found.get(instruction.index)
    if calls is None:
        calls = found[instruction.index] = tuple(_cargo_calls(instruction))
    return list(calls)


def cargo_runs(document: Dockerfile) -> list[Instruction]:
    """The RUNs that run cargo, in file order: what every cargo rule looks at."""
    return document.memo(
        ("cargo", "runs"),
        # A RUN before the first FROM belongs to no stage (a syntax error): nothing to fix there.
        lambda: [i for i in document.instructions if i.keyword == "RUN" and i.stage >= 0 and cargo_calls(i)],
    )


def _cargo_calls(instruction: Instruction) -> list[CargoCall]:
    script = shell_of(instruction)
    state = state_of(instruction)
    if script is None or state is None:
        return []
    if not any(_may_be_cargo(command) for command in script.commands):
        return []  # most RUNs: no need to follow their `cd`s
    text = instruction.document.text if instruction.document is not None else ""
    calls = []
    cwd: str | None = state.workdir if state.workdir_known else None
    home = state.lookup("HOME") or "/root"
    for index, command in enumerate(script.commands):
        call = _cargo_call(command, index, text, cwd)
        if call is not None:
            calls.append(call)
        cwd = after_cd(command, cwd, state, home)
    return calls


def _may_be_cargo(command: SimpleCommand) -> bool:
    """False for commands whose first word alone shows they run no cargo (most of them)."""
    if not command.argv:
        return False
    program = _basename(command.argv[0].text)
    return program in CARGO_PROGRAMS or program in _WRAPPERS


def _cargo_call(command: SimpleCommand, index: int, text: str, cwd: str | None) -> CargoCall | None:
    if not _may_be_cargo(command):
        return None
    argv = [word.text for word in command.argv]
    wrapper_assignments = {}
    position = 0
    while position < len(argv) and _basename(argv[position]) in _WRAPPERS:
        position += 1
        while position < len(argv) and (argv[position].startswith("-") or _ASSIGNMENT.fullmatch(argv[position])):
            match = _ASSIGNMENT.fullmatch(argv[position])
            if match:
                wrapper_assignments[match.group(1)] = match.group(2)
            position += 1
    if position >= len(argv) or _basename(argv[position]) not in CARGO_PROGRAMS:
        return None
    # `VAR=… cargo` first, then what a wrapper (`env VAR=…`) sets over it.
    assignments = _prefix_assignments(command, text)
    assignments.update(wrapper_assignments)
    program_index = position
    rest = argv[position + 1 :]
    global_options: list[str] = []
    cursor = 0
    while cursor < len(rest) and (rest[cursor].startswith("-") or rest[cursor].startswith("+")):
        word = rest[cursor]
        if not word.startswith("+"):
            global_options.append(word)
        cursor += 1
        if word in _GLOBAL_VALUED and cursor < len(rest):
            global_options.append(rest[cursor])
            cursor += 1
    subcommand = ""
    if cursor < len(rest):
        subcommand = _ALIASES.get(rest[cursor], rest[cursor])
        cursor += 1
        plugin_words = _PLUGIN_SUBCOMMANDS.get(subcommand)
        if plugin_words and cursor < len(rest) and rest[cursor] in plugin_words:
            subcommand = f"{subcommand} {rest[cursor]}"
            cursor += 1
    for option in global_options_dirs(global_options):
        cwd = posixpath.normpath(posixpath.join(cwd, option)) if cwd is not None else None
    return CargoCall(
        command=command,
        index=index,
        program=_basename(argv[program_index]),
        program_index=program_index,
        subcommand=subcommand,
        global_options=tuple(global_options),
        options=tuple(rest[cursor:]),
        assignments=assignments,
        cwd=cwd if "$" not in (cwd or "") else None,
    )


def _basename(path: str) -> str:
    """``posixpath.basename`` without its overhead: called for words of every RUN."""
    return path.rpartition("/")[2]


def global_options_dirs(global_options: list[str]) -> list[str]:
    """The directories of cargo's ``-C DIR`` option (cargo changes into them first)."""
    return _values(tuple(global_options), ("-C",))


def _prefix_assignments(command: SimpleCommand, text: str) -> dict[str, str]:
    """``VAR=value`` words written before the program (left out of ``argv``)."""
    if not command.argv or not text:
        return {}
    prefix = text[command.span.start : command.argv[0].span.start]
    found = {}
    for word in split_words(prefix):
        match = _ASSIGNMENT.fullmatch(word)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def after_cd(command: SimpleCommand, cwd: str | None, state, home: str) -> str | None:
    """The working directory after ``command``: ``cd`` moves it, and a ``cd``
    the script may or may not run (nested, piped, after ``||``) loses it."""
    if not command.argv or command.argv[0].text not in ("cd", "pushd", "popd"):
        return cwd
    if command.depth or command.in_pipeline or command.connector == "||" or command.argv[0].text == "popd":
        return None
    args = [word.text for word in command.argv[1:] if word.text != "--"]
    if not args:
        return home if command.argv[0].text == "cd" else None
    target = state.expand_known(args[0])
    if target is None or target == "-" or "$(" in target or "`" in target or cwd is None and not target.startswith("/"):
        return None
    return posixpath.normpath(posixpath.join(cwd or "/", target))

