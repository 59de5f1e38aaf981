"""Completion, hover and go-to-definition end to end, through a real server process, for every
client profile (UTF-16, UTF-8 and UTF-32 positions), with CJK and emoji before the cursor on
the same line, LF and CRLF. Positions are converted on the client's side by ``lsp_client``
(Python's codecs), independently of the server's converter."""

from __future__ import annotations

import pytest
from lsprotocol import types

from .documents import crlf, parses
from .lsp_client import apply_text_edits, capabilities, offset, open_document, position, wait_for_diagnostics

pytestmark = pytest.mark.asyncio(loop_scope="package")

# The cursor is written as ‸; the bind source before it has CJK and emoji (astral: two UTF-16
# units, four UTF-8 bytes) on the cursor's own line.
NODE = (
    "# 日本語 🐳\n"
    "FROM node:20 AS 前段\n"
    "USER node\n"
    "RUN --mount=type=bind,source=設定🐳.json,target=/tmp/c.json --mount=type=cache,target=‸ npm ci\n"
    "FROM alpine\n"
    "COPY --from=前段 /home/node /app\n"
)
CURSOR = "‸"
LINE_BREAKS = {"lf": lambda text: text, "crlf": crlf}


def cursor(marked: str) -> tuple[str, int]:
    return marked.replace(CURSOR, ""), marked.index(CURSOR)


async def opened(client, uri: str, text: str) -> None:
    open_document(client, uri, text)
    await wait_for_diagnostics(client, uri, 1)


def at(client, text: str, offset_: int) -> types.TextDocumentPositionParams:
    return position(text, offset_, client.encoding)


@pytest.mark.parametrize("breaks", LINE_BREAKS)
async def test_completion_of_a_cache_target_for_the_runs_user(client, breaks):
    text, where = cursor(LINE_BREAKS[breaks](NODE))
    uri = f"untitled:/authoring/completion-{breaks}/Dockerfile"
    await opened(client, uri, text)
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at(client, text, where))
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    assert [item.label for item in items] == ["/home/node/.npm,uid=1000,gid=1000"]
    (item,) = items
    assert item.kind == types.CompletionItemKind.Folder and item.detail == "cache of npm ci, run as node"
    edited = apply_text_edits(text, [item.text_edit], client.encoding)
    expected = text[:where] + "/home/node/.npm,uid=1000,gid=1000" + text[where:]
    assert edited == expected and parses(edited)


@pytest.mark.parametrize("breaks", LINE_BREAKS)
async def test_completion_of_mount_keys_and_values_after_emoji(client, breaks):
    text, _ = cursor(LINE_BREAKS[breaks](NODE))
    uri = f"untitled:/authoring/keys-{breaks}/Dockerfile"
    await opened(client, uri, text)
    asked = {
        text.index("type=cache,") + len("type=cache,"): "target=",  # a key (those not written yet)
        text.index("type=cache") + len("type=c"): "cache",  # a value, half typed
        text.index("--mount=type=cache") + len("--mo"): "--mount",  # a flag
    }
    for where, wanted in asked.items():
        result = await client.text_document_completion_async(
            types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at(client, text, where))
        )
        items = {item.label: item for item in (result.items if isinstance(result, types.CompletionList) else result)}
        assert wanted in items, (wanted, list(items))
        edit = items[wanted].text_edit
        start, end = offset(text, edit.range.start, client.encoding), offset(text, edit.range.end, client.encoding)
        assert start <= where <= end  # the word at the cursor, in the client's units
        assert text[start:end].startswith(text[start:where])
    # `--mount`'s documentation (its default) in the first markup the client lists, else a plain string.
    formats = capabilities(client.profile).text_document.completion.completion_item.documentation_format
    documentation = items["--mount"].documentation
    if formats:
        assert isinstance(documentation, types.MarkupContent) and documentation.kind == formats[0]
    else:
        assert documentation == "Default: no mounts."


@pytest.mark.parametrize("breaks", LINE_BREAKS)
async def test_hover_on_a_package_manager_and_on_a_mount_option(client, breaks):
    text, _ = cursor(LINE_BREAKS[breaks](NODE))
    text = text.replace("target= npm", "target=/home/node/.npm,uid=1000 npm")
    uri = f"untitled:/authoring/hover-{breaks}/Dockerfile"
    await opened(client, uri, text)
    formats = capabilities(client.profile).text_document.hover.content_format
    assert formats and formats[0] == types.MarkupKind.Markdown  # every recorded client: Markdown first

    async def hover(where: int) -> types.Hover:
        found = await client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at(client, text, where))
        )
        assert found is not None and isinstance(found.contents, types.MarkupContent)
        assert found.contents.kind == types.MarkupKind.Markdown
        return found

    npm = text.index(" npm ci") + 2
    found = await hover(npm)
    assert found.contents.value == (
        "**npm** keeps its cache in `/home/node/.npm`.\n"
        "- `/home/node/.npm`: mounted by this RUN (`--mount=type=cache,target=/home/node/.npm,uid=1000`)."
    )
    assert (offset(text, found.range.start, client.encoding), offset(text, found.range.end, client.encoding)) == (
        npm - 1, npm + 2
    )
    found = await hover(text.index("uid=1000") + 1)
    assert found.contents.value.startswith("**uid (cache mount)**: ") and "Default: 0 (root)." in found.contents.value
    found = await hover(text.index("/home/node/.npm,") + 3)
    assert found.contents.value.startswith("**Cache `/home/node/.npm`** (its target, as no id is given), mounted by 1 RUN")


@pytest.mark.parametrize("breaks", LINE_BREAKS)
async def test_definition_from_copy_from_and_mount_from(client, breaks):
    mounted = NODE + "RUN --mount=from=前段,source=/home/node,target=/x ls /x\n"
    text, _ = cursor(LINE_BREAKS[breaks](mounted))
    uri = f"untitled:/authoring/definition-{breaks}/Dockerfile"
    await opened(client, uri, text)
    starts = [text.index("--from=前段") + len("--from=前"), text.index("from=前段,") + len("from=前段")]
    for where in starts:
        found = await client.text_document_definition_async(
            types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at(client, text, where))
        )
        assert isinstance(found, types.Location) and found.uri == uri
        start, end = offset(text, found.range.start, client.encoding), offset(text, found.range.end, client.encoding)
        assert text[start:end] == "FROM node:20 AS 前段"


async def test_requests_about_unopened_documents_get_empty_answers(client):
    identifier = types.TextDocumentIdentifier(uri="untitled:/authoring/never-opened/Dockerfile")
    where = types.Position(line=0, character=0)
    assert await client.text_document_completion_async(types.CompletionParams(text_document=identifier, position=where)) is None
    assert await client.text_document_hover_async(types.HoverParams(text_document=identifier, position=where)) is None
    assert await client.text_document_definition_async(types.DefinitionParams(text_document=identifier, position=where)) is None
