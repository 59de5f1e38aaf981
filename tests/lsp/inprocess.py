"""The server in process: message bodies handed to the front as the transport does, and
everything the server writes back, parsed. Fast and deterministic where the subprocess
tests measure."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from dockerls.lsp.connection import Connection
from dockerls.lsp.front import Front

ERROR, WARNING = 1, 2  # window/logMessage types


class Capture:
    """The writer: every message the server sends, parsed, and the raw bytes."""

    def __init__(self) -> None:
        self.messages: list[dict] = []
        self.raw: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.raw.append(data)
        self.messages.append(json.loads(data.split(b"\r\n\r\n", 1)[1]))

    def close(self) -> None:
        pass


class InProcess:
    def __init__(self, *, load_pygls_first: bool = False) -> None:
        self.output = Capture()
        self.front = Front(Connection(self.output), load_pygls_first=load_pygls_first)
        self._next_id = 0

    @property
    def session(self):
        return self.front.session

    async def send(self, message: dict) -> None:
        await self.send_body(json.dumps(message).encode())

    async def send_body(self, body: bytes) -> None:
        await self.front.handle(body)
        await settle()

    async def request(self, method: str, params: object = None, **envelope: object) -> dict:
        """Send a request and return its response."""
        self._next_id += 1
        message = {"jsonrpc": "2.0", "id": self._next_id, "method": method, **envelope}
        if params is not None:
            message["params"] = params
        await self.send(message)
        (response,) = [m for m in self.output.messages if m.get("id") == self._next_id and "method" not in m]
        return response

    async def notify(self, method: str, params: object = None) -> None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        await self.send(message)

    async def open(self, uri: str, text: str, version: int = 1) -> None:
        item = {"uri": uri, "languageId": "dockerfile", "version": version, "text": text}
        await self.notify("textDocument/didOpen", {"textDocument": item})

    async def code_actions(self, uri: str, only: list[str] | None = None) -> dict:
        everything = {"start": {"line": 0, "character": 0}, "end": {"line": 10_000, "character": 0}}
        context: dict = {"diagnostics": []} if only is None else {"diagnostics": [], "only": only}
        return await self.request(
            "textDocument/codeAction", {"textDocument": {"uri": uri}, "range": everything, "context": context}
        )

    def published(self, uri: str) -> list[dict]:
        return [m["params"] for m in self.output.messages if m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri]

    def logged(self, kinds: tuple[int, ...] = (ERROR, WARNING)) -> list[str]:
        return [
            m["params"]["message"]
            for m in self.output.messages
            if m.get("method") in ("window/logMessage", "window/showMessage") and m["params"]["type"] in kinds
        ]


async def settle() -> None:
    """Let what the last message scheduled run (lints, housekeeping)."""
    for _ in range(3):
        await asyncio.sleep(0)


async def started(initialization_options: object = None, capabilities: dict | None = None, **options) -> InProcess:
    """An initialised server on the running test's event loop (lints are scheduled on it)."""
    session = InProcess(**options)
    params = {
        "processId": None,
        "rootUri": None,
        "capabilities": capabilities or {},
        "initializationOptions": initialization_options,
    }
    assert "result" in await session.request("initialize", params)
    await session.notify("initialized", {})
    return session
