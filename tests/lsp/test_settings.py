"""Settings end to end: initializationOptions, workspace/configuration per folder, pushed changes,
invalid values, config files on disk, unsafeFixes and fixOnWillSave. Each test has its own server."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types

from tests.linting import fix
from dockerls.lsp.settings import EditorSettings, editor_settings, lint_settings, merged

from .conftest import session
from .documents import CJK, PARTIAL, apt_findings, crlf, parses
from .lsp_client import (
    apply_text_edits,
    capabilities,
    code_actions,
    lsp_range,
    open_document,
    published,
    wait_for_diagnostics,
)


def codes(params: types.PublishDiagnosticsParams) -> set[str]:
    return {diagnostic.code for diagnostic in params.diagnostics}


def ignorable_code() -> str:
    """A code of the document the settings tests open; other findings remain when it is ignored."""
    codes = {f.code for f in apt_findings(PARTIAL)}
    assert "APT002" in codes and len(codes) > 1
    return "APT002"


def change_settings(client, settings: dict) -> None:
    """Change our section the way this client does: answer workspace/configuration anew, or push."""
    workspace = capabilities(client.profile).workspace
    if workspace and workspace.configuration:
        client.set_configuration({"dockerls": settings})
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    else:
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"dockerls": settings}))


async def next_publish(client, uri: str, after: int) -> types.PublishDiagnosticsParams:
    for _ in range(2000):
        found = published(client, uri)
        if len(found) > after:
            return found[after]
        await asyncio.sleep(0.01)
    raise AssertionError(f"nothing published for {uri} after {after}")


@pytest.mark.parametrize("profile", ["visual-studio-code", "neovim@v0.7.0"])
async def test_initialization_options_select_rules(profile):
    code = ignorable_code()
    async with session(profile, initialization_options={"ignore": [code]}) as client:
        open_document(client, "untitled:/Dockerfile", PARTIAL)
        params = await wait_for_diagnostics(client, "untitled:/Dockerfile", 1)
        assert code not in codes(params) and params.diagnostics


@pytest.mark.parametrize("profile", ["visual-studio-code", "neovim@v0.11.0", "neovim@v0.7.0"])
async def test_configuration_round_trip(profile):
    """didChangeConfiguration re-reads the settings (pulled, or pushed by Neovim 0.7) and republishes."""
    code = ignorable_code()
    async with session(profile) as client:
        uri = "untitled:/Dockerfile"
        open_document(client, uri, PARTIAL)
        assert code in codes(await wait_for_diagnostics(client, uri, 1))
        seen = len(published(client, uri))
        change_settings(client, {"ignore": [code]})
        republished = await next_publish(client, uri, seen)
        assert republished.version == 1 and code not in codes(republished) and republished.diagnostics


async def test_configuration_is_asked_per_workspace_folder(tmp_path: Path):
    code = ignorable_code()
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
    configuration = {second.as_uri(): {"dockerls": {"ignore": [code]}}}
    async with session("visual-studio-code", configuration=configuration, root=tmp_path) as client:
        # Two workspace folders: re-initialising is not possible, so announce the second one.
        client.workspace_did_change_workspace_folders(
            types.DidChangeWorkspaceFoldersParams(
                event=types.WorkspaceFoldersChangeEvent(
                    added=[
                        types.WorkspaceFolder(uri=first.as_uri(), name="first"),
                        types.WorkspaceFolder(uri=second.as_uri(), name="second"),
                    ],
                    removed=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name=tmp_path.name)],
                )
            )
        )
        uris = {folder: (folder / "Dockerfile").as_uri() for folder in (first, second)}
        for uri in uris.values():
            open_document(client, uri, PARTIAL)
        assert code in codes(await wait_for_diagnostics(client, uris[first], 1))
        assert code not in codes(await wait_for_diagnostics(client, uris[second], 1))


@pytest.mark.parametrize("profile", ["visual-studio-code"])
async def test_invalid_settings_are_reported_and_defaults_used(profile):
    bad = {"ignore": 5, "select": ["NOPE42"], "fixOnWillSave": "yes", "unsafeFixes": "sure", "colour": 1}
    async with session(profile, initialization_options=bad) as client:
        uri = "untitled:/Dockerfile"
        open_document(client, uri, PARTIAL)
        params = await wait_for_diagnostics(client, uri, 1)
        assert {f.code for f in apt_findings(PARTIAL)} <= codes(params)  # defaults: every rule
        warnings = [m for m in client.messages if m.type == types.MessageType.Warning]
        assert len(warnings) == 1, client.messages
        for key in ("ignore", "NOPE42", "fixOnWillSave", "unsafeFixes", "colour"):
            assert key in warnings[0].message
        # Still serving: fixOnWillSave fell back to off.
        will_save = await client.text_document_will_save_wait_until_async(
            types.WillSaveTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=uri), reason=types.TextDocumentSaveReason.Manual
            )
        )
        assert not will_save


def will_save(client, uri: str):
    return client.text_document_will_save_wait_until_async(
        types.WillSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri), reason=types.TextDocumentSaveReason.Manual
        )
    )


@pytest.mark.parametrize("profile", ["visual-studio-code", "neovim@v0.11.0"])
async def test_will_save_wait_until_returns_the_fix_all_edits_once_enabled(profile):
    text = crlf(CJK)
    async with session(profile) as client:
        uri = "untitled:/Dockerfile"
        open_document(client, uri, text)
        await wait_for_diagnostics(client, uri, 1)
        assert not await will_save(client, uri)  # off by default
        seen = len(published(client, uri))
        change_settings(client, {"fixOnWillSave": True})
        await next_publish(client, uri, seen)  # the new settings are in
        result = apply_text_edits(text, await will_save(client, uri), client.encoding)
        assert result == fix(text).text != text
        assert parses(result)


async def test_unsafe_fixes_setting_drives_fix_all():
    async with session("visual-studio-code") as client:
        uri = "untitled:/Dockerfile"
        open_document(client, uri, PARTIAL)
        await wait_for_diagnostics(client, uri, 1)
        for unsafe in (False, True):
            if unsafe:
                seen = len(published(client, uri))
                change_settings(client, {"unsafeFixes": True})
                await next_publish(client, uri, seen)
            (action,) = await code_actions(client, uri, lsp_range(PARTIAL, 0, 0, "utf-16"), only=["source.fixAll"])
            assert ("unsafe" in action.title) == unsafe
            (change,) = action.edit.document_changes
            assert apply_text_edits(PARTIAL, change.edits, "utf-16") == fix(PARTIAL, unsafe=unsafe).text


async def test_config_file_changes_are_watched_where_the_client_can(tmp_path: Path):
    code = ignorable_code()
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(PARTIAL, encoding="utf-8")
    uri = dockerfile.as_uri()
    async with session("visual-studio-code", root=tmp_path) as client:
        open_document(client, uri, PARTIAL)
        assert code in codes(await wait_for_diagnostics(client, uri, 1))
        registered = {r.method: r for r in client.recorder.registrations}
        watchers = registered[types.WORKSPACE_DID_CHANGE_WATCHED_FILES].register_options["watchers"]
        patterns = [watcher["globPattern"] for watcher in watchers]
        assert "**/{.dockerls.toml,dockerls.toml,pyproject.toml}" in patterns
        assert types.WORKSPACE_DID_CHANGE_CONFIGURATION in registered

        seen = len(published(client, uri))
        config = tmp_path / ".dockerls.toml"
        config.write_text(f'ignore = ["{code}"]\n', encoding="utf-8")
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]
            )
        )
        republished = await next_publish(client, uri, seen)
        assert code not in codes(republished) and republished.diagnostics


async def test_config_files_are_reread_on_save_without_a_watcher(tmp_path: Path):
    """Neovim 0.11 cannot watch files for us: a broken config file is reported (not fatal), and
    the config is read again when a document is saved."""
    code = ignorable_code()
    config = tmp_path / "dockerls.toml"
    config.write_text("ignore = [\n", encoding="utf-8")
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(PARTIAL, encoding="utf-8")
    uri = dockerfile.as_uri()
    async with session("neovim@v0.11.0", root=tmp_path) as client:
        open_document(client, uri, PARTIAL)
        assert code in codes(await wait_for_diagnostics(client, uri, 1))
        assert any("dockerls.toml" in m.message for m in client.messages), client.messages
        assert client.recorder.registrations == []
        seen = len(published(client, uri))
        config.write_text(f'ignore = ["{code}"]\n', encoding="utf-8")
        client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        republished = await next_publish(client, uri, seen)
        assert code not in codes(republished) and republished.diagnostics


# --- what clients send besides our settings ---------------------------------------------------

# VS Code's raw `dockerls` section: the extension's own keys, and null for every setting left unset.
VSCODE_RAW = {
    "path": [],
    "interpreter": "",
    "trace": {"server": "off"},
    "select": None,
    "ignore": None,
    "extendSelect": None,
    "configFile": None,
    "unsafeFixes": False,
    "fixOnWillSave": False,
}


def test_extension_keys_and_nulls_are_not_settings():
    raw, errors = merged(VSCODE_RAW, {"dockerls": VSCODE_RAW})
    assert raw == {"unsafeFixes": False, "fixOnWillSave": False} and errors == []
    editor, errors = editor_settings(VSCODE_RAW)
    assert editor == EditorSettings(overrides={"unsafeFixes": False, "fixOnWillSave": False}) and errors == []
    settings, errors, _ = lint_settings(editor, None, None)
    assert errors == [] and settings == lint_settings(EditorSettings(), None, None)[0]


def test_a_null_leaves_the_value_of_an_earlier_layer():
    raw, errors = merged({"ignore": ["APT002"], "configFile": "ci.toml"}, {"ignore": None, "configFile": None})
    assert raw == {"ignore": ["APT002"], "configFile": "ci.toml"} and errors == []


@pytest.mark.parametrize("empty", [[], {"dockerls": []}], ids=["whole-object", "section"])
def test_an_empty_list_is_an_empty_object(empty):
    """Neovim encodes an empty Lua table, ``settings = { dockerls = {} }``, as ``[]``."""
    assert merged(empty) == ({}, [])
    assert editor_settings(empty) == (EditorSettings(), [])


async def test_vscode_raw_section_is_accepted_without_a_warning():
    code = ignorable_code()
    async with session("visual-studio-code", initialization_options=VSCODE_RAW) as client:
        uri = "untitled:/Dockerfile"
        open_document(client, uri, PARTIAL)
        assert {f.code for f in apt_findings(PARTIAL)} <= codes(await wait_for_diagnostics(client, uri, 1))
        seen = len(published(client, uri))
        client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"dockerls": {**VSCODE_RAW, "ignore": [code]}})
        )
        republished = await next_publish(client, uri, seen)
        assert code not in codes(republished) and republished.diagnostics
        assert [m for m in client.messages if m.type in (types.MessageType.Warning, types.MessageType.Error)] == []


async def test_neovim_empty_table_is_accepted_without_a_warning():
    async with session("neovim@v0.11.0", initialization_options=[], configuration={"": {"dockerls": []}}) as client:
        uri = "untitled:/Dockerfile"
        open_document(client, uri, PARTIAL)
        assert {f.code for f in apt_findings(PARTIAL)} <= codes(await wait_for_diagnostics(client, uri, 1))
        assert [m for m in client.messages if m.type in (types.MessageType.Warning, types.MessageType.Error)] == []
