"""Broken Content-Length framing: the server must find the next message and answer it.

After bytes that break the framing, a server cannot know where the next
message starts until it sees the next ``Content-Length`` header; a robust one
looks for it instead of reading every later message wrongly. After each broken
case the client sends a few ordinary requests; one of them must be answered,
and the process must still be alive.

A broken stream can wreck a server, and a server costs about a second of CPU
to start, so the broken cases share one server of their own, in sequence (the
first case the server does not survive ends the test), and the two cases that
would wreck a server in their own way (a line over the reader's limit, a
lowercase header name) get one each. The three start together and their
waits overlap.
"""

from __future__ import annotations

import random
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from .servers import ServerStartError, start_server
from .jsonrpc import ServerProcess, encode, frame
from .session import still_serving

RECOVERY_WAIT = 5.0  # seconds after the broken bytes; an idle server answers in milliseconds
RETRIES = 3  # ordinary requests sent after the broken bytes, one after the other
MODULE_TIME_LIMIT = 45.0

PROBE = {"jsonrpc": "2.0", "method": "textDocument/codeAction"}
BODY = b'{"jsonrpc":"2.0","id":"lost","method":"dockerls/noSuchMethod","params":{}}'
JUNK = random.Random(7).randbytes(4096).replace(b"\n", b"") + b"junk without a line break"

BROKEN = {
    "content-length-too-short": b"Content-Length: 10\r\n\r\n" + BODY,
    "content-length-too-long": b"Content-Length: %d\r\n\r\n" % (len(BODY) + 150) + BODY,
    "content-length-not-a-number": b"Content-Length: many\r\n\r\n" + BODY,
    "no-headers": BODY,
    "binary-junk-and-invalid-utf8": JUNK,
}
LONG_HEADER_LINE = b"X" * (3 << 20) + b"\r\n"
# Header names are case-insensitive (LSP headers follow HTTP): this one is legal, not broken.
LOWERCASE_HEADER = b"content-length: %d\r\n\r\n" % len(BODY) + BODY


def send_probes(server: ServerProcess) -> tuple[list[int], float]:
    """RETRIES ordinary requests; returns their ids and when they were sent."""
    ids: list[int] = []
    try:
        for _ in range(RETRIES):
            ids.append(server.request("textDocument/codeAction", server.code_action_params("untitled:/x")))
    except OSError:  # the server is gone; answered() reports it
        pass
    return ids, time.monotonic()


def answered(server: ServerProcess, ids: list, sent_at: float) -> bool:
    remaining = max(0.0, sent_at + RECOVERY_WAIT - time.monotonic())
    try:
        server.wait_for(lambda m: m.get("id") in ids and "result" in m, remaining)
    except AssertionError:  # a timeout, or the server died
        return False
    return server.alive()


def feed(server: ServerProcess, data: bytes) -> tuple[list[int], float]:
    try:
        server.send_bytes(data)
    except OSError:
        pass
    return send_probes(server)


@pytest.fixture(scope="module")
def framing_servers(supply):
    servers: dict[str, ServerProcess] = {}
    try:
        # One from the supply (likely started already), the other two started together meanwhile.
        with ThreadPoolExecutor(max_workers=2) as pool:
            others = {name: pool.submit(start_server) for name in ("long-header-line", "lowercase-header-name")}
            servers["sequence"] = supply.take()
            failures = []
            for name, future in others.items():
                try:
                    servers[name] = future.result()
                except ServerStartError as error:
                    failures.append(error)
            if failures:
                raise failures[0]
        for server in servers.values():
            server.arm_watchdog(MODULE_TIME_LIMIT)
        # The single-shot cases are fed now, so their waits overlap with the sequence's.
        fed = {
            "long-header-line": feed(servers["long-header-line"], LONG_HEADER_LINE),
            "lowercase-header-name": feed(servers["lowercase-header-name"], LOWERCASE_HEADER),
        }
        yield servers, fed
    finally:
        for server in servers.values():
            server.close()


def test_server_resynchronises_after_broken_framing(framing_servers):
    servers, _ = framing_servers
    server = servers["sequence"]
    for name, data in BROKEN.items():
        ids, sent_at = feed(server, data)
        assert answered(server, ids, sent_at), f"not answered after {name!r}; stderr:\n{server.stderr_tail()}"
    assert not server.output_errors


def test_server_survives_a_header_line_over_1_mib(framing_servers):
    servers, fed = framing_servers
    server = servers["long-header-line"]
    assert answered(server, *fed["long-header-line"]), f"exit code {server.process.poll()}"


def test_header_names_are_case_insensitive(framing_servers):
    servers, fed = framing_servers
    server = servers["lowercase-header-name"]
    ids, sent_at = fed["lowercase-header-name"]
    assert answered(server, ids, sent_at)
    assert any(m.get("id") == "lost" and m.get("error", {}).get("code") == -32601 for m in server.messages)


@pytest.mark.parametrize(
    "data",
    [
        b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n",
        b"Content-Length: -5\r\n\r\n",
        b"\r\n\r\n",
    ],
    ids=["content-type-header-alone", "negative-length", "blank-lines"],
)
def test_stray_headers_are_skipped(server, data):
    """Headers or blank lines with no usable body, then a proper message: it is answered."""
    request_id = server.new_id()
    body = encode({**PROBE, "id": request_id, "params": server.code_action_params("untitled:/x")})
    server.send_bytes(data + frame(body))
    assert "result" in server.response(request_id)
    still_serving(server)


@pytest.mark.parametrize("position", ["before", "after"])
def test_content_type_header_is_accepted(server, position):
    content_type = b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n"
    request_id = server.new_id()
    body = encode({**PROBE, "id": request_id, "params": server.code_action_params("untitled:/x")})
    length = b"Content-Length: %d\r\n" % len(body)
    headers = content_type + length if position == "before" else length + content_type
    server.send_bytes(headers + b"\r\n" + body)
    assert "result" in server.response(request_id)
    still_serving(server)
