"""The position converters, in process: code-point offsets ↔ LSP positions in each encoding."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from dockerls.core.findings import Edit, Finding, Severity
from dockerls.engine import apply_edits
from tests.linting import lint
from dockerls.lsp import convert, diagnostics
from dockerls.syntax import LineIndex, Span

from .lsp_client import apply_text_edits, position

ENCODINGS = ["utf-8", "utf-16", "utf-32"]
# Text that exercises every width: ASCII, 2- and 3-byte UTF-8, astral (surrogate pairs), every line break.
ALPHABET = st.sampled_from(list("ab \t\\é日本🐳🎉\r\n") + ["\u2028", "\x0c"])


@pytest.mark.parametrize(
    "encoding, expected",
    [("utf-32", 8), ("utf-16", 9), ("utf-8", 15)],  # 日本 are 3 UTF-8 bytes each, 🐳 4 bytes or 2 UTF-16 units
)
def test_position_after_cjk_and_emoji(encoding, expected):
    text = "FROM x\r\nRUN 日本🐳 apt-get update\r\n"
    lines = LineIndex(text)
    at = text.index("apt-get")
    assert convert.lsp_position(lines, at, encoding) == types.Position(line=1, character=expected)
    assert convert.offset(lines, types.Position(line=1, character=expected), encoding) == at


@settings(max_examples=150, deadline=None)
@given(text=st.text(ALPHABET, max_size=40), data=st.data())
def test_offset_round_trip_matches_an_independent_conversion(text, data):
    lines = LineIndex(text)
    at = data.draw(st.integers(0, len(text)))
    if 0 < at < len(text) and text[at - 1] == "\r" and text[at] == "\n":
        at -= 1  # inside a CRLF there is no position; the converter snaps to the \r
    for encoding in ENCODINGS:
        got = convert.lsp_position(lines, at, encoding)
        assert got == position(text, at, encoding)
        assert convert.offset(lines, got, encoding) == at


def test_offset_inside_crlf_snaps_to_the_line_end():
    text = "a\r\nb"
    assert convert.lsp_position(LineIndex(text), 2, "utf-16") == types.Position(line=0, character=1)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_out_of_range_positions_clamp(encoding):
    text = "FROM x\nRUN 🐳\n"
    lines = LineIndex(text)
    assert convert.offset(lines, types.Position(line=1, character=999), encoding) == text.index("\n", 7)
    assert convert.offset(lines, types.Position(line=99, character=0), encoding) == len(text)
    # Inside a surrogate pair (utf-16) or a UTF-8 sequence: the character's start.
    if encoding != "utf-32":
        assert convert.offset(lines, types.Position(line=1, character=5), encoding) == text.index("🐳")


def test_reversed_range_is_turned_round():
    lines = LineIndex("abc\ndef")
    backwards = types.Range(start=types.Position(line=1, character=2), end=types.Position(line=0, character=1))
    assert convert.span(lines, backwards, "utf-16") == Span(1, 6)


@settings(max_examples=150, deadline=None)
@given(text=st.text(ALPHABET, min_size=1, max_size=30), data=st.data())
def test_text_edits_apply_like_the_engine_edits(text, data):
    """Applied client-side, converted edits give the engine's result, even across a CRLF."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    content = data.draw(st.text(ALPHABET, max_size=5))
    edit = Edit(start, end, content)
    for encoding in ENCODINGS:
        text_edit = convert.lsp_text_edit(edit, LineIndex(text), encoding)
        assert apply_text_edits(text, [text_edit], encoding) == apply_edits(text, [edit])


def test_workspace_edit_forms():
    lines = LineIndex("FROM x\n")
    edits = [Edit(0, 4, "from")]
    versioned = convert.lsp_workspace_edit("file:///d", 7, edits, lines, "utf-16", document_changes=True)
    assert versioned.changes is None
    (change,) = versioned.document_changes
    assert change.text_document == types.OptionalVersionedTextDocumentIdentifier(uri="file:///d", version=7)
    plain = convert.lsp_workspace_edit("file:///d", 7, edits, lines, "utf-16", document_changes=False)
    assert plain.document_changes is None and list(plain.changes) == ["file:///d"]


def test_unnecessary_tag_and_hints():
    text = "RUN a && rm -rf /x\n"
    lines = LineIndex(text)
    cleanup = Span(text.index("rm"), text.index("\n"))
    finding = Finding("APT999", "n", "m", Severity.WARNING, Span(0, 18), unnecessary=(cleanup, cleanup))
    main, *hints = diagnostics.diagnostics([finding], lines, "utf-16")
    assert "tags" not in main and main["source"] == "dockerls" and main["code"] == "APT999"
    assert len(hints) == 1  # duplicates collapse
    assert hints[0]["tags"] == [types.DiagnosticTag.Unnecessary]
    assert hints[0]["severity"] == types.DiagnosticSeverity.Hint
    assert hints[0]["range"] == {"start": {"line": 0, "character": 9}, "end": {"line": 0, "character": 18}}
    whole = Finding("APT999", "n", "m", Severity.INFO, cleanup, unnecessary=(cleanup,))
    (only,) = diagnostics.diagnostics([whole], lines, "utf-16")
    assert only["tags"] == [types.DiagnosticTag.Unnecessary]
    assert only["severity"] == types.DiagnosticSeverity.Information


def test_code_actions_get_the_published_diagnostic_as_lsprotocol_objects():
    """One converter: the diagnostic a quick fix carries is the published one, structured."""
    from pygls.protocol import default_converter

    text = "FROM debian\nRUN echo 日本 && apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
    (finding,) = [f for f in lint(text) if f.code == "APT001"]
    assert finding.unnecessary  # a hint of its own too; the action carries the main diagnostic
    lines = LineIndex(text)
    converter = default_converter()
    structured = convert.lsp_diagnostic(finding, lines, "utf-16", converter)
    assert converter.unstructure(structured) == diagnostics.diagnostics([finding], lines, "utf-16")[0]
