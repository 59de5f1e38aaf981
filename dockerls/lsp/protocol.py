"""pygls' protocol, adjusted where its defaults would lose requests or disagree with the client.

- Requests whose params fail to deserialise get an error response (pygls
  only logs them, leaving the client waiting forever).
- ``textDocument/codeAction`` ignores ``context.diagnostics``: the server
  recomputes findings from the document, and Neovim 0.7 sends back only the
  ``code`` of each diagnostic, which would fail validation and reject the
  whole request.
- pygls' own copy of open documents is not kept (see ``documents.py``); the
  open/change/close notifications go straight to our handlers.
"""

from __future__ import annotations

import logging
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol, lsp_method

log = logging.getLogger(__name__)


def _drop_context_diagnostics(data: dict[str, Any]) -> None:
    params = data.get("params")
    context = params.get("context") if isinstance(params, dict) else None
    if isinstance(context, dict) and "diagnostics" in context:
        context["diagnostics"] = []


class DockerlsProtocol(LanguageServerProtocol):
    def structure_message(self, data: dict[str, Any]):
        if data.get("method") == types.TEXT_DOCUMENT_CODE_ACTION:
            _drop_context_diagnostics(data)
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "jsonrpc" in data and "id" in data and "method" in data:
                log.warning(
                    "rejecting %s request %r: its params do not match the LSP types", data["method"], data["id"]
                )
                self._send_response(data["id"], None, error.to_response_error())
            raise

    # Our DocumentStore holds the text; these only pass the notification on.

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None
