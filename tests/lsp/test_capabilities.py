"""The front answers ``initialize`` without pygls: its answer must be the one pygls builds for
the server's features (``ServerCapabilitiesBuilder``), for every client pytest-lsp records and
for variations of them."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import pytest_lsp.clients
from lsprotocol import types
from pygls.capabilities import ServerCapabilitiesBuilder
from pygls.protocol import default_converter

from dockerls import __version__
from dockerls.lsp import capabilities
from dockerls.lsp.features import NOTIFICATIONS, REQUESTS

from .inprocess import InProcess

CONVERTER = default_converter()
RECORDED = sorted(Path(pytest_lsp.clients.__file__).parent.glob("*.json"))
# What each method is advertised with (the rest: pygls' defaults).
OPTIONS = {
    types.TEXT_DOCUMENT_CODE_ACTION: CONVERTER.structure(capabilities.CODE_ACTION_OPTIONS, types.CodeActionOptions),
    types.TEXT_DOCUMENT_DID_SAVE: CONVERTER.structure(capabilities.SAVE_OPTIONS, types.SaveOptions),
    types.TEXT_DOCUMENT_COMPLETION: CONVERTER.structure(capabilities.COMPLETION_OPTIONS, types.CompletionOptions),
}


def pygls_answer(client: dict) -> dict:
    """What pygls answers ``initialize`` with, given every method the server handles."""
    structured = CONVERTER.structure(client, types.ClientCapabilities)
    encoding = ServerCapabilitiesBuilder.choose_position_encoding(structured)
    built = ServerCapabilitiesBuilder(
        structured,
        {types.INITIALIZE, types.SHUTDOWN, types.EXIT, *NOTIFICATIONS, *REQUESTS},
        OPTIONS,
        [],
        types.TextDocumentSyncKind.Incremental,
        None,
        encoding,
    ).build()
    result = types.InitializeResult(capabilities=built, server_info=types.ServerInfo(name="dockerls", version=__version__))
    return CONVERTER.unstructure(result)


def variations(client: dict) -> dict[str, dict]:
    """The recorded capabilities, and what other clients (or other versions) might send."""
    found = {"as recorded": client, "nothing": {}}
    for value in (True, False, None):
        changed = copy.deepcopy(client)
        sync = changed.setdefault("textDocument", {}).setdefault("synchronization", {})
        sync["willSaveWaitUntil"], sync["willSave"] = value, value
        found[f"willSave and willSaveWaitUntil {value}"] = changed
    for encodings in ([], ["utf-32", "utf-8"], ["utf-7", "utf-8"], ["utf-7"]):
        changed = copy.deepcopy(client)
        changed.setdefault("general", {})["positionEncodings"] = encodings
        found[f"positionEncodings {encodings}"] = changed
    changed = copy.deepcopy(client)
    changed.setdefault("workspace", {})["fileOperations"] = {"didCreate": True, "willRename": True}
    found["file operations"] = changed
    changed = copy.deepcopy(client)
    changed["notebookDocument"] = {"synchronization": {"dynamicRegistration": True}}
    found["notebooks"] = changed
    return found


CASES = {
    f"{path.stem}: {name}": variant
    for path in RECORDED
    for name, variant in variations(json.loads(path.read_text())["capabilities"]).items()
}


def test_the_recorded_clients_are_there():
    names = {path.stem for path in RECORDED}
    assert any(name.startswith("visual_studio_code") for name in names)
    assert any(name.startswith("neovim") for name in names)


@pytest.mark.parametrize("client", CASES.values(), ids=CASES.keys())
async def test_the_front_answers_initialize_as_pygls_would(client):
    server = InProcess()
    params = {"processId": None, "rootUri": None, "capabilities": client}
    await server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": params})
    (answer,) = server.output.messages
    assert answer["result"] == pygls_answer(client)
    assert server.front._loading is None  # answered without pygls


def registered_answer(client: dict) -> dict:
    """What the pygls server the front hands over to would answer, from the features it registered."""
    from dockerls.lsp.features import create_server

    manager = create_server().protocol.fm
    structured = CONVERTER.structure(client, types.ClientCapabilities)
    built = ServerCapabilitiesBuilder(
        structured,
        {*manager.features, *manager.builtin_features, *NOTIFICATIONS},
        {**OPTIONS, **manager.feature_options},
        list(manager.commands),
        types.TextDocumentSyncKind.Incremental,
        None,
        ServerCapabilitiesBuilder.choose_position_encoding(structured),
    ).build()
    result = types.InitializeResult(capabilities=built, server_info=types.ServerInfo(name="dockerls", version=__version__))
    return CONVERTER.unstructure(result)


@pytest.mark.parametrize("client", CASES.values(), ids=CASES.keys())
def test_the_pygls_server_registers_what_the_front_advertises(client):
    """The options the pygls server registers (completion's trigger characters, code actions'
    kinds) are the ones the front declares: the same answer for every recorded client."""
    advertised = capabilities.initialize_result(capabilities.ClientCapabilities(client))
    assert advertised == registered_answer(client)
    assert {"completionProvider", "hoverProvider", "definitionProvider"} <= set(advertised["capabilities"])
