"""Well-framed messages whose content is wrong: the server drops or rejects them and goes on serving."""

from __future__ import annotations

import pytest

from .jsonrpc import encode, frame
from .session import still_serving

ERROR, WARNING = 1, 2  # window/logMessage and window/showMessage types

BAD_BODIES = {
    "truncated-json": b'{"jsonrpc":"2.0","id":"bad-1","method":',
    "trailing-garbage": b'{"jsonrpc":"2.0","method":"initialized","params":{}} and then some',
    "invalid-utf8": b'{"jsonrpc":"2.0","method":"dockerls/x","params":{"v":"\xff\xfe\xc3"}}',
    "empty-body": b"",
    "number": b"42",
    "string": b'"textDocument/codeAction"',
    "null": b"null",
    "empty-array": b"[]",
    "batch": b'[{"jsonrpc":"2.0","id":"bad-2","method":"dockerls/noSuchMethod"}]',
    "deep-nesting": b'{"jsonrpc":"2.0","method":"dockerls/x","params":' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "5000-digit-id": b'{"jsonrpc":"2.0","id":' + b"9" * 5000 + b',"method":"dockerls/noSuchMethod"}',
    "object-id": b'{"jsonrpc":"2.0","id":{"a":1},"method":"dockerls/noSuchMethod"}',
    "numeric-method": b'{"jsonrpc":"2.0","id":"bad-3","method":5}',
    "string-params": b'{"jsonrpc":"2.0","id":"bad-4","method":"textDocument/codeAction","params":"all"}',
    "response-to-nothing": b'{"jsonrpc":"2.0","id":"never-sent","result":{"x":1}}',
}

MISSING = object()
# "2.0" as a string is the only valid value; the request must not be carried out.
INVALID_VERSIONS = {
    "version-1.0": "1.0",
    "version-number": 2.0,
    "version-null": None,
    "version-missing": MISSING,
}


def reaction_to(server, data: bytes) -> list[dict]:
    """Everything the server sends in reaction to ``data`` (it handles messages in order,
    so any reaction comes before the answer to a request sent right after)."""
    start = len(server.messages)
    server.send_bytes(data)
    probe = server.request("textDocument/codeAction", server.code_action_params("untitled:/robustness/probe"))
    end = server.messages.index(server.response(probe))
    return server.messages[start:end]


@pytest.mark.parametrize("body", BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_bad_bodies_are_dropped(server, body):
    server.send_bytes(frame(body))
    still_serving(server)


@pytest.mark.parametrize("version", INVALID_VERSIONS.values(), ids=INVALID_VERSIONS.keys())
def test_invalid_jsonrpc_field_is_not_obeyed(server, version):
    request = {"id": "invalid-version", "method": "textDocument/codeAction"}
    request["params"] = server.code_action_params("untitled:/robustness/invalid-version")
    if version is not MISSING:
        request["jsonrpc"] = version
    answers = [message for message in reaction_to(server, frame(encode(request))) if message.get("id") == request["id"]]
    assert all("result" not in answer for answer in answers), answers
    still_serving(server)


@pytest.mark.parametrize(
    "params",
    [
        {"x": 1},
        [1, 2],
        None,
    ],
    ids=["object-params", "array-params", "no-params"],
)
def test_unknown_request_gets_method_not_found(server, params):
    response = server.call("dockerls/noSuchMethod", params)
    assert response.get("error", {}).get("code") == -32601, response
    still_serving(server)


@pytest.mark.parametrize(
    "notification",
    [
        {"jsonrpc": "2.0", "method": "dockerls/noSuchNotification", "params": {"x": 1}},
        {"jsonrpc": "2.0", "method": "$/noSuchNotification", "params": {}},
        {"jsonrpc": "2.0", "method": "$/noSuchNotification"},
        {"jsonrpc": "2.0", "method": "dockerls/noSuchNotification"},
    ],
    ids=["with-params", "dollar-with-params", "dollar-no-params", "no-params"],
)
def test_unknown_notification_is_ignored(server, notification):
    reaction = reaction_to(server, frame(encode(notification)))
    complaints = [
        message
        for message in reaction
        if "id" in message  # a response to a notification, or a request about it
        or (
            message.get("method") in ("window/logMessage", "window/showMessage")
            and message["params"]["type"] in (ERROR, WARNING)
        )
    ]
    assert complaints == []
    still_serving(server)
