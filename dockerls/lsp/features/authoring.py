"""``textDocument/completion``, ``textDocument/hover`` and ``textDocument/definition``
(served by pygls, see ``front``): the position converted to an offset, ``dockerls.authoring``
asked, its answer converted. A request about a document that was never opened, or one too
large to parse, gets an empty answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from dockerls import authoring
from dockerls.lsp import convert
from dockerls.lsp.documents import OpenDocument

if TYPE_CHECKING:
    from dockerls.lsp.server import DockerlsServer  # (the server imports this module to register it)
    from dockerls.lsp.session import Session

COMPLETION_DOCUMENTATION = "textDocument.completion.completionItem.documentationFormat"
HOVER_FORMAT = "textDocument.hover.contentFormat"


def completion(ls: DockerlsServer, params: types.CompletionParams) -> list[types.CompletionItem] | None:
    session = ls.session
    found = _document_and_offset(session, params)
    if found is None:
        return None
    document, offset = found
    markup = session.client.markup_kind(COMPLETION_DOCUMENTATION)
    return [
        convert.lsp_completion_item(item, document.lines, session.encoding, markup)
        for item in authoring.complete(document.parsed, offset)
    ]


def hover(ls: DockerlsServer, params: types.HoverParams) -> types.Hover | None:
    session = ls.session
    found = _document_and_offset(session, params)
    if found is None:
        return None
    document, offset = found
    answer = authoring.hover(document.parsed, offset)
    if answer is None:
        return None
    return convert.lsp_hover(answer, document.lines, session.encoding, session.client.markup_kind(HOVER_FORMAT))


def definition(ls: DockerlsServer, params: types.DefinitionParams) -> types.Location | None:
    session = ls.session
    found = _document_and_offset(session, params)
    if found is None:
        return None
    document, offset = found
    span = authoring.definition(document.parsed, offset)
    return None if span is None else convert.lsp_location(document.uri, span, document.lines, session.encoding)


def _document_and_offset(session: Session, params: types.TextDocumentPositionParams) -> tuple[OpenDocument, int] | None:
    document = session.documents.get(params.text_document.uri)
    if document is None or not session.within_size_limit(document):
        return None
    return document, convert.offset(document.lines, params.position, session.encoding)
