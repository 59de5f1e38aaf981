"""Every apt rule is registered and documents itself the way docs/rules/ expects."""

from __future__ import annotations

import re

import pytest

from dockerls.rules import BY_CODE
from dockerls.rules.apt import RULES

SECTIONS = ["## What it does", "## Why", "## Example", "## Fix safety"]


def test_codes_are_registered_in_order():
    assert [rule.code for rule in RULES] == [f"APT00{n}" for n in range(1, len(RULES) + 1)]
    assert all(BY_CODE[rule.code] is rule for rule in RULES)
    assert all(re.fullmatch(r"apt(-[a-z]+)+", rule.name) for rule in RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_docstring_layout(rule):
    summary, _, body = rule.doc.partition("\n")
    assert summary.strip() and not summary.startswith("#")
    positions = [body.find(section + "\n") for section in SECTIONS]
    assert -1 not in positions and positions == sorted(positions)
    assert "```Dockerfile" in body
