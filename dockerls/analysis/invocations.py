"""Invocations: the command sites that start a package manager, read with its profile.

An :class:`Invocation` says which manager runs (its profile) and which of its
subcommands, the files it reads from the image (files named by options or
positionals, and the project files it finds in its directory), the words that
turn its cache off, and the options it was given. The directory, environment and
user come from the command site it was read off (``dockerls.analysis.sites``).

Recognised forms: the profile's programs (any path to them, versioned names by
``program_pattern``), ``python -m pip``-style module runs (``module_of``), and the
profile's subcommands (with aliases; ``()`` is the program run alone). Options
are read with the profile's table: ``--name=value``, ``--name value``, ``-nVALUE``.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from dockerls.analysis.memo import remembered
from dockerls.analysis.sites import CommandSite, command_sites
from dockerls.profiles import Profile, Subcommand
from dockerls.syntax import BuildState, Dockerfile, Instruction, SimpleCommand, Word
from dockerls.syntax.state import state_of


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file the command reads from the image."""

    written: str  # the path as the command reads it (variables expanded): the bind target
    path: str  # the absolute path in the image
    word: Word | None  # the argument naming it; None for files a tool finds by itself


@dataclass(frozen=True, slots=True)
class Invocation:
    profile: Profile
    instruction: Instruction
    site: CommandSite  # the command as the program sees it: argv, directory, environment, user
    subcommand: Word  # the last word of the subcommand (the program's word when run alone)
    spec: Subcommand
    inputs: tuple[InputFile, ...]
    cache_off: tuple[Word, ...]  # switches that turn the cache off
    # Options by canonical name → value ('' for switches); the last one wins.
    options: dict[str, str] = field(default_factory=dict)
    option_words: dict[str, Word] = field(default_factory=dict)
    positionals: tuple[Word, ...] = ()  # after the subcommand
    # ``key=value`` settings of the profile's settings option (dnf's --setopt): key → (value, word);
    # the word holds ``key=value`` (all of ``--setopt=key=value``, or the value word after ``--setopt``).
    settings: dict[str, tuple[str, Word]] = field(default_factory=dict)

    @property
    def tool(self) -> str:
        return self.profile.name

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

    def option(self, name: str) -> tuple[str | None, Word] | None:
        """An option's value expanded (None when unknown) and its word; None when not given."""
        if name not in self.options:
            return None
        return self.site.expand(self.options[name]), self.option_words[name]

    @property
    def cache_dir_option(self) -> tuple[str | None, Word] | None:
        """The command-line option that moves the (first) cache, when given."""
        cache = self.profile.caches[0] if self.profile.caches else None
        return self.option(cache.option) if cache is not None and cache.option else None


def invocations(instruction: Instruction, profile: Profile) -> list[Invocation]:
    """The invocations of ``profile``'s manager in a RUN, in order (once per document)."""
    document = instruction.document
    if instruction.keyword != "RUN" or document is None:
        return []
    found = remembered(document, ("invocations", profile.name), dict)
    calls = found.get(instruction.index)
    if calls is None:
        calls = found[instruction.index] = tuple(
            call
            for call in (invocation(site, profile) for site in command_sites(instruction) if profile.may_start(site.program))
            if call is not None
        )
    return list(calls)


def document_invocations(document: Dockerfile, profile: Profile) -> list[Invocation]:
    """Every invocation of ``profile``'s manager in the stages, in order."""
    return remembered(
        document,
        ("document-invocations", profile.name),
        lambda: [
            call
            for instruction in document.instructions
            if instruction.keyword == "RUN" and instruction.stage >= 0
            for call in invocations(instruction, profile)
        ],
    )


def invocation(site: CommandSite, profile: Profile) -> Invocation | None:
    argv = site.argv
    if not argv:
        return None
    program = site.program
    if profile.matches_program(program):
        words = argv[1:]
    elif profile.module_of is not None and profile.may_start(program):
        rest = _after_module_switch(argv[1:], profile.module_of[1])
        if rest is None:
            return None
        words = rest
    else:
        return None
    scan = _scan(tuple(words), profile.valued, profile.switches)
    matched = _subcommand(profile, scan.positionals)
    if matched is None:
        return None
    spec, length = matched
    if any(name in scan.options for name in spec.not_with):
        return None
    subcommand = scan.positionals[length - 1] if length else argv[0]
    positionals = tuple(scan.positionals[length:])
    state = state_of(site.instruction)
    cwd = site.cwd
    inputs: list[InputFile] = []
    for name, value, word in scan.values:
        if name in profile.option_files:
            found = _input(site, state, cwd, value, word)
            if found is not None:
                inputs.append(found)
    if spec.positional_files:
        for word in positionals:
            found = _input(site, state, cwd, word.text, word)
            if found is not None:
                inputs.append(found)
    if spec.project_files:
        inputs.extend(_project_files(site, state, cwd, scan, profile.project_options, spec.project_files))
    cache_off = tuple(word for name, word in scan.switches if name in profile.cache_off_flags)
    settings: dict[str, tuple[str, Word]] = {}
    for name, value, word in scan.values:
        if name == profile.settings_option and "=" in value:
            key, _, setting = value.partition("=")
            settings[key.strip()] = (setting, word)
    return Invocation(
        profile, site.instruction, site, subcommand, spec, tuple(inputs), cache_off, scan.options, scan.option_words,
        positionals, settings,
    )


def _subcommand(profile: Profile, positionals: list[Word]) -> tuple[Subcommand, int] | None:
    texts = [word.text for word in positionals]
    best: tuple[Subcommand, int] | None = None
    for spec in profile.subcommands:
        for words in (spec.words, *spec.aliases):
            if not words:
                if (not texts or spec.any_arguments) and best is None:
                    best = (spec, 0)
                continue
            if tuple(texts[: len(words)]) == words and (best is None or len(words) > best[1]):
                best = (spec, len(words))
    return best


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
        if "=" in text and (text.startswith("--") or text.partition("=")[0] in valued):
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


# --- the files it reads ---------------------------------------------------------------


def _input(site: CommandSite, state: BuildState, cwd: str | None, written_raw: str, word: Word | None) -> InputFile | None:
    written = site.expand(written_raw)
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


def _project_files(
    site: CommandSite, state: BuildState, cwd: str | None, scan: _Scan, options: tuple[str, ...], names: tuple[str, ...]
) -> list[InputFile]:
    """The manifest and lock file a project command finds in its directory."""
    directory_option = next((scan.options[name] for name in options if scan.options.get(name)), None)
    project = cwd
    prefix = ""
    if directory_option:
        expanded = site.expand(directory_option)
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
