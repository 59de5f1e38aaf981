"""The edge between the engine (code-point offsets) and LSP (positions in a negotiated encoding).

Everything inside dockerls counts code points; LSP counts UTF-8 bytes, UTF-16
code units or code points, whichever was negotiated at ``initialize``. Every
position that crosses the wire goes through this module, so no other module
needs to know which encoding is in use.

Converters are small pure functions named after what they return:
``lsp_*`` functions return lsprotocol types, ``offset``/``span`` return ours.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from functools import cache

from lsprotocol import types

from dockerls.core.findings import Edit, Finding, Severity
from dockerls.syntax import LineIndex, Span

UTF8 = types.PositionEncodingKind.Utf8
UTF16 = types.PositionEncodingKind.Utf16
UTF32 = types.PositionEncodingKind.Utf32

DIAGNOSTIC_SOURCE = "dockerls"


# --- code units -------------------------------------------------------------------------


def code_units(text: str, encoding: str) -> int:
    """How many code units ``text`` takes in ``encoding``."""
    if text.isascii() or encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        # surrogatepass: a lone surrogate (legal in JSON strings) still has a length.
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _char_units(char: str, encoding: str) -> int:
    point = ord(char)
    if encoding == UTF32 or point < 0x80:
        return 1
    if encoding == UTF8:
        return 2 if point < 0x800 else 3 if point < 0x10000 else 4
    return 2 if point > 0xFFFF else 1


def column_from_units(line_text: str, units: int, encoding: str) -> int:
    """The code-point column that ``units`` code units into ``line_text`` reach.

    Past the end of the line clamps to the line's end (as the LSP spec asks); a
    position inside a multi-unit character rounds down to that character's start.
    """
    if units <= 0:
        return 0
    if encoding == UTF32 or line_text.isascii():
        return min(units, len(line_text))
    seen = 0
    for column, char in enumerate(line_text):
        seen += _char_units(char, encoding)
        if seen > units:
            return column
        if seen == units:
            return column + 1
    return len(line_text)


# --- LSP positions ↔ offsets ------------------------------------------------------------


def _snap_off_line_break(lines: LineIndex, offset: int) -> int:
    """An offset between the ``\\r`` and ``\\n`` of a CRLF has no LSP position: use the ``\\r``."""
    text = lines.text
    if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
        return offset - 1
    return offset


def _line_and_units(lines: LineIndex, offset: int, encoding: str) -> tuple[int, int]:
    line, column = lines.position(_snap_off_line_break(lines, offset))
    prefix = lines.text[lines.starts[line] : lines.starts[line] + column]
    return line, code_units(prefix, encoding)


def lsp_position(lines: LineIndex, offset: int, encoding: str) -> types.Position:
    line, character = _line_and_units(lines, offset, encoding)
    return types.Position(line=line, character=character)


def lsp_range(lines: LineIndex, span: Span | tuple[int, int], encoding: str) -> types.Range:
    start, end = span
    return types.Range(start=lsp_position(lines, start, encoding), end=lsp_position(lines, end, encoding))


def offset(lines: LineIndex, position: types.Position, encoding: str) -> int:
    """The code-point offset of an LSP position, clamped into the document."""
    if position.line >= lines.line_count:
        return len(lines.text)
    column = column_from_units(lines.line_text(position.line), position.character, encoding)
    return lines.offset(position.line, column)


def span(lines: LineIndex, range_: types.Range, encoding: str) -> Span:
    """The code-point span of an LSP range, clamped into the document; a reversed range is turned round."""
    start, end = offset(lines, range_.start, encoding), offset(lines, range_.end, encoding)
    return Span(min(start, end), max(start, end))


# --- diagnostics -------------------------------------------------------------------------

_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}


def lsp_severity(severity: Severity) -> types.DiagnosticSeverity:
    return _SEVERITIES.get(severity, types.DiagnosticSeverity.Warning)


@cache
def lsp_code_description(code: str) -> types.CodeDescription | None:
    from dockerls.rules import BY_CODE

    rule = BY_CODE.get(code)
    return types.CodeDescription(href=rule.url) if rule is not None else None


def lsp_diagnostic(finding: Finding, lines: LineIndex, encoding: str) -> types.Diagnostic:
    """The diagnostic for a finding.

    It carries the ``Unnecessary`` tag only when an unnecessary span *is* the
    finding's span: editors fade the whole range of a tagged diagnostic, and
    fading a whole ``RUN`` because its list cleanup is pointless would hide the
    code the user must read. Other unnecessary spans get their own hint
    diagnostics (:func:`lsp_unnecessary_hints`).
    """
    tags = [types.DiagnosticTag.Unnecessary] if finding.span in finding.unnecessary else None
    return types.Diagnostic(
        range=lsp_range(lines, finding.span, encoding),
        message=finding.message,
        severity=lsp_severity(finding.severity),
        code=finding.code,
        code_description=lsp_code_description(finding.code),
        source=DIAGNOSTIC_SOURCE,
        tags=tags,
    )


def lsp_unnecessary_hints(finding: Finding, lines: LineIndex, encoding: str) -> list[types.Diagnostic]:
    """One faded hint per unnecessary span that differs from the finding's own span."""
    return [
        types.Diagnostic(
            range=lsp_range(lines, unnecessary, encoding),
            message=f"Unnecessary: the fix for {finding.code} removes this",
            severity=types.DiagnosticSeverity.Hint,
            code=finding.code,
            code_description=lsp_code_description(finding.code),
            source=DIAGNOSTIC_SOURCE,
            tags=[types.DiagnosticTag.Unnecessary],
        )
        for unnecessary in dict.fromkeys(finding.unnecessary)
        if unnecessary != finding.span
    ]


def lsp_diagnostics(findings: Iterable[Finding], lines: LineIndex, encoding: str) -> list[types.Diagnostic]:
    """Everything published for a document: each finding's diagnostic, then its unnecessary hints."""
    published: list[types.Diagnostic] = []
    for finding in findings:
        published.append(lsp_diagnostic(finding, lines, encoding))
        published.extend(lsp_unnecessary_hints(finding, lines, encoding))
    return published


# --- diagnostics as plain JSON ---------------------------------------------------------
# The publish path: the same diagnostics as ``lsp_diagnostics``, built directly as the dicts
# that lsprotocol's converter would make of them (same keys, same order, unset fields left
# out), so a publish costs no lsprotocol objects and no cattrs pass over thousands of them.
# ``json_*`` functions return the JSON shape of the LSP type they are named after.

_SEVERITY_NUMBERS = {severity: int(lsp_severity(severity)) for severity in Severity}
_HINT = int(types.DiagnosticSeverity.Hint)
_WARNING = int(types.DiagnosticSeverity.Warning)
_UNNECESSARY_TAGS = (int(types.DiagnosticTag.Unnecessary),)


def _json_position_finder(lines: LineIndex, encoding: str) -> Callable[[int], dict]:
    """The JSON ``Position`` of an offset in one document (as ``lsp_position``), with what it
    reads bound once and each answer remembered: a publish converts thousands of offsets,
    many of them shared by several findings."""
    text, starts, size = lines.text, lines.starts, len(lines.text)
    found: dict[int, dict] = {}

    def position(offset: int) -> dict:
        answer = found.get(offset)
        if answer is None:
            # As _line_and_units: off the middle of a CRLF, clamped, then counted in code units.
            at = offset - 1 if 0 < offset < size and text[offset - 1] == "\r" and text[offset] == "\n" else offset
            at = max(0, min(at, size))
            line = bisect_right(starts, at) - 1
            prefix = text[starts[line] : at]
            units = len(prefix) if prefix.isascii() else code_units(prefix, encoding)
            answer = found[offset] = {"line": line, "character": units}
        return answer

    return position


@cache
def json_code_description(code: str) -> dict | None:
    description = lsp_code_description(code)
    return None if description is None else {"href": description.href}


def _json_diagnostic(range_: dict, message: str, severity: int, code: str, tagged: bool) -> dict:
    diagnostic = {"range": range_, "message": message, "severity": severity, "code": code}
    description = json_code_description(code)
    if description is not None:
        diagnostic["codeDescription"] = description
    diagnostic["source"] = DIAGNOSTIC_SOURCE
    if tagged:
        diagnostic["tags"] = list(_UNNECESSARY_TAGS)
    return diagnostic


def json_diagnostics(findings: Iterable[Finding], lines: LineIndex, encoding: str) -> list[dict]:
    """``lsp_diagnostics`` as the JSON the client receives: each finding's diagnostic, then its hints."""
    position = _json_position_finder(lines, encoding)
    published: list[dict] = []
    for finding in findings:
        severity = _SEVERITY_NUMBERS.get(finding.severity, _WARNING)
        span = finding.span
        range_ = {"start": position(span[0]), "end": position(span[1])}
        published.append(_json_diagnostic(range_, finding.message, severity, finding.code, span in finding.unnecessary))
        for unnecessary in dict.fromkeys(finding.unnecessary):
            if unnecessary != span:
                message = f"Unnecessary: the fix for {finding.code} removes this"
                range_ = {"start": position(unnecessary[0]), "end": position(unnecessary[1])}
                published.append(_json_diagnostic(range_, message, _HINT, finding.code, True))
    return published


# --- edits -------------------------------------------------------------------------------


def _widen_off_line_break(edit: Edit, text: str) -> Edit:
    """An edit boundary between ``\\r`` and ``\\n`` has no LSP position: move it outward
    and carry the split character in the replacement, so the result is unchanged."""
    start, end, content = edit.start, edit.end, edit.content
    if 0 < start < len(text) and text[start - 1] == "\r" and text[start] == "\n":
        start, content = start - 1, "\r" + content
    if 0 < end < len(text) and text[end - 1] == "\r" and text[end] == "\n":
        end, content = end + 1, content + "\n"
    return Edit(start, end, content)


def lsp_text_edit(edit: Edit, lines: LineIndex, encoding: str) -> types.TextEdit:
    edit = _widen_off_line_break(edit, lines.text)
    return types.TextEdit(range=lsp_range(lines, (edit.start, edit.end), encoding), new_text=edit.content)


def lsp_text_edits(edits: Iterable[Edit], lines: LineIndex, encoding: str) -> list[types.TextEdit]:
    return [lsp_text_edit(edit, lines, encoding) for edit in sorted(edits, key=lambda e: (e.start, e.end))]


def lsp_workspace_edit(
    uri: str,
    version: int,
    edits: Iterable[Edit],
    lines: LineIndex,
    encoding: str,
    *,
    document_changes: bool,
) -> types.WorkspaceEdit:
    """Edits to one document: versioned ``documentChanges`` when the client supports them
    (so a stale edit is refused), plain ``changes`` otherwise."""
    text_edits = lsp_text_edits(edits, lines, encoding)
    if document_changes:
        identifier = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
        return types.WorkspaceEdit(
            document_changes=[types.TextDocumentEdit(text_document=identifier, edits=text_edits)]
        )
    return types.WorkspaceEdit(changes={uri: text_edits})
