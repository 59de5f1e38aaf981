"""Output formats of ``dockerls check``: text (ruff-like), json, github, sarif, and statistics."""

from __future__ import annotations

import os
from collections import Counter
from typing import Any, NamedTuple, Sequence, TextIO

from dockerls.cli.colors import PLAIN, Style
from dockerls.cli.diagnostics import Diagnostic, FileResult


class Tally(NamedTuple):
    """What a run of ``check`` did with the files it was given, for the summary."""

    checked: int = 0  # files read and checked
    unread: int = 0  # files, directories or standard input that could not be read
    unwritten: int = 0  # files checked whose fixes could not be written
    context_unread: int = 0  # build-context files (ignore or requirements files) not read whole
    fixed: int = 0  # findings of the files as read that the fixes resolved
    new: int = 0  # findings that only the fixed files have
    gone: int = 0  # findings of the files as read that went away with other findings' fixes

    @classmethod
    def of(cls, results: Sequence[FileResult]) -> "Tally":
        return cls(
            checked=sum(result.checked for result in results),
            unread=sum(not result.checked for result in results),
            unwritten=sum(result.unwritten for result in results),
            context_unread=len({error for result in results for error in result.context_errors}),
            fixed=sum(result.fixed for result in results),
            new=sum(result.new for result in results),
            gone=sum(result.gone for result in results),
        )

    @property
    def complete(self) -> bool:
        return not (self.unread or self.unwritten or self.context_unread)


def write_report(
    results: Sequence[FileResult], output_format: str, stream: TextIO, *, fixing: bool, style: Style = PLAIN
) -> None:
    diagnostics = [d for result in results for d in result.diagnostics]
    if output_format == "json":
        _write_json([d.to_json() for d in diagnostics], stream)
    elif output_format == "github":
        for d in diagnostics:
            stream.write(github_line(d) + "\n")
    elif output_format == "sarif":
        _write_json(sarif(diagnostics), stream)
    else:
        write_text(diagnostics, stream, Tally.of(results), fixing=fixing, style=style)


def _write_json(data: Any, stream: TextIO) -> None:
    import json

    json.dump(data, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def write_text(
    diagnostics: Sequence[Diagnostic], stream: TextIO, tally: Tally, *, fixing: bool, style: Style = PLAIN
) -> None:
    colon = style.punctuation(":")
    for d in diagnostics:
        marker = style.fixable("[*]") + " " if d.fixable else ""
        where = f"{style.path(d.filename)}{colon}{d.location.row}{colon}{d.location.column}{colon}"
        stream.write(f"{where} {style.code(d.code)} {marker}{d.message}\n")
        for related in d.related:
            at = f"{related['location']['row']}{colon}{related['location']['column']}{colon}"
            stream.write(f"    related {at} {related['message']}\n")
    stream.write(summary(diagnostics, tally, fixing=fixing, style=style) + "\n")


def summary(diagnostics: Sequence[Diagnostic], tally: Tally, *, fixing: bool, style: Style = PLAIN) -> str:
    """ruff's summary line; then, when some input could not be read (or a fix not written),
    a line that says how much was checked: "All checks passed!" only when everything was."""
    remaining = len(diagnostics)
    if fixing and tally.fixed:
        # The findings `check` reported: fixed, remaining, or gone with other fixes (a finding
        # whose own fix was not applied); what the fixes brought is counted apart.
        kept = remaining - tally.new
        gone = f", {tally.gone} resolved by other fixes" if tally.gone else ""
        line = f"Found {_findings(tally.fixed + kept + tally.gone)} ({tally.fixed} fixed, {kept} remaining{gone})."
        if tally.new:
            line += f" The fixes brought {_findings(tally.new, 'new ')}."
    elif not remaining:
        line = style.success("All checks passed!") if tally.complete else "No findings."
    else:
        line = f"Found {_findings(remaining)} ({_by_severity(diagnostics)})."
        fixable = sum(d.fixable for d in diagnostics)
        hidden = sum(d.hidden_fix for d in diagnostics)
        if fixable and not fixing:
            line += f" {style.fixable('[*]')} {fixable} fixable with --fix"
        if hidden:
            line += f" ({hidden} more with --unsafe-fixes)"
    if tally.complete:
        return line
    missed = []
    if tally.unread:
        missed.append(f"{tally.unread} {'more ' if tally.checked else ''}could not be read")
    if tally.unwritten:
        missed.append(f"the fixes to {_count(tally.unwritten, 'file')} could not be written")
    if tally.context_unread:
        missed.append(f"{_count(tally.context_unread, 'build-context file')} could not be read")
    checked = f"Checked {_count(tally.checked, 'file')}" if tally.checked else "No file was checked"
    return f"{line}\n{checked}; {'; '.join(missed)}."


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _findings(count: int, adjective: str = "") -> str:
    # Not "errors" (ruff's word): a finding may be a warning, information or a hint.
    return _count(count, adjective + "finding")


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
        if d.related:
            result["relatedLocations"] = [_sarif_related(d, number, related) for number, related in enumerate(d.related)]
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


def _sarif_related(d: Diagnostic, number: int, related: dict[str, Any]) -> dict[str, Any]:
    region = {
        "startLine": related["location"]["row"],
        "startColumn": related["location"]["column"],
        "endLine": related["end_location"]["row"],
        "endColumn": related["end_location"]["column"],
    }
    return {
        "id": number,
        "message": {"text": related["message"]},
        "physicalLocation": {"artifactLocation": {"uri": _uri(d)}, "region": region},
    }


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
