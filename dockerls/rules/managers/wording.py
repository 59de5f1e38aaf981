"""What the Python rules' findings call things: tool names, command labels, spans, line numbers."""

from __future__ import annotations

import posixpath

from dockerls.core.context import RuleContext, line_number
from dockerls.analysis.invocations import Invocation
from dockerls.profiles import BY_NAME, PIP as PIP_PROFILE, UV as UV_PROFILE
from dockerls.analysis.memo import remembered
from dockerls.syntax import Dockerfile, Span

TOOL_LABEL = {name: profile.label for name, profile in BY_NAME.items()}


def enabled(context: RuleContext) -> bool:
    """False for Windows files (no RUN mounts there); asked once per document, not per rule."""
    document = context.document
    return not remembered(document, "is-windows", lambda: document.is_windows)


def line_of(document: Dockerfile, offset: int) -> int:
    return line_number(document, offset)


def command_span(install: Invocation) -> Span:
    return Span(install.program.span.start, install.subcommand.span.end)


def command_label(install: Invocation) -> str:
    """``pip install``, ``python3 -m pip install``, ``uv pip install``, ``npm ci``, ``go mod download``."""
    program = posixpath.basename(install.program.text)
    if install.profile is PIP_PROFILE and program.startswith("python"):
        return f"{program} -m pip {install.subcommand.text}"
    words = install.spec.words
    if len(words) > 1 and [word.text for word in install.site.argv if word.text in words] == list(words):
        return f"{program} {' '.join(words)}"
    if install.subcommand is install.program:
        return program
    return f"{program} {install.subcommand.text}"
