"""The engine as the adapters call it: with the registry of every rule.

The registry is read at each call, so a test that adds rules to
``dockerls.rules.RULES`` (monkeypatch) checks with them too.
"""

from __future__ import annotations

from dataclasses import dataclass

import dockerls.rules
from dockerls import engine
from dockerls.core.buildcontext import NO_CONTEXT, BuildContext
from dockerls.core.findings import Finding
from dockerls.engine.fix import FixResult, fix_all
from dockerls.engine.settings import LintSettings


def lint(*args, **kwargs) -> list[Finding]:
    return engine.lint(*args, registry=dockerls.rules.RULES, **kwargs)


def lint_document(*args, **kwargs) -> list[Finding]:
    return engine.lint_document(*args, registry=dockerls.rules.RULES, **kwargs)


def fix(*args, **kwargs) -> FixResult:
    return engine.fix(*args, registry=dockerls.rules.RULES, **kwargs)


@dataclass(frozen=True)
class Round:
    """One round of a fix-all: the text it started from, the findings on that text (what the
    round's fixes may change) and the text it left."""

    before: str
    findings: list[Finding]
    after: str


def fix_in_rounds(text: str, settings: LintSettings | None = None, build_context: BuildContext = NO_CONTEXT) -> tuple[FixResult, list[Round]]:
    """``fix``, recording every round. A fix-all converges over rounds: a later round may change
    a line only its own findings are on (a removed ENV lets a RUN's fix apply), so what a round
    may change is judged against that round's findings, not the first round's."""
    settings = settings or LintSettings()
    checked: list[tuple[str, list[Finding]]] = []

    def check(document) -> list[Finding]:
        findings = lint_document(document, settings, build_context)
        checked.append((document.text, findings))
        return findings

    result = fix_all(text, check, wanted=settings.can_fix)
    assert result.text == fix(text, settings, build_context).text, "the recorded rounds differ from the engine's fix"
    rounds = [Round(before, findings, after) for (before, findings), (after, _) in zip(checked, checked[1:])]
    return result, rounds
