"""JSON-RPC 2.0 as LSP uses it: framing, the envelope rules, and the error codes.

Every message the server reads is checked here before anything acts on it,
whichever part of the server then handles it (``front``): the body must be a
JSON object whose ``"jsonrpc"`` is the string ``"2.0"``; a request's ``id`` is
a string or an integer (JSON-RPC 2.0: "String, Number, or NULL", numbers
without fractional parts, and null discouraged; LSP: ``integer | string``).
A request with any other id is refused with Invalid Request and a null id,
as JSON-RPC asks when the id cannot be known, never echoed back.

Messages are written as pygls writes them (``json.dumps`` defaults: ASCII
only, non-ASCII escaped; a ``Content-Length`` and a ``Content-Type`` header),
so the bytes do not depend on which part of the server sent them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

VERSION = "2.0"
CONTENT_TYPE = "application/vscode-jsonrpc; charset=utf-8"

# JSON-RPC 2.0 and LSP error codes.
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
SERVER_NOT_INITIALIZED = -32002
REQUEST_CANCELLED = -32800


def frame(message: dict[str, Any]) -> bytes:
    """A message as it goes on the wire."""
    body = json.dumps(message)  # ASCII only: its length in characters is its length in bytes
    return f"Content-Length: {len(body)}\r\nContent-Type: {CONTENT_TYPE}\r\n\r\n{body}".encode()


def is_request_id(value: object) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool)


def error(code: int, message: str) -> dict[str, Any]:
    return {"code": code, "message": message}


@dataclass(frozen=True)
class Message:
    """A message that passed the envelope checks."""

    data: dict[str, Any]

    @property
    def method(self) -> str | None:
        return self.data.get("method")

    @property
    def id(self) -> str | int | None:
        return self.data.get("id")

    @property
    def params(self) -> Any:
        return self.data.get("params")

    @property
    def is_request(self) -> bool:
        return "method" in self.data and "id" in self.data

    @property
    def is_notification(self) -> bool:
        return "method" in self.data and "id" not in self.data

    @property
    def is_response(self) -> bool:
        return "method" not in self.data


@dataclass(frozen=True)
class Refusal:
    """A message that did not: the error response owed (``response``), or nothing, with why."""

    reason: str
    response: dict[str, Any] | None = None


def read(body: bytes) -> Message | Refusal:
    """Check one message body against the envelope rules."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as problem:  # not UTF-8, not JSON, or nested too deep
        return Refusal(f"not JSON: {str(problem)[:200]}")
    if not isinstance(data, dict):  # LSP has no batches
        return Refusal("not a JSON object")
    has_method = "method" in data
    if "id" in data and not is_request_id(data["id"]):
        kind = "a number with a fraction" if isinstance(data["id"], float) else json_type(data["id"])
        reason = f"its id is {kind}, not a string or an integer"
        if has_method:
            return Refusal(reason, refusal_response(None, INVALID_REQUEST, f"Invalid Request: {reason}"))
        return Refusal(reason)  # a response to no request of ours
    if data.get("jsonrpc") != VERSION:
        return refuse(data, '"jsonrpc" is not "2.0"')
    if has_method and not isinstance(data["method"], str):
        return refuse(data, '"method" is not a string')
    if not has_method and "id" not in data:
        return Refusal("neither a request, a notification nor a response")
    return Message(data)


def refuse(data: dict[str, Any], reason: str, code: int = INVALID_REQUEST) -> Refusal:
    """A request gets an error response (a client must not wait forever); anything else is dropped."""
    if "method" in data and is_request_id(data.get("id")):
        return Refusal(reason, refusal_response(data["id"], code, reason))
    return Refusal(reason)


def refusal_response(request_id: str | int | None, code: int, message: str) -> dict[str, Any]:
    return {"id": request_id, "error": error(code, message), "jsonrpc": VERSION}


def json_type(value: object) -> str:
    """What kind of JSON value ``value`` is, for messages ("got a string")."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return "null" if value is None else type(value).__name__
