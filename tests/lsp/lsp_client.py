"""Client-side helpers for the end-to-end server tests.

Positions are converted here independently of ``dockerls.lsp.convert`` (by
encoding the line prefix with Python's codecs), so a bug there cannot hide
itself by being used on both sides.
"""

from __future__ import annotations

import asyncio
import re
import sys
import time
import uuid
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features
from tests.paths import SEED_EXAMPLES

REPO = Path(__file__).resolve().parents[2]
SERVER_COMMAND = [sys.executable, "-m", "dockerls", "serve"]
EXAMPLES = SEED_EXAMPLES
WAIT = 20.0  # seconds; generous for a loaded 2-core CI machine

# Client profiles shipped with pytest-lsp, and the position encoding each negotiates.
PROFILES = {
    "visual-studio-code": "utf-16",  # documentChanges, no positionEncodings
    "neovim@v0.7.0": "utf-16",  # plain changes, no workspace/configuration
    "neovim@v0.11.0": "utf-8",  # the utf-8 client
    "emacs": "utf-32",
}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # LSP's line breaks; not str.splitlines' longer list
_CODECS = {"utf-8": ("utf-8", 1), "utf-16": ("utf-16-le", 2), "utf-32": ("utf-32-le", 4)}


def example(name: str) -> str:
    for folder in (REPO / "examples", EXAMPLES):
        path = folder / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(name)


# --- positions, computed the client's way -----------------------------------------------


def line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in _LINE_BREAK.finditer(text))]


def position(text: str, offset: int, encoding: str) -> types.Position:
    starts = line_starts(text)
    line = max(index for index, start in enumerate(starts) if start <= offset)
    codec, width = _CODECS[encoding]
    prefix = text[starts[line] : offset]
    return types.Position(line=line, character=len(prefix.encode(codec, "surrogatepass")) // width)


def lsp_range(text: str, start: int, end: int, encoding: str) -> types.Range:
    return types.Range(start=position(text, start, encoding), end=position(text, end, encoding))


def offset(text: str, pos: types.Position, encoding: str) -> int:
    starts = line_starts(text)
    start = starts[pos.line]
    end = starts[pos.line + 1] if pos.line + 1 < len(starts) else len(text)
    line = text[start:end].rstrip("\r\n")
    codec, width = _CODECS[encoding]
    encoded = line.encode(codec, "surrogatepass")[: pos.character * width]
    return start + len(encoded.decode(codec, "surrogatepass"))


def apply_text_edits(text: str, edits: Sequence[types.TextEdit], encoding: str) -> str:
    spans = [(offset(text, e.range.start, encoding), offset(text, e.range.end, encoding), e.new_text) for e in edits]
    for start, end, new_text in sorted(spans, reverse=True):
        text = text[:start] + new_text + text[end:]
    return text


def workspace_text_edits(edit: types.WorkspaceEdit, uri: str, *, version: int | None) -> list[types.TextEdit]:
    """The edits for ``uri``, checking the versioned form when ``documentChanges`` is used."""
    if edit.document_changes is not None:
        assert edit.changes is None
        (change,) = edit.document_changes
        assert isinstance(change, types.TextDocumentEdit)
        assert change.text_document.uri == uri
        assert change.text_document.version == version
        return list(change.edits)
    assert edit.changes is not None and list(edit.changes) == [uri]
    return list(edit.changes[uri])


# --- the client ---------------------------------------------------------------------------


class Recorder:
    """Everything the server sent that the tests look at, in order."""

    def __init__(self) -> None:
        self.published: list[tuple[float, types.PublishDiagnosticsParams]] = []
        self.registrations: list[types.Registration] = []


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    recorder = client.recorder = Recorder()  # type: ignore[attr-defined]

    def publish_diagnostics(ls: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        recorder.published.append((time.perf_counter(), params))
        ls.diagnostics[params.uri] = params.diagnostics

    def register_capability(ls: LanguageClient, params: types.RegistrationParams) -> None:
        recorder.registrations.extend(params.registrations)

    features: dict[str, Any] = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish_diagnostics
    features[types.CLIENT_REGISTER_CAPABILITY] = register_capability
    register_lsp_features(client, features)
    return client


def capabilities(profile: str) -> types.ClientCapabilities:
    return client_capabilities(profile)


async def start_session(
    client: LanguageClient, profile: str, *, initialization_options: Any = None, root: Path | None = None
) -> types.InitializeResult:
    folders = [types.WorkspaceFolder(uri=root.as_uri(), name=root.name)] if root else None
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(profile),
            initialization_options=initialization_options,
            root_uri=root.as_uri() if root else None,
            workspace_folders=folders,
        )
    )


def published(client: LanguageClient, uri: str) -> list[types.PublishDiagnosticsParams]:
    return [params for _, params in client.recorder.published if params.uri == uri]


async def wait_for_diagnostics(
    client: LanguageClient, uri: str, version: int | None, *, after: int = 0
) -> types.PublishDiagnosticsParams:
    """The first diagnostics for ``uri`` with ``version`` published after the first ``after`` ones."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        for params in published(client, uri)[after:]:
            if params.version == version:
                return params
        await asyncio.sleep(0.005)
    raise AssertionError(f"no diagnostics for {uri} version {version}; got {published(client, uri)}")


def open_document(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="dockerfile", version=version, text=text)
        )
    )


def change_document(
    client: LanguageClient, uri: str, version: int, text: str, start: int, end: int, new_text: str, encoding: str
) -> str:
    """Send one incremental change replacing ``text[start:end]``; returns the new text."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(range=lsp_range(text, start, end, encoding), text=new_text)
            ],
        )
    )
    return text[:start] + new_text + text[end:]


async def code_actions(
    client: LanguageClient, uri: str, range_: types.Range, only: list[str] | None = None
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=range_,
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )
    assert result is not None
    assert all(isinstance(action, types.CodeAction) for action in result)
    return list(result)  # type: ignore[arg-type]


async def send_raw_request(client: LanguageClient, method: str, params: Any) -> Any:
    """Send params exactly as given, bypassing the typed client (which cannot send what an
    older editor sends, nor malformed params). The result comes back as plain JSON."""
    msg_id = f"raw-{uuid.uuid4()}"
    future: Future[Any] = Future()
    client.protocol._request_futures[msg_id] = future
    client.protocol._send_data({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
    return await asyncio.wait_for(asyncio.wrap_future(future), WAIT)
