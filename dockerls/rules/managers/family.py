"""Declaring a package manager's rules on the generic checks: a profile, a code, a name, a docstring.

The checks are the ones pip, uv and poetry use (``cache_checks``, ``file_checks``,
``variable_checks``); a family module declares one rule per kind with its own
documentation (the docstring, whose Example runs as a test), so that adding a
manager is its profile entry, its family module and its tests. Codes end in the
kind's digit, as the PIP family's do: 1 cache not mounted (or emptied by the RUN that mounts it), 2 files not
bind-mounted, 3 COPY removable, 4 cache turned off by a variable, 5 cache mount
misplaced or owned by another user.
"""

from __future__ import annotations

from typing import Callable, Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding, Severity
from dockerls.core.rule import Rule, rule
from dockerls.profiles import Profile
from dockerls.rules.managers import cache_checks, emptied, file_checks, variable_checks

def _cache_not_mounted_or_emptied(context: RuleContext, rule: Rule, tool: str) -> Iterator[Finding]:
    yield from cache_checks.cache_not_mounted(context, rule, tool)
    yield from emptied.cache_emptied(context, rule, tool)


KINDS: dict[str, Callable[[RuleContext, Rule, str], Iterator[Finding]]] = {
    "cache-not-mounted": _cache_not_mounted_or_emptied,
    "files-not-bind-mounted": file_checks.files_not_bind_mounted,
    "copy-removable": file_checks.copy_removable,
    "cache-off-variable": variable_checks.cache_disabled_by_variable,
    "cache-mount-misplaced": cache_checks.cache_mount_misplaced,
}
_FIX = {"cache-off-variable": "always"}


def manager_rule(code: str, name: str, kind: str, profile: Profile, doc: str, severity: Severity = Severity.WARNING) -> Rule:
    """A rule of ``profile``'s family running the generic check ``kind``, documented by ``doc``."""
    check = KINDS[kind]
    declared: Rule

    def run(context: RuleContext) -> Iterator[Finding]:
        return check(context, declared, profile.name)

    run.__doc__ = doc
    run.__name__ = name.replace("-", "_")
    declared = rule(code, name, severity, fix=_FIX.get(kind, "sometimes"))(run)
    return declared
