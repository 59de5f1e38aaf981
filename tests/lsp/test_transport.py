"""The server's transports, driven with raw JSON-RPC: stdio through ``run()``, and ``--tcp``."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

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
        [sys.executable, "-c", "from dockerls.lsp import run; run()"],
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
