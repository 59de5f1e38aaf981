"""Apply the inline suppression comments (read by dockerls.syntax.suppressions) to findings,
and write new ones for the editor's "ignore" code actions.

A finding a comment covers is dropped. Rules declared ``scope="suppressions"``
(SUP001, unused suppressions) then run, told which codes suppressed something.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Sequence

from dockerls.core.buildcontext import BuildContext
from dockerls.core.context import RuleContext, SuppressionResult
from dockerls.core.findings import INTERNAL_ERROR, Edit, Finding, Fix
from dockerls.core.options import Options
from dockerls.core.rule import Rule
from dockerls.engine.check import run_rules
from dockerls.syntax import Dockerfile, Instruction, Span
from dockerls.syntax.suppressions import FILE, INSTRUCTION, MARKER, SuppressedCode, Suppression, parse_suppressions


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


def apply_suppressions(
    document: Dockerfile,
    findings: list[Finding],
    selected: Sequence[Rule],
    registry: Sequence[Rule],
    build_context: BuildContext,
    options: Options,
) -> list[Finding]:
    """Drop the findings a suppression covers; then run the ``selected`` rules that
    judge the suppressions (unless a rule failed: its findings are missing)."""
    suppressions, _ = parse_suppressions(document)
    if not suppressions:
        return findings
    used: set[Span] = set()
    locator = _InstructionLocator(document)

    def suppressed(finding: Finding) -> bool:
        instruction = locator.at(finding.span.start)
        hit = False
        for suppression in suppressions:
            if suppression.kind == INSTRUCTION and (instruction is None or suppression.instruction is not instruction):
                continue
            for entry in _matches(finding.code, suppression):
                used.add(entry.span)
                hit = True
        return hit

    kept = [finding for finding in findings if not suppressed(finding)]
    judges = [rule for rule in selected if rule.scope == "suppressions"]
    if judges and not any(finding.code == INTERNAL_ERROR for finding in findings):
        result = SuppressionResult(
            frozenset(used), frozenset(rule.code for rule in registry), frozenset(rule.code for rule in selected)
        )
        judged = run_rules(RuleContext(document, build_context, options, result), judges)
        judged = [finding for finding in judged if not suppressed(finding)]
        if judged:
            kept = sorted([*kept, *judged], key=lambda finding: (finding.span.start, finding.span.end, finding.code))
    return kept


def _matches(code: str, suppression: Suppression) -> list[SuppressedCode]:
    return [entry for entry in suppression.codes if code.startswith(entry.code)]


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
