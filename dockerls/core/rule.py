"""How a rule is declared: ``@rule(...)`` on a pure check function."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from dockerls.core.findings import Finding, Fix, Related, Severity, Violation

if TYPE_CHECKING:
    from dockerls.core.context import RuleContext
    from dockerls.syntax import Span

DOCS_URL = "https://github.com/dockerls/dockerls/blob/main/docs/rules/{code}.md"


@dataclass(frozen=True, eq=False)
class Rule:
    code: str
    name: str
    severity: Severity
    fix_availability: str  # "always" | "sometimes" | "none"
    check: Callable[["RuleContext"], Iterable[Finding]]
    doc: str
    # "stages": the findings depend only on the stages connected to the one
    # reported on, so the engine may check each group of connected stages on its
    # own (dockerls.engine.partition). "document": the rule needs the whole file.
    # "suppressions": the rule judges the suppression comments; it runs on the
    # whole file after the other rules, given what they suppressed.
    scope: str = "stages"

    @property
    def family(self) -> str:
        return self.code.rstrip("0123456789")

    @property
    def summary(self) -> str:
        return self.doc.split("\n", 1)[0].strip()

    @property
    def url(self) -> str:
        return DOCS_URL.format(code=self.code)

    def finding(
        self,
        violation: Violation,
        span: "Span",
        fix: Fix | None = None,
        *,
        unnecessary: tuple["Span", ...] = (),
        alternatives: tuple[Fix, ...] = (),
        severity: Severity | None = None,
        related: tuple[Related, ...] = (),
    ) -> Finding:
        """A finding at ``span`` in the violation's words. ``fix`` is made by the violation
        (``violation.fix(edits, applicability)``; findings may share one); ``alternatives``
        are other fixes a user may choose instead; ``related``, the other places of the
        same problem (one problem is one finding, however many lines its fix edits)."""
        if fix is not None and fix.title != violation.fix_title:
            raise ValueError(f"{self.code}: a fix titled {fix.title!r} does not come from {violation!r}")
        return Finding(
            code=self.code,
            name=self.name,
            message=violation.message,
            severity=severity or self.severity,
            span=span,
            fix=fix,
            unnecessary=unnecessary,
            alternatives=alternatives,
            related=related,
        )


def rule(code: str, name: str, severity: Severity = Severity.WARNING, *, fix: str = "sometimes", scope: str = "stages"):
    """Declare a rule. The function's docstring is its documentation: a summary
    line, then sections *What it does*, *Why*, *Example* and *Fix safety*."""

    def declare(check: Callable[["RuleContext"], Iterable[Finding]]) -> Rule:
        return Rule(code, name, severity, fix, check, _cleandoc(check.__doc__ or name), scope)

    return declare


def _cleandoc(doc: str) -> str:
    """Like ``inspect.cleandoc`` (importing inspect would cost the CLI ~15 ms)."""
    lines = doc.expandtabs().split("\n")
    indents = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    margin = min(indents, default=0)
    cleaned = [lines[0].strip()] + [line[margin:].rstrip() for line in lines[1:]]
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    while cleaned and not cleaned[0]:
        cleaned.pop(0)
    return "\n".join(cleaned)
