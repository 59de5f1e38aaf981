"""Inline suppression comments (``# dockerls: ignore=CODE``). Placeholder until issue 6 lands."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dockerls.engine.model import Finding
    from dockerls.engine.settings import LintSettings
    from dockerls.syntax import Dockerfile


def apply_suppressions(document: "Dockerfile", findings: "list[Finding]", settings: "LintSettings") -> "list[Finding]":
    return findings
