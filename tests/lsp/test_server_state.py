"""In process: the server factory and the reading of editor settings."""

from __future__ import annotations

from lsprotocol import types

from dockerls.lsp.features import NOTIFICATIONS, REQUESTS
from dockerls.lsp import server as server_module
from dockerls.lsp.features import create_server
from dockerls.lsp.settings import EditorSettings, editor_settings, merged

# pygls serves these requests; the front handles initialize, shutdown, exit and every notification.
SERVED_BY_PYGLS = {
    types.TEXT_DOCUMENT_WILL_SAVE_WAIT_UNTIL, types.TEXT_DOCUMENT_CODE_ACTION, types.CODE_ACTION_RESOLVE,
    types.TEXT_DOCUMENT_COMPLETION, types.TEXT_DOCUMENT_HOVER, types.TEXT_DOCUMENT_DEFINITION,
}
NOTIFIED = {
    types.INITIALIZED,
    types.SET_TRACE,
    types.TEXT_DOCUMENT_DID_OPEN,
    types.TEXT_DOCUMENT_DID_CHANGE,
    types.TEXT_DOCUMENT_DID_SAVE,
    types.TEXT_DOCUMENT_DID_CLOSE,
    types.WORKSPACE_DID_CHANGE_CONFIGURATION,
    types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
    types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS,
}


def test_each_server_is_fresh_and_fully_registered():
    first, second = create_server(), create_server()
    assert first is not second and first.protocol is not second.protocol
    assert set(first.protocol.fm.features) == set(REQUESTS) == SERVED_BY_PYGLS
    assert set(NOTIFICATIONS) == NOTIFIED


def test_prepare_structures_a_request_of_each_kind_pygls_serves():
    """The background load pays each request kind's one-time costs: every kind is covered."""
    assert {method for method, _ in server_module._SAMPLE_REQUESTS} == set(REQUESTS)
    server_module.prepare(create_server())


def test_settings_layers_merge_key_by_key():
    raw, errors = merged({"select": ["APT"], "fixOnWillSave": True}, None, {"dockerls": {"select": ["PIP"]}})
    assert raw == {"select": ["PIP"], "fixOnWillSave": True} and errors == []
    _, errors = merged("yes", [1])
    assert errors == ["settings: expected an object, got a string", "settings: expected an object, got a list"]


def test_server_settings_fall_back_to_defaults_one_by_one():
    settings, errors = editor_settings({"fixOnWillSave": "on", "configFile": "ci/dockerls.toml", "select": ["APT"]})
    assert settings == EditorSettings(
        fix_on_will_save=False,
        config_file="ci/dockerls.toml",
        overrides={"fixOnWillSave": "on", "configFile": "ci/dockerls.toml", "select": ["APT"]},
    )
    assert errors == ["settings: fixOnWillSave: expected true or false, got a string"]
    assert editor_settings(None) == (EditorSettings(), [])
