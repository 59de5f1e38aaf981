"""Inline suppression comments.

``# dockerls: ignore=CODE[,CODE…] [reason]`` on the comment lines directly
above an instruction (or on a comment line inside its continuation lines)
ignores those codes or prefixes for that instruction;
``# dockerls: ignore-file=CODE[,CODE…] [reason]`` anywhere ignores them in the
whole file. A suppression that suppresses nothing is reported as SUP001
(``unused-suppression``); one that cannot be read as SUP002.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING, Iterable, NamedTuple

from dockerls.engine.model import Edit, Finding, Fix
from dockerls.syntax import Dockerfile, Instruction, Span, Trivia

if TYPE_CHECKING:
    from dockerls.engine.settings import LintSettings

MARKER = "dockerls:"
INSTRUCTION = "ignore"
FILE = "ignore-file"
UNUSED_CODE = "SUP001"
# Findings of a failed rule are missing, so no suppression can be called unused then.
INTERNAL_ERROR_CODE = "DLS001"

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
    """Every ``# dockerls:`` comment of the document, read and attached to its instruction."""
    if MARKER not in document.text:
        return [], []
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


class _InstructionLocator:
    """Finds the instruction whose lines hold an offset (or whose end it is, for an empty span at the end)."""

    def __init__(self, document: Dockerfile) -> None:
        self.instructions = document.instructions
        self.starts = [instruction.extent.start for instruction in self.instructions]

    def at(self, offset: int) -> Instruction | None:
        index = bisect_right(self.starts, offset) - 1
        if index < 0:
            return None
        instruction = self.instructions[index]
        if offset < instruction.extent.end or offset == instruction.span.end:
            return instruction
        return None


def _matches(code: str, suppression: Suppression) -> list[int]:
    return [index for index, entry in enumerate(suppression.codes) if code.startswith(entry.code)]


def apply_suppressions(document: Dockerfile, findings: list[Finding], settings: "LintSettings") -> list[Finding]:
    """Drop the findings a suppression covers; add SUP001 for suppressions that cover nothing."""
    suppressions, _ = parse_suppressions(document)
    if not suppressions:
        return findings
    used: set[tuple[int, int]] = set()
    locator = _InstructionLocator(document)

    def suppressed(finding: Finding) -> bool:
        instruction = locator.at(finding.span.start)
        hit = False
        for number, suppression in enumerate(suppressions):
            if suppression.kind == INSTRUCTION and (instruction is None or suppression.instruction is not instruction):
                continue
            for index in _matches(finding.code, suppression):
                used.add((number, index))
                hit = True
        return hit

    kept = [finding for finding in findings if not suppressed(finding)]
    if settings.selects(UNUSED_CODE) and not any(finding.code == INTERNAL_ERROR_CODE for finding in findings):
        unused = [finding for finding in _unused(document, suppressions, used, settings) if not suppressed(finding)]
        if unused:
            kept = sorted([*kept, *unused], key=lambda finding: (finding.span.start, finding.span.end, finding.code))
    return kept


def _unused(
    document: Dockerfile, suppressions: list[Suppression], used: set[tuple[int, int]], settings: "LintSettings"
) -> Iterable[Finding]:
    from dockerls.rules import RULES
    from dockerls.rules.suppression import UNUSED_SUPPRESSION

    for number, suppression in enumerate(suppressions):
        detached = suppression.kind == INSTRUCTION and suppression.instruction is None
        unused: list[SuppressedCode] = []
        notes: list[str] = []
        for index, entry in enumerate(suppression.codes):
            if (number, index) in used or UNUSED_CODE.startswith(entry.code):
                continue
            rules = [rule for rule in RULES if rule.code.startswith(entry.code)]
            if not rules:
                unused.append(entry)
                notes.append(f"{entry.code} (no such rule)")
            elif detached or any(settings.selects(rule.code) for rule in rules):
                unused.append(entry)
                notes.append(entry.code)
            # A code whose rules are all deselected may be needed by another configuration: keep quiet.
        if not unused:
            continue
        if detached:
            message = f"Suppression of {', '.join(notes)} is not directly above an instruction: it suppresses nothing"
        else:
            where = "this file" if suppression.kind == FILE else "this instruction"
            message = f"Unused suppression of {', '.join(notes)}: no such finding in {where}"
        fix = _removal_fix(document, suppression, unused)
        yield UNUSED_SUPPRESSION.finding(
            suppression.span, message, fix, unnecessary=tuple(entry.span for entry in unused) if fix else ()
        )


def _removal_fix(document: Dockerfile, suppression: Suppression, unused: list[SuppressedCode]) -> Fix | None:
    kept = [entry for entry in suppression.codes if entry not in unused]
    codes = ", ".join(entry.code for entry in unused)
    if kept:
        separator = document.text[suppression.codes[0].span.end : suppression.codes[1].span.start]
        content = separator.join(document.text[e.span.start : e.span.end] for e in kept)
        span = suppression.codes_span
        return Fix(f"Remove unused suppression of {codes}", (Edit(span.start, span.end, content),))
    start, end = suppression.line
    if start == 0 and document.text.startswith("\ufeff"):
        start = 1
    edit = Edit(start, end, "")
    if not _keeps_directives(document, edit):
        return None
    return Fix("Remove unused suppression comment", (edit,))


def _keeps_directives(document: Dockerfile, edit: Edit) -> bool:
    """Deleting a comment line that ends the parser directives would turn the
    comment below it into a directive (``# escape=``, ``# syntax=``)."""
    from dockerls.engine.fix import apply_edits
    from dockerls.syntax import parse

    directives_end = document.directives[-1].extent.end if document.directives else 0
    if edit.start > directives_end + 1:  # +1: a BOM before the first line
        return True  # only a line right after the directives ends them
    before = [(d.name, d.value) for d in document.directives]
    after = [(d.name, d.value) for d in parse(apply_edits(document.text, [edit])).directives]
    return before == after


def suppression_fix(document: Dockerfile, finding: Finding, *, file_wide: bool = False) -> Fix:
    """A fix that ignores ``finding``'s code: for its instruction, or (``file_wide``,
    or when it lies outside every instruction) for the whole file.

    It extends a suppression comment already in place, else inserts a comment
    line: above the instruction with its indentation, or for the file right
    after the parser directives, so no directive stops being one. Inserted
    lines end with the document's own line break.
    """
    code = finding.code
    instruction = None if file_wide else _InstructionLocator(document).at(finding.span.start)
    suppressions, _ = parse_suppressions(document)
    if instruction is not None:
        title = f"Ignore {code} for this instruction"
        existing = [
            s for s in suppressions if s.kind == INSTRUCTION and s.instruction is instruction and not s.inside
        ]
        if existing:
            return Fix(title, (Edit.insert(existing[-1].codes_span.end, f",{code}"),))
        start = instruction.extent.start
        if start == 0 and document.text.startswith("\ufeff"):
            start = 1
        indent = document.text[start : instruction.keyword_span.start]
        return Fix(title, (Edit.insert(start, f"{indent}# {MARKER} {INSTRUCTION}={code}{document.eol}"),))
    title = f"Ignore {code} in this file"
    existing = [s for s in suppressions if s.kind == FILE]
    if existing:
        return Fix(title, (Edit.insert(existing[0].codes_span.end, f",{code}"),))
    at = document.directives[-1].extent.end if document.directives else 0
    if at == 0 and document.text.startswith("\ufeff"):
        at = 1
    line = f"# {MARKER} {FILE}={code}{document.eol}"
    if at == len(document.text) and at > 0 and document.text[-1] not in "\r\n":
        line = document.eol + line  # the last directive has no line break of its own
    return Fix(title, (Edit.insert(at, line),))
