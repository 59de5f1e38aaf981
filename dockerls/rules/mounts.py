"""Reading and writing ``RUN --mount`` flags; shared by every rule family.

Edits here follow the seed article's layout: each new mount on its own
continuation line, right before the command, indented like the RUN's other
continuation lines.
"""

from __future__ import annotations

import posixpath
import re

from dockerls.core.findings import Edit
from dockerls.syntax import Dockerfile, Flag, Instruction
from dockerls.syntax.state import state_of

_INDENT = re.compile(r"[ \t]*")


def render_mount(type: str, **options: str | None) -> str:
    """``--mount=type=…,key=value,…`` in the given order; a None value writes a bare key."""
    fields = [f"type={type}"]
    for key, value in options.items():
        if value is None:
            fields.append(key)
        else:
            fields.append(f"{key}={_quote(value)}")
    return "--mount=" + ",".join(fields)


def _quote(value: str) -> str:
    return f'"{value}"' if "," in value or '"' in value else value


def continuation_indent(document: Dockerfile, instruction: Instruction) -> str:
    """The indentation of the RUN's continuation lines, or four spaces."""
    text = document.text
    start, end = instruction.span.start, instruction.args_span.end
    # Only a break before the arguments end matters: bounding the search keeps it from
    # running to the end of the file (an LF file has no \r to find) for every RUN.
    first_break = min(
        (index for index in (text.find("\n", start, end), text.find("\r", start, end)) if index != -1),
        default=-1,
    )
    if first_break == -1:
        return "    "
    line_start = first_break + 1
    if text.startswith("\r\n", first_break):
        line_start += 1
    indent = _INDENT.match(text, line_start).group()
    return indent if indent else "    "


def insert_mounts(document: Dockerfile, instruction: Instruction, mounts: list[str]) -> Edit:
    """Insert ``mounts`` before the command, each followed by a line continuation."""
    indent = continuation_indent(document, instruction)
    separator = f" {document.escape}{document.eol}{indent}"
    at = instruction.args_span.start
    if instruction.args_span.start == instruction.args_span.end:
        at = instruction.flags[-1].span.end if instruction.flags else instruction.keyword_span.end
        return Edit.insert(at, " " + " ".join(mounts))
    return Edit.insert(at, "".join(mount + separator for mount in mounts))










def set_mount_option(flag: Flag, key: str, value: str | None) -> Edit:
    """Set ``key`` on an existing mount: replace its value, or append ``,key=value``."""
    for option in flag.mount_options:
        if option.key.lower() == key:
            if value is None:
                return Edit(option.span.start, option.span.end, key)
            if option.value_span is not None:
                return Edit(option.value_span.start, option.value_span.end, _quote(value))
            return Edit.insert(option.key_span.end, "=" + _quote(value))
    suffix = key if value is None else f"{key}={_quote(value)}"
    return Edit.insert(flag.span.end, "," + suffix)


def remove_flag(instruction: Instruction, flag: Flag) -> Edit:
    """Delete ``flag`` with the blank (or line continuation) that follows it."""
    flags = list(instruction.flags)
    position = next(index for index, candidate in enumerate(flags) if candidate is flag)
    if position + 1 < len(flags):
        return Edit(flag.span.start, flags[position + 1].span.start, "")
    if instruction.args_span.start < instruction.args_span.end:
        return Edit(flag.span.start, instruction.args_span.start, "")
    before = flags[position - 1].span.end if position else instruction.keyword_span.end
    return Edit(before, flag.span.end, "")


# `# syntax=` images that run the Dockerfile frontend, and its releases without RUN --mount.
_DOCKERFILE_FRONTEND = re.compile(r"^(?:[\w.\-]+(?::\d+)?/)?docker/dockerfile(?:-upstream)?:(?P<tag>[^@\s]+)")
_PRE_MOUNT_TAG = re.compile(r"^1\.[01](?:\.\d+)?$")


def frontend_supports_mounts(document: Dockerfile) -> bool:
    """False when a ``# syntax=`` directive pins a Dockerfile frontend older
    than 1.2 (the first with ``RUN --mount`` outside the experimental channel)."""
    directive = document.directive("syntax")
    if directive is None:
        return True
    match = _DOCKERFILE_FRONTEND.match(directive.value.strip())
    return not (match and _PRE_MOUNT_TAG.match(match.group("tag")))


def insert_mounts_before(document: Dockerfile, instruction: Instruction, flag: Flag, mounts: list[str]) -> Edit:
    """Insert ``mounts`` right before the existing ``flag``, each followed by a line
    continuation (for families that keep their mounts in a fixed order)."""
    indent = continuation_indent(document, instruction)
    separator = f" {document.escape}{document.eol}{indent}"
    return Edit.insert(flag.span.start, "".join(mount + separator for mount in mounts))








def cache_mount(target: str, *, sharing: str | None = None, owner: dict[str, str] | None = None) -> str:
    """A cache mount: its target, ``sharing=`` when given, then the owner's options (uid, gid)."""
    options: dict[str, str | None] = {"target": target}
    if sharing:
        options["sharing"] = sharing
    options.update(owner or {})
    return render_mount("cache", **options)

