"""Recognising cargo commands in a RUN: subcommand, options, environment and working directory.

A call is read off a command site (``dockerls.analysis.sites``): behind the
wrappers every family shares, with the directory, the ``VAR=… cargo`` prefixes
and ``env VAR=…`` assignments it runs with. ``xx-cargo`` (tonistiigi/xx) counts as cargo: it runs
cargo with a ``--target`` chosen at build time.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from dockerls.analysis.sites import CommandSite, command_sites
from dockerls.profiles import CARGO
from dockerls.syntax import Dockerfile, Instruction, SimpleCommand, Span

CARGO_PROGRAMS = CARGO.programs

# Subcommands that resolve and download dependencies into $CARGO_HOME.
DOWNLOADING = frozenset(" ".join(spec.words) for spec in CARGO.subcommands)
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
    site: CommandSite | None = None

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
    calls = []
    for site in command_sites(instruction):
        if site.program in CARGO_PROGRAMS:
            calls.append(_cargo_call(site))
    return calls


def _cargo_call(site: CommandSite) -> CargoCall:
    argv = [word.text for word in site.command.argv]
    # `VAR=… cargo` first, then what a wrapper (`env VAR=…`) sets over it.
    assignments = {variable.name: variable.value for variable in site.variables if variable.value is not None}
    program_index = site.program_index
    rest = argv[program_index + 1 :]
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
    cwd = site.cwd
    for option in global_options_dirs(global_options):
        cwd = posixpath.normpath(posixpath.join(cwd, option)) if cwd is not None else None
    return CargoCall(
        command=site.command,
        index=site.position,
        program=site.program,
        program_index=program_index,
        subcommand=subcommand,
        global_options=tuple(global_options),
        options=tuple(rest[cursor:]),
        assignments=assignments,
        cwd=cwd if "$" not in (cwd or "") else None,
        site=site,
    )


def _basename(path: str) -> str:
    """``posixpath.basename`` without its overhead: called for words of every RUN."""
    return path.rpartition("/")[2]


def global_options_dirs(global_options: list[str]) -> list[str]:
    """The directories of cargo's ``-C DIR`` option (cargo changes into them first)."""
    return _values(tuple(global_options), ("-C",))
