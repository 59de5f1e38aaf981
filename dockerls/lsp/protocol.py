"""pygls' protocol, adjusted where its defaults would lose requests or disagree with the client.

- Requests whose params fail to deserialise get an error response (pygls
  only logs them, leaving the client waiting forever).
- ``textDocument/codeAction`` ignores ``context.diagnostics``: the server
  recomputes findings from the document, and Neovim 0.7 sends back only the
  ``code`` of each diagnostic, which would fail validation and reject the
  whole request.
- pygls' own copy of open documents is not kept (see ``documents.py``); the
  open/change/close notifications go straight to our handlers.
- Message bodies come from our reader (``transport.py``) to ``handle_body``,
  which checks the JSON-RPC envelope pygls takes on trust: ``"jsonrpc"``
  must be the string ``"2.0"``, and ``params`` may be left out.
- Unknown notifications are ignored (``$/`` ones without a word in the log).
- ``notify_json`` sends a notification whose params are plain JSON already
  (diagnostics: see ``convert.json_diagnostics``), skipping cattrs.
- pygls keeps the future of every notification handled by a generator (ours
  below, and its own built-in ones) and never lets go of it; here it is
  dropped once the handler is done.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidRequest
from pygls.protocol import LanguageServerProtocol, lsp_method

log = logging.getLogger(__name__)


def _drop_context_diagnostics(data: dict[str, Any]) -> None:
    params = data.get("params")
    context = params.get("context") if isinstance(params, dict) else None
    if isinstance(context, dict) and "diagnostics" in context:
        context["diagnostics"] = []


def _is_request_id(value: object) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool)


class DockerlsProtocol(LanguageServerProtocol):
    def handle_body(self, body: bytes) -> None:
        """Parse one message body and handle it. A malformed message is logged and dropped
        (a request among them answered with an error); nothing here raises but ``exit``."""
        try:
            data = json.loads(body)
        except (ValueError, RecursionError) as error:  # not UTF-8, not JSON, or nested too deep
            log.warning("dropped a message that is not JSON: %s", str(error)[:200])
            return
        if not isinstance(data, dict):  # LSP has no batches
            log.warning("dropped a message that is not a JSON object")
            return
        if data.get("jsonrpc") != self.VERSION:
            self._refuse(data, '"jsonrpc" is not "2.0"')
            return
        if self._shutdown and data.get("method") != types.EXIT:
            self._refuse(data, "the server is shutting down")  # as LSP asks after `shutdown`
            return
        if "method" in data and "params" not in data:
            data["params"] = None  # optional in JSON-RPC; pygls' generic message types require the key
        try:
            self.handle_message(self.structure_message(data))
        except Exception as error:  # as pygls' own reader does: log, report, read on
            log.exception("unable to handle a message")
            self._server._report_server_error(error, JsonRpcException)

    def _refuse(self, data: dict[str, Any], reason: str) -> None:
        """Answer a request with Invalid Request (a client must not wait forever); drop anything else."""
        request_id = data.get("id")
        if "method" in data and _is_request_id(request_id):
            log.warning("refused request %r: %s", request_id, reason)
            self._send_response(request_id, None, JsonRpcInvalidRequest(reason).to_response_error())
        else:
            log.warning("dropped a message: %s", reason)

    def _handle_notification(self, method_name: str, params: Any):
        if method_name != types.CANCEL_REQUEST and not (
            method_name in self.fm.builtin_features or method_name in self.fm.features
        ):
            if not method_name.startswith("$/"):  # $/ notifications may be ignored by protocol
                log.info("ignored notification %r: not handled by this server", method_name)
            return
        super()._handle_notification(method_name, params)

    def notify_json(self, method: str, params: dict[str, Any]) -> None:
        """Send a notification whose params are already plain JSON (see ``convert.json_*``).

        The envelope has the keys in the order pygls' own notifications have, so the bytes
        sent are those ``notify`` would send for the equivalent lsprotocol params.
        """
        self._send_data({"params": params, "method": method, "jsonrpc": self.VERSION})

    def _execute_handler(self, msg_id, handler, callback, args=None, kwargs=None):
        # pygls stores the future of a generator, coroutine or threaded handler under
        # msg_id (so $/cancelRequest can find it) but removes it only when answering a
        # request; notifications and the steps of generator handlers use fresh ids, and
        # their futures would pile up. Each is dropped here once done.
        def forget_then_callback(future) -> None:
            if self._request_futures.get(msg_id) is future:
                del self._request_futures[msg_id]
            callback(future)

        super()._execute_handler(msg_id, handler, forget_then_callback, args, kwargs)

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
