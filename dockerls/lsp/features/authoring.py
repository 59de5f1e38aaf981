"""``textDocument/completion``, ``textDocument/hover`` and ``textDocument/definition``
(served by pygls, see ``front``): the position converted to an offset, ``dockerls.authoring``
asked, its answer converted. A request about a document that was never opened, or one too
large to parse, gets an empty answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from lsprotocol import types

from dockerls import authoring
from dockerls.lsp import convert
from dockerls.lsp.documents import OpenDocument

if TYPE_CHECKING:
    from dockerls.lsp.server import DockerlsServer  # (the server imports this module to register it)
    from dockerls.lsp.session import Session

COMPLETION_DOCUMENTATION = "textDocument.completion.completionItem.documentationFormat"
HOVER_FORMAT = "textDocument.hover.contentFormat"


class _At(NamedTuple):
    """The open document a request is about, and the code-point offset of its position."""

    document: OpenDocument
    offset: int


def completion(ls: DockerlsServer, params: types.CompletionParams) -> list[types.CompletionItem] | None:
    session, at = ls.session, _at(ls.session, params)
    if at is None:
        return None
    markup = session.client.markup_kind(COMPLETION_DOCUMENTATION)
    return [
        convert.lsp_completion_item(item, at.document.lines, session.encoding, markup)
        for item in authoring.complete(at.document.parsed, at.offset)
    ]


def hover(ls: DockerlsServer, params: types.HoverParams) -> types.Hover | None:
    session, at = ls.session, _at(ls.session, params)
    answer = authoring.hover(at.document.parsed, at.offset) if at else None
    if answer is None:
        return None
    return convert.lsp_hover(answer, at.document.lines, session.encoding, session.client.markup_kind(HOVER_FORMAT))


def definition(ls: DockerlsServer, params: types.DefinitionParams) -> types.Location | None:
    session, at = ls.session, _at(ls.session, params)
    span = authoring.definition(at.document.parsed, at.offset) if at else None
    return None if span is None else convert.lsp_location(at.document.uri, span, at.document.lines, session.encoding)


def _at(session: Session, params: types.TextDocumentPositionParams) -> _At | None:
    document = session.documents.get(params.text_document.uri)
    if document is None or not session.within_size_limit(document):
        return None
    return _At(document, convert.offset(document.lines, params.position, session.encoding))
