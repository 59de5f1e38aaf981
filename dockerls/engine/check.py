"""Run the selected rules over a document; shared by the CLI and the server."""

from __future__ import annotations

import logging
from typing import Iterable

from dockerls.engine.buildcontext import NO_CONTEXT, BuildContext
from dockerls.engine.context import RuleContext
from dockerls.engine.model import Finding, Severity
from dockerls.engine.options import Options
from dockerls.engine.rule import Rule
from dockerls.syntax import Dockerfile, Span

log = logging.getLogger(__name__)


def check(
    document: Dockerfile,
    rules: Iterable[Rule] | None = None,
    *,
    build_context: BuildContext = NO_CONTEXT,
    options: Options | None = None,
) -> list[Finding]:
    """All findings for ``document``, sorted by position. A rule that fails is
    logged and reported as an internal finding instead of failing the check."""
    from dockerls.rules import RULES

    context = RuleContext(document, build_context, options or Options())
    findings: list[Finding] = []
    for rule in RULES if rules is None else rules:
        try:
            findings.extend(rule.check(context))
        except Exception as error:  # a bug in one rule must not hide the others
            log.exception("rule %s failed", rule.code)
            findings.append(
                Finding(
                    code="DLS001",
                    name="internal-error",
                    message=f"dockerls rule {rule.code} failed: {type(error).__name__}: {error}",
                    severity=Severity.ERROR,
                    span=Span(0, 0),
                )
            )
    findings.sort(key=lambda finding: (finding.span.start, finding.span.end, finding.code))
    return findings
