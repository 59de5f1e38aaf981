"""Rule selection by code and prefix, ruff-style."""

from __future__ import annotations

from dockerls.core.findings import Edit, Finding, Fix, Severity
from dockerls.engine import LintSettings
from dockerls.core.findings import Applicability
from dockerls.syntax import Span


def test_default_selects_everything():
    assert LintSettings().selects("APT001")


def test_select_and_ignore_by_prefix():
    settings = LintSettings(select=("APT",), ignore=("APT002",))
    assert settings.selects("APT001")
    assert not settings.selects("APT002")
    assert not settings.selects("PIP001")


def test_more_specific_select_beats_ignore():
    settings = LintSettings(select=("APT001",), ignore=("APT",))
    assert settings.selects("APT001")
    assert not settings.selects("APT003")


def test_same_specificity_ignore_wins():
    assert not LintSettings(select=("APT",), ignore=("APT",)).selects("APT001")


def test_extend_select_adds_to_select():
    settings = LintSettings(select=("APT",), extend_select=("PIP001",))
    assert settings.selects("PIP001") and not settings.selects("PIP002")


def test_all_keyword():
    assert LintSettings(select=("ALL",), ignore=("SYN",)).selects("CRG001")


def test_fixable_and_unsafe():
    unsafe = Finding("PIP001", "x", "m", Severity.WARNING, Span(0, 0), Fix("t", (Edit(0, 0, ""),), Applicability.UNSAFE))
    assert not LintSettings().can_fix(unsafe)
    assert LintSettings(unsafe_fixes=True).can_fix(unsafe)
    assert not LintSettings(unsafe_fixes=True, unfixable=("PIP",)).can_fix(unsafe)
    assert not LintSettings(unsafe_fixes=True, fixable=("APT",)).can_fix(unsafe)


def test_severity_override_by_prefix():
    settings = LintSettings(severity={"APT": Severity.ERROR, "APT002": Severity.HINT})
    assert settings.severity_of("APT001", Severity.WARNING) is Severity.ERROR
    assert settings.severity_of("APT002", Severity.WARNING) is Severity.HINT
    assert settings.severity_of("PIP001", Severity.WARNING) is Severity.WARNING
