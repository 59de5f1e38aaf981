"""Recognise the Python install commands of a RUN: pip, uv and poetry.

An :class:`Install` says which tool runs, which files it reads from the
image (requirements and constraints files, or the project's manifest and
lock file), which words turn its cache off, and the directory it runs in.

Recognised forms:
- pip: ``pip``, ``pip3``, ``pip3.12``, any path to them, ``python -m pip``,
  ``python3.12 -m pip`` (``-m`` after other interpreter switches too), with the
  subcommands ``install``, ``wheel`` and ``download``;
- uv: ``uv pip install``, ``uv pip sync`` and ``uv sync``;
- poetry: ``poetry install`` and ``poetry sync``.
Commands are read off the RUN's command sites (``dockerls.analysis.sites``): behind
``sudo``, ``env``, ``xargs`` and the other wrappers, inside ``sh -c``, with the
directory and environment each runs with.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from dockerls.analysis.sites import CommandSite, command_sites
from dockerls.syntax import Instruction, SimpleCommand, Word
from dockerls.syntax.state import BuildState, state_of

PIP = "pip"
UV = "uv"
POETRY = "poetry"

_PIP_PROGRAM = re.compile(r"pip(\d+(\.\d+)*)?")
_PYTHON_PROGRAM = re.compile(r"python(\d+(\.\d+)*)?")


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file the command reads from the image."""

    written: str  # the path as the command reads it (variables expanded): the bind target
    path: str  # the absolute path in the image
    word: Word | None  # the argument naming it; None for files a tool finds by itself


@dataclass(frozen=True, slots=True)
class Install:
    tool: str
    instruction: Instruction
    site: CommandSite  # the command as the program sees it: argv, directory, environment, user
    subcommand: Word
    inputs: tuple[InputFile, ...]
    # Words that turn the cache off (``--no-cache-dir``, ``--no-cache``, ``-n``).
    cache_off: tuple[Word, ...]
    # ``--cache-dir`` given on the command line: (value, word); value None when unknown.
    cache_dir_option: tuple[str | None, Word] | None
    # Options by name (without dashes) → value ('' for switches); the last one wins.
    options: dict[str, str] = field(default_factory=dict)
    option_words: dict[str, Word] = field(default_factory=dict)

    @property
    def command(self) -> SimpleCommand:
        return self.site.command

    @property
    def program(self) -> Word:
        return self.site.argv[0]

    @property
    def cwd(self) -> str | None:
        """The absolute directory the command runs in; None when unknown."""
        return self.site.cwd

    @property
    def state(self) -> BuildState:
        return state_of(self.instruction)

    @property
    def exec_form(self) -> bool:
        return self.instruction.is_exec_form

    def lookup(self, name: str) -> str | None:
        """A variable as the command sees it: its own shell line, then ENV, then ARG."""
        return self.site.lookup(name)


def find_installs(instruction: Instruction) -> list[Install]:
    """The pip, uv and poetry install commands of a RUN, in order."""
    installs: list[Install] = []
    for site in command_sites(instruction):
        install = _recognise(instruction, site)
        if install is not None:
            installs.append(install)
    return installs


def _recognise(instruction: Instruction, site: CommandSite) -> Install | None:
    argv = site.argv
    if not argv:
        return None
    program = site.program
    if not program.startswith("p") and program != "uv":
        return None  # most commands of a RUN: not pip, python, poetry or uv
    if _PIP_PROGRAM.fullmatch(program):
        return _pip(instruction, site, argv[1:])
    if _PYTHON_PROGRAM.fullmatch(program):
        rest = _after_module_switch(argv[1:], "pip")
        return _pip(instruction, site, rest) if rest is not None else None
    if program == "uv":
        return _uv(instruction, site, argv[1:])
    if program == "poetry":
        return _poetry(instruction, site, argv[1:])
    return None


# Interpreter switches that may stand before ``-m`` without a value.
_PYTHON_SWITCHES = frozenset("-B -E -I -O -OO -P -q -s -S -u -v".split())


def _after_module_switch(words: tuple[Word, ...], module: str) -> tuple[Word, ...] | None:
    index = 0
    while index < len(words):
        word = words[index].text
        if word == "-m" and index + 1 < len(words) and words[index + 1].text == module:
            return words[index + 2 :]
        if word == "-m" + module:
            return words[index + 1 :]
        if word not in _PYTHON_SWITCHES:
            return None
        index += 1
    return None


# --- option scanning ---------------------------------------------------------


@dataclass
class _Scan:
    options: dict[str, str] = field(default_factory=dict)
    option_words: dict[str, Word] = field(default_factory=dict)
    positionals: list[Word] = field(default_factory=list)
    values: list[tuple[str, str, Word]] = field(default_factory=list)  # every (name, value, word)
    switches: list[tuple[str, Word]] = field(default_factory=list)


def _scan(words: tuple[Word, ...], valued: dict[str, str], aliases: dict[str, str]) -> _Scan:
    """Options of a command line. ``valued`` maps option spellings that take a
    value (``-r``, ``--requirement``) to a canonical name; ``aliases`` does the
    same for switches. Values come from ``--name=value``, ``-rVALUE`` or the next word."""
    scan = _Scan()
    index = 0
    while index < len(words):
        word = words[index]
        text = word.text
        index += 1
        if text == "--":
            scan.positionals.extend(words[index:])
            break
        if text.startswith("--") and "=" in text:
            spelling, _, value = text.partition("=")
            name = valued.get(spelling) or aliases.get(spelling) or spelling.lstrip("-")
            _record(scan, name, value, word)
        elif text in valued:
            value_word = words[index] if index < len(words) else None
            index += 1
            _record(scan, valued[text], value_word.text if value_word else "", value_word or word)
        elif text.startswith("-") and not text.startswith("--") and len(text) > 2 and text[:2] in valued:
            _record(scan, valued[text[:2]], text[2:], word)
        elif text.startswith("-") and len(text) > 1:
            name = aliases.get(text, text.lstrip("-"))
            scan.options[name] = ""
            scan.option_words[name] = word
            scan.switches.append((name, word))
        else:
            scan.positionals.append(word)
    return scan


def _record(scan: _Scan, name: str, value: str, word: Word) -> None:
    scan.options[name] = value
    scan.option_words[name] = word
    scan.values.append((name, value, word))


def _input(state: BuildState, cwd: str | None, written_raw: str, word: Word | None) -> InputFile | None:
    written = state.expand_known(written_raw)
    if not written or "://" in written or written.startswith("~"):
        return None
    if posixpath.isabs(written):
        return InputFile(written, posixpath.normpath(written), word)
    if cwd is None:
        return None
    path = posixpath.normpath(posixpath.join(cwd, written))
    if cwd != state.workdir:
        written = path  # a bind target resolves against WORKDIR, not the ``cd`` directory
    return InputFile(written, path, word)


def _cache_dir_option(scan: _Scan, state: BuildState) -> tuple[str | None, Word] | None:
    if "cache-dir" not in scan.options:
        return None
    return state.expand_known(scan.options["cache-dir"]), scan.option_words["cache-dir"]


# --- pip ---------------------------------------------------------------------

_PIP_SUBCOMMANDS = frozenset({"install", "wheel", "download"})
_PIP_VALUED = {
    "-r": "requirement", "--requirement": "requirement", "-c": "constraint", "--constraint": "constraint",
    "--cache-dir": "cache-dir", "-e": "editable", "--editable": "editable", "-i": "index-url",
    "--index-url": "index-url", "--extra-index-url": "extra-index-url", "-f": "find-links",
    "--find-links": "find-links", "-t": "target", "--target": "target", "--prefix": "prefix", "--root": "root",
    "--src": "src", "--upgrade-strategy": "upgrade-strategy", "--platform": "platform",
    "--python-version": "python-version", "--implementation": "implementation", "--abi": "abi",
    "--only-binary": "only-binary", "--no-binary": "no-binary", "-C": "config-settings",
    "--config-settings": "config-settings", "--global-option": "global-option", "--report": "report",
    "--progress-bar": "progress-bar", "--root-user-action": "root-user-action", "-w": "wheel-dir",
    "--wheel-dir": "wheel-dir", "-d": "dest", "--dest": "dest", "--log": "log", "--log-file": "log",
    "--proxy": "proxy", "--retries": "retries", "--timeout": "timeout", "--exists-action": "exists-action",
    "--trusted-host": "trusted-host", "--cert": "cert", "--client-cert": "client-cert", "--python": "python",
    "--keyring-provider": "keyring-provider", "--use-feature": "use-feature",
    "--use-deprecated": "use-deprecated", "--resume-retries": "resume-retries", "--group": "group",
}
# optparse accepts unambiguous prefixes: ``--no-cache`` is ``--no-cache-dir``.
_PIP_SWITCHES = {"--no-cache": "no-cache-dir", "--no-cache-dir": "no-cache-dir"}


def _pip(instruction, site, words) -> Install | None:
    scan = _scan(tuple(words), _PIP_VALUED, _PIP_SWITCHES)
    if not scan.positionals or scan.positionals[0].text not in _PIP_SUBCOMMANDS:
        return None
    state = state_of(instruction)
    cwd = site.cwd
    inputs = []
    for name, value, word in scan.values:
        if name in ("requirement", "constraint"):
            found = _input(state, cwd, value, word)
            if found is not None:
                inputs.append(found)
    cache_off = tuple(word for name, word in scan.switches if name == "no-cache-dir")
    return Install(
        PIP, instruction, site, scan.positionals[0], tuple(inputs), cache_off,
        _cache_dir_option(scan, state), scan.options, scan.option_words,
    )


# --- uv ----------------------------------------------------------------------

_UV_VALUED = {
    "--cache-dir": "cache-dir", "--directory": "directory", "--project": "project", "--config-file": "config-file",
    "--color": "color", "--python-preference": "python-preference", "--allow-insecure-host": "allow-insecure-host",
    "-r": "requirements", "--requirement": "requirements", "--requirements": "requirements",
    "-c": "constraints", "--constraint": "constraints", "--constraints": "constraints",
    "--override": "overrides", "--overrides": "overrides", "-b": "build-constraints",
    "--build-constraint": "build-constraints", "--build-constraints": "build-constraints",
    "-e": "editable", "--editable": "editable", "-p": "python", "--python": "python", "-i": "index-url",
    "--index-url": "index-url", "--index": "index", "--default-index": "default-index",
    "--extra-index-url": "extra-index-url", "-f": "find-links", "--find-links": "find-links",
    "--target": "target", "--prefix": "prefix", "--link-mode": "link-mode", "--python-version": "python-version",
    "--python-platform": "python-platform", "--reinstall-package": "reinstall-package", "-P": "upgrade-package",
    "--upgrade-package": "upgrade-package", "--no-binary": "no-binary", "--only-binary": "only-binary",
    "-C": "config-setting", "--config-setting": "config-setting", "--index-strategy": "index-strategy",
    "--keyring-provider": "keyring-provider", "--resolution": "resolution", "--prerelease": "prerelease",
    "--exclude-newer": "exclude-newer", "--extra": "extra", "--group": "group", "--only-group": "only-group",
    "--no-group": "no-group", "--package": "package", "--no-install-package": "no-install-package",
    "--refresh-package": "refresh-package", "--extra-build-dependencies": "extra-build-dependencies",
}
_UV_SWITCHES = {"-n": "no-cache", "--no-cache": "no-cache", "--no-cache-dir": "no-cache"}


def _uv(instruction, site, words) -> Install | None:
    scan = _scan(tuple(words), _UV_VALUED, _UV_SWITCHES)
    positionals = scan.positionals
    if not positionals:
        return None
    first = positionals[0].text
    if first == "pip" and len(positionals) >= 2 and positionals[1].text in ("install", "sync"):
        subcommand = positionals[1]
        requirement_positionals = positionals[2:] if subcommand.text == "sync" else []
    elif first == "sync":
        subcommand = positionals[0]
        requirement_positionals = []
    else:
        return None
    state = state_of(instruction)
    cwd = site.cwd
    inputs = []
    for name, value, word in scan.values:
        if name in ("requirements", "constraints", "overrides", "build-constraints"):
            found = _input(state, cwd, value, word)
            if found is not None:
                inputs.append(found)
    for word in requirement_positionals:
        found = _input(state, cwd, word.text, word)
        if found is not None:
            inputs.append(found)
    if subcommand.text == "sync" and first == "sync":
        inputs.extend(_project_files(state, cwd, scan, ("pyproject.toml", "uv.lock")))
    cache_off = tuple(word for name, word in scan.switches if name == "no-cache")
    return Install(
        UV, instruction, site, subcommand, tuple(inputs), cache_off, _cache_dir_option(scan, state),
        scan.options, scan.option_words,
    )


def _project_files(state: BuildState, cwd: str | None, scan: _Scan, names: tuple[str, ...]) -> list[InputFile]:
    """The manifest and lock file a project command finds in its directory."""
    directory_option = scan.options.get("directory") or scan.options.get("project")
    project = cwd
    prefix = ""
    if directory_option:
        expanded = state.expand_known(directory_option)
        if expanded is None or cwd is None:
            return []
        project = posixpath.normpath(posixpath.join(cwd, expanded))
        prefix = expanded.rstrip("/") + "/"
    if project is None:
        return []
    files = []
    for name in names:
        written = prefix + name
        if cwd != state.workdir and not posixpath.isabs(written):
            written = posixpath.join(project, name)  # bind targets resolve against WORKDIR
        files.append(InputFile(written, posixpath.join(project, name), None))
    return files


# --- poetry ------------------------------------------------------------------

_POETRY_VALUED = {
    "-C": "directory", "--directory": "directory", "-P": "project", "--project": "project",
    "-E": "extras", "--extras": "extras", "--with": "with", "--without": "without", "--only": "only",
}
_POETRY_SWITCHES = {"--no-cache": "no-cache"}


def _poetry(instruction, site, words) -> Install | None:
    scan = _scan(tuple(words), _POETRY_VALUED, _POETRY_SWITCHES)
    if not scan.positionals or scan.positionals[0].text not in ("install", "sync"):
        return None
    state = state_of(instruction)
    cwd = site.cwd
    inputs = _project_files(state, cwd, scan, ("pyproject.toml", "poetry.lock"))
    cache_off = tuple(word for name, word in scan.switches if name == "no-cache")
    return Install(
        POETRY, instruction, site, scan.positionals[0], tuple(inputs), cache_off, None, scan.options, scan.option_words,
    )
