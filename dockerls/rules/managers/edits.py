"""Small text edits the Python rules make: drop a word, an assignment or a COPY source.

Every edit keeps the instruction's other text, its line continuations and
its line endings as they are.
"""

from __future__ import annotations

import re

from dockerls.core.findings import Edit
from dockerls.syntax import Dockerfile, Instruction, Span, Word


def remove_word(document: Dockerfile, instruction: Instruction, word: Word) -> Edit:
    """Delete one argument: in JSON form with its comma, in shell form with the
    blanks on one side, or its whole line when it stands alone on a continuation line."""
    if instruction.is_exec_form:
        return remove_json_element(document, instruction, word.span)
    return remove_spaced(document, word.span)


def remove_spaced(document: Dockerfile, span: Span) -> Edit:
    text = document.text
    before = span.start
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    after = span.end
    while after < len(text) and text[after] in " \t":
        after += 1
    at_line_start = before == 0 or text[before - 1] in "\r\n"
    escape = document.escape
    if at_line_start and text.startswith(escape, after):
        line_break = after + len(escape)
        while line_break < len(text) and text[line_break] in " \t":
            line_break += 1
        if text.startswith("\r\n", line_break):
            return Edit(before, line_break + 2, "")
        if line_break < len(text) and text[line_break] in "\r\n":
            return Edit(before, line_break + 1, "")
    if before < span.start and not at_line_start:
        return Edit(before, span.end, "")
    return Edit(span.start, after, "")


def remove_with_following_blanks(document: Dockerfile, span: Span) -> Edit:
    """Delete a word that starts a command (``NAME=value cmd``) with the blanks after it."""
    text = document.text
    after = span.end
    while after < len(text) and text[after] in " \t":
        after += 1
    return Edit(span.start, after, "")


def remove_json_element(document: Dockerfile, instruction: Instruction, span: Span) -> Edit:
    """``"a", "b"`` → ``"a"``: the element and the comma before it (or after it, if first)."""
    text = document.text
    start, end = instruction.args_span
    before = span.start
    while before > start and text[before - 1] in " \t\r\n":
        before -= 1
    if before > start and text[before - 1] == ",":
        return Edit(before - 1, span.end, "")
    after = span.end
    while after < end and text[after] in " \t\r\n":
        after += 1
    if after < end and text[after] == ",":
        after += 1
        while after < end and text[after] in " \t":
            after += 1
    return Edit(span.start, after, "")


def insert_json_after(word: Word, value: str) -> Edit:
    """Insert ``, "value"`` after a JSON-form argument."""
    return Edit.insert(word.span.end, f', "{value}"')


def delete_instruction(instruction: Instruction) -> Edit:
    """Remove an instruction with its whole lines (and heredoc bodies)."""
    return Edit(instruction.extent.start, instruction.extent.end, "")
