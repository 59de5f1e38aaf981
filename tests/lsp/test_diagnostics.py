"""Diagnostics end to end: open, change, bursts, close — ranges in each client's encoding."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

from tests.linting import lint

from .documents import APT, DOCUMENTS, apt_findings, expected_diagnostics, published_diagnostics, rule_url
from .lsp_client import change_document, open_document, published, wait_for_diagnostics

pytestmark = pytest.mark.asyncio(loop_scope="package")


@pytest.mark.parametrize("name", list(DOCUMENTS))
async def test_open_publishes_the_findings_in_the_negotiated_encoding(client, name):
    text = DOCUMENTS[name]
    uri = f"untitled:/open/{name}/Dockerfile"
    open_document(client, uri, text, version=3)
    params = await wait_for_diagnostics(client, uri, 3)
    findings = apt_findings(text)
    assert published_diagnostics(params.diagnostics) == expected_diagnostics(findings, text, client.encoding)
    for diagnostic in params.diagnostics:
        assert diagnostic.source == "dockerls"
        assert diagnostic.code_description.href == rule_url(diagnostic.code)


async def test_cjk_ranges_count_code_units_of_the_encoding(client):
    """A diagnostic after CJK and emoji on its own line, checked against numbers worked out by hand."""
    text = DOCUMENTS["cjk"]
    uri = "untitled:/cjk-columns/Dockerfile"
    open_document(client, uri, text)
    params = await wait_for_diagnostics(client, uri, 1)
    line = 3  # RUN echo "準備 🎉" && apt-get update && \
    column = text.splitlines()[line].index("apt-get update")  # 20 code points: 準備 and 🎉 are 3
    expected = {"utf-32": column, "utf-16": column + 1, "utf-8": column + 2 * 2 + 3}[client.encoding]
    starts = {(d.range.start.line, d.range.start.character) for d in params.diagnostics}
    assert (line, expected) in starts, params.diagnostics


async def test_incremental_changes_are_applied_in_the_clients_encoding(client):
    name = "cjk-crlf"
    text = DOCUMENTS[name]
    uri = f"untitled:/change/{name}/Dockerfile"
    open_document(client, uri, text)
    await wait_for_diagnostics(client, uri, 1)
    # Insert right after an emoji, then replace a span that starts after CJK and crosses a CRLF.
    at = text.index("🎉") + 1
    text = change_document(client, uri, 2, text, at, at, " 🚀x", client.encoding)
    start = text.index("sl && echo")
    end = text.index("/var/lib/apt/lists/*")
    text = change_document(client, uri, 3, text, start, end, "curl && \\\r\n    rm -rf ", client.encoding)
    params = await wait_for_diagnostics(client, uri, 3)
    assert published_diagnostics(params.diagnostics) == expected_diagnostics(apt_findings(text), text, client.encoding)
    # Removing the apt step clears the apt findings.
    run = text.index("RUN ")
    text = change_document(client, uri, 4, text, run, len(text), "RUN echo done\r\n", client.encoding)
    params = await wait_for_diagnostics(client, uri, 4)
    assert lint(text) == [] and not params.diagnostics


async def test_a_burst_of_changes_publishes_only_the_latest_version(client):
    """Changes sent back to back are coalesced: no version is published after a newer one
    arrived, the last one published is the last one sent, and most are never linted."""
    text = "\n".join([APT] * 40)  # ~250 lines, so a lint takes long enough for changes to pile up
    uri = "untitled:/burst/Dockerfile"
    open_document(client, uri, text)
    await wait_for_diagnostics(client, uri, 1)
    before = len(published(client, uri))
    at = text.index("sl")
    changes = 30
    for version in range(2, changes + 2):
        text = change_document(client, uri, version, text, at, at, "x", client.encoding)
    final = await wait_for_diagnostics(client, uri, changes + 1, after=before)
    await asyncio.sleep(0.2)  # anything still in flight would arrive now
    versions = [params.version for params in published(client, uri)[before:]]
    assert versions == sorted(set(versions)) and versions[-1] == changes + 1
    assert len(versions) <= changes // 3, versions
    assert published_diagnostics(final.diagnostics) == expected_diagnostics(lint(text), text, client.encoding)


async def test_close_clears_the_diagnostics(client):
    uri = "untitled:/close/Dockerfile"
    open_document(client, uri, APT)
    await wait_for_diagnostics(client, uri, 1)
    assert published(client, uri)[-1].diagnostics
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    cleared = await wait_for_diagnostics(client, uri, None)
    assert not cleared.diagnostics
    await asyncio.sleep(0.1)
    assert published(client, uri)[-1] is cleared  # nothing published for a closed document
