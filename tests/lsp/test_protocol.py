"""In process: message bodies handed to the protocol as the transport does, and what the server
writes back. Fast and deterministic where the subprocess tests (``tests/robustness``) measure."""

from __future__ import annotations

import asyncio
import logging

import pytest

from dockerls.lsp import session as session_module

from .documents import APT
from .inprocess import InProcess, settle, started

INVALID_REQUEST, METHOD_NOT_FOUND = -32600, -32601


@pytest.fixture
async def session() -> InProcess:
    return await started()


async def test_a_request_whose_jsonrpc_is_not_the_string_2_0_is_refused(session):
    uri = "untitled:/a/Dockerfile"
    await session.open(uri, APT)
    params = {
        "textDocument": {"uri": uri},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}},
        "context": {"diagnostics": []},
    }
    for version in (2.0, 2, "1.0", None):
        response = await session.request("textDocument/codeAction", params, jsonrpc=version)
        assert "result" not in response and response["error"]["code"] == INVALID_REQUEST, version
    assert (await session.code_actions(uri))["result"]  # the same request, well formed, is obeyed


async def test_a_notification_whose_jsonrpc_is_wrong_is_not_obeyed(session):
    item = {"uri": "untitled:/b/Dockerfile", "languageId": "dockerfile", "version": 1, "text": APT}
    await session.send({"jsonrpc": 2.0, "method": "textDocument/didOpen", "params": {"textDocument": item}})
    assert session.session.documents.get("untitled:/b/Dockerfile") is None
    assert not any("id" in m for m in session.output.messages[1:])  # nothing but the initialize answer


@pytest.mark.parametrize("params", [None, {"x": 1}])
async def test_unknown_request_gets_method_not_found_and_no_complaint(session, params):
    response = await session.request("dockerls/noSuchMethod", params)
    assert response["error"]["code"] == METHOD_NOT_FOUND
    assert session.logged() == []


@pytest.mark.parametrize("method", ["$/noSuchNotification", "dockerls/noSuchNotification", "$/cancelRequest"])
@pytest.mark.parametrize("params", [None, {"x": 1}, {"id": 1}])
async def test_unknown_notifications_are_ignored_silently(session, method, params, caplog):
    before = len(session.output.messages)
    with caplog.at_level(logging.INFO):
        await session.notify(method, params)
    assert session.output.messages[before:] == []
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    if method.startswith("$/"):  # "$/" ones may be ignored by protocol: not even an info line
        assert caplog.records == []


async def test_requests_after_shutdown_are_refused(session):
    assert (await session.request("shutdown"))["result"] is None
    response = await session.code_actions("untitled:/c/Dockerfile")
    assert response["error"]["code"] == INVALID_REQUEST


async def test_buffers_without_a_file_share_one_settings_entry(session):
    for number in range(20):
        uri = f"untitled:/settings/{number}/Dockerfile"
        await session.open(uri, APT)
        await session.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert len(session.session._lint_settings) == 1


async def test_a_document_over_the_size_limit_is_never_parsed_or_fixed(monkeypatch):
    session = await started({"fixOnWillSave": True})
    uri = "untitled:/large/Dockerfile"
    await session.open(uri, APT)
    assert (await session.code_actions(uri))["result"]  # under the limit: fixes are offered
    monkeypatch.setattr(session_module, "MAX_DOCUMENT_CHARS", len(APT) - 1)
    for only in (None, ["quickfix"], ["source.fixAll"]):
        assert (await session.code_actions(uri, only))["result"] == []
    will_save = await session.request("textDocument/willSaveWaitUntil", {"textDocument": {"uri": uri}, "reason": 1})
    assert will_save["result"] is None
    deferred = {"title": "fix all", "kind": "source.fixAll.dockerls", "data": {"kind": "dockerls.fixAll", "uri": uri}}
    assert "edit" not in (await session.request("codeAction/resolve", deferred))["result"]
    # A new version, linted and asked about: parsing it is what the limit prevents.
    await session.notify(
        "textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": APT}]}
    )
    assert (await session.code_actions(uri))["result"] == []
    assert session.session.documents.get(uri)._parsed is None
    logged = [m for m in session.output.messages if m.get("method") == "window/logMessage"]
    assert len(logged) == 1 and "too large" in logged[0]["params"]["message"]  # told once
