"""Every LSP method the server handles, registered here, in one place.

- ``initialize``, ``shutdown`` and ``exit`` belong to the front (``front``),
  which reads every message first.
- Notifications are plain JSON, handled by the functions in ``NOTIFICATIONS``
  from the first message on, before pygls is loaded and after: the same code
  either way (``params`` checks them against LSP's types).
- The other requests are served by pygls: ``register`` registers their
  handlers, pygls-style, on a fresh server (``create_server``, the factory
  the front and the tests use).

The options each method is advertised with are declared in ``capabilities``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dockerls.lsp.capabilities import CODE_ACTION_OPTIONS, COMPLETION_OPTIONS
from dockerls.lsp.features import lifecycle, sync, workspace
from dockerls.lsp.session import Session

if TYPE_CHECKING:
    from dockerls.lsp.server import DockerlsServer

NotificationHandler = Callable[[Session, object], None]

NOTIFICATIONS: dict[str, NotificationHandler] = {
    "initialized": lifecycle.initialized,
    "$/setTrace": lifecycle.set_trace,
    "textDocument/didOpen": sync.did_open,
    "textDocument/didChange": sync.did_change,
    "textDocument/didSave": sync.did_save,
    "textDocument/didClose": sync.did_close,
    "workspace/didChangeConfiguration": workspace.did_change_configuration,
    "workspace/didChangeWatchedFiles": workspace.did_change_watched_files,
    "workspace/didChangeWorkspaceFolders": workspace.did_change_workspace_folders,
}

# Served by pygls (registered below).
REQUESTS = (
    "textDocument/codeAction",
    "codeAction/resolve",
    "textDocument/willSaveWaitUntil",
    "textDocument/completion",
    "textDocument/hover",
    "textDocument/definition",
)


def create_server(session: Session | None = None) -> DockerlsServer:
    """A fresh pygls server with every request it serves registered (``register``)."""
    from dockerls.lsp.server import DockerlsServer

    server = DockerlsServer(session)
    register(server)
    return server


def register(server: DockerlsServer) -> None:
    """Register the requests pygls serves on a fresh server."""
    from lsprotocol import types

    from dockerls.lsp.features import authoring, code_actions, will_save

    options = server.converter.structure(CODE_ACTION_OPTIONS, types.CodeActionOptions)
    server.feature(types.TEXT_DOCUMENT_CODE_ACTION, options)(code_actions.code_action)
    server.feature(types.CODE_ACTION_RESOLVE)(code_actions.resolve)
    server.feature(types.TEXT_DOCUMENT_WILL_SAVE_WAIT_UNTIL)(will_save.will_save_wait_until)
    completion = server.converter.structure(COMPLETION_OPTIONS, types.CompletionOptions)
    server.feature(types.TEXT_DOCUMENT_COMPLETION, completion)(authoring.completion)
    server.feature(types.TEXT_DOCUMENT_HOVER)(authoring.hover)
    server.feature(types.TEXT_DOCUMENT_DEFINITION)(authoring.definition)
