"""lsprotocol types at the edge, for the requests pygls serves (code actions, willSaveWaitUntil,
completion, hover, definition).

Positions are converted by :mod:`dockerls.lsp.positions` and diagnostics by
:mod:`dockerls.lsp.diagnostics`; this module wraps their results in lsprotocol
types. Converters are small pure functions named after what they return:
``lsp_*`` functions return lsprotocol types, ``offset``/``span`` return ours.
"""

from __future__ import annotations

from collections.abc import Iterable

from cattrs import Converter
from lsprotocol import types

from dockerls.authoring import Completion, Hover
from dockerls.core.findings import Edit, Finding
from dockerls.lsp import diagnostics, positions
from dockerls.syntax import LineIndex, Span


def lsp_position(lines: LineIndex, offset: int, encoding: str) -> types.Position:
    line, character = positions.line_and_units(lines, offset, encoding)
    return types.Position(line=line, character=character)


def lsp_range(lines: LineIndex, span: Span | tuple[int, int], encoding: str) -> types.Range:
    start, end = span
    return types.Range(start=lsp_position(lines, start, encoding), end=lsp_position(lines, end, encoding))


def offset(lines: LineIndex, position: types.Position, encoding: str) -> int:
    """The code-point offset of an LSP position, clamped into the document."""
    return positions.offset(lines, (position.line, position.character), encoding)


def span(lines: LineIndex, range_: types.Range, encoding: str) -> Span:
    """The code-point span of an LSP range, clamped into the document; a reversed range is turned round."""
    start, end = range_.start, range_.end
    return positions.span(lines, (start.line, start.character), (end.line, end.character), encoding)


def lsp_diagnostic(
    finding: Finding, lines: LineIndex, encoding: str, converter: Converter, uri: str | None = None
) -> types.Diagnostic:
    """The diagnostic published for ``finding``, as an lsprotocol object (``converter``: the server's;
    ``uri``: the document's, for ``relatedInformation``)."""
    json = diagnostics.diagnostic(finding, positions.position_finder(lines, encoding), uri)
    return converter.structure(json, types.Diagnostic)


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


# --- authoring: completion, hover, definition ------------------------------------------------

_COMPLETION_KINDS = {
    "flag": types.CompletionItemKind.Keyword,
    "key": types.CompletionItemKind.Property,
    "value": types.CompletionItemKind.Value,
    "stage": types.CompletionItemKind.Reference,
    "directory": types.CompletionItemKind.Folder,
}


def lsp_markup_content(text: str, kind: str | None) -> types.MarkupContent | str:
    """``text`` as the client's markup ``kind``; a plain string where it names none."""
    return text if kind is None else types.MarkupContent(kind=types.MarkupKind(kind), value=text)


def lsp_completion_item(item: Completion, lines: LineIndex, encoding: str, markup: str | None) -> types.CompletionItem:
    """The item, replacing the word at the cursor (``item.span``, on one line: a flag is one word)."""
    edit = types.TextEdit(range=lsp_range(lines, item.span, encoding), new_text=item.text)
    return types.CompletionItem(
        label=item.label,
        kind=_COMPLETION_KINDS.get(item.kind),
        detail=item.detail,
        documentation=lsp_markup_content(item.documentation, markup) if item.documentation else None,
        filter_text=item.text,
        text_edit=edit,
    )


def lsp_hover(found: Hover, lines: LineIndex, encoding: str, markup: str | None) -> types.Hover:
    return types.Hover(contents=lsp_markup_content(found.markdown, markup), range=lsp_range(lines, found.span, encoding))


def lsp_location(uri: str, span: Span, lines: LineIndex, encoding: str) -> types.Location:
    return types.Location(uri=uri, range=lsp_range(lines, span, encoding))
