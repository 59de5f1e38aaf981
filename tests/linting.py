"""The engine as the adapters call it: with the registry of every rule.

The registry is read at each call, so a test that adds rules to
``dockerls.rules.RULES`` (monkeypatch) checks with them too.
"""

from __future__ import annotations

import dockerls.rules
from dockerls import engine
from dockerls.core.findings import Finding
from dockerls.engine.fix import FixResult


def lint(*args, **kwargs) -> list[Finding]:
    return engine.lint(*args, registry=dockerls.rules.RULES, **kwargs)


def lint_document(*args, **kwargs) -> list[Finding]:
    return engine.lint_document(*args, registry=dockerls.rules.RULES, **kwargs)


def fix(*args, **kwargs) -> FixResult:
    return engine.fix(*args, registry=dockerls.rules.RULES, **kwargs)
