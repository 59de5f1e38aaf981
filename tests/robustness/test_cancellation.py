"""``$/cancelRequest``: an in-flight request is answered (cancelled or not) and the server keeps working."""

from __future__ import annotations

import time

import pytest

from .report import record
from .jsonrpc import encode, frame, whole_range
from .session import EXAMPLES, fix_all_actions, fresh_uri, still_serving

REQUEST_CANCELLED = -32800
# Large enough that fixing it all takes a while (about a second on a busy machine).
LARGE = 15 * "".join((EXAMPLES / f"{name}.before.Dockerfile").read_text(encoding="utf-8") + "\n" for name in ("apt", "pip"))


def test_cancelling_an_in_flight_code_action(server):
    uri = fresh_uri("cancel")
    server.open(uri, LARGE)
    # One write: the cancellation is already waiting while the server works on the request.
    request = server.new_id()
    params = server.code_action_params(uri, whole_range(), only=["source.fixAll"])
    began = time.perf_counter()
    server.send_bytes(
        b"".join(
            frame(encode(message))
            for message in (
                {"jsonrpc": "2.0", "id": request, "method": "textDocument/codeAction", "params": params},
                {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": request}},
            )
        )
    )
    response = server.response(request)
    outcome = "cancelled" if "error" in response else "answered with its result"
    record(f"$/cancelRequest of an in-flight fix-all code action: {outcome} after {time.perf_counter() - began:.2f} s")
    if "error" in response:
        assert response["error"]["code"] == REQUEST_CANCELLED, response
    else:
        (fix_all,) = fix_all_actions(response)
        assert fix_all["edit"]["changes"][uri]
    still_serving(server)


@pytest.mark.parametrize("request_id", [987654321, "never-sent", None, {"an": "object"}], ids=repr)
def test_cancelling_what_is_not_in_flight(server, request_id):
    answered = server.call("textDocument/codeAction", server.code_action_params("untitled:/robustness/done"))
    for stale in (request_id, answered["id"]):
        server.notify("$/cancelRequest", {"id": stale})
    server.notify("$/cancelRequest", {})
    server.notify("$/cancelRequest")
    still_serving(server)
