"""The build context rules see: the saved Dockerfile's directory, else nothing known."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from .conftest import session
from .documents import parses
from .lsp_client import (
    apply_text_edits,
    code_actions,
    example,
    open_document,
    published,
    wait_for_diagnostics,
)

PIP = example("pip.before.Dockerfile")


async def bind_mount_fixes(client, uri: str) -> list[types.CodeAction]:
    """PIP002's fixes, which bind-mount requirements.txt: safe only if the file is in the context."""
    params = published(client, uri)[-1]
    (diagnostic,) = [d for d in params.diagnostics if d.code == "PIP002"]
    found = await code_actions(client, uri, diagnostic.range, only=["quickfix"])
    assert any(a.title == "Ignore PIP002 for this instruction" for a in found)
    return [a for a in found if a.diagnostics[0].code == "PIP002" and a.title.startswith("Bind-mount")]


async def bind_mount_fix(client, uri: str) -> types.CodeAction:
    """The finding's own fix; its alternative (which also removes the COPY) is unsafe either way."""
    fixes = await bind_mount_fixes(client, uri)
    assert len(fixes) == 2 and "remove the COPY" in fixes[1].title and not fixes[1].is_preferred
    return fixes[0]


async def test_a_saved_dockerfile_sees_its_directory(tmp_path: Path):
    (tmp_path / "requirements.txt").write_text("flask\n", encoding="utf-8")
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(PIP, encoding="utf-8")
    saved, unsaved = dockerfile.as_uri(), "untitled:/Dockerfile"
    async with session("visual-studio-code", root=tmp_path) as client:
        for uri in (saved, unsaved):
            open_document(client, uri, PIP)
            await wait_for_diagnostics(client, uri, 1)

        unknown = await bind_mount_fix(client, unsaved)
        assert "unsafe" in unknown.title and not unknown.is_preferred
        known = await bind_mount_fix(client, saved)
        assert "unsafe" not in known.title and known.is_preferred
        (change,) = known.edit.document_changes
        assert parses(apply_text_edits(PIP, change.edits, "utf-16"))

        # .dockerignore now keeps requirements.txt out: the watcher drops the cached context.
        seen = len(published(client, saved))
        ignore = tmp_path / ".dockerignore"
        ignore.write_text("requirements.txt\n", encoding="utf-8")
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=ignore.as_uri(), type=types.FileChangeType.Created)]
            )
        )
        republished = await wait_for_diagnostics(client, saved, 1, after=seen)
        assert any(".dockerignore" in d.message for d in republished.diagnostics if d.code == "PIP002")
        assert await bind_mount_fixes(client, saved) == []  # no bind mount of an excluded file
