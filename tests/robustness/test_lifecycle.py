"""The end of a session, orderly or not: the server answers what it is sent, and then goes away."""

from __future__ import annotations

import pytest

INVALID_REQUEST = -32600
EXIT_WAIT = 10.0  # seconds
ANSWER_WAIT = 5.0  # an idle server answers in milliseconds


def test_requests_after_shutdown_are_refused_not_dropped(own_server):
    """LSP: requests after ``shutdown`` error with InvalidRequest; a dropped one leaves its
    client waiting forever (an editor may well send a code action while shutting down)."""
    shutdown = own_server.call("shutdown")
    assert "error" not in shutdown and shutdown["result"] is None, shutdown
    late = own_server.request("textDocument/codeAction", own_server.code_action_params("untitled:/late"))
    response = own_server.response(late, timeout=ANSWER_WAIT)
    assert response.get("error", {}).get("code") == INVALID_REQUEST, response
    own_server.notify("exit")
    assert own_server.process.wait(timeout=EXIT_WAIT) == 0


def test_exit_without_shutdown_exits_with_an_error(own_server):
    """LSP: exit code 0 only if shutdown came first, else 1."""
    own_server.notify("exit")
    assert own_server.process.wait(timeout=EXIT_WAIT) == 1


@pytest.mark.parametrize(
    "last_words", [b"", b'Content-Length: 500\r\n\r\n{"jsonrpc":'], ids=["between-messages", "mid-message"]
)
def test_the_server_exits_when_the_client_goes_away(own_server, last_words):
    """An editor that crashes closes the pipe: the server must not live on as an orphan."""
    if last_words:
        own_server.send_bytes(last_words)
    own_server.process.stdin.close()
    assert own_server.process.wait(timeout=EXIT_WAIT) is not None
