"""The server's transports, driven with raw JSON-RPC: stdio through ``run()``, and ``--tcp``;
and the message reader they share, in process."""

from __future__ import annotations

import asyncio
import io
import json
import socket
import subprocess
import sys
import time

import pytest

from dockerls.lsp import transport
from dockerls.lsp.transport import HEADER_LINE_LIMIT, ThreadedReader, message_bodies

from .lsp_client import REPO

INITIALIZE = {"processId": None, "rootUri": None, "capabilities": {}}


def frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_message(stream) -> dict:
    length = 0
    while (line := stream.readline()) not in (b"\r\n", b""):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    assert length, "the server closed the stream"
    return json.loads(stream.read(length))


def read_response(stream, msg_id: int) -> dict:
    while True:
        message = read_message(stream)
        if message.get("id") == msg_id and "method" not in message:
            return message


def test_stdio_survives_garbage_and_exits_cleanly():
    """Bytes that are not JSON, then a normal session: the server answers and exits with 0."""
    server = subprocess.Popen(
        [sys.executable, "-c", "from dockerls.lsp import run; raise SystemExit(run())"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
    )
    try:
        server.stdin.write(b"Content-Length: 9\r\n\r\n{not json")
        server.stdin.write(frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": INITIALIZE}))
        server.stdin.flush()
        result = read_response(server.stdout, 1)["result"]
        assert result["serverInfo"]["name"] == "dockerls"
        assert result["capabilities"]["textDocumentSync"]["change"] == 2  # incremental
        assert result["capabilities"]["codeActionProvider"]["codeActionKinds"] == ["quickfix", "source.fixAll.dockerls"]
        server.stdin.write(frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None}))
        server.stdin.flush()
        assert read_response(server.stdout, 2)["result"] is None
        server.stdin.write(frame({"jsonrpc": "2.0", "method": "exit", "params": None}))
        server.stdin.flush()
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_tcp():
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dockerls", "serve", "--tcp", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=30)
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the server did not listen"
                time.sleep(0.1)
        with connection, connection.makefile("rwb") as stream:
            stream.write(frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": INITIALIZE}))
            stream.write(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
            text = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y sl\n"
            item = {"uri": "untitled:/tcp/Dockerfile", "languageId": "dockerfile", "version": 4, "text": text}
            stream.write(frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": item}}))
            stream.flush()
            assert read_response(stream, 1)["result"]["serverInfo"]["name"] == "dockerls"
            while (message := read_message(stream)).get("method") != "textDocument/publishDiagnostics":
                pass
            assert message["params"]["version"] == 4
            assert {d["code"] for d in message["params"]["diagnostics"]} == {"APT001"}
    finally:
        server.kill()
        server.wait()


# --- the message reader, in process ---------------------------------------------------------

BODY = b'{"jsonrpc":"2.0","id":1,"method":"shutdown"}'
GOOD = b"Content-Length: %d\r\n\r\n" % len(BODY) + BODY


async def bodies_read(data: bytes, *, limit: int = HEADER_LINE_LIMIT) -> list[bytes]:
    reader = asyncio.StreamReader(limit=limit)
    reader.feed_data(data)
    reader.feed_eof()
    return [body async for body in message_bodies(reader)]


@pytest.mark.parametrize(
    "headers",
    [
        b"Content-Length: %d\r\n" % len(BODY),
        b"content-length:%d\r\n" % len(BODY),
        b"CONTENT-LENGTH:  %d \r\n" % len(BODY),
        b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: %d\r\n" % len(BODY),
        b"Content-Length: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n" % len(BODY),
    ],
    ids=["canonical", "lowercase-no-space", "uppercase-spaces", "content-type-first", "content-type-last"],
)
async def test_headers_are_read_case_insensitively_and_others_skipped(headers):
    assert await bodies_read(headers + b"\r\n" + BODY + GOOD) == [BODY, BODY]


@pytest.mark.parametrize(
    "broken, intact",
    [
        (b"Content-Length: 10\r\n\r\n" + BODY, 2),  # too short: the rest is left over before the next header
        (b"Content-Length: %d\r\n\r\n" % (len(BODY) + 20) + BODY, 1),  # too long: eats into the next message
        (b"Content-Length: many\r\n\r\n" + BODY, 2),
        (b"Content-Length: -5\r\n\r\n", 2),
        (BODY, 2),  # no header at all
        (bytes(range(256)).replace(b"\n", b""), 2),  # binary junk, no line break
        (b"\r\n\r\n", 2),
    ],
    ids=["too-short", "too-long", "not-a-number", "negative", "no-headers", "junk", "blank-lines"],
)
async def test_the_reader_resynchronises_on_the_next_header(broken, intact):
    """After broken bytes, every message whose header they did not swallow is read intact."""
    bodies = await bodies_read(broken + GOOD + GOOD)
    assert bodies[-intact:] == [BODY] * intact and BODY not in bodies[:-intact]


async def test_an_over_long_header_line_is_dropped():
    assert await bodies_read(b"X" * 300 + b"\r\n" + GOOD, limit=64) == [BODY]
    assert await bodies_read(b"X" * 300 + GOOD, limit=64) == []  # glued to the junk: that message is lost
    assert await bodies_read(b"X" * 300 + GOOD + GOOD, limit=64) == [BODY]  # and only that one


async def test_the_end_of_the_stream_mid_message_ends_the_reading():
    assert await bodies_read(GOOD + b"Content-Length: 500\r\n\r\n{") == [BODY]


async def test_the_threaded_reader_is_read_the_same_way(monkeypatch):
    """Where stdin cannot be an asyncio pipe, a thread reads it for the same loop (and reads
    short at the end); an over-long header line is dropped as the pipe's reader drops it."""
    data = b"junk" + GOOD + b"content-length: %d\r\n\r\n" % len(BODY) + BODY + b"Content-Length: 500\r\n\r\n{"
    reader = ThreadedReader(io.BytesIO(data))
    assert [body async for body in message_bodies(reader)] == [BODY, BODY]
    monkeypatch.setattr(transport, "HEADER_LINE_LIMIT", 64)
    reader = ThreadedReader(io.BytesIO(b"X" * 300 + b"\r\n" + GOOD + GOOD))
    assert [body async for body in message_bodies(reader)] == [BODY, BODY]


def test_stdin_from_a_regular_file_is_served(tmp_path):
    """A regular file cannot be polled: the threaded reader serves it, to the end."""
    requests = tmp_path / "requests"
    requests.write_bytes(
        frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": INITIALIZE})
        + frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
        + frame({"jsonrpc": "2.0", "method": "exit", "params": None})
    )
    with requests.open("rb") as stdin:
        done = subprocess.run([sys.executable, "-m", "dockerls", "serve"], stdin=stdin, capture_output=True,
                              cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    answers = io.BytesIO(done.stdout)
    assert read_response(answers, 1)["result"]["serverInfo"]["name"] == "dockerls"
    assert read_response(answers, 2)["result"] is None
