"""Removing commands from a RUN body without changing what the rest does."""

from __future__ import annotations

from dockerls.engine.model import Edit
from dockerls.syntax import ShellScript, SimpleCommand

# Connectors after which a removed command leaves the rest's meaning intact.
_NEUTRAL = frozenset({"&&", ";", "\n"})


def removal_edit(script: ShellScript, command: SimpleCommand) -> Edit | None:
    """An edit deleting ``command`` and one connector next to it, or None when
    removing it could change the meaning of the rest (``||``, pipelines,
    nesting, or when it is the only command)."""
    commands = script.commands
    index = commands.index(command)
    if command.depth or command.in_pipeline:
        return None
    following = commands[index + 1] if index + 1 < len(commands) else None
    if following is not None and (following.connector not in _NEUTRAL or following.in_pipeline):
        return None
    if index > 0:
        previous = commands[index - 1]
        if command.connector not in _NEUTRAL or previous.depth or previous.in_pipeline:
            return None
        return Edit(previous.span.end, command.span.end, "")
    if following is None or following.depth:
        return None
    return Edit(command.span.start, following.span.start, "")
