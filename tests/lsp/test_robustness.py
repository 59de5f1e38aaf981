"""Bad requests get an error or an empty answer, and the server goes on answering."""

from __future__ import annotations

import itertools

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams, JsonRpcMethodNotFound

from .documents import APT
from .lsp_client import code_actions, lsp_range, open_document, published, send_raw_request, wait_for_diagnostics

pytestmark = pytest.mark.asyncio(loop_scope="package")
_fresh = itertools.count()


async def still_serving(client) -> None:
    """A real request on a fresh document is answered correctly."""
    uri = f"untitled:/alive/{next(_fresh)}/Dockerfile"
    open_document(client, uri, APT)
    await wait_for_diagnostics(client, uri, 1)
    found = await code_actions(client, uri, lsp_range(APT, 0, len(APT), client.encoding), only=["source.fixAll"])
    assert len(found) == 1


async def test_unknown_method(client):
    with pytest.raises(JsonRpcMethodNotFound):
        await send_raw_request(client, "dockerls/noSuchMethod", {"x": 1})
    client.protocol._send_data({"jsonrpc": "2.0", "method": "dockerls/noSuchNotification", "params": {"x": 1}})
    await still_serving(client)


async def test_requests_for_a_document_never_opened(client):
    uri = "untitled:/never-opened/Dockerfile"
    everything = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=9, character=0))
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=everything,
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert not result
    will_save = await client.text_document_will_save_wait_until_async(
        types.WillSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri), reason=types.TextDocumentSaveReason.Manual
        )
    )
    assert not will_save
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="FROM x\n")],
        )
    )
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await still_serving(client)
    assert all(not params.diagnostics for params in published(client, uri))


async def test_out_of_range_positions_are_clamped(client):
    uri = "untitled:/out-of-range/Dockerfile"
    open_document(client, uri, APT)
    await wait_for_diagnostics(client, uri, 1)
    far = types.Range(start=types.Position(line=2, character=0), end=types.Position(line=10_000, character=10_000))
    found = await code_actions(client, uri, far)
    assert any(action.kind == "quickfix" for action in found)
    # An edit far past the end lands at the end of the document.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=500, character=3), end=types.Position(line=900, character=0)
                    ),
                    text="RUN echo appended\n",
                )
            ],
        )
    )
    await wait_for_diagnostics(client, uri, 2)
    await still_serving(client)


async def test_malformed_params_get_an_error_response(client):
    with pytest.raises(JsonRpcInvalidParams):
        await send_raw_request(
            client, types.TEXT_DOCUMENT_CODE_ACTION, {"textDocument": {"uri": 5}, "range": "everything"}
        )
    client.protocol._send_data(
        {"jsonrpc": "2.0", "method": types.TEXT_DOCUMENT_DID_OPEN, "params": {"textDocument": {"uri": "untitled:/bad"}}}
    )
    with pytest.raises(JsonRpcInvalidParams):
        await send_raw_request(client, types.CODE_ACTION_RESOLVE, {"kind": "quickfix"})  # no title
    resolved = await client.code_action_resolve_async(
        types.CodeAction(title="stranger", data={"kind": "dockerls.fixAll", "uri": "untitled:/gone"})
    )
    assert resolved.title == "stranger" and resolved.edit is None
    await still_serving(client)


@pytest.mark.parametrize(
    "text",
    [
        "RUN \\\n" * 3000 + "apt-get update",
        "FROM debian\nRUN " + "a" * 200_000 + "\n",
        "FROM debian\nRUN echo \ud800 \x00 \u2028 \x0c && apt-get update\n",
        "\ufeff# escape=`\nFROM debian\r\rRUN apt-get update `\r\n  && apt-get install -y sl\r",
        "RUN <<EOF\n" + "x\n" * 2000,
        "FROM debian\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked " * 500 + "\n",
    ],
    ids=["continuations", "long-line", "odd-characters", "mixed-line-breaks", "open-heredoc", "many-mounts"],
)
async def test_pathological_documents(client, text):
    uri = f"untitled:/pathological/{hash(text)}/Dockerfile"
    open_document(client, uri, text)
    await wait_for_diagnostics(client, uri, 1)
    everything = lsp_range(text, 0, len(text), client.encoding)
    for only in (None, ["source.fixAll"]):
        for action in await code_actions(client, uri, everything, only=only):
            assert action.title
    await still_serving(client)
