"""The client's capabilities as the server reads them, and the server's, as ``initialize`` answers.

Both are plain JSON, so the front (``front``) can answer ``initialize`` before
pygls and lsprotocol are loaded. The answer is the one pygls computes from
the features the server registers (``ServerCapabilitiesBuilder``):
``tests/lsp/test_capabilities.py`` compares the two for the client profiles
pytest-lsp records (VS Code, Neovim, Emacs) and for variations of them, and
compares the options the pygls server registers (``features.register``) with the
ones declared here.

The handled methods and their options are declared here, once; the pygls
server registers its features from the same declarations.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dockerls import __version__
from dockerls.lsp.positions import ENCODINGS, UTF16

NAME = "dockerls"
FIX_ALL_KIND = "source.fixAll.dockerls"
QUICKFIX_KIND = "quickfix"
INCREMENTAL_SYNC = 2  # TextDocumentSyncKind.Incremental
CODE_ACTION_OPTIONS = {"codeActionKinds": [QUICKFIX_KIND, FIX_ALL_KIND], "resolveProvider": True}
SAVE_OPTIONS = {"includeText": False}
# Typing a flag's dashes, an option's ``=`` or the ``,`` before the next option asks for completion.
COMPLETION_OPTIONS = {"triggerCharacters": ["-", "=", ","]}

MARKUP_KINDS = ("markdown", "plaintext")

# Every capability the server reads, with the JSON type it must have. A client
# whose capabilities give one of them another type is answered by pygls itself
# (``front``), which reads them its own way.
READ = {
    "general.positionEncodings": "strings",
    "textDocument.synchronization.willSave": "boolean",
    "textDocument.synchronization.willSaveWaitUntil": "boolean",
    "textDocument.codeAction.resolveSupport.properties": "strings",
    "textDocument.completion.completionItem.documentationFormat": "strings",
    "textDocument.hover.contentFormat": "strings",
    "workspace.configuration": "boolean",
    "workspace.workspaceEdit.documentChanges": "boolean",
    "workspace.didChangeWatchedFiles.dynamicRegistration": "boolean",
    "workspace.didChangeConfiguration.dynamicRegistration": "boolean",
}


class ClientCapabilities:
    """The ``capabilities`` of an ``initialize`` request, read by camelCase paths."""

    def __init__(self, raw: object) -> None:
        self.raw = raw if isinstance(raw, Mapping) else {}

    def get(self, path: str, default: Any = None) -> Any:
        """The value at ``path`` (``"workspace.configuration"``), or ``default`` where the
        path is missing or null (as pygls' ``get_capability``)."""
        value: Any = self.raw
        for key in path.split("."):
            if not isinstance(value, Mapping):
                return default
            value = value.get(key)
        return default if value is None else value

    def supports(self, path: str) -> bool:
        return bool(self.get(path, False))

    def problems(self) -> list[str]:
        """The capabilities the server reads that do not have the type LSP gives them."""
        wrong = []
        for path, kind in READ.items():
            value = self.get(path)
            if value is None:
                continue
            if kind == "boolean" and not isinstance(value, bool):
                wrong.append(f"{path} is not a boolean")
            elif kind == "strings" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                wrong.append(f"{path} is not a list of strings")
        return wrong

    def markup_kind(self, path: str) -> str | None:
        """``markdown`` or ``plaintext``, the first the client lists at ``path`` that the server
        writes; None when it lists neither (a plain string then, which every client reads)."""
        formats = self.get(path, ())
        kinds = [kind for kind in formats if kind in MARKUP_KINDS] if isinstance(formats, list) else []
        return kinds[0] if kinds else None

    @property
    def position_encoding(self) -> str:
        """The first of the client's position encodings the server knows, else UTF-16 (LSP's default)."""
        for encoding in self.get("general.positionEncodings", ()):
            if encoding in ENCODINGS:
                return encoding
        return UTF16


def server_capabilities(client: ClientCapabilities) -> dict[str, Any]:
    """The server's capabilities for this client, as pygls builds them for the registered features."""
    sync: dict[str, Any] = {"openClose": True, "change": INCREMENTAL_SYNC}
    # pygls: "the client's value, and whether the feature is registered" (willSave is not):
    # left out where the client says nothing, the client's false kept.
    if client.get("textDocument.synchronization.willSave") is not None:
        sync["willSave"] = False
    if (will_save_wait_until := client.get("textDocument.synchronization.willSaveWaitUntil")) is not None:
        sync["willSaveWaitUntil"] = bool(will_save_wait_until)
    sync["save"] = dict(SAVE_OPTIONS)
    return {
        "positionEncoding": client.position_encoding,
        "textDocumentSync": sync,
        "completionProvider": {"triggerCharacters": list(COMPLETION_OPTIONS["triggerCharacters"])},
        "hoverProvider": True,
        "definitionProvider": True,
        "codeActionProvider": {**CODE_ACTION_OPTIONS, "codeActionKinds": list(CODE_ACTION_OPTIONS["codeActionKinds"])},
        "executeCommandProvider": {"commands": []},
        "workspace": {"workspaceFolders": {"supported": True, "changeNotifications": True}, "fileOperations": {}},
    }


def initialize_result(client: ClientCapabilities) -> dict[str, Any]:
    return {"capabilities": server_capabilities(client), "serverInfo": {"name": NAME, "version": __version__}}
