"""Dockerfile variable expansion: ``$VAR``, ``${VAR}``, ``${VAR:-default}`` and friends."""

from __future__ import annotations

import re
from typing import Callable

_REFERENCE = re.compile(
    r"\\\$|\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-+])(?P<word>[^}]*))?\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)


class Unknown(Exception):
    """A referenced variable has no value that this Dockerfile shows."""


def expand(text: str, lookup: Callable[[str], str | None], *, strict: bool = False) -> str:
    """Expand references with ``lookup``.

    Unset variables expand to "" like BuildKit does; with ``strict`` an unset
    variable raises :class:`Unknown` instead, for callers that must not guess.
    """
    if "$" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        if match.group() == "\\$":
            return "$"
        name = match.group("braced") or match.group("bare")
        value = lookup(name)
        op = match.group("op")
        if op:
            word = expand(match.group("word") or "", lookup, strict=strict)
            is_set = value is not None and (value != "" or not op.startswith(":"))
            if op.endswith("-"):
                return value if is_set else word  # type: ignore[return-value]
            return word if is_set else ""
        if value is None:
            if strict:
                raise Unknown(name)
            return ""
        return value

    return _REFERENCE.sub(replace, text)


def expand_known(text: str, lookup: Callable[[str], str | None]) -> str | None:
    """The expansion of ``text``, or None when it depends on an unknown variable."""
    try:
        return expand(text, lookup, strict=True)
    except Unknown:
        return None
