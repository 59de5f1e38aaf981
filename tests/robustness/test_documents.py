"""Document traffic no correct editor sends: unknown documents, impossible positions,
versions out of order, junk text. The server answers, and its view of the text stays right."""

from __future__ import annotations

import random

import pytest

from .jsonrpc import encode, frame, lsp_range
from .session import (
    APT,
    expected_diagnostics,
    fixed_by_server,
    fixed_in_process,
    fresh_uri,
    offset,
    published_diagnostics,
    still_serving,
)

HUGE = 1_000_000


def assert_in_step(server, uri: str, text: str, version: int, start: int) -> None:
    """The diagnostics published for ``version`` are the engine's for ``text``, and the
    server's fix-all applied to ``text`` gives the engine's fix: the server holds ``text``."""
    assert published_diagnostics(server.diagnostics(uri, version, start=start)) == expected_diagnostics(text)
    assert fixed_by_server(server, uri, text) == fixed_in_process(text)


@pytest.mark.parametrize(
    "uri",
    [
        "untitled:/robustness/never-opened/Dockerfile",
        "file:///robustness/no/such/directory/Dockerfile",
        "file:///%E0%A4%A",  # broken percent-encoding
        "file:///tmp/nul%00byte/Dockerfile",
        "not a uri at all",
        "",
    ],
    ids=["untitled", "missing-file", "bad-percent-encoding", "nul-byte", "not-a-uri", "empty"],
)
def test_requests_for_documents_never_opened(server, uri):
    for only in (None, ["quickfix"], ["source.fixAll"]):
        response = server.code_actions(uri, only=only)
        assert response.get("result", "missing") in (None, []), response
    deferred = {"title": "fix all", "kind": "source.fixAll.dockerls", "data": {"kind": "dockerls.fixAll", "uri": uri}}
    resolved = server.call("codeAction/resolve", deferred)
    assert "error" in resolved or "edit" not in resolved["result"], resolved
    will_save = server.call("textDocument/willSaveWaitUntil", {"textDocument": {"uri": uri}, "reason": 1})
    assert will_save.get("result", "missing") in (None, []), will_save
    start = len(server.messages)
    server.change(uri, 2, {"text": "FROM debian\nRUN apt-get update\n"})
    server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    server.close_document(uri)
    still_serving(server)
    for message in server.messages[start:]:
        if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
            assert message["params"]["diagnostics"] == []


@pytest.mark.parametrize("uri", ["file:///%E0%A4%A", "file:///tmp/nul%00byte/Dockerfile", "not a uri at all"])
def test_documents_with_odd_uris_are_served(server, uri):
    start = len(server.messages)
    server.open(uri, APT)
    assert_in_step(server, uri, APT, 1, start)
    server.close_document(uri)


def test_out_of_range_changes_are_clamped(server):
    uri = fresh_uri("out-of-range")
    server.open(uri, APT)
    # Past the last line: appended at the end of the document.
    text = APT + "\nRUN pip install flask\n"
    start = len(server.messages)
    server.change(uri, 2, {"range": lsp_range((HUGE, 0), (HUGE, 5)), "text": "\nRUN pip install flask\n"})
    assert_in_step(server, uri, text, 2, start)
    # Past the end of a line: at the end of that line.
    text = text.replace("FROM debian:bookworm\n", "FROM debian:bookworm AS base\n", 1)
    start = len(server.messages)
    server.change(uri, 3, {"range": lsp_range((0, HUGE), (0, HUGE * 1000)), "text": " AS base"})
    assert_in_step(server, uri, text, 3, start)


@pytest.mark.parametrize(
    "bad_range",
    [
        lsp_range((-1, 0), (2, 0)),
        lsp_range((0, -5), (0, -1)),
        lsp_range((5, 0), (2, 0)),  # end before start
        lsp_range((2, 10), (2, 3)),
        lsp_range((HUGE, HUGE), (HUGE + 5, 0)),
        lsp_range((2**31, 0), (2**40, 2**40)),
    ],
    ids=[
        "negative-line",
        "negative-character",
        "end-line-before-start",
        "end-character-before-start",
        "past-the-end",
        "beyond-32-bits",
    ],
)
def test_impossible_ranges_are_answered_and_survived(server, bad_range):
    uri = fresh_uri("bad-range")
    server.open(uri, APT)
    for only in (None, ["quickfix"]):
        response = server.code_actions(uri, bad_range, only=only)
        assert "result" in response or response["error"]["code"] == -32602, response
    # A change with the range; whatever the server makes of it, a whole-text change puts it back in step.
    server.change(uri, 2, {"range": bad_range, "text": "RUN apt-get update\n"})
    text = APT + "RUN pip install flask\n"
    start = len(server.messages)
    server.change(uri, 3, {"text": text})
    assert_in_step(server, uri, text, 3, start)
    server.close_document(uri)


def test_stale_and_skipped_versions(server):
    uri = fresh_uri("versions")
    start = len(server.messages)
    server.open(uri, APT, version=1)
    assert_in_step(server, uri, APT, 1, start)
    steps = [
        (5, {"text": APT + "RUN pip install flask\n"}),  # a gap
        (3, {"range": lsp_range((0, 0), (0, 4)), "text": "from"}),  # backwards
        (3, {"range": lsp_range((2, 0), (2, 0)), "text": "# a comment\n"}),  # the same version again
        (0, {"range": lsp_range((0, 0), (0, 0)), "text": "# syntax=docker/dockerfile:1\n"}),
        (-7, {"range": lsp_range((1, 0), (1, 0)), "text": "ARG X=1\n"}),
    ]
    text = APT
    for version, change in steps:
        if "range" in change:
            start_at, end_at = (offset(text, **change["range"][end]) for end in ("start", "end"))
            text = text[:start_at] + change["text"] + text[end_at:]
        else:
            text = change["text"]
        start = len(server.messages)
        server.change(uri, version, change)
        assert_in_step(server, uri, text, version, start)
    server.close_document(uri)


ODD_TEXTS = {
    "lone-surrogates": "FROM debian\nRUN echo \ud800 && apt-get update \udfff\n",
    "surrogate-in-keyword": "FROM debian\n\udc00RUN apt-get update\nRUN pip install flask\n",
    "nul-bytes": "FROM debian\x00\nRUN apt-get\x00 update && apt-get install -y sl\n\x00",
    "controls-and-separators": "FROM debian\x0c\nRUN \x1b[31m apt-get update\u2028 \u2029\x85\r\rRUN pip install x\ufffe\uffff\n",
    "random-bytes-as-latin-1": random.Random(1).randbytes(16384).decode("latin-1"),
    # Every plane, surrogates included.
    "random-code-points": "".join(map(chr, random.Random(2).choices(range(0x110000), k=20000))),
}


@pytest.mark.parametrize("text", ODD_TEXTS.values(), ids=ODD_TEXTS.keys())
def test_binary_junk_and_invalid_surrogates_in_documents(server, text):
    uri = fresh_uri("junk")
    start = len(server.messages)
    server.open(uri, text)
    assert_in_step(server, uri, text, 1, start)
    for only in (None, ["quickfix"]):
        assert isinstance(server.code_actions(uri, only=only)["result"], list)
    # The same junk typed into a document that was clean.
    edited = APT + text
    start = len(server.messages)
    server.change(uri, 2, {"text": APT}, {"range": lsp_range((HUGE, 0), (HUGE, 0)), "text": text})
    assert_in_step(server, uri, edited, 2, start)
    server.close_document(uri)
    still_serving(server)


def test_invalid_utf8_bytes_inside_a_message_drop_only_that_message(server):
    uri = fresh_uri("invalid-utf8")
    item = {"uri": uri, "languageId": "dockerfile", "version": 1, "text": "@TEXT@"}
    body = encode({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": item}})
    body = body.replace(b"@TEXT@", b"FROM debian\\nRUN apt-get \xff\xfe\xc3( update\\n")
    server.send_bytes(frame(body))
    assert server.code_actions(uri)["result"] is None  # never opened: the message was dropped
    still_serving(server)
