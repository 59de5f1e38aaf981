"""The front (``dockerls.lsp.front``): what the server does must not depend on whether pygls is
loaded yet. Recorded client sessions (VS Code and Neovim capabilities, settings pulled or not)
are replayed with pygls loaded before the first message and with pygls loaded only when a
request needs it; the server must send the same bytes both ways."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap

import pytest
from pytest_lsp import client_capabilities
from pygls.protocol import default_converter

from .documents import CJK, PARTIAL
from .inprocess import InProcess, settle
from .lsp_client import REPO

CONVERTER = default_converter()
PROFILES = ["visual-studio-code", "neovim@v0.11.0", "neovim@v0.7.0"]
URI = "file:///nonexistent/日本/Dockerfile"
SECOND = "untitled:/second/Dockerfile"


def recorded_capabilities(profile: str, configuration: bool) -> dict:
    capabilities = CONVERTER.unstructure(client_capabilities(profile))
    if not configuration:
        capabilities.setdefault("workspace", {})["configuration"] = False
    return capabilities


class Client:
    """Plays a client: sends a session's messages and answers the server's requests."""

    def __init__(self, server: InProcess, settings: dict) -> None:
        self.server, self.settings, self.answered = server, settings, 0
        self.next_id = 0

    async def send(self, method: str, params: object, *, request: bool = False) -> None:
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        await self.server.send(message)
        await self.answer_requests()

    async def answer_requests(self) -> None:
        while self.answered < len(self.server.output.messages):
            message = self.server.output.messages[self.answered]
            self.answered += 1
            if "method" in message and "id" in message:
                result = None
                if message["method"] == "workspace/configuration":
                    result = [self.settings for _ in message["params"]["items"]]
                await self.server.send({"jsonrpc": "2.0", "id": message["id"], "result": result})
                await settle()


async def replay(profile: str, configuration: bool, *, load_pygls_first: bool) -> InProcess:
    server = InProcess(load_pygls_first=load_pygls_first)
    client = Client(server, {"fixOnWillSave": True, "unsafeFixes": False})
    everything = {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}}
    initialize = {
        "processId": 1,
        "rootUri": "file:///nonexistent",
        "workspaceFolders": [{"uri": "file:///nonexistent", "name": "nonexistent"}],
        "capabilities": recorded_capabilities(profile, configuration),
        "initializationOptions": {"select": ["APT", "PIP", "CRG", "SYN", "SUP"]},
        "trace": "off",
    }
    await client.send("initialize", initialize, request=True)
    await client.send("initialized", {})
    await client.send("workspace/didChangeConfiguration", {"settings": {"dockerls": {"fixOnWillSave": True}}})
    await client.send("textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 1, "text": CJK}})
    await client.send("textDocument/didOpen", {"textDocument": {"uri": SECOND, "languageId": "dockerfile", "version": 3, "text": PARTIAL}})
    first_publish = len(server.output.messages)
    change = {"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}}, "text": "# 🐳\n"}
    await client.send("textDocument/didChange", {"textDocument": {"uri": URI, "version": 2}, "contentChanges": [change]})
    await client.send("textDocument/codeAction", {"textDocument": {"uri": URI}, "range": everything, "context": {"diagnostics": []}}, request=True)
    await client.send("textDocument/codeAction", {"textDocument": {"uri": SECOND}, "range": everything,
                                                  "context": {"diagnostics": [], "only": ["source.fixAll.dockerls"]}}, request=True)
    await client.send("textDocument/willSaveWaitUntil", {"textDocument": {"uri": URI}, "reason": 1}, request=True)
    # Authoring on SECOND's line 2, `RUN --mount=type=cache,target=/var/cache/apt \`.
    await client.send("textDocument/completion", {"textDocument": {"uri": SECOND},
                                                  "position": {"line": 2, "character": 17}}, request=True)
    await client.send("textDocument/hover", {"textDocument": {"uri": SECOND},
                                             "position": {"line": 2, "character": 8}}, request=True)
    await client.send("textDocument/didClose", {"textDocument": {"uri": SECOND}})
    await client.send("shutdown", None, request=True)
    assert first_publish < len(server.output.messages)
    return server


@pytest.mark.parametrize("configuration", [True, False], ids=["settings pulled", "settings not pulled"])
@pytest.mark.parametrize("profile", PROFILES)
async def test_the_server_sends_the_same_whether_pygls_is_loaded_or_not(profile, configuration):
    lazy = await replay(profile, configuration, load_pygls_first=False)
    eager = await replay(profile, configuration, load_pygls_first=True)
    assert lazy.output.raw == eager.output.raw
    sent = lazy.output.messages
    methods = [m.get("method") for m in sent]
    assert methods.count("textDocument/publishDiagnostics") >= 3
    answers = [m for m in sent if "id" in m and "method" not in m]
    assert all("error" not in answer for answer in answers), answers
    fix_all = [a for a in answers[2]["result"] if a["kind"] == "source.fixAll.dockerls"]
    assert fix_all and answers[3]["result"]  # fix-all edits, and willSaveWaitUntil's
    assert [item["label"] for item in answers[4]["result"]] == ["bind", "cache", "tmpfs", "secret", "ssh"]
    assert answers[5]["result"]["contents"]["value"].startswith("**--mount**: ")
    pulls = recorded_capabilities(profile, configuration).get("workspace", {}).get("configuration", False)
    assert ("workspace/configuration" in methods) == pulls


async def test_the_first_diagnostics_go_out_before_pygls_is_loaded():
    server = InProcess()
    client = Client(server, {})
    await client.send("initialize", {"processId": None, "rootUri": None,
                                     "capabilities": recorded_capabilities("visual-studio-code", True)}, request=True)
    await client.send("initialized", {})
    assert server.front._loading is None
    await client.send("textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 1, "text": CJK}})
    assert server.published(URI) and server.front._server is None
    assert server.front._loading is not None  # started once the diagnostics were out
    await client.send("textDocument/codeAction", {"textDocument": {"uri": URI}, "range": {
        "start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}}, "context": {"diagnostics": []}}, request=True)
    assert server.front._server is not None


@pytest.mark.parametrize("method", ["textDocument/completion", "textDocument/hover", "textDocument/definition"])
async def test_an_authoring_request_before_pygls_is_loaded_waits_for_it_and_is_answered(method):
    server = InProcess()
    client = Client(server, {})
    await client.send("initialize", {"processId": None, "rootUri": None,
                                     "capabilities": recorded_capabilities("neovim@v0.11.0", True)}, request=True)
    text = "FROM golang:1.22 AS 建物\nFROM alpine\nCOPY --from=建物 /app /app\n"
    await client.send("textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "dockerfile",
                                                                "version": 1, "text": text}})
    assert server.front._server is None
    # utf-8: `COPY --from=` is 12 bytes, 建 3 more.
    await client.send(method, {"textDocument": {"uri": URI}, "position": {"line": 2, "character": 15}}, request=True)
    (answer,) = [m for m in server.output.messages if m.get("id") == client.next_id and "method" not in m]
    assert server.front._server is not None
    expected = {
        "textDocument/completion": [],  # COPY's flags: nothing to complete
        "textDocument/hover": None,
        "textDocument/definition": {"uri": URI, "range": {"start": {"line": 0, "character": 0},
                                                          "end": {"line": 0, "character": 26}}},
    }
    assert answer == {"jsonrpc": "2.0", "id": client.next_id, "result": expected[method]}


def test_a_fresh_server_publishes_without_importing_pygls_or_lsprotocol():
    """In a fresh interpreter: initialize, open, publish; pygls and lsprotocol are not imported
    until the diagnostics are out (then they load in the background)."""
    script = textwrap.dedent(
        """
        import asyncio, json, sys
        from tests.lsp.inprocess import InProcess

        async def main():
            server = InProcess()
            server.front.start_loading_pygls = lambda: None  # keep the background load out of this check
            await server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                               "params": {"processId": None, "rootUri": None, "capabilities": {}}})
            await server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
            item = {"uri": "untitled:/x", "languageId": "dockerfile", "version": 1,
                    "text": "FROM debian\\nRUN apt-get update && apt-get install -y curl\\n"}
            await server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": item}})
            published = server.published("untitled:/x")
            loaded = sorted({m.split(".")[0] for m in sys.modules} & {"pygls", "lsprotocol", "cattrs", "attrs"})
            print(json.dumps({"codes": [d["code"] for d in published[0]["diagnostics"]], "loaded": loaded}))

        asyncio.run(main())
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    assert outcome["codes"] and outcome["loaded"] == []


async def test_pygls_is_loaded_after_initialized_when_no_document_is_opened(monkeypatch):
    from dockerls.lsp import front

    monkeypatch.setattr(front, "IDLE_BEFORE_LOADING", 0.01)
    server = InProcess()
    await Client(server, {}).send("initialize", {"processId": None, "rootUri": None, "capabilities": {}}, request=True)
    await server.notify("initialized", {})
    assert server.front._loading is None
    await asyncio.sleep(0.05)
    assert server.front._loading is not None
    await server.front.pygls()


class BudgetStub:
    """A garbage budget that is always due, and records when the front collects."""

    def __init__(self, overdue: bool = False) -> None:
        self.is_overdue, self.collected = overdue, []

    def due(self) -> bool:
        return True

    def overdue(self) -> bool:
        return self.is_overdue

    def collect(self) -> None:
        self.collected.append("at once")

    def collect_if_due(self) -> bool:
        self.collected.append("when quiet")
        return True

    def count_as_live(self) -> None:
        pass


async def test_a_due_collection_waits_for_a_quiet_moment(monkeypatch):
    from dockerls.lsp import front

    # A quiet moment far longer than the gaps between the messages below, even on a loaded
    # machine (each message is handled in milliseconds), so the test does not race the clock.
    monkeypatch.setattr(front, "QUIET_BEFORE_COLLECTING", 1.0)
    server = InProcess()
    await Client(server, {}).send("initialize", {"processId": None, "rootUri": None, "capabilities": {}}, request=True)
    server.session.garbage = budget = BudgetStub()
    for version in range(1, 6):  # messages closer together than the quiet moment
        await server.open(f"untitled:/quiet/{version}", "FROM x\n")
    assert budget.collected == []
    for _ in range(100):  # then quiet: it collects once, after the moment
        if budget.collected:
            break
        await asyncio.sleep(0.05)
    assert budget.collected == ["when quiet"]


async def test_an_overdue_collection_does_not_wait(monkeypatch):
    server = InProcess()
    await Client(server, {}).send("initialize", {"processId": None, "rootUri": None, "capabilities": {}}, request=True)
    server.session.garbage = budget = BudgetStub(overdue=True)
    await server.open("untitled:/overdue", "FROM x\n")
    assert budget.collected == ["at once"]
