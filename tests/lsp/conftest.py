"""One server subprocess per client profile for the whole package: starting one costs
1–5 seconds on a loaded 2-core machine (lsprotocol's import alone), so tests share
them, each test with its own documents. Tests that change settings start their own."""

from __future__ import annotations

import asyncio
import contextlib

import pytest_lsp
from pytest_lsp import ClientServerConfig, LanguageClient

from .lsp_client import PROFILES, SERVER_COMMAND, make_client, start_session

CONFIG = ClientServerConfig(server_command=SERVER_COMMAND, client_factory=make_client)


@pytest_lsp.fixture(config=CONFIG, scope="package", params=list(PROFILES))
async def client(request, lsp_client: LanguageClient):
    """A server initialised by one of the profiles; tests share it, each with its own documents."""
    lsp_client.profile = request.param
    lsp_client.encoding = PROFILES[request.param]
    result = await start_session(lsp_client, request.param)
    assert result.capabilities.position_encoding == lsp_client.encoding
    yield
    await lsp_client.shutdown_session()


@contextlib.asynccontextmanager
async def session(profile: str, *, configuration: dict | None = None, **initialize):
    """A fresh server for a test that changes settings or files."""
    lsp_client = await CONFIG.start()
    lsp_client.profile, lsp_client.encoding = profile, PROFILES[profile]
    for scope, value in (configuration or {}).items():
        lsp_client.set_configuration(value, scope_uri=scope or None)
    try:
        await start_session(lsp_client, profile, **initialize)
        yield lsp_client
    finally:
        try:
            await asyncio.wait_for(lsp_client.shutdown_session(), 10)
        except Exception:  # the test failed mid-way or the server is stuck: do not wait for it
            if lsp_client._server is not None and lsp_client._server.returncode is None:
                lsp_client._server.kill()
        await lsp_client.stop()
