"""The engine: check and fix text with the rules of a registry. Shared by the CLI and the server.

The engine sits above the rules and never imports them: the adapters pass the
registry (``dockerls.rules.RULES``) to every call.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Sequence

from dockerls.core.buildcontext import NO_CONTEXT, BuildContext
from dockerls.core.findings import Finding
from dockerls.core.rule import Rule
from dockerls.engine.check import check
from dockerls.engine.fix import FixResult, apply_edits, fix_all, minimal_edits
from dockerls.engine.partition import StageGroupCache
from dockerls.engine.settings import LintSettings
from dockerls.engine.suppress import apply_suppressions
from dockerls.syntax import Dockerfile, parse

# Below this many characters (about 3,000 lines) a fix round checks its whole text, with the
# stage-group cache answering for the groups the round left unchanged: one check of the new tree
# is 20-30 % cheaper than parsing and checking each changed group apart. Above it, rounds check
# one group at a time, so that a second full analysis never sits beside the editor's.
WHOLE_FILE_FIX_BELOW = 100_000


def lint_document(
    document: Dockerfile,
    settings: LintSettings | None = None,
    build_context: BuildContext = NO_CONTEXT,
    cache: StageGroupCache | None = None,
    *,
    registry: Sequence[Rule],
) -> list[Finding]:
    """Findings for a parsed document: the registry's selected rules, suppressions, severity overrides.
    A ``cache`` lets repeated checks of an edited document skip unchanged stage groups."""
    settings = settings or LintSettings()
    selected = settings.rules(registry)
    findings = check(
        document,
        [rule for rule in selected if rule.scope != "suppressions"],
        build_context=build_context,
        options=settings.options,
        cache=cache,
    )
    findings = apply_suppressions(document, findings, selected, registry, build_context, settings.options)
    if settings.severity:
        findings = [replace(f, severity=settings.severity_of(f.code, f.severity)) for f in findings]
    return findings


def lint(
    text: str,
    settings: LintSettings | None = None,
    build_context: BuildContext = NO_CONTEXT,
    *,
    registry: Sequence[Rule],
) -> list[Finding]:
    return lint_document(parse(text), settings, build_context, registry=registry)


def fix(
    text: str,
    settings: LintSettings | None = None,
    build_context: BuildContext = NO_CONTEXT,
    *,
    registry: Sequence[Rule],
    unsafe: bool | None = None,
    cache: StageGroupCache | None = None,
    before_check: Callable[[], None] | None = None,
    tree: Dockerfile | None = None,
) -> FixResult:
    """Apply every fix the settings allow (safe ones, plus unsafe ones when enabled), to convergence.

    With a ``cache``, each round re-checks only the stage groups its fixes changed: a text
    below ``WHOLE_FILE_FIX_BELOW`` characters as one whole-file check when most groups
    changed, a larger one group at a time, so that only the round's syntax tree and one
    group's analyses are alive at once, where a whole-file check would hold a second full
    analysis beside the editor's (about 40 MB at 20,000 lines). ``before_check`` runs before each round's check
    (the server collects garbage there). ``tree``: the caller's parse of ``text``, if any."""
    settings = settings or LintSettings()
    by_group = cache if cache is None or len(text) < WHOLE_FILE_FIX_BELOW else cache.checking_every_group()

    def check(document: Dockerfile) -> list[Finding]:
        if before_check is not None:
            before_check()
        return lint_document(document, settings, build_context, by_group, registry=registry)

    return fix_all(text, check, wanted=lambda finding: settings.can_fix(finding, unsafe=unsafe), tree=tree)


__all__ = [
    "FixResult",
    "LintSettings",
    "StageGroupCache",
    "apply_edits",
    "check",
    "fix",
    "lint",
    "lint_document",
    "minimal_edits",
]
