"""Which rules run and how fixes apply: one settings object for the CLI and the server."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from dockerls.core.findings import Finding, Severity
from dockerls.core.options import Options
from dockerls.core.rule import Rule


@dataclass(frozen=True)
class LintSettings:
    select: tuple[str, ...] = ()  # codes or prefixes; empty selects every rule
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)  # code or prefix → severity
    unsafe_fixes: bool = False
    fixable: tuple[str, ...] = ()  # empty: every rule's fix may apply
    unfixable: tuple[str, ...] = ()
    options: Options = field(default_factory=Options)

    def selects(self, code: str) -> bool:
        """ruff's rule: the most specific matching prefix decides; ties go to ignore."""
        chosen = max(_longest(code, self.select or ("ALL",)), _longest(code, self.extend_select))
        return chosen >= 0 and chosen > _longest(code, self.ignore)

    def rules(self, registry: Iterable[Rule]) -> list[Rule]:
        return [rule for rule in registry if self.selects(rule.code)]

    def can_fix(self, finding: Finding, *, unsafe: bool | None = None) -> bool:
        if finding.fix is None:
            return False
        if not finding.fix.is_safe and not (self.unsafe_fixes if unsafe is None else unsafe):
            return False
        allowed = _longest(finding.code, self.fixable or ("",))
        return allowed >= 0 and allowed > _longest(finding.code, self.unfixable)

    def severity_of(self, code: str, default: Severity) -> Severity:
        best, chosen = -1, default
        for prefix, severity in self.severity.items():
            if code.startswith(prefix) and len(prefix) > best:
                best, chosen = len(prefix), severity
        return chosen


def _longest(code: str, prefixes: Iterable[str]) -> int:
    """Length of the longest prefix in ``prefixes`` that ``code`` starts with; -1 if none."""
    best = -1
    for prefix in prefixes:
        prefix = prefix.upper()
        if prefix == "ALL":
            prefix = ""
        if code.startswith(prefix) and len(prefix) > best:
            best = len(prefix)
    return best
