"""apt cleanup in a RUN, and the edits that remove it once a cache mount makes it pointless.

A cleanup is a whole command (``apt-get clean``) or one argument of an
``rm`` (``rm -rf /var/lib/apt/lists/* /tmp/*`` keeps ``/tmp/*``). Each knows
the paths it deletes, so a caller can tell whether a cache mount holds them.
``apt-get autoclean`` (prunes only packages that can no longer be
downloaded) and ``autoremove`` (removes packages) are not cleanup.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from dockerls.core.findings import Edit
from dockerls.rules.apt.calls import PACKAGE_TOOLS, AptCall, apt_call
from dockerls.rules.commands import removal_edits, word_removal_edit
from dockerls.analysis.sites import command_sites
from dockerls.profiles import APT
from dockerls.syntax import Instruction, ShellScript, SimpleCommand, Span

CACHE_DIR = APT.cache("archives").fixed
STATE_DIR = "/var/lib/apt"
LISTS_DIR = APT.cache("lists").fixed
ARCHIVES_DIR = "/var/cache/apt/archives"

# What `apt-get clean` and `apt-get distclean` delete.
_CLEAN_PATHS = (ARCHIVES_DIR + "/*",)
_DISTCLEAN_PATHS = (ARCHIVES_DIR + "/*", LISTS_DIR + "/*")
# rm options that do not change which files go.
_RM_OPTION = re.compile(r"^-[rRfvd]+$|^--(recursive|force|verbose|dir|one-file-system|preserve-root)$")


@dataclass(frozen=True, slots=True)
class Cleanup:
    command: SimpleCommand
    word_index: int | None  # the rm argument; None for the whole command
    paths: tuple[str, ...]  # what it deletes (may hold globs)

    @property
    def span(self) -> Span:
        if self.word_index is None:
            return self.command.span
        return self.command.argv[self.word_index].span

    @property
    def touches_lists(self) -> bool:
        return any(within(path, LISTS_DIR) for path in self.paths)


def within(path: str, directory: str) -> bool:
    """Whether ``path`` (a glob) names only things at or under ``directory``."""
    path = posixpath.normpath(path)
    return path == directory or path.startswith(directory + "/")



def calls_and_cleanups(instruction: Instruction) -> tuple[list[AptCall], list[Cleanup]]:
    """Every apt call and every apt cleanup of a RUN, in order, reading each command once."""
    calls: list[AptCall] = []
    found: list[Cleanup] = []
    for site in command_sites(instruction):
        call = apt_call(site)
        if call is not None:
            calls.append(call)
            if call.tool in PACKAGE_TOOLS:
                if call.subcommand == "clean":
                    found.append(Cleanup(site.command, None, _CLEAN_PATHS))
                elif call.subcommand == "distclean":
                    found.append(Cleanup(site.command, None, _DISTCLEAN_PATHS))
                continue
        found.extend(_rm_cleanups(site.command))
    return calls, found


def _rm_cleanups(command: SimpleCommand) -> list[Cleanup]:
    start = rm_index(command)
    if start is None:
        return []
    found: list[Cleanup] = []
    options_done = False
    for index in range(start + 1, len(command.argv)):
        text = command.argv[index].text
        if not options_done and text == "--":
            options_done = True
        elif not options_done and text.startswith("-"):
            if not _RM_OPTION.match(text):
                return []  # an option whose effect we do not model
        elif within(text, CACHE_DIR) or within(text, LISTS_DIR):
            found.append(Cleanup(command, index, (text,)))
    return found


_RM = ("rm", "/bin/rm", "/usr/bin/rm")
_RM_FIRST_WORDS = frozenset({*_RM, "sudo", "doas"})


def rm_index(command: SimpleCommand) -> int | None:
    """Where ``rm`` stands in argv: first, or after ``sudo``/``doas`` and their options."""
    if not command.argv or command.argv[0].text not in _RM_FIRST_WORDS:
        return None  # most commands: decided by their first word
    for index, word in enumerate(command.argv):
        if word.text in _RM:
            return index
        if not (word.text in ("sudo", "doas") if index == 0 else word.text.startswith("-")):
            return None
    return None


def operands(command: SimpleCommand) -> list[int]:
    """Indexes of an rm's file operands."""
    start = rm_index(command)
    if start is None:
        return []
    indexes = []
    options_done = False
    for index in range(start + 1, len(command.argv)):
        text = command.argv[index].text
        if not options_done and text == "--":
            options_done = True
        elif options_done or not text.startswith("-"):
            indexes.append(index)
    return indexes


@dataclass(frozen=True, slots=True)
class Removal:
    edits: tuple[Edit, ...]
    removed: tuple[Cleanup, ...]
    spans: tuple[Span, ...]  # what the edits delete: whole commands or single arguments (to fade in editors)


def removal(script: ShellScript, cleanups: list[Cleanup]) -> Removal:
    """Edits removing ``cleanups``: whole commands, or single rm arguments
    when the rm also deletes something else. Cleanups that cannot go without
    changing the rest of the script are left out of ``removed``."""
    by_command: dict[int, list[Cleanup]] = {}
    for cleanup in cleanups:
        by_command.setdefault(id(cleanup.command), []).append(cleanup)
    whole: list[SimpleCommand] = []
    edits: list[Edit] = []
    removed: list[Cleanup] = []
    spans: list[Span] = []
    for items in by_command.values():
        command = items[0].command
        chosen = {item.word_index for item in items}
        if None in chosen or set(operands(command)) <= chosen:
            whole.append(command)
            continue
        for item in items:
            edit = word_removal_edit(command, item.word_index) if item.word_index is not None else None
            if edit is not None:
                edits.append(edit)
                removed.append(item)
                spans.append(item.span)
    command_edits, kept_commands = removal_edits(script, whole)
    edits.extend(command_edits)
    kept_ids = {id(command) for command in kept_commands}
    for command in whole:
        if id(command) not in kept_ids:
            removed.extend(by_command[id(command)])
            spans.append(command.span)
    ordered = sorted(edits, key=lambda edit: (edit.start, edit.end))
    return Removal(tuple(ordered), tuple(removed), tuple(sorted(spans)))
