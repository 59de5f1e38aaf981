"""The explicit rule registry. A family is a module or package exporting ``RULES``."""

from __future__ import annotations

from dockerls.core.rule import Rule
from dockerls.rules import apt, cargo, go, node, python, suppression, syntax
from dockerls.rules import system
from dockerls.rules import dotnet
from dockerls.rules import jvm
from dockerls.rules import php, ruby
from dockerls.rules import mount_review

RULES: tuple[Rule, ...] = (
    *syntax.RULES,
    *apt.RULES,
    *cargo.RULES,
    *python.RULES,
    *node.RULES,
    *go.RULES,
    *system.RULES,
    *dotnet.RULES,
    *jvm.RULES,
    *php.RULES,
    *ruby.RULES,
    *mount_review.RULES,
    *suppression.RULES,
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
