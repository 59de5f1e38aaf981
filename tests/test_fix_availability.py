"""Each rule's declared fix availability holds for the findings it really makes.

The findings are those of every golden fixture (with its build context) and of
every rule's docstring example: a rule declared ``always`` fixes each of them,
``none`` none of them, ``sometimes`` at least one (else it is really ``none``).
Every rule must make at least one finding there, or nothing would be checked.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from dockerls.core.findings import Finding
from dockerls.rules import RULES
from tests.golden.test_golden import CASES, build_context, read
from tests.linting import lint
from tests.test_rule_examples import example_of


def _corpus() -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = defaultdict(list)
    for case in CASES:
        for finding in lint(read(case / "before.Dockerfile"), None, build_context(case)):
            found[finding.code].append(finding)
    for rule in RULES:
        for finding in lint(example_of(rule)[0]):
            found[finding.code].append(finding)
    return found


FOUND = _corpus()


def availability_problem(declared: str, findings: list[Finding]) -> str | None:
    fixed = sum(finding.fix is not None for finding in findings)
    if not findings:
        return "no finding to check it against"
    if declared == "always" and fixed < len(findings):
        return f"{len(findings) - fixed} of {len(findings)} findings have no fix"
    if declared == "none" and fixed:
        return f"{fixed} of {len(findings)} findings have a fix"
    if declared == "sometimes" and not fixed:
        return f"none of {len(findings)} findings has a fix"
    return None


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_declared_fix_availability_matches_the_findings(rule):
    assert availability_problem(rule.fix_availability, FOUND[rule.code]) is None


def test_control_a_wrong_declaration_is_noticed():
    fixed = next(finding for findings in FOUND.values() for finding in findings if finding.fix is not None)
    unfixed = next(finding for findings in FOUND.values() for finding in findings if finding.fix is None)
    assert availability_problem("always", [fixed, unfixed]) == "1 of 2 findings have no fix"
    assert availability_problem("none", [fixed]) == "1 of 1 findings have a fix"
    assert availability_problem("sometimes", [unfixed]) == "none of 1 findings has a fix"
    assert availability_problem("sometimes", []) == "no finding to check it against"
    assert availability_problem("sometimes", [fixed, unfixed]) is None
