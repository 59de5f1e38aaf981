"""Inline suppression comments, read from the syntax tree.

``# dockerls: ignore=CODE[,CODE…] [reason]`` on the comment lines directly
above an instruction (or on a comment line inside its continuation lines)
ignores those codes or prefixes for that instruction;
``# dockerls: ignore-file=CODE[,CODE…] [reason]`` anywhere ignores them in the
whole file. The engine applies them (dockerls.engine.suppress); the SUP rules
report the ones that suppress nothing or cannot be read.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from dockerls.syntax.model import Dockerfile, Instruction, Span, Trivia

MARKER = "dockerls:"
INSTRUCTION = "ignore"
FILE = "ignore-file"

_COMMENT = re.compile(r"#[ \t]*dockerls[ \t]*:[ \t]*")
_ACTION = re.compile(r"[A-Za-z][A-Za-z-]*")
_CODE = re.compile(r"[A-Za-z]+[0-9]*")
_EQUALS = re.compile(r"[ \t]*=[ \t]*")
_SEPARATOR = re.compile(r"[ \t]*,[ \t]*")


class SuppressedCode(NamedTuple):
    code: str  # upper-cased code or prefix
    span: Span


class Suppression(NamedTuple):
    kind: str  # INSTRUCTION or FILE
    codes: tuple[SuppressedCode, ...]
    reason: str
    span: Span  # the comment, from ``#``
    line: Span  # the comment's whole line, with its line break
    instruction: Instruction | None  # what an INSTRUCTION suppression applies to; None if nothing follows it
    inside: bool = False  # written on a comment line inside the instruction's continuation lines

    @property
    def codes_span(self) -> Span:
        return Span(self.codes[0].span.start, self.codes[-1].span.end)


class InvalidSuppression(NamedTuple):
    span: Span
    message: str


def parse_suppressions(document: Dockerfile) -> tuple[list[Suppression], list[InvalidSuppression]]:
    """Every ``# dockerls:`` comment of the document, read and attached to its instruction
    (read once per document; the lists are shared, not to be changed)."""
    if MARKER not in document.text:
        return [], []
    return document.memo(("syntax", "suppressions"), lambda: _parse(document))


def _parse(document: Dockerfile) -> tuple[list[Suppression], list[InvalidSuppression]]:
    reader = _Reader(document)
    pending: list[Suppression] = []  # instruction suppressions waiting for the instruction below them
    for item in document.items:
        if isinstance(item, Instruction):
            reader.suppressions.extend(s._replace(instruction=item) for s in pending)
            pending = []
            for comment in item.inner_comments:
                found = reader.read(comment)
                if found is not None and found.kind == INSTRUCTION:
                    found = found._replace(instruction=item, inside=True)
                if found is not None:
                    reader.suppressions.append(found)
        elif isinstance(item, Trivia) and item.kind == "comment":
            found = reader.read(item.span)
            if found is not None and found.kind == INSTRUCTION:
                pending.append(found)
            elif found is not None:
                reader.suppressions.append(found)
        else:  # a blank line or a directive ends the comment block above an instruction
            reader.suppressions.extend(pending)
            pending = []
    reader.suppressions.extend(pending)
    reader.suppressions.sort(key=lambda suppression: suppression.span.start)
    return reader.suppressions, reader.invalid


class _Reader:
    def __init__(self, document: Dockerfile) -> None:
        self.document = document
        self.suppressions: list[Suppression] = []
        self.invalid: list[InvalidSuppression] = []

    def read(self, span: Span) -> Suppression | None:
        text = self.document.text
        comment = _COMMENT.match(text, span.start, span.end)
        if comment is None:
            return None
        action = _ACTION.match(text, comment.end(), span.end)
        name = action.group() if action else ""
        if name not in (INSTRUCTION, FILE):
            shown = name or text[comment.end() : span.end].strip() or "nothing"
            return self._invalid(span, f"Unknown dockerls comment {shown!r}: write `ignore=CODE` or `ignore-file=CODE`")
        position = action.end()  # type: ignore[union-attr]
        equals = _EQUALS.match(text, position, span.end)
        if equals is None:
            return self._invalid(span, f"`{name}` needs the codes it ignores: write `{name}=CODE`")
        codes: list[SuppressedCode] = []
        position = equals.end()
        while True:
            code = _CODE.match(text, position, span.end)
            if code is None:
                return self._invalid(span, f"`{name}=` must be followed by rule codes or prefixes such as APT001 or APT")
            codes.append(SuppressedCode(code.group().upper(), Span(code.start(), code.end())))
            position = code.end()
            separator = _SEPARATOR.match(text, position, span.end)
            if separator is None:
                break
            position = separator.end()
        if position < span.end and text[position] not in " \t":
            return self._invalid(span, f"{text[codes[-1].span.start : span.end].split()[0]!r} is not a rule code")
        reason = text[position : span.end].strip()
        return Suppression(INSTRUCTION if name == INSTRUCTION else FILE, tuple(codes), reason, span, self._line(span), None)

    def _invalid(self, span: Span, message: str) -> None:
        self.invalid.append(InvalidSuppression(span, message))
        return None

    def _line(self, span: Span) -> Span:
        lines = self.document.lines
        number = lines.position(span.start)[0]
        start = lines.starts[number]
        end = lines.starts[number + 1] if number + 1 < len(lines.starts) else len(self.document.text)
        return Span(start, end)
