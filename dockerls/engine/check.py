"""Run the selected rules over a document; shared by the CLI and the server."""

from __future__ import annotations

import logging
from typing import Iterable

from dockerls.core.buildcontext import NO_CONTEXT, BuildContext
from dockerls.core.context import RuleContext
from dockerls.core.findings import INTERNAL_ERROR, Finding, Severity
from dockerls.core.options import Options
from dockerls.engine.partition import StageGroupCache, check_by_stage_group
from dockerls.core.rule import Rule
from dockerls.syntax import Dockerfile, Span

log = logging.getLogger(__name__)


def check(
    document: Dockerfile,
    rules: Iterable[Rule],
    *,
    build_context: BuildContext = NO_CONTEXT,
    options: Options | None = None,
    cache: StageGroupCache | None = None,
) -> list[Finding]:
    """All findings for ``document``, sorted by position. A rule that fails is
    logged and reported as an internal finding instead of failing the check.

    With a ``cache`` (the server keeps one), rules that look only at connected
    stages are checked one group of stages at a time and unchanged groups are
    not checked again (dockerls.engine.partition)."""
    rules = tuple(rules)
    options = options or Options()
    findings = None
    if cache is not None:
        by_group = tuple(rule for rule in rules if rule.scope == "stages")
        grouped = check_by_stage_group(document, by_group, build_context, options, cache, _run) if by_group else None
        if grouped is not None:
            whole = tuple(rule for rule in rules if rule.scope != "stages")
            findings = grouped + _run(document, whole, build_context, options)
    if findings is None:
        findings = _run(document, rules, build_context, options)
    findings.sort(key=lambda finding: (finding.span.start, finding.span.end, finding.code))
    return findings


def _run(document: Dockerfile, rules: tuple[Rule, ...], build_context: BuildContext, options: Options) -> list[Finding]:
    return run_rules(RuleContext(document, build_context, options), rules)


def run_rules(context: RuleContext, rules: Iterable[Rule]) -> list[Finding]:
    """The rules' findings in ``context``; a rule that fails becomes an internal finding."""
    findings: list[Finding] = []
    for rule in rules:
        try:
            findings.extend(rule.check(context))
        except Exception as error:  # a bug in one rule must not hide the others
            log.exception("rule %s failed", rule.code)
            findings.append(
                Finding(
                    code=INTERNAL_ERROR,
                    name="internal-error",
                    message=f"dockerls rule {rule.code} failed: {type(error).__name__}: {error}",
                    severity=Severity.ERROR,
                    span=Span(0, 0),
                )
            )
    return findings
