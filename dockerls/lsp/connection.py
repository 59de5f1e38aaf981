"""What the server writes to its client, and the requests it sends and awaits.

One ``Connection`` per client, shared by every part of the server: the
session publishes, logs and asks for settings through it before pygls is
loaded and after, and pygls writes its responses to the same writer
(``writer``: anything with ``write(bytes)`` and ``close()``).

The server's own requests (``workspace/configuration``,
``client/registerCapability``) carry ids ``dockerls-N``; their answers are
routed here (``take_response``) before any other part of the server sees them.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from dockerls.lsp import jsonrpc

log = logging.getLogger(__name__)


class Writer(Protocol):
    def write(self, data: bytes) -> Any: ...

    def close(self) -> Any: ...


class ResponseError(Exception):
    """The client answered one of our requests with an error."""

    def __init__(self, error: object) -> None:
        self.error = error
        code = error.get("code") if isinstance(error, dict) else None
        message = error.get("message") if isinstance(error, dict) else None
        super().__init__(f"{message} ({code})" if code is not None else repr(error))


class Connection:
    def __init__(self, writer: Writer) -> None:
        self.writer = writer
        self._pending: dict[str, asyncio.Future] = {}
        self._next_id = 0

    def send(self, message: dict[str, Any]) -> None:
        data = jsonrpc.frame(message)
        result = self.writer.write(data)
        if asyncio.iscoroutine(result):  # an asynchronous writer: written once the loop gets to it
            asyncio.ensure_future(result)

    def notify(self, method: str, params: Any) -> None:
        # The keys in the order pygls' own notifications have.
        self.send({"params": params, "method": method, "jsonrpc": jsonrpc.VERSION})

    def respond(self, request_id: str | int, result: Any) -> None:
        self.send({"id": request_id, "jsonrpc": jsonrpc.VERSION, "result": result})

    def respond_error(self, request_id: str | int | None, code: int, message: str) -> None:
        self.send(jsonrpc.refusal_response(request_id, code, message))

    def request(self, method: str, params: Any) -> asyncio.Future:
        """Send a request; the future is resolved with its result (or ``ResponseError``)."""
        self._next_id += 1
        request_id = f"dockerls-{self._next_id}"
        future = asyncio.get_running_loop().create_future()
        self._pending[request_id] = future
        self.send({"id": request_id, "params": params, "method": method, "jsonrpc": jsonrpc.VERSION})
        return future

    def take_response(self, data: dict[str, Any]) -> bool:
        """Resolve the request a response answers; False if it answers none of ours."""
        future = self._pending.pop(data.get("id"), None)  # type: ignore[arg-type]
        if future is None:
            return False
        if future.done():  # given up on: a timeout cancelled it; the late answer is dropped quietly
            return True
        if "error" in data:
            future.set_exception(ResponseError(data["error"]))
        else:
            future.set_result(data.get("result"))
        return True

    @property
    def waiting(self) -> int:
        return len(self._pending)
