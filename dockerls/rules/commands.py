"""Removing commands from a RUN body without changing what the rest does."""

from __future__ import annotations

import re
import shlex

from dockerls.core.findings import Edit
from dockerls.analysis.sites import CommandSite
from dockerls.syntax import Dockerfile, ShellScript, SimpleCommand

# Connectors after which a removed command leaves the rest's meaning intact.
_NEUTRAL = frozenset({"&&", ";", "\n"})


def removal_edit(script: ShellScript, command: SimpleCommand) -> Edit | None:
    """An edit deleting ``command`` and one connector next to it, or None when
    removing it could change the meaning of the rest (``||``, pipelines,
    nesting, ``&&`` on one side and ``;`` on the other, or when it is the
    only command)."""
    index = script.commands.index(command)
    return _run_removal(script, index, index)


def removal_edits(script: ShellScript, commands: list[SimpleCommand]) -> tuple[list[Edit], list[SimpleCommand]]:
    """Edits deleting several commands at once, and the commands that must stay.

    Neighbouring commands are deleted as one run (deleting them one by one
    would give overlapping edits when the run starts the script). A run that
    cannot go as a whole falls back to the commands ``removal_edit`` accepts
    alone. The edits never overlap one another.
    """
    order = {id(command): index for index, command in enumerate(script.commands)}
    wanted = sorted({order[id(command)] for command in commands if id(command) in order})
    edits: list[Edit] = []
    kept: list[SimpleCommand] = []
    for first, last in _consecutive_runs(wanted):
        edit = _run_removal(script, first, last)
        if edit is not None:
            edits.append(edit)
            continue
        for index in range(first, last + 1):
            single = _run_removal(script, index, index)
            if single is not None and not any(_overlap(single, other) for other in edits):
                edits.append(single)
            else:
                kept.append(script.commands[index])
    return edits, kept


def word_removal_edit(command: SimpleCommand, word_index: int) -> Edit | None:
    """An edit deleting one argument of ``command`` with the blank before it
    (a line continuation included), or None for the command name itself."""
    if word_index <= 0 or word_index >= len(command.argv):
        return None
    return Edit(command.argv[word_index - 1].span.end, command.argv[word_index].span.end, "")


def _consecutive_runs(indexes: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for index in indexes:
        if runs and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def _run_removal(script: ShellScript, first: int, last: int) -> Edit | None:
    """Delete the consecutive commands ``first..last`` and one connector beside them."""
    commands = script.commands
    run = commands[first : last + 1]
    if any(command.depth or command.in_pipeline for command in run):
        return None
    if any(command.connector not in _NEUTRAL for command in run[1:]):
        return None
    following = commands[last + 1] if last + 1 < len(commands) else None
    if following is not None and (following.connector not in _NEUTRAL or following.in_pipeline):
        return None
    if first > 0:
        previous = commands[first - 1]
        if run[0].connector not in _NEUTRAL or previous.depth or previous.in_pipeline:
            return None
        # `a && x; b` cannot lose x: `a && b` and `a; b` each differ when a fails.
        joined = [command.connector for command in run] + ([following.connector] if following else [])
        if len({_is_and(connector) for connector in joined}) > 1:
            return None
        return Edit(previous.span.end, run[-1].span.end, "")
    if following is None or following.depth:
        return None
    return Edit(run[0].span.start, following.span.start, "")


def _is_and(connector: str | None) -> bool:
    return connector == "&&"


def _overlap(a: Edit, b: Edit) -> bool:
    return a.start < b.end and b.start < a.end


_PLAIN_VALUE = re.compile(r"[A-Za-z0-9_./:@%+,=-]*")
_TAKES_ASSIGNMENTS = frozenset({"sudo", "env"})


def variable_edit(document: Dockerfile, site: CommandSite, name: str, value: str) -> Edit | None:
    """An edit giving the site's program ``name=value`` for this one command (the
    image's ENV is left alone): its own ``NAME=`` word rewritten, or a new one put
    where the program will see it (before the command, or after a ``sudo``/``env``
    that would drop it otherwise). None for the exec form, which has no shell."""
    if site.instruction.is_exec_form or not site.argv:
        return None
    written = f"{name}={value if _PLAIN_VALUE.fullmatch(value) else shlex.quote(value)}"
    own = site.variable(name)
    if own is not None and own.kind in ("prefix", "wrapper") and own.span is not None:
        return Edit(own.span.start, own.span.end, written)
    if not site.wrappers:
        return Edit.insert(site.command.span.start, written + " ")
    if site.wrappers[-1] in _TAKES_ASSIGNMENTS:
        return Edit.insert(site.argv[0].span.start, written + " ")
    if site.env_reset:
        return Edit.insert(site.argv[0].span.start, f"env {written} ")
    return Edit.insert(site.command.span.start, written + " ")
