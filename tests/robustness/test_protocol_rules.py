"""LSP's and JSON-RPC's rules for messages that come too early or carry what they must not
(issue #18), through a real server process."""

from __future__ import annotations

import pytest

from .jsonrpc import ServerProcess, encode, frame
from .servers import TEST_TIME_LIMIT
from .session import APT, fresh_uri, published_codes, still_serving

SERVER_NOT_INITIALIZED, INVALID_REQUEST = -32002, -32600
ERROR, WARNING = 1, 2  # window/logMessage types


@pytest.fixture
def uninitialized():
    """A server that has not been sent ``initialize``."""
    with ServerProcess() as server:
        server.arm_watchdog(TEST_TIME_LIMIT)
        yield server


def test_a_request_before_initialize_is_answered_server_not_initialized(uninitialized):
    """LSP 3.17: a request before ``initialize`` gets -32002, not an internal error."""
    response = uninitialized.code_actions("untitled:/early/Dockerfile")
    assert response.get("error", {}).get("code") == SERVER_NOT_INITIALIZED, response
    assert "data" not in response["error"]  # no traceback sent to the client
    uninitialized.initialize()  # and the session starts normally afterwards
    assert "Traceback" not in uninitialized.stderr_tail()
    still_serving(uninitialized)


def test_a_document_opened_before_initialize_is_dropped_and_opened_again_gets_diagnostics(uninitialized):
    """LSP 3.17: notifications before ``initialize`` are dropped (except ``exit``); nothing
    raises, and the client's proper open once initialised is linted."""
    uri = fresh_uri("early-open")
    uninitialized.open(uri, APT)
    uninitialized.initialize()
    uninitialized.open(uri, APT, version=2)
    published = uninitialized.diagnostics(uri)
    assert published["version"] == 2 and "APT001" in published_codes(published)
    errors = [m for m in uninitialized.messages if m.get("method") == "window/logMessage" and m["params"]["type"] == ERROR]
    assert errors == []  # nothing failed: the early open was dropped, as LSP says
    assert "Traceback" not in uninitialized.stderr_tail() and " ERROR " not in uninitialized.stderr_tail()
    early = [m for m in uninitialized.messages if m.get("method") == "textDocument/publishDiagnostics"
             and m["params"].get("version") == 1]
    assert early == []


def test_exit_before_initialize_ends_the_server(uninitialized):
    uninitialized.notify("exit")
    assert uninitialized.process.wait(timeout=10) == 1


ODD_IDS = {"object": {"a": 1}, "array": [1], "true": True, "false": False, "float": 1.5, "whole-float": 2.0, "null": None}


@pytest.mark.parametrize("request_id", ODD_IDS.values(), ids=ODD_IDS.keys())
def test_a_request_whose_id_is_not_a_string_or_integer_is_invalid(server, request_id):
    """JSON-RPC 2.0: Invalid Request, with a null id (the request's cannot be used), and the
    request is not carried out."""
    start = len(server.messages)
    request = {"jsonrpc": "2.0", "id": request_id, "method": "shutdown"}
    server.send_bytes(frame(encode(request)))
    answer = server.wait_for(lambda m: "method" not in m and "error" in m, start=start)
    assert answer["id"] is None and answer["error"]["code"] == INVALID_REQUEST, answer
    still_serving(server)  # not shut down
    echoed = [m for m in server.messages[start:] if "method" not in m and _same_json(m.get("id"), request_id)]
    assert echoed == [] or request_id is None, echoed


def _same_json(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b  # True is not 1, 2.0 is not 2


INVALID_CHANGES = {
    "no-contentChanges": {"textDocument": {"uri": "URI", "version": 2}},
    "version-as-string": {"textDocument": {"uri": "URI", "version": "2"}, "contentChanges": [{"text": "FROM x\n"}]},
    "text-as-number": {"textDocument": {"uri": "URI", "version": 2}, "contentChanges": [{"text": 5}]},
    "negative-line": {
        "textDocument": {"uri": "URI", "version": 2},
        "contentChanges": [{"range": {"start": {"line": -1, "character": 0}, "end": {"line": 0, "character": 0}}, "text": ""}],
    },
    "version-going-back": {"textDocument": {"uri": "URI", "version": 0}, "contentChanges": [{"text": APT}]},
    "not-open": {"textDocument": {"uri": "untitled:/never/opened", "version": 2}, "contentChanges": [{"text": "x"}]},
}


@pytest.mark.parametrize("change", INVALID_CHANGES.values(), ids=INVALID_CHANGES.keys())
def test_an_invalid_did_change_is_logged_for_the_client(server, change):
    """A client bug must be visible: a ``window/logMessage`` says what was wrong."""
    uri = fresh_uri("invalid-change")
    server.open(uri, APT)
    server.diagnostics(uri, 1)
    start = len(server.messages)
    params = dict(change)
    if params["textDocument"]["uri"] == "URI":
        params["textDocument"] = {**params["textDocument"], "uri": uri}
    server.notify("textDocument/didChange", params)
    logged = server.wait_for(
        lambda m: m.get("method") == "window/logMessage" and "textDocument/didChange" in m["params"]["message"],
        start=start,
    )
    assert logged["params"]["type"] in (ERROR, WARNING), logged
    still_serving(server)
