"""Where a cursor is in a RUN's (or COPY's) flags: typing a flag, a flag's value, a mount
option's key or its value. Completion, hover and definition all start here.

Offsets are code points into the document text, as everywhere below the LSP edge.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from dockerls.syntax import Dockerfile, Flag, Instruction, Span

FLAG, FLAG_VALUE, MOUNT_KEY, MOUNT_VALUE = "flag", "flag-value", "mount-key", "mount-value"


@dataclass(frozen=True, slots=True)
class Place:
    """What the cursor is in. ``span`` is the word it is in (what a completion replaces),
    ``typed`` the part of it before the cursor; ``key`` is the mount option whose key or
    value it is (aliases as written)."""

    kind: str
    instruction: Instruction
    span: Span
    typed: str
    flag: Flag | None = None
    key: str | None = None
    suffix: str = ""  # what a completed flag needs after it (a space before the command)


def instruction_at(document: Dockerfile, offset: int) -> Instruction | None:
    """The instruction whose text (keyword through its last line) holds ``offset``, ends included."""
    instructions = document.instructions
    index = bisect_right([instruction.span.start for instruction in instructions], offset) - 1
    if index < 0:
        return None
    instruction = instructions[index]
    return instruction if offset <= instruction.span.end else None


def place_at(document: Dockerfile, offset: int) -> Place | None:
    """Where ``offset`` is in the flags of the instruction there; None outside them."""
    instruction = instruction_at(document, offset)
    if instruction is None or offset <= instruction.keyword_span.end:
        return None
    text = document.text
    for flag in instruction.flags:
        if flag.span.start <= offset <= flag.span.end:
            return _in_flag(text, instruction, flag, offset)
    start = offset
    while start > instruction.keyword_span.end and not text[start - 1].isspace():
        start -= 1
    typed = text[start:offset]
    if start <= instruction.args_span.start and (typed == "" or typed.startswith("-")):
        end = offset
        while end < instruction.span.end and not text[end].isspace():
            end += 1
        if typed == "" and end > offset and not text.startswith("-", offset):
            # Right before the command's first word: a flag goes in front of it, with a space.
            return Place(FLAG, instruction, Span(offset, offset), typed, suffix=" ")
        return Place(FLAG, instruction, Span(start, end), typed)
    return None


def _in_flag(text: str, instruction: Instruction, flag: Flag, offset: int) -> Place:
    value = flag.value_span
    if value is None or offset < value.start:
        end = value.start if value is not None else flag.span.end
        return Place(FLAG, instruction, Span(flag.span.start, end), text[flag.span.start : offset], flag)
    if flag.name != "mount":
        return Place(FLAG_VALUE, instruction, value, text[value.start : offset], flag)
    start = text.rfind(",", value.start, offset) + 1 or value.start
    end = text.find(",", offset, value.end)
    end = value.end if end < 0 else end
    key, equals, _ = text[start:end].partition("=")
    if equals and offset > start + len(key):
        value_start = start + len(key) + 1
        return Place(MOUNT_VALUE, instruction, Span(value_start, end), text[value_start:offset], flag, key)
    return Place(MOUNT_KEY, instruction, Span(start, end), text[start:offset], flag, key)
