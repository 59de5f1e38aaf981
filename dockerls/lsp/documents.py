"""The open documents: text, version and the last lint result, kept by URI.

This is the server's only copy of each document's text. pygls keeps another
one by default, but it splits lines with ``str.splitlines`` (which also breaks
at form feeds and U+2028, where LSP does not), so its positions can disagree
with the client's; the protocol class turns that copy off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from lsprotocol import types

from dockerls.engine import Finding
from dockerls.lsp import convert
from dockerls.syntax import LineIndex


@dataclass(eq=False)
class OpenDocument:
    uri: str
    text: str
    version: int
    lines: LineIndex = field(init=False)
    # The findings last computed for this text and the settings they were computed with.
    findings: list[Finding] | None = field(default=None, init=False)
    findings_key: object = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.lines = LineIndex(self.text)

    def replace_text(self, text: str, version: int) -> None:
        self.text, self.version = text, version
        self.lines = LineIndex(text)
        self.findings, self.findings_key = None, None

    def apply_changes(self, changes: Iterable[types.TextDocumentContentChangeEvent], version: int, encoding: str) -> None:
        """Apply incremental (or whole-text) changes in order; each range refers to the text the previous one left."""
        text = self.text
        lines = self.lines
        for change in changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                start, end = convert.span(lines, change.range, encoding)
                text = text[:start] + change.text + text[end:]
            else:
                text = change.text
            lines = LineIndex(text)
        self.text, self.lines, self.version = text, lines, version
        self.findings, self.findings_key = None, None


class DocumentStore:
    def __init__(self) -> None:
        self._documents: dict[str, OpenDocument] = {}

    def open(self, uri: str, text: str, version: int) -> OpenDocument:
        document = OpenDocument(uri, text, version)
        self._documents[uri] = document
        return document

    def get(self, uri: str) -> OpenDocument | None:
        return self._documents.get(uri)

    def close(self, uri: str) -> OpenDocument | None:
        return self._documents.pop(uri, None)

    def __iter__(self):
        return iter(list(self._documents.values()))

    def __len__(self) -> int:
        return len(self._documents)
