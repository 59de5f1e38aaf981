"""SUP: the ``# dockerls: ignore=CODE`` comments themselves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from dockerls.core.context import RuleContext, SuppressionResult
from dockerls.core.findings import Edit, Finding, Severity, Violation
from dockerls.core.rule import rule
from dockerls.syntax import Dockerfile, parse
from dockerls.syntax.suppressions import FILE, INSTRUCTION, SuppressedCode, Suppression, parse_suppressions


@dataclass(frozen=True, slots=True)
class UnusedSuppression(Violation):
    codes: tuple[str, ...]  # the unused codes, as written (upper-cased)
    unknown: frozenset[str]  # those that name no rule
    kind: str  # INSTRUCTION or FILE
    detached: bool  # an instruction suppression with no instruction below it
    whole_comment: bool  # every code of the comment is unused

    @property
    def message(self) -> str:
        notes = ", ".join(f"{code} (no such rule)" if code in self.unknown else code for code in self.codes)
        if self.detached:
            return f"Suppression of {notes} is not directly above an instruction: it suppresses nothing"
        where = "this file" if self.kind == FILE else "this instruction"
        return f"Unused suppression of {notes}: no such finding in {where}"

    @property
    def fix_title(self) -> str:
        if self.whole_comment:
            return "Remove unused suppression comment"
        return f"Remove unused suppression of {', '.join(self.codes)}"


@dataclass(frozen=True, slots=True)
class UnreadableSuppression(Violation):
    reason: str  # what is wrong, and how to write it

    @property
    def message(self) -> str:
        return self.reason


@rule("SUP001", "unused-suppression", Severity.WARNING, fix="sometimes", scope="suppressions")
def UNUSED_SUPPRESSION(context: RuleContext) -> Iterator[Finding]:
    """A suppression comment that suppresses nothing.

    ## What it does
    Reports codes in `# dockerls: ignore=…` and `# dockerls: ignore-file=…`
    comments for which no finding was suppressed, codes that name no rule,
    and `ignore=` comments that are not directly above an instruction.
    Codes of rules that are not selected are not reported: another
    configuration may need them.

    ## Why
    A stale suppression hides the next real finding of that rule on the
    instruction, and misleads readers about why it is there.

    ## Example
    ```Dockerfile
    FROM debian:bookworm
    # dockerls: ignore=APT001 we clean up below
    RUN echo "no apt here"
    ```

    ## Fix safety
    Safe: only the comment changes. The fix removes the unused codes, or the
    whole comment line when none is used. No fix is offered when deleting
    the line would turn the comment below it into a parser directive.
    """
    # Whether a code was used is known only once every other rule has run:
    # the engine runs this rule after them (scope="suppressions") and says so.
    result = context.suppressions
    if result is None:
        return
    document = context.document
    suppressions, _ = parse_suppressions(document)
    for suppression in suppressions:
        detached = suppression.kind == INSTRUCTION and suppression.instruction is None
        unused = [entry for entry in suppression.codes if _reported(entry, result, detached)]
        if not unused:
            continue
        violation = UnusedSuppression(
            tuple(entry.code for entry in unused),
            frozenset(entry.code for entry in unused if not _names_rule(entry.code, result.registered)),
            suppression.kind,
            detached,
            whole_comment=len(unused) == len(suppression.codes),
        )
        edit = _removal(document, suppression, unused)
        yield UNUSED_SUPPRESSION.finding(
            violation,
            suppression.span,
            None if edit is None else violation.fix((edit,)),
            unnecessary=tuple(entry.span for entry in unused) if edit else (),
        )


def _reported(entry: SuppressedCode, result: SuppressionResult, detached: bool) -> bool:
    if entry.span in result.used or UNUSED_SUPPRESSION.code.startswith(entry.code):
        return False
    if not _names_rule(entry.code, result.registered):
        return True
    # A code whose rules are all deselected may be needed by another configuration: keep quiet.
    return detached or _names_rule(entry.code, result.selected)


def _names_rule(prefix: str, codes: frozenset[str]) -> bool:
    return any(code.startswith(prefix) for code in codes)


def _removal(document: Dockerfile, suppression: Suppression, unused: list[SuppressedCode]) -> Edit | None:
    """The edit removing the unused codes, or the whole comment line when none is used."""
    kept = [entry for entry in suppression.codes if entry not in unused]
    if kept:
        separator = document.text[suppression.codes[0].span.end : suppression.codes[1].span.start]
        content = separator.join(document.text[e.span.start : e.span.end] for e in kept)
        span = suppression.codes_span
        return Edit(span.start, span.end, content)
    start, end = suppression.line
    if start == 0 and document.text.startswith("\ufeff"):
        start = 1
    if not _keeps_directives(document, start, end):
        return None
    return Edit(start, end, "")


def _keeps_directives(document: Dockerfile, start: int, end: int) -> bool:
    """Deleting a comment line that ends the parser directives would turn the
    comment below it into a directive (``# escape=``, ``# syntax=``)."""
    directives_end = document.directives[-1].extent.end if document.directives else 0
    if start > directives_end + 1:  # +1: a BOM before the first line
        return True  # only a line right after the directives ends them
    before = [(d.name, d.value) for d in document.directives]
    after = [(d.name, d.value) for d in parse(document.text[:start] + document.text[end:]).directives]
    return before == after


@rule("SUP002", "invalid-suppression", Severity.WARNING, fix="none", scope="document")
def INVALID_SUPPRESSION(context: RuleContext) -> Iterator[Finding]:
    """A `# dockerls:` comment that cannot be read.

    ## What it does
    Reports `# dockerls:` comments other than `ignore=CODE[,CODE…] [reason]`
    and `ignore-file=CODE[,CODE…] [reason]`; in particular a bare `ignore`
    with no codes, which dockerls does not accept.

    ## Why
    The comment suppresses nothing, though its author meant it to. Naming
    the codes keeps every other finding on the instruction visible.

    ## Example
    ```Dockerfile
    FROM debian:bookworm
    # dockerls: ignore
    RUN apt-get update && apt-get install -y curl
    ```

    ## Fix safety
    No fix: which codes were meant cannot be known.
    """
    _, invalid = parse_suppressions(context.document)
    for problem in invalid:
        yield INVALID_SUPPRESSION.finding(UnreadableSuppression(problem.message), problem.span)


RULES = (UNUSED_SUPPRESSION, INVALID_SUPPRESSION)
