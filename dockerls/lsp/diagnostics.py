"""Findings as LSP diagnostics: the one converter, for the publish and for code actions.

A diagnostic is built directly as the JSON the client receives, with the keys,
order and left-out fields lsprotocol's converter gives a ``types.Diagnostic``
(``tests/lsp/test_diagnostics_json.py`` holds it to that), so a publish costs no
lsprotocol objects and no cattrs pass over thousands of them, and can be sent
before lsprotocol is loaded. Code actions, which do need lsprotocol objects,
structure these same dictionaries (``convert.lsp_diagnostic``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from dockerls.core.findings import Finding, Severity
from dockerls.lsp.positions import position_finder
from dockerls.syntax import LineIndex

SOURCE = "dockerls"
# LSP's DiagnosticSeverity and DiagnosticTag numbers.
ERROR, WARNING, INFORMATION, HINT = 1, 2, 3, 4
UNNECESSARY = 1
_SEVERITIES = {Severity.ERROR: ERROR, Severity.WARNING: WARNING, Severity.INFO: INFORMATION, Severity.HINT: HINT}


def severity(value: Severity) -> int:
    return _SEVERITIES.get(value, WARNING)


@cache
def code_description(code: str) -> dict | None:
    """The rule's documentation link, for a known rule."""
    from dockerls.rules import BY_CODE

    rule = BY_CODE.get(code)
    return {"href": rule.url} if rule is not None else None


def _diagnostic(range_: dict, message: str, severity_: int, code: str, tagged: bool, related: list | None = None) -> dict:
    diagnostic = {"range": range_, "message": message, "severity": severity_, "code": code}
    description = code_description(code)
    if description is not None:
        diagnostic["codeDescription"] = description
    diagnostic["source"] = SOURCE
    if tagged:
        diagnostic["tags"] = [UNNECESSARY]
    if related:
        diagnostic["relatedInformation"] = related
    return diagnostic


def related_information(finding: Finding, position: Callable[[int], dict], uri: str) -> list[dict]:
    """The finding's other places (``Finding.related``) as LSP ``DiagnosticRelatedInformation``."""
    return [
        {"location": {"uri": uri, "range": {"start": position(r.span[0]), "end": position(r.span[1])}}, "message": r.message}
        for r in finding.related
    ]


def diagnostic(finding: Finding, position: Callable[[int], dict], uri: str | None = None) -> dict:
    """The diagnostic for a finding (``position``: ``positions.position_finder`` of its document;
    ``uri``: the document's, for the ``relatedInformation`` of a finding with related places).

    It carries the ``Unnecessary`` tag only when an unnecessary span *is* the
    finding's span: editors fade the whole range of a tagged diagnostic, and
    fading a whole ``RUN`` because its list cleanup is pointless would hide the
    code the user must read. Other unnecessary spans get hints of their own
    (:func:`unnecessary_hints`).
    """
    span = finding.span
    range_ = {"start": position(span[0]), "end": position(span[1])}
    related = related_information(finding, position, uri) if uri is not None and finding.related else None
    return _diagnostic(
        range_, finding.message, severity(finding.severity), finding.code, span in finding.unnecessary, related
    )


def unnecessary_hints(finding: Finding, position: Callable[[int], dict]) -> list[dict]:
    """One faded hint per unnecessary span that differs from the finding's own span."""
    message = f"Unnecessary: the fix for {finding.code} removes this"
    return [
        _diagnostic({"start": position(span[0]), "end": position(span[1])}, message, HINT, finding.code, True)
        for span in dict.fromkeys(finding.unnecessary)
        if span != finding.span
    ]


def diagnostics(findings: Iterable[Finding], lines: LineIndex, encoding: str, uri: str | None = None) -> list[dict]:
    """Everything published for a document (at ``uri``): each finding's diagnostic, then its unnecessary hints."""
    position = position_finder(lines, encoding)
    published: list[dict] = []
    for finding in findings:
        published.append(diagnostic(finding, position, uri))
        if finding.unnecessary:
            published.extend(unnecessary_hints(finding, position))
    return published
