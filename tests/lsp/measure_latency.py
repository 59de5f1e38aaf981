"""Measure didOpen→publish and didChange→publish latency of the server on a generated Dockerfile.

Not a test (timings depend on the machine): run it by hand,

    .venv/bin/python -m tests.lsp.measure_latency [LINES] [CHANGES]

It drives ``dockerls serve`` over stdio with raw JSON-RPC (no client library,
so the numbers are the server's plus a pipe), sends single-character edits one
at a time, and waits for the diagnostics of each version.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

from gen_dockerfile import generate  # noqa: E402


class RawClient:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dockerls", "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=REPO
        )
        self.next_id = 0

    def send(self, method: str, params: object, *, request: bool = False) -> None:
        message: dict = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self) -> dict:
        length = 0
        while (line := self.process.stdout.readline().strip()) != b"":
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        message = json.loads(self.process.stdout.read(length))
        if "id" in message and "method" in message:  # a request from the server: answer it plainly
            self._answer(message)
        return message

    def _answer(self, request: dict) -> None:
        result = [None] * len(request["params"]["items"]) if request["method"] == "workspace/configuration" else None
        body = json.dumps({"jsonrpc": "2.0", "id": request["id"], "result": result}).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def wait_for(self, predicate) -> dict:
        while True:
            message = self.receive()
            if predicate(message):
                return message


def published(uri: str, version: int):
    def match(message: dict) -> bool:
        return (
            message.get("method") == "textDocument/publishDiagnostics"
            and message["params"]["uri"] == uri
            and message["params"].get("version") == version
        )

    return match


def main(lines: int = 1000, changes: int = 50) -> None:
    text = generate(lines)
    client = RawClient()
    client.send("initialize", {"processId": None, "rootUri": None, "capabilities": {}}, request=True)
    client.wait_for(lambda m: m.get("id") == 1)
    client.send("initialized", {})
    uri = "untitled:/measure/Dockerfile"

    started = time.perf_counter()
    client.send(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}}
    )
    first = client.wait_for(published(uri, 1))
    open_ms = (time.perf_counter() - started) * 1000

    # A second document with the same text: the server is warm now.
    started = time.perf_counter()
    item = {"uri": uri + ".2", "languageId": "dockerfile", "version": 1, "text": text}
    client.send("textDocument/didOpen", {"textDocument": item})
    client.wait_for(published(uri + ".2", 1))
    warm_open_ms = (time.perf_counter() - started) * 1000

    line = text.count("\n") // 2
    change_ms = []
    for version in range(2, changes + 2):
        change = {
            "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
            "text": " ",
        }
        started = time.perf_counter()
        client.send(
            "textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}
        )
        client.wait_for(published(uri, version))
        change_ms.append((time.perf_counter() - started) * 1000)

    client.send("shutdown", None, request=True)
    client.wait_for(lambda m: m.get("id") == client.next_id)
    client.send("exit", None)
    client.process.wait(timeout=10)

    change_ms.sort()
    print(f"{lines} lines, {len(first['params']['diagnostics'])} diagnostics")
    print(f"didOpen   -> publish: {open_ms:.1f} ms (first document), {warm_open_ms:.1f} ms (second)")
    print(
        f"didChange -> publish: median {statistics.median(change_ms):.1f} ms, "
        f"p90 {change_ms[int(len(change_ms) * 0.9) - 1]:.1f} ms, min {change_ms[0]:.1f} ms over {changes} edits"
    )


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
