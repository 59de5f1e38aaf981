"""The params of the notifications the server handles, read from JSON and checked against LSP's types.

A notification whose params do not have the shape LSP gives them is a client
bug: it is dropped and reported (``Invalid``, logged by ``front`` to the
client's log and to stderr), never half-applied, and nothing is coerced
(a version ``"3"`` is not the integer 3, a text ``5`` is not ``"5"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dockerls.lsp.documents import ContentChange

INTEGER_MIN, INTEGER_MAX = -(2**31), 2**31 - 1  # LSP's integer
UINTEGER_MAX = 2**31 - 1  # LSP's uinteger


class Invalid(ValueError):
    """Params that do not have the shape LSP gives them; the message says where."""


def _object(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise Invalid(f"{where} must be an object")
    return value


def _field(data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise Invalid(f"{where}.{key} is missing")
    return data[key]


def _string(data: Mapping[str, Any], key: str, where: str) -> str:
    value = _field(data, key, where)
    if not isinstance(value, str):
        raise Invalid(f"{where}.{key} must be a string")
    return value


def _integer(data: Mapping[str, Any], key: str, where: str, low: int = INTEGER_MIN, high: int = INTEGER_MAX) -> int:
    value = _field(data, key, where)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        kind = "a non-negative integer" if low == 0 else "an integer"
        raise Invalid(f"{where}.{key} must be {kind}")
    return value


def _position(value: object, where: str) -> tuple[int, int]:
    data = _object(value, where)
    return _integer(data, "line", where, 0, UINTEGER_MAX), _integer(data, "character", where, 0, UINTEGER_MAX)


def uri(params: object, where: str = "params") -> str:
    """``textDocument.uri`` of a ``TextDocumentIdentifier``."""
    return _string(_object(_field(_object(params, where), "textDocument", where), f"{where}.textDocument"), "uri",
                   f"{where}.textDocument")


def opened(params: object) -> tuple[str, str, int]:
    """``didOpen``: the document's uri, text and version."""
    item = _object(_field(_object(params, "params"), "textDocument", "params"), "params.textDocument")
    where = "params.textDocument"
    _string(item, "languageId", where)
    return _string(item, "uri", where), _string(item, "text", where), _integer(item, "version", where)


def changed(params: object) -> tuple[str, int, list[ContentChange]]:
    """``didChange``: the document's uri, its version after the changes, and the changes."""
    data = _object(params, "params")
    document = _object(_field(data, "textDocument", "params"), "params.textDocument")
    uri_ = _string(document, "uri", "params.textDocument")
    version = _integer(document, "version", "params.textDocument")
    raw_changes = _field(data, "contentChanges", "params")
    if not isinstance(raw_changes, list):
        raise Invalid("params.contentChanges must be an array")
    changes = []
    for index, raw in enumerate(raw_changes):
        where = f"params.contentChanges[{index}]"
        change = _object(raw, where)
        text = _string(change, "text", where)
        if "range" not in change:
            changes.append(ContentChange(text))
            continue
        range_ = _object(change["range"], f"{where}.range")
        start = _position(_field(range_, "start", f"{where}.range"), f"{where}.range.start")
        end = _position(_field(range_, "end", f"{where}.range"), f"{where}.range.end")
        if change.get("rangeLength") is not None:
            _integer(change, "rangeLength", where, 0, UINTEGER_MAX)
        changes.append(ContentChange(text, start, end))
    return uri_, version, changes


def saved(params: object) -> str:
    data = _object(params, "params")
    if data.get("text") is not None and not isinstance(data["text"], str):
        raise Invalid("params.text must be a string")
    return uri(params)


def settings(params: object) -> Any:
    """``workspace/didChangeConfiguration``: the settings (any JSON)."""
    return _field(_object(params, "params"), "settings", "params")


def watched_file_changes(params: object) -> int:
    """``workspace/didChangeWatchedFiles``: how many changes (the server re-reads everything anyway)."""
    changes = _field(_object(params, "params"), "changes", "params")
    if not isinstance(changes, list):
        raise Invalid("params.changes must be an array")
    for index, change in enumerate(changes):
        where = f"params.changes[{index}]"
        _string(_object(change, where), "uri", where)
        _integer(change, "type", where, 1, 3)
    return len(changes)


def workspace_folders(value: object, where: str) -> list[tuple[str, str]]:
    """A list of ``WorkspaceFolder``: (uri, name) pairs."""
    if not isinstance(value, list):
        raise Invalid(f"{where} must be an array")
    folders = []
    for index, folder in enumerate(value):
        item = _object(folder, f"{where}[{index}]")
        folders.append((_string(item, "uri", f"{where}[{index}]"), _string(item, "name", f"{where}[{index}]")))
    return folders


def folder_changes(params: object) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``workspace/didChangeWorkspaceFolders``: the folders added and removed."""
    event = _object(_field(_object(params, "params"), "event", "params"), "params.event")
    added = workspace_folders(_field(event, "added", "params.event"), "params.event.added")
    removed = workspace_folders(_field(event, "removed", "params.event"), "params.event.removed")
    return added, removed


TRACE_VALUES = ("off", "messages", "verbose")


def trace(params: object) -> str:
    value = _field(_object(params, "params"), "value", "params")
    if value not in TRACE_VALUES:
        raise Invalid('params.value must be "off", "messages" or "verbose"')
    return value
