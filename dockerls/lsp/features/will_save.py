"""``textDocument/willSaveWaitUntil``: the fix-all edits, when ``fixOnWillSave`` is set (served by pygls)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from dockerls.lsp import convert

if TYPE_CHECKING:
    from dockerls.lsp.server import DockerlsServer  # (the server imports this module to register it)


def will_save_wait_until(ls: DockerlsServer, params: types.WillSaveTextDocumentParams) -> list[types.TextEdit] | None:
    session = ls.session
    document = session.documents.get(params.text_document.uri)
    if document is None or not session.editor_settings_for(document.uri).fix_on_will_save:
        return None
    if not session.within_size_limit(document):
        return None
    return convert.lsp_text_edits(session.fix_all_edits(document), document.lines, session.encoding)
