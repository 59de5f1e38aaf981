"""Diagnostics are built as plain JSON (``dockerls.lsp.diagnostics``, the one converter) and
published through the server's own connection: the bytes on the wire must be exactly those pygls
sends for the same diagnostics as lsprotocol objects, in every encoding, and every position must
be the one a client computes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from dockerls.core.findings import Finding, Severity
from tests.linting import lint
from dockerls.lsp import diagnostics
from dockerls.lsp.connection import Connection
from dockerls.lsp.features import create_server
from dockerls.syntax import LineIndex, Span

from .documents import DOCUMENTS, crlf, parses
from .lsp_client import position

ENCODINGS = ["utf-8", "utf-16", "utf-32"]
URI = "file:///w/日本/Dockerfile"
# Several instructions, CJK and emoji before and inside them, a heredoc: many findings and hints.
MIXED = (
    "# 日本語 🐳\n"
    "FROM python:3.12 AS base\n"
    'RUN echo "🎉" && apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n'
    "RUN pip install requests && cargo install ripgrep\n"
    "RUN <<EOF\n"
    "apt-get update\n"
    "pip install flask 🚀\n"
    "EOF\n"
    "\n"
    "FROM base\n"
    "RUN apt-get install -y git 日本\n"
)


class Recorder:
    """A writer that keeps every message the protocol sends."""

    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.sent.append(data)

    def close(self) -> None:
        pass


SERVER = create_server()  # never started: only its protocol's writing is used


def sent_both_ways(findings: list[Finding], text: str, encoding: str, version: int | None = 7) -> tuple[bytes, bytes]:
    """What pygls sends for the diagnostics as lsprotocol objects, and what the server sends."""
    recorder = Recorder()
    SERVER.protocol.set_writer(recorder)
    published = diagnostics.diagnostics(findings, LineIndex(text), encoding)
    params = {"uri": URI, "diagnostics": published}
    if version is not None:
        params["version"] = version
    SERVER.text_document_publish_diagnostics(SERVER.converter.structure(params, types.PublishDiagnosticsParams))
    Connection(recorder).notify(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, params)
    ranges = [(d["range"]["start"], d["range"]["end"]) for d in published]
    assert ranges == expected_ranges(findings, text, encoding)  # every position as the client computes it
    pygls_sent, sent = recorder.sent
    return pygls_sent, sent


def expected_ranges(findings: list[Finding], text: str, encoding: str) -> list[tuple[dict, dict]]:
    """Each finding's range, then its other unnecessary spans', computed the client's way."""

    def at(offset: int) -> dict:
        offset = min(max(offset, 0), len(text))
        if 0 < offset < len(text) and text[offset - 1 : offset + 1] == "\r\n":
            offset -= 1  # inside a CRLF there is no position: the \r's
        found = position(text, offset, encoding)
        return {"line": found.line, "character": found.character}

    ranges = []
    for finding in findings:
        ranges.append((at(finding.span.start), at(finding.span.end)))
        ranges += [(at(span.start), at(span.end)) for span in dict.fromkeys(finding.unnecessary) if span != finding.span]
    return ranges


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("name", [*DOCUMENTS, "mixed", "mixed-crlf"])
def test_real_findings_are_sent_byte_for_byte_as_before(name, encoding):
    text = {"mixed": MIXED, "mixed-crlf": crlf(MIXED)}.get(name) or DOCUMENTS[name]
    assert parses(text)
    findings = lint(text)
    assert findings
    old, new = sent_both_ways(findings, text, encoding)
    assert b'"diagnostics": [{' in new
    if name.startswith("partial"):  # a finding whose whole span is unnecessary: tagged
        assert b'"tags": [1]' in new
    if name.startswith("cjk"):  # an unnecessary span of its own, after CJK and emoji: a separate hint
        assert b"Unnecessary: the fix for" in new
    assert new == old


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_span_inside_a_crlf_is_sent_as_before(encoding):
    text = "FROM x\r\nRUN 日本 🐳\r\n"
    inside = text.index("\n")
    span = Span(inside, len(text) - 1)
    finding = Finding("APT001", "name", "m", Severity.WARNING, span, unnecessary=(Span(inside, inside),))
    old, new = sent_both_ways([finding], text, encoding)
    assert b'"line": 0, "character": 6' in new
    assert new == old


def test_no_findings_and_no_version_are_sent_as_before():
    old, new = sent_both_ways([], "FROM x\n", "utf-16", version=None)
    assert new == old
    assert b'"version"' not in new


ALPHABET = st.sampled_from(list("ab \t\\é日🐳\r\n") + ["\u2028", "\r\n", "\r\n"])
SEVERITIES = st.sampled_from(list(Severity))
# A known code (with a documentation link) and one that has none.
CODES = st.sampled_from(["APT001", "PIP001", "XYZ999"])


@settings(max_examples=200, deadline=None)
@given(text=st.lists(ALPHABET, max_size=30).map("".join), data=st.data())
def test_any_offsets_are_converted_as_pygls_would_send_them(text, data):
    """Offsets anywhere, inside a CRLF and past the end included; spans shared by findings."""
    # Inside a CRLF has no LSP position (snapped to the \r): drawn often, not left to chance.
    inside_crlf = [at for at in range(1, len(text)) if text[at - 1 : at + 1] == "\r\n"]
    offsets = st.one_of(st.integers(0, len(text) + 2), *([st.sampled_from(inside_crlf)] if inside_crlf else []))
    spans = st.builds(lambda a, b: Span(min(a, b), max(a, b)), offsets, offsets)
    findings = []
    for _ in range(data.draw(st.integers(0, 4))):
        span = data.draw(spans)
        unnecessary = tuple(data.draw(st.lists(st.one_of(spans, st.just(span)), max_size=3)))
        code, severity = data.draw(CODES), data.draw(SEVERITIES)
        findings.append(Finding(code, "name", "message 日本 🐳", severity, span, unnecessary=unnecessary))
    for encoding in ENCODINGS:
        old, new = sent_both_ways(findings, text, encoding)
        assert new == old
