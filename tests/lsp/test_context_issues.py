"""A .dockerignore line BuildKit refuses (DLS002) is published on the ignore file's own URI, at the
line's exact range in the client's position encoding, cleared once the line is mended; the
Dockerfile beside it still gets its diagnostics and its fix-all (issue 18: the server used to
publish nothing for that folder and fix-all answered an internal error)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types

from .conftest import session
from .lsp_client import PROFILES, code_actions, example, open_document, published, wait_for_diagnostics

PIP = example("pip.before.Dockerfile")
BAD_LINE = "日本😀/[]"  # CJK and an emoji before the pattern BuildKit refuses: columns differ per encoding
WIDTH = {"utf-8": len(BAD_LINE.encode("utf-8")), "utf-16": len(BAD_LINE.encode("utf-16-le")) // 2, "utf-32": len(BAD_LINE)}


async def _ignore_diagnostics(client, uri: str, count: int) -> types.PublishDiagnosticsParams:
    for _ in range(200):
        found = published(client, uri)
        if len(found) >= count:
            return found[count - 1]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no diagnostics number {count} for {uri}")


@pytest.mark.parametrize("profile", ["visual-studio-code", "neovim@v0.11.0"])
async def test_a_refused_ignore_line_is_published_on_the_ignore_file(tmp_path: Path, profile: str):
    (tmp_path / "requirements.txt").write_text("flask\n", encoding="utf-8")
    ignore = tmp_path / ".dockerignore"
    ignore.write_bytes(f"# comment\r\n*.log\r\n{BAD_LINE}\r\n".encode())
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(PIP, encoding="utf-8")
    async with session(profile, root=tmp_path) as client:
        open_document(client, dockerfile.as_uri(), PIP)
        own = await wait_for_diagnostics(client, dockerfile.as_uri(), 1)
        assert {d.code for d in own.diagnostics} >= {"PIP001", "PIP002"}

        shown = await _ignore_diagnostics(client, ignore.as_uri(), 1)
        (diagnostic,) = shown.diagnostics
        assert diagnostic.code == "DLS002" and diagnostic.severity == types.DiagnosticSeverity.Error
        assert diagnostic.range == types.Range(
            start=types.Position(line=2, character=0), end=types.Position(line=2, character=WIDTH[PROFILES[profile]])
        ), diagnostic.range

        # Fix-all still answers for the Dockerfile (it used to be an internal error).
        whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
        actions = await code_actions(client, dockerfile.as_uri(), whole, only=["source.fixAll.dockerls"])
        assert len(actions) == 1

        # A re-lint with the same problem sends nothing new for the ignore file ...
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=dockerfile.as_uri(), version=2),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=PIP + "\n")],
            )
        )
        await wait_for_diagnostics(client, dockerfile.as_uri(), 2)
        assert len(published(client, ignore.as_uri())) == 1

        # ... and mending the line (the watcher reports it) clears it.
        ignore.write_text("*.log\n", encoding="utf-8")
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=ignore.as_uri(), type=types.FileChangeType.Changed)])
        )
        cleared = await _ignore_diagnostics(client, ignore.as_uri(), 2)
        assert list(cleared.diagnostics) == []
