"""Output formats of ``dockerls check``: text (ruff-like), json, github, sarif, and statistics."""

from __future__ import annotations

import os
from collections import Counter
from typing import Any, Sequence, TextIO

from dockerls.cli.diagnostics import Diagnostic, FileResult


def write_report(results: Sequence[FileResult], output_format: str, stream: TextIO, *, fixing: bool) -> None:
    diagnostics = [d for result in results for d in result.diagnostics]
    if output_format == "json":
        _write_json([d.to_json() for d in diagnostics], stream)
    elif output_format == "github":
        for d in diagnostics:
            stream.write(github_line(d) + "\n")
    elif output_format == "sarif":
        _write_json(sarif(diagnostics), stream)
    else:
        write_text(diagnostics, stream, fixed=sum(result.fixed for result in results), fixing=fixing)


def _write_json(data: Any, stream: TextIO) -> None:
    import json

    json.dump(data, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def write_text(diagnostics: Sequence[Diagnostic], stream: TextIO, *, fixed: int, fixing: bool) -> None:
    for d in diagnostics:
        marker = "[*] " if d.fixable else ""
        stream.write(f"{d.filename}:{d.location.row}:{d.location.column}: {d.code} {marker}{d.message}\n")
    stream.write(summary(diagnostics, fixed=fixed, fixing=fixing) + "\n")


def summary(diagnostics: Sequence[Diagnostic], *, fixed: int, fixing: bool) -> str:
    remaining = len(diagnostics)
    if fixing and fixed:
        return f"Found {_findings(fixed + remaining)} ({fixed} fixed, {remaining} remaining)."
    if not remaining:
        return "All checks passed!"
    line = f"Found {_findings(remaining)} ({_by_severity(diagnostics)})."
    fixable = sum(d.fixable for d in diagnostics)
    hidden = sum(d.hidden_fix for d in diagnostics)
    if fixable and not fixing:
        line += f" [*] {fixable} fixable with --fix"
    if hidden:
        line += f" ({hidden} more with --unsafe-fixes)"
    return line


def _findings(count: int) -> str:
    # Not "errors" (ruff's word): a finding may be a warning, information or a hint.
    return f"{count} finding" if count == 1 else f"{count} findings"


_SEVERITY_WORDS = (("error", "error", "errors"), ("warning", "warning", "warnings"), ("info", "info", "info"), ("hint", "hint", "hints"))


def _by_severity(diagnostics: Sequence[Diagnostic]) -> str:
    """``1 error, 2 warnings``: how many findings of each severity, the most severe first."""
    counts = Counter(d.severity for d in diagnostics)
    return ", ".join(
        f"{counts[severity]} {one if counts[severity] == 1 else many}" for severity, one, many in _SEVERITY_WORDS if counts[severity]
    )


# GitHub workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
_GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice", "hint": "notice"}


def github_line(d: Diagnostic) -> str:
    level = _GITHUB_LEVELS.get(d.severity, "warning")
    properties = ",".join(
        f"{key}={_github_escape(str(value), property=True)}"
        for key, value in (
            ("file", d.filename),
            ("line", d.location.row),
            ("col", d.location.column),
            ("endLine", d.end_location.row),
            ("endColumn", d.end_location.column),
            ("title", d.code),
        )
    )
    return f"::{level} {properties}::{_github_escape(d.message)}"


def _github_escape(value: str, *, property: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


_SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def sarif(diagnostics: Sequence[Diagnostic]) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run; every registered rule is described in the driver."""
    from dockerls import __version__
    from dockerls.rules import RULES

    index = {rule.code: number for number, rule in enumerate(RULES)}
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.doc},
            "help": {"text": rule.doc, "markdown": rule.doc},
            "helpUri": rule.url,
            "defaultConfiguration": {"level": _SARIF_LEVELS[rule.severity.value]},
            "properties": {"fix": rule.fix_availability},
        }
        for rule in RULES
    ]
    results = []
    for d in diagnostics:
        result: dict[str, Any] = {
            "ruleId": d.code,
            "level": _SARIF_LEVELS.get(d.severity, "warning"),
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(d)},
                        "region": {
                            "startLine": d.location.row,
                            "startColumn": d.location.column,
                            "endLine": d.end_location.row,
                            "endColumn": d.end_location.column,
                        },
                    }
                }
            ],
        }
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        if d.fix is not None:
            result["fixes"] = [_sarif_fix(d)]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dockerls",
                        "version": __version__,
                        "informationUri": "https://github.com/dockerls/dockerls",
                        "rules": rules,
                    }
                },
                # Columns count code points, not SARIF's default UTF-16 code units.
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _uri(d: Diagnostic) -> str:
    from urllib.parse import quote

    if d.path == "-" or not os.path.isabs(d.path):
        return quote(d.filename.replace(os.sep, "/"))
    relative = os.path.relpath(d.path)
    if not relative.startswith(".."):
        return quote(relative.replace(os.sep, "/"))
    return "file://" + quote(d.path.replace(os.sep, "/"))


def _sarif_fix(d: Diagnostic) -> dict[str, Any]:
    assert d.fix is not None
    replacements = [
        {
            "deletedRegion": {
                "startLine": edit["location"]["row"],
                "startColumn": edit["location"]["column"],
                "endLine": edit["end_location"]["row"],
                "endColumn": edit["end_location"]["column"],
            },
            "insertedContent": {"text": edit["content"]},
        }
        for edit in d.fix["edits"]
    ]
    return {
        "description": {"text": d.fix["message"]},
        "artifactChanges": [{"artifactLocation": {"uri": _uri(d)}, "replacements": replacements}],
    }


def write_statistics(results: Sequence[FileResult], output_format: str, stream: TextIO) -> None:
    """One line per code: how often it was found, and whether --fix would fix them."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    fixable: Counter[str] = Counter()
    for result in results:
        for d in result.diagnostics:
            counts[d.code] += 1
            names[d.code] = d.name
            fixable[d.code] += d.fixable
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if output_format == "json":
        _write_json(
            [{"code": c, "name": names[c], "count": n, "fixable": fixable[c] == n} for c, n in rows], stream
        )
        return
    width = max((len(str(n)) for _, n in rows), default=1)
    for code, count in rows:
        marker = "[*]" if fixable[code] == count else "   "
        stream.write(f"{count:>{width}}\t{code}\t{marker} {names[code]}\n")
