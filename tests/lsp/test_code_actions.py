"""Code actions end to end: quick fixes, "ignore", fix-all with ``only``, resolve, edit forms."""

from __future__ import annotations

import pytest
from lsprotocol import types

from dockerls.engine import apply_edits
from tests.linting import fix, lint
from dockerls.lsp.actions import FIX_ALL_KIND

from .documents import APT, DOCUMENTS, apt_findings, parses
from .lsp_client import (
    apply_text_edits,
    capabilities,
    code_actions,
    lsp_range,
    open_document,
    send_raw_request,
    wait_for_diagnostics,
    workspace_text_edits,
)

pytestmark = pytest.mark.asyncio(loop_scope="package")

QUICKFIX = "quickfix"


def uses_document_changes(client) -> bool:
    workspace = capabilities(client.profile).workspace
    return bool(workspace and workspace.workspace_edit and workspace.workspace_edit.document_changes)


def edited(client, text: str, uri: str, version: int, action: types.CodeAction) -> str:
    """The text after the client applies the action's edit, checking the edit's form for this client."""
    assert action.edit is not None, action
    if uses_document_changes(client):
        assert action.edit.document_changes is not None
    else:
        assert action.edit.document_changes is None
    edits = workspace_text_edits(action.edit, uri, version=version)
    return apply_text_edits(text, edits, client.encoding)


async def opened(client, uri: str, text: str, version: int = 1) -> None:
    open_document(client, uri, text, version)
    await wait_for_diagnostics(client, uri, version)


@pytest.mark.parametrize("name", list(DOCUMENTS))
async def test_each_quick_fix_applies_the_findings_fix(client, name):
    text = DOCUMENTS[name]
    uri = f"untitled:/quickfix/{name}/Dockerfile"
    await opened(client, uri, text, version=5)
    findings = apt_findings(text)
    for finding in findings:
        found = await code_actions(client, uri, lsp_range(text, *finding.span, client.encoding), only=[QUICKFIX])
        assert all(action.kind == QUICKFIX for action in found)
        mine = [a for a in found if a.diagnostics and a.diagnostics[0].code == finding.code]
        fixes = [fix_ for fix_ in (finding.fix, *finding.alternatives) if fix_ is not None]
        assert len(mine) == len(fixes) + 1  # each fix, then "ignore"
        for action, fix_ in zip(mine, fixes, strict=False):  # "ignore" comes last
            assert action.title.startswith(fix_.title)
            assert ("unsafe" in action.title.lower()) or fix_.is_safe
            assert bool(action.is_preferred) == (fix_ is finding.fix and fix_.is_safe)
            result = edited(client, text, uri, 5, action)
            assert result == apply_edits(text, fix_.edits)
            assert parses(result)
        ignore = mine[-1]
        assert ignore.title == f"Ignore {finding.code} for this instruction" and not ignore.is_preferred
        result = edited(client, text, uri, 5, ignore)
        assert parses(result) and f"# dockerls: ignore={finding.code}" in result
        remaining = [f.code for f in lint(result)]
        assert remaining.count(finding.code) < [f.code for f in findings].count(finding.code)


@pytest.mark.parametrize("name", list(DOCUMENTS))
async def test_fix_all_carries_the_converged_fix_as_minimal_edits(client, name):
    text = DOCUMENTS[name]
    uri = f"untitled:/fixall/{name}/Dockerfile"
    await opened(client, uri, text)
    found = await code_actions(client, uri, lsp_range(text, 0, len(text), client.encoding), only=[FIX_ALL_KIND])
    (fix_all,) = found
    assert fix_all.kind == FIX_ALL_KIND
    result = edited(client, text, uri, 1, fix_all)
    assert result == fix(text).text != text
    assert parses(result)
    assert "--mount=type=cache,target=/var/cache/apt" in result
    # Minimal edits: the FROM line (and the file's line breaks) are left alone.
    edits = workspace_text_edits(fix_all.edit, uri, version=1)
    assert min(edit.range.start.line for edit in edits) > 0
    if "\r\n" in text:
        assert result.count("\n") == result.count("\r\n")  # every line break is still CRLF


@pytest.mark.parametrize("only", [["source"], ["source.fixAll"], [FIX_ALL_KIND], [QUICKFIX, "source.fixAll"]])
async def test_only_selects_kinds_by_prefix(client, only):
    uri = f"untitled:/only/{'-'.join(only)}/Dockerfile"
    await opened(client, uri, APT)
    found = await code_actions(client, uri, lsp_range(APT, 0, len(APT), client.encoding), only=only)
    fix_all = [action for action in found if action.kind == FIX_ALL_KIND]
    assert len(fix_all) == 1 and fix_all[0].edit is not None  # asked for by kind: always with its edit
    assert all(action.kind == QUICKFIX for action in found if action not in fix_all)
    assert (QUICKFIX in only) == any(action.kind == QUICKFIX for action in found)


async def test_quickfix_only_offers_no_fix_all(client):
    uri = "untitled:/only-quickfix/Dockerfile"
    await opened(client, uri, APT)
    found = await code_actions(client, uri, lsp_range(APT, 0, len(APT), client.encoding), only=[QUICKFIX])
    assert found and all(action.kind == QUICKFIX for action in found)
    found = await code_actions(client, uri, lsp_range(APT, 0, len(APT), client.encoding), only=["refactor"])
    assert found == []


async def test_without_only_fix_all_is_resolved_lazily_where_the_client_can(client):
    uri = "untitled:/lazy/Dockerfile"
    await opened(client, uri, APT)
    found = await code_actions(client, uri, lsp_range(APT, 0, 0, client.encoding))
    (fix_all,) = [action for action in found if action.kind == FIX_ALL_KIND]
    resolve = capabilities(client.profile).text_document.code_action.resolve_support
    if resolve is not None and "edit" in resolve.properties:
        assert fix_all.edit is None
        fix_all = await client.code_action_resolve_async(fix_all)
    assert edited(client, APT, uri, 1, fix_all) == fix(APT).text


async def test_no_fix_all_when_nothing_is_fixable(client):
    text = "FROM debian:bookworm\nRUN echo hello\n"
    uri = "untitled:/clean/Dockerfile"
    await opened(client, uri, text)
    assert await code_actions(client, uri, lsp_range(text, 0, len(text), client.encoding), only=["source"]) == []


async def test_neovim_07_code_only_diagnostics_are_not_rejected(client):
    """Neovim 0.7 sends back only each diagnostic's code; the request must still be answered."""
    uri = "untitled:/nvim07/Dockerfile"
    await opened(client, uri, APT)
    cursor = lsp_range(APT, lint(APT)[0].span.start, lint(APT)[0].span.start, client.encoding)
    params = {
        "textDocument": {"uri": uri},
        "range": {
            "start": {"line": cursor.start.line, "character": cursor.start.character},
            "end": {"line": cursor.end.line, "character": cursor.end.character},
        },
        "context": {"diagnostics": [{"code": finding.code} for finding in lint(APT)]},
    }
    result = await send_raw_request(client, types.TEXT_DOCUMENT_CODE_ACTION, params)
    assert result, result
    assert {action["kind"] for action in result} == {QUICKFIX, FIX_ALL_KIND}
