"""What is wrong with the build context's files, as findings and errors the adapters report.

A rule's finding lives in the Dockerfile; these live in other files: a line of the
ignore file BuildKit refuses (``DLS002``) or reads otherwise than it looks
(``DLS003``) is a finding *in the ignore file*, with a span into that file's text.
A context file dockerls could not read whole (too large, unreadable, not a regular
file: the ignore file, a requirements file, a Cargo.toml) is an error: what the
context holds is then unknown, and the fixes that depend on it are not offered.

The CLI prints the findings with the others (under the ignore file's name) and the
errors on stderr, exiting 2. The language server (``Session.publish_context_issues``)
publishes the findings with ``textDocument/publishDiagnostics`` for the ignore file's
URI (positions from a ``LineIndex`` of ``text``; cleared when the problems go), and
shows each error once with ``window/showMessage`` (Warning) — the Dockerfile's own
findings already say, in their messages, why no fix is offered.
"""

from __future__ import annotations

from dataclasses import dataclass

from dockerls.core.buildcontext import BuildContext
from dockerls.core.findings import Finding, Severity
from dockerls.syntax import Span

INVALID_IGNORE_PATTERN = ("DLS002", "invalid-ignore-pattern")
UNCLEAR_IGNORE_PATTERN = ("DLS003", "unclear-ignore-pattern")


@dataclass(frozen=True, slots=True)
class FileFinding:
    """A finding in a file of the build context (not the Dockerfile)."""

    path: str
    text: str  # the file's text, which ``finding.span`` indexes
    finding: Finding


def context_findings(context: BuildContext) -> list[FileFinding]:
    """Findings on the ignore file's lines."""
    found = []
    for problem in context.problems:
        where = problem.problem
        if where is None:
            continue
        code, name = INVALID_IGNORE_PATTERN if where.malformed else UNCLEAR_IGNORE_PATTERN
        if where.malformed:
            message = f"BuildKit refuses this .dockerignore line: {where.message}"
        else:
            message = f"dockerls cannot tell what this .dockerignore line excludes: {where.message}"
        severity = Severity.ERROR if where.malformed else Severity.WARNING
        finding = Finding(code, name, message + "; fixes that need the build context are not offered", severity,
                          Span(where.start, where.end))
        found.append(FileFinding(problem.path, problem.text, finding))
    return found


def context_errors(context: BuildContext) -> list[tuple[str, str]]:
    """(path, why) for each context file dockerls could not read whole."""
    return [(problem.path, problem.message) for problem in context.problems if problem.problem is None]
