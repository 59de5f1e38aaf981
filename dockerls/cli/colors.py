"""Colour in the text report: on a terminal, never in a pipe, as the user says.

``--color always`` and ``--color never`` decide. With ``auto`` (the default) the
environment decides first: ``FORCE_COLOR`` set to anything but "" turns colour on,
``NO_COLOR`` set to anything but "" turns it off (https://force-color.org,
https://no-color.org; with both set, FORCE_COLOR wins, as force-color.org's own
example orders them), ``TERM=dumb`` turns it off; otherwise a stream has colour
when it is a terminal. Machine formats (json, github, sarif) are never coloured.
"""

from __future__ import annotations

import os
import re
from typing import Mapping, TextIO

AUTO, ALWAYS, NEVER = "auto", "always", "never"
CHOICES = (AUTO, ALWAYS, NEVER)

_RESET = "\x1b[0m"
# A line with its own break, as the diff keeps them: only these three end a line.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def wants_color(choice: str, stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    if choice != AUTO:
        return choice == ALWAYS
    environ = os.environ if environ is None else environ
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


class Style:
    """Paints text with ANSI SGR codes when enabled; otherwise returns it as it is."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    @classmethod
    def for_stream(cls, choice: str, stream: TextIO) -> "Style":
        return cls(wants_color(choice, stream))

    def _paint(self, text: str, codes: str) -> str:
        return f"\x1b[{codes}m{text}{_RESET}" if self.enabled and text else text

    def path(self, text: str) -> str:
        return self._paint(text, "1")

    def punctuation(self, text: str) -> str:
        return self._paint(text, "36")

    def code(self, text: str) -> str:
        return self._paint(text, "1;31")

    def fixable(self, text: str) -> str:
        return self._paint(text, "36")

    def success(self, text: str) -> str:
        return self._paint(text, "1;32")

    def error(self, text: str) -> str:
        return self._paint(text, "1;31")

    def warning(self, text: str) -> str:
        return self._paint(text, "1;33")

    def diff(self, diff: str) -> str:
        """One file's unified diff: its two header lines, hunk headers, removed and added lines
        (a removed line may itself start with "---": only the first two lines are headers)."""
        if not self.enabled:
            return diff
        painted = []
        for number, line in enumerate(_LINE.findall(diff)):
            body = line.rstrip("\r\n")
            codes = "1" if number < 2 else {"@": "36", "-": "31", "+": "32"}.get(body[:1], "")
            painted.append((self._paint(body, codes) if codes else body) + line[len(body):])
        return "".join(painted)


PLAIN = Style(False)
