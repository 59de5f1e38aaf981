"""The files a pip requirements file pulls in: ``-r``/``-c`` lines (pip resolves them next to it)."""

from __future__ import annotations

import re

_OPTION = re.compile(
    r"^(?:-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?<=^-r)|(?<=^-c))(?P<path>\S+)\s*$"
)


def referenced_files(text: str) -> list[str]:
    """Paths of the requirement and constraint files ``text`` references, as written.

    Comments (``#`` at the start or after a blank) and line continuations are
    handled as pip handles them; URLs are left out (no bind mount can stand in for them).
    """
    found = []
    for line in _logical_lines(text):
        line = re.sub(r"(^|\s)#.*$", "", line).strip()
        match = _OPTION.match(line)
        if match and "://" not in match.group("path"):
            found.append(match.group("path"))
    return found


def _logical_lines(text: str) -> list[str]:
    lines: list[str] = []
    pending = ""
    for raw in text.splitlines():
        if raw.endswith("\\") and not raw.endswith("\\\\"):
            pending += raw[:-1]
            continue
        lines.append(pending + raw)
        pending = ""
    if pending:
        lines.append(pending)
    return lines
