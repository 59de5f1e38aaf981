"""The open documents: text, version, line index, syntax tree and the last lint result, by URI.

This is the server's only copy of each document's text. pygls keeps another
one by default, but it splits lines with ``str.splitlines`` (which also breaks
at form feeds and U+2028, where LSP does not), so its positions can disagree
with the client's; the protocol class turns that copy off.

Edits are cheap to apply: the line index is updated around the change, and
the syntax tree is parsed lazily (once per version that is actually linted),
reusing the last tree for the unchanged parts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from dockerls.core.findings import Edit, Finding
from dockerls.lsp import positions
from dockerls.syntax import Dockerfile, LineIndex, parse


class ContentChange(NamedTuple):
    """One change of a ``didChange``: ``text`` replaces the range ``start``–``end`` (client
    positions), or the whole document when there is no range."""

    text: str
    start: positions.Position | None = None
    end: positions.Position | None = None


@dataclass(eq=False)
class OpenDocument:
    uri: str
    text: str
    version: int
    lines: LineIndex = field(init=False)
    # The findings last computed, and the (version, settings, build context) they were computed for.
    findings: list[Finding] | None = field(default=None, init=False)
    findings_key: tuple | None = field(default=None, init=False)
    # The fix-all edits last computed, and what they were computed for (as ``findings_key``):
    # a save right after a fix-all code action (or a second request) costs nothing.
    fix_all: list[Edit] | None = field(default=None, init=False)
    fix_all_key: tuple | None = field(default=None, init=False)
    too_large_reported: bool = field(default=False, init=False)  # the user was told it is not linted
    _parsed: Dockerfile | None = field(default=None, init=False, repr=False)
    _previous: Dockerfile | None = field(default=None, init=False, repr=False)  # a tree of an earlier version

    def __post_init__(self) -> None:
        self.lines = LineIndex(self.text)

    @property
    def parsed(self) -> Dockerfile:
        """The syntax tree of the current text, parsed once per version."""
        if self._parsed is None:
            self._parsed = parse(self.text, self._previous)
            if self._previous is not None:
                # Handlers read trees synchronously, so nothing reads the old one again.
                self._previous.release()
                self._previous = None
        return self._parsed

    def apply_changes(self, changes: Iterable[ContentChange], version: int, encoding: str) -> None:
        """Apply incremental (or whole-text) changes in order; each range refers to the text the previous one left."""
        text, lines = self.text, self.lines
        for change in changes:
            if change.start is not None and change.end is not None:
                start, end = positions.span(lines, change.start, change.end, encoding)
                new_text = text[:start] + change.text + text[end:]
                lines = LineIndex.after_edit(lines, new_text, start, len(text) - end)
            else:
                new_text = change.text
                lines = LineIndex(new_text)
            text = new_text
        self.text, self.lines, self.version = text, lines, version
        self.findings, self.findings_key = None, None
        self.fix_all, self.fix_all_key = None, None
        if self._parsed is not None:
            if self._previous is not None:
                self._previous.release()
            self._previous = self._parsed
        self._parsed = None

    def release(self) -> None:
        """Free the trees at once (a closed document's, for instance)."""
        for tree in (self._parsed, self._previous):
            if tree is not None:
                tree.release()
        self._parsed = self._previous = None


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
        document = self._documents.pop(uri, None)
        if document is not None:
            document.release()
        return document

    def __iter__(self):
        return iter(list(self._documents.values()))

    def __len__(self) -> int:
        return len(self._documents)
