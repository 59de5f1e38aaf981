"""The pygls server: it serves the requests listed in ``features.REQUESTS`` for the session
the front (``front``) created, once pygls and lsprotocol are loaded
(``features.create_server`` makes one with their handlers registered).

The front has checked each request's envelope before ``serve`` gets it, and
keeps every notification to itself: pygls' protocol only structures a
request's params, calls its handler and writes the answer.

- Requests whose params fail to deserialise get an Invalid Params response
  (pygls only logs them, leaving the client waiting forever).
- ``textDocument/codeAction`` ignores ``context.diagnostics``: the server
  recomputes findings from the document, and Neovim 0.7 sends back only the
  ``code`` of each diagnostic, which would fail validation and reject the
  whole request.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from cattrs import Converter
from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcMethodNotFound
from pygls.lsp.server import LanguageServer
from pygls.protocol import JsonRPCResponseMessage

from dockerls import __version__
from dockerls.lsp import pygls_internals
from dockerls.lsp.capabilities import NAME
from dockerls.lsp.session import ERROR, Session

log = logging.getLogger(__name__)


class DockerlsServer(LanguageServer):
    def __init__(self, session: Session | None = None) -> None:
        super().__init__(name=NAME, version=__version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.session: Session | None = session  # given by the front (``adopt``) before any request

    @property
    def converter(self) -> Converter:
        """The converter pygls structures and unstructures messages with."""
        return pygls_internals.converter(self)

    def adopt(self, session: Session) -> None:
        """Serve ``session``'s client: its requests are answered on its connection."""
        self.session = session
        self.protocol.set_writer(session.connection.writer)

    def serve(self, data: dict[str, Any]) -> None:
        """Answer one request (a JSON object whose envelope the front has checked)."""
        if data.get("method") == types.TEXT_DOCUMENT_CODE_ACTION:
            _drop_context_diagnostics(data)
        data.setdefault("params", None)  # optional in JSON-RPC; pygls' message types require the key
        try:
            message = self.protocol.structure_message(data)
        except JsonRpcException as error:
            log.warning("rejecting %s request %r: its params do not match the LSP types", data["method"], data["id"])
            self.session.connection.respond_error(data["id"], error.code, f"{error.message}: {data['method']}")
            return
        self.protocol.handle_message(message)

    def report_server_error(self, error: Exception, source: Any) -> None:
        # pygls would pop up a message for every failure; a log line is enough.
        if isinstance(error, JsonRpcMethodNotFound):  # the client has its error response; nothing failed here
            log.info("%s", error)
            return
        log.error("%s: %s", getattr(source, "__name__", source), error)
        if self.session is not None:
            try:
                self.session.log_message(f"dockerls: {type(error).__name__}: {error}", ERROR)
            except Exception:  # the connection itself may be what failed
                pass


def _drop_context_diagnostics(data: dict[str, Any]) -> None:
    params = data.get("params")
    context = params.get("context") if isinstance(params, dict) else None
    if isinstance(context, dict) and "diagnostics" in context:
        context["diagnostics"] = []


# One request of each kind the server serves, and what each answers with.
_SAMPLE_RANGE = {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}
_SAMPLE_EDIT = {"range": _SAMPLE_RANGE, "newText": ""}
_SAMPLE_REQUESTS = (
    (types.TEXT_DOCUMENT_CODE_ACTION, {"textDocument": {"uri": "untitled:x"}, "range": _SAMPLE_RANGE,
                                       "context": {"diagnostics": [], "only": ["quickfix"]}}),
    (types.CODE_ACTION_RESOLVE, {"title": "x", "kind": "quickfix", "data": {}}),
    (types.TEXT_DOCUMENT_WILL_SAVE_WAIT_UNTIL, {"textDocument": {"uri": "untitled:x"}, "reason": 1}),
    *((method, {"textDocument": {"uri": "untitled:x"}, "position": _SAMPLE_RANGE["start"]})
      for method in (types.TEXT_DOCUMENT_COMPLETION, types.TEXT_DOCUMENT_HOVER, types.TEXT_DOCUMENT_DEFINITION)),
)
_SAMPLE_MARKUP = {"kind": "markdown", "value": "x"}
_SAMPLE_ANSWERS = (
    ([{"label": "x", "kind": 19, "detail": "x", "documentation": _SAMPLE_MARKUP, "filterText": "x",
       "textEdit": _SAMPLE_EDIT}], list[types.CompletionItem]),
    ({"contents": _SAMPLE_MARKUP, "range": _SAMPLE_RANGE}, types.Hover),
    ({"uri": "untitled:x", "range": _SAMPLE_RANGE}, types.Location),
)
_SAMPLE_ACTIONS = [
    {"title": "x", "kind": "quickfix", "isPreferred": True, "diagnostics": [
        {"range": _SAMPLE_RANGE, "message": "m", "severity": 2, "code": "X", "codeDescription": {"href": "x:"},
         "source": "dockerls", "tags": [1]}],
     "edit": {"documentChanges": [{"textDocument": {"uri": "untitled:x", "version": 1}, "edits": [_SAMPLE_EDIT]}]}},
    {"title": "x", "kind": "quickfix", "edit": {"changes": {"untitled:x": [_SAMPLE_EDIT]}}, "data": {}},
]


def prepare(server: DockerlsServer) -> None:
    """Pay, now, what the first request of each kind would: cattrs builds its structuring and
    unstructuring code on first use of each type (≈ 7 ms for a code action, ≈ 25 ms for the
    first completion and hover), and fix-all's line diff imports difflib. The front runs this
    in the thread that loads pygls."""
    import difflib  # noqa: F401  (engine.minimal_edits imports it on first use)

    converter = server.converter
    for number, (method, params) in enumerate(_SAMPLE_REQUESTS):
        server.protocol.structure_message({"jsonrpc": "2.0", "id": number, "method": method, "params": params})
    actions = [converter.structure(action, types.CodeAction) for action in _SAMPLE_ACTIONS]
    edits = [converter.structure(_SAMPLE_EDIT, types.TextEdit)]
    answers = [converter.structure(answer, kind) for answer, kind in _SAMPLE_ANSWERS]
    for result in (actions, actions[0], edits, *answers):
        json.dumps(converter.unstructure(JsonRPCResponseMessage(id=0, jsonrpc="2.0", result=result)))
