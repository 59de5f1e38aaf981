"""The engine: check and fix text with the registered rules. Shared by the CLI and the server."""

from __future__ import annotations

from dataclasses import replace

from dockerls.engine.buildcontext import NO_CONTEXT, BuildContext, DirectoryContext, MemoryContext
from dockerls.engine.check import check
from dockerls.engine.fix import FixResult, apply_edits, fix_all, minimal_edits
from dockerls.engine.model import Applicability, Edit, Finding, Fix, Severity
from dockerls.engine.partition import StageGroupCache
from dockerls.engine.rule import Rule, rule
from dockerls.engine.settings import LintSettings
from dockerls.engine.suppress import apply_suppressions
from dockerls.syntax import Dockerfile, parse


def lint_document(
    document: Dockerfile,
    settings: LintSettings | None = None,
    build_context: BuildContext = NO_CONTEXT,
    cache: StageGroupCache | None = None,
) -> list[Finding]:
    """Findings for a parsed document: selected rules, suppressions, severity overrides.
    A ``cache`` lets repeated checks of an edited document skip unchanged stage groups."""
    from dockerls.rules import RULES

    settings = settings or LintSettings()
    findings = check(
        document, settings.rules(RULES), build_context=build_context, options=settings.options, cache=cache
    )
    findings = apply_suppressions(document, findings, settings)
    if settings.severity:
        findings = [replace(f, severity=settings.severity_of(f.code, f.severity)) for f in findings]
    return findings


def lint(text: str, settings: LintSettings | None = None, build_context: BuildContext = NO_CONTEXT) -> list[Finding]:
    return lint_document(parse(text), settings, build_context)


def fix(
    text: str,
    settings: LintSettings | None = None,
    build_context: BuildContext = NO_CONTEXT,
    *,
    unsafe: bool | None = None,
    cache: StageGroupCache | None = None,
) -> FixResult:
    """Apply every fix the settings allow (safe ones, plus unsafe ones when enabled), to convergence."""
    settings = settings or LintSettings()
    return fix_all(
        text,
        lambda document: lint_document(document, settings, build_context, cache),
        wanted=lambda finding: settings.can_fix(finding, unsafe=unsafe),
    )


__all__ = [
    "Applicability",
    "BuildContext",
    "DirectoryContext",
    "Edit",
    "Finding",
    "Fix",
    "FixResult",
    "LintSettings",
    "MemoryContext",
    "NO_CONTEXT",
    "Rule",
    "Severity",
    "StageGroupCache",
    "apply_edits",
    "check",
    "fix",
    "lint",
    "lint_document",
    "minimal_edits",
    "rule",
]
