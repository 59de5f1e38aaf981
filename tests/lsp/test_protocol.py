"""In process: message bodies handed to the protocol as the transport does, and what the server
writes back. Fast and deterministic where the subprocess tests (``tests/robustness``) measure."""

from __future__ import annotations

import asyncio
import json
import logging
import threading

import pytest

from dockerls.lsp import create_server, server as server_module
from dockerls.lsp.server import DockerlsServer

from .documents import APT

INVALID_REQUEST, METHOD_NOT_FOUND = -32600, -32601
ERROR, WARNING = 1, 2  # window/logMessage types


class Capture:
    """The writer: every message the server sends, parsed."""

    def __init__(self) -> None:
        self.messages: list[dict] = []

    def write(self, data: bytes) -> None:
        self.messages.append(json.loads(data.split(b"\r\n\r\n", 1)[1]))

    def close(self) -> None:
        pass


class InProcess:
    def __init__(self) -> None:
        self.server: DockerlsServer = create_server()
        self.server._stop_event = threading.Event()
        self.output = Capture()
        self.server.protocol.set_writer(self.output)
        self._next_id = 0

    def send(self, message: dict) -> None:
        self.server.protocol.handle_body(json.dumps(message).encode())

    def request(self, method: str, params: object = None, **envelope: object) -> dict:
        """Send a request and return its response (the handlers here answer synchronously)."""
        self._next_id += 1
        message = {"jsonrpc": "2.0", "id": self._next_id, "method": method, **envelope}
        if params is not None:
            message["params"] = params
        self.send(message)
        (response,) = [m for m in self.output.messages if m.get("id") == self._next_id and "method" not in m]
        return response

    def notify(self, method: str, params: object = None) -> None:
        message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)

    def open(self, uri: str, text: str) -> None:
        item = {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": item})

    def code_actions(self, uri: str, only: list[str] | None = None) -> dict:
        everything = {"start": {"line": 0, "character": 0}, "end": {"line": 10_000, "character": 0}}
        context: dict = {"diagnostics": []} if only is None else {"diagnostics": [], "only": only}
        return self.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": everything, "context": context})

    def complaints(self) -> list[dict]:
        return [
            m
            for m in self.output.messages
            if m.get("method") in ("window/logMessage", "window/showMessage") and m["params"]["type"] in (ERROR, WARNING)
        ]


async def started(initialization_options: object = None) -> InProcess:
    """An initialised server on the running test's event loop (lints are scheduled on it)."""
    session = InProcess()
    params = {"processId": None, "rootUri": None, "capabilities": {}, "initializationOptions": initialization_options}
    assert "result" in session.request("initialize", params)
    session.notify("initialized", {})
    await asyncio.sleep(0)
    return session


@pytest.fixture
async def session() -> InProcess:
    return await started()


async def test_a_request_whose_jsonrpc_is_not_the_string_2_0_is_refused(session):
    uri = "untitled:/a/Dockerfile"
    session.open(uri, APT)
    params = {
        "textDocument": {"uri": uri},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}},
        "context": {"diagnostics": []},
    }
    for version in (2.0, 2, "1.0", None):
        response = session.request("textDocument/codeAction", params, jsonrpc=version)
        assert "result" not in response and response["error"]["code"] == INVALID_REQUEST, version
    assert session.code_actions(uri)["result"]  # the same request, well formed, is obeyed


async def test_a_notification_whose_jsonrpc_is_wrong_is_not_obeyed(session):
    item = {"uri": "untitled:/b/Dockerfile", "languageId": "dockerfile", "version": 1, "text": APT}
    session.send({"jsonrpc": 2.0, "method": "textDocument/didOpen", "params": {"textDocument": item}})
    assert session.server.documents.get("untitled:/b/Dockerfile") is None
    assert not any("id" in m for m in session.output.messages[1:])  # nothing but the initialize answer


@pytest.mark.parametrize("params", [None, {"x": 1}])
async def test_unknown_request_gets_method_not_found_and_no_complaint(session, params):
    response = session.request("dockerls/noSuchMethod", params)
    assert response["error"]["code"] == METHOD_NOT_FOUND
    assert session.complaints() == []


@pytest.mark.parametrize("method", ["$/noSuchNotification", "dockerls/noSuchNotification"])
@pytest.mark.parametrize("params", [None, {"x": 1}])
async def test_unknown_notifications_are_ignored_silently(session, method, params, caplog):
    before = len(session.output.messages)
    with caplog.at_level(logging.INFO):
        session.notify(method, params)
    assert session.output.messages[before:] == []
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    if method.startswith("$/"):  # "$/" ones may be ignored by protocol: not even an info line
        assert caplog.records == []


async def test_requests_after_shutdown_are_refused(session):
    assert session.request("shutdown")["result"] is None
    response = session.code_actions("untitled:/c/Dockerfile")
    assert response["error"]["code"] == INVALID_REQUEST


async def test_notifications_leave_no_future_behind(session):
    """pygls files the future of every generator-handled notification under a fresh id;
    nothing may stay filed once the notification is handled."""
    for number in range(20):
        uri = f"untitled:/cycle/{number}/Dockerfile"
        session.open(uri, APT)
        session.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": APT + "# edited\n"}]},
        )
        assert session.code_actions(uri, only=["quickfix"])["result"]
        session.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        await asyncio.sleep(0)  # the scheduled lints run
    assert session.server.protocol._request_futures == {}


async def test_buffers_without_a_file_share_one_settings_entry(session):
    for number in range(20):
        uri = f"untitled:/settings/{number}/Dockerfile"
        session.open(uri, APT)
        await asyncio.sleep(0)
        session.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert len(session.server._lint_settings) == 1


async def test_a_document_over_the_size_limit_is_never_parsed_or_fixed(monkeypatch):
    session = await started({"fixOnWillSave": True})
    uri = "untitled:/large/Dockerfile"
    session.open(uri, APT)
    await asyncio.sleep(0)  # the lint
    assert session.code_actions(uri)["result"]  # under the limit: fixes are offered
    monkeypatch.setattr(server_module, "MAX_DOCUMENT_CHARS", len(APT) - 1)
    for only in (None, ["quickfix"], ["source.fixAll"]):
        assert session.code_actions(uri, only)["result"] == []
    will_save = session.request("textDocument/willSaveWaitUntil", {"textDocument": {"uri": uri}, "reason": 1})
    assert will_save["result"] is None
    deferred = {"title": "fix all", "kind": "source.fixAll.dockerls", "data": {"kind": "dockerls.fixAll", "uri": uri}}
    assert "edit" not in session.request("codeAction/resolve", deferred)["result"]
    # A new version, linted and asked about: parsing it is what the limit prevents.
    session.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": APT}]})
    await asyncio.sleep(0)
    assert session.code_actions(uri)["result"] == []
    assert session.server.documents.get(uri)._parsed is None
    logged = [m for m in session.output.messages if m.get("method") == "window/logMessage"]
    assert len(logged) == 1 and "too large" in logged[0]["params"]["message"]  # told once
