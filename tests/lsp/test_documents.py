"""Applying incremental changes (in process): text, line index and syntax tree stay those of the new text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from dockerls.lsp.documents import ContentChange, OpenDocument
from dockerls.syntax import LineIndex, parse

from .lsp_client import position

PIECES = st.sampled_from(list("RUN apt-get \\\r\n#日🐳") + ["FROM debian\n", "RUN <<EOF\n", "EOF\n", "\r\n"])
START = "FROM debian\r\nRUN apt-get update && \\\r\n    apt-get install -y sl 🐳\r\n"


def shape(document) -> list:
    return [(type(item).__name__, item.extent) for item in document.items] + [(i.code, i.span) for i in document.issues]


@settings(max_examples=120, deadline=None)
@given(data=st.data(), encoding=st.sampled_from(["utf-8", "utf-16", "utf-32"]))
def test_changes_match_a_fresh_parse(data, encoding):
    document = OpenDocument("untitled:/d", START, 1)
    text = START
    for version in range(2, data.draw(st.integers(1, 6)) + 2):
        changes = []
        for _ in range(data.draw(st.integers(1, 3))):  # several changes in one notification
            start = data.draw(st.integers(0, len(text)))
            end = data.draw(st.integers(start, len(text)))
            if 0 < start < len(text) and text[start - 1] == "\r" and text[start] == "\n":
                start -= 1  # no position lies inside a CRLF
            if 0 < end < len(text) and text[end - 1] == "\r" and text[end] == "\n":
                end += 1
            inserted = "".join(data.draw(st.lists(PIECES, max_size=4)))
            first, last = position(text, start, encoding), position(text, end, encoding)
            changes.append(ContentChange(inserted, (first.line, first.character), (last.line, last.character)))
            text = text[:start] + inserted + text[end:]
        if data.draw(st.booleans()):
            # Sometimes the previous version was parsed (and its tree is reused), sometimes not.
            assert document.parsed.text == document.text
        document.apply_changes(changes, version, encoding)
        assert document.text == text and document.version == version
        assert document.lines.starts == LineIndex(text).starts
        assert shape(document.parsed) == shape(parse(text))


def test_a_whole_document_change_replaces_the_text():
    document = OpenDocument("untitled:/d", START, 1)
    assert document.parsed.text == START
    document.apply_changes([ContentChange("FROM x\n")], 2, "utf-16")
    assert document.text == "FROM x\n" and document.lines.starts == [0, 7]
    assert [i.keyword for i in document.parsed.instructions] == ["FROM"]
