"""Findings as the command line reports them: 1-based rows and code-point columns, per file."""

from __future__ import annotations

from typing import Any, NamedTuple

from dockerls.core.findings import Finding, Fix, Related
from dockerls.core.rule import DOCS_URL
from dockerls.engine.settings import LintSettings
from dockerls.syntax.lines import LineIndex


class Location(NamedTuple):
    row: int  # 1-based
    column: int  # 1-based, in code points

    def to_json(self) -> dict[str, int]:
        return {"row": self.row, "column": self.column}


class Diagnostic(NamedTuple):
    code: str
    name: str
    message: str
    severity: str
    filename: str  # as shown to the user
    path: str  # absolute, or "-" for stdin without --stdin-filename
    location: Location
    end_location: Location
    fix: dict[str, Any] | None  # JSON shape: applicability, message, edits
    fixable: bool  # --fix would apply the fix with the current settings
    hidden_fix: bool  # an unsafe fix that --unsafe-fixes would apply
    # The other places of the finding's problem: JSON shape message, location, end_location.
    related: tuple[dict[str, Any], ...] = ()

    @property
    def url(self) -> str:
        return DOCS_URL.format(code=self.code)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "message": self.message,
            "severity": self.severity,
            "filename": self.path,
            "location": self.location.to_json(),
            "end_location": self.end_location.to_json(),
            "url": self.url,
            "fix": self.fix,
            "related": list(self.related),
        }


def location(lines: LineIndex, offset: int) -> Location:
    row, column = lines.position(offset)
    return Location(row + 1, column + 1)


def fix_json(fix: Fix, lines: LineIndex) -> dict[str, Any]:
    return {
        "applicability": fix.applicability.value,
        "message": fix.title,
        "edits": [
            {
                "content": edit.content,
                "location": location(lines, edit.start).to_json(),
                "end_location": location(lines, edit.end).to_json(),
            }
            for edit in fix.edits
        ],
    }


def related_json(related: Related, lines: LineIndex) -> dict[str, Any]:
    return {
        "message": related.message,
        "location": location(lines, related.span.start).to_json(),
        "end_location": location(lines, related.span.end).to_json(),
    }


def diagnostic(finding: Finding, lines: LineIndex, settings: LintSettings, filename: str, path: str) -> Diagnostic:
    fixable = settings.can_fix(finding)
    return Diagnostic(
        code=finding.code,
        name=finding.name,
        message=finding.message,
        severity=finding.severity.value,
        filename=filename,
        path=path,
        location=location(lines, finding.span.start),
        end_location=location(lines, finding.span.end),
        fix=fix_json(finding.fix, lines) if finding.fix is not None else None,
        fixable=fixable,
        hidden_fix=not fixable and settings.can_fix(finding, unsafe=True),
        related=tuple(related_json(related, lines) for related in finding.related),
    )


class FileResult(NamedTuple):
    """What checking one file produced."""

    filename: str
    diagnostics: tuple[Diagnostic, ...] = ()
    fixed: int = 0  # findings of the file as read whose fixes were applied (or would be, for --diff)
    new: int = 0  # of ``diagnostics``, those the fixes brought
    gone: int = 0  # findings of the file as read that went away with other findings' fixes
    diff: str = ""
    fixed_text: str | None = None  # stdin with --fix: the text to print
    error: str | None = None
    unwritten: bool = False  # the error is writing the fixes: the file was checked, and is unchanged
    # Findings in other files of its build context (the ignore file's lines), and the
    # context files that could not be read (each reported once however many share them).
    context_diagnostics: tuple[Diagnostic, ...] = ()
    context_errors: tuple[str, ...] = ()

    @property
    def checked(self) -> bool:
        return self.error is None or self.unwritten


def context_report(context: Any, settings: LintSettings) -> tuple[tuple[Diagnostic, ...], tuple[str, ...]]:
    """The build context's own findings and errors, as the CLI reports them."""
    import os

    from dockerls.engine.contextissues import context_errors, context_findings

    diagnostics = []
    for found in context_findings(context):
        shown = os.path.relpath(found.path) if not os.path.relpath(found.path).startswith("..") else found.path
        diagnostics.append(diagnostic(found.finding, LineIndex(found.text), settings, shown, found.path))
    errors = tuple(
        f"{path}: {why}; the fixes that depend on it are not offered" for path, why in context_errors(context)
    )
    return tuple(diagnostics), errors
