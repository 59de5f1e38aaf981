"""Editor settings (section ``dockerls``): read leniently, with defaults for anything invalid.

The same object arrives as ``initializationOptions``, as the answer to
``workspace/configuration`` and inside ``workspace/didChangeConfiguration``.
The server reads its own keys (``fixOnWillSave``, ``configFile``) here; rule
selection and fix settings (``select``, ``ignore``, ``extendSelect``,
``unsafeFixes``, …) are handed to :mod:`dockerls.config`, which stacks them
on the Dockerfile's config file exactly as the CLI does. A bad value never
stops the server: it is reported (``window/showMessage``) and its default used.

Clients send more than our keys, and JSON's way of saying "not set": VS Code
pushes its whole ``dockerls`` section, including the extension's own keys
(``path``, ``interpreter``, ``trace``) and ``null`` for every setting left
unset; Neovim encodes an empty Lua table, ``dockerls = {}``, as ``[]``. The
extension's keys are dropped, a ``null`` value counts as unset, and an empty
list as an empty object, all without a warning.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dockerls.config import load_settings
from dockerls.engine import LintSettings
from dockerls.lsp.jsonrpc import json_type

SECTION = "dockerls"
# Settings of the VS Code extension (how to start the server, tracing), not of the server.
EXTENSION_ONLY_KEYS = frozenset({"path", "interpreter", "trace"})


@dataclass(frozen=True)
class EditorSettings:
    fix_on_will_save: bool = False  # textDocument/willSaveWaitUntil returns the fix-all edits
    config_file: str | None = None  # replaces config-file discovery
    # The whole settings object, read by dockerls.config on top of the config file.
    overrides: Mapping[str, Any] = field(default_factory=dict)


def _object_or_as_is(data: object) -> object:
    """An empty list stands for an empty object (an empty Lua table is encoded as ``[]``)."""
    return {} if isinstance(data, list) and not data else data


def section_of(data: object) -> object:
    """Our section of a settings object, accepting both ``{"dockerls": {...}}`` and the bare object."""
    data = _object_or_as_is(data)
    if isinstance(data, Mapping) and isinstance(section := _object_or_as_is(data.get(SECTION)), Mapping):
        return section
    return data


def server_keys(data: Mapping[str, Any]) -> dict[str, Any]:
    """The keys meant for the server, without those set to null (unset)."""
    return {key: value for key, value in data.items() if value is not None and key not in EXTENSION_ONLY_KEYS}


def merged(*layers: object) -> tuple[dict[str, Any], list[str]]:
    """Later layers override earlier ones key by key (a null value overrides nothing);
    a layer that is not an object is skipped and reported."""
    result: dict[str, Any] = {}
    errors: list[str] = []
    for layer in layers:
        layer = section_of(layer)
        if isinstance(layer, Mapping):
            result.update(server_keys(layer))
        elif layer is not None:
            errors.append(f"settings: expected an object, got {json_type(layer)}")
    return result, errors


def editor_settings(data: object) -> tuple[EditorSettings, list[str]]:
    """The server's own settings from a JSON-like object, and a message for every value ignored."""
    data = section_of(data)
    if data is None:
        return EditorSettings(), []
    if not isinstance(data, Mapping):
        return EditorSettings(), [f"settings: expected an object, got {json_type(data)}"]
    data = server_keys(data)
    errors: list[str] = []
    fix_on_will_save = data.get("fixOnWillSave", False)
    if not isinstance(fix_on_will_save, bool):
        errors.append(f"settings: fixOnWillSave: expected true or false, got {json_type(fix_on_will_save)}")
        fix_on_will_save = False
    config_file = data.get("configFile")
    if config_file is not None and not isinstance(config_file, str):
        errors.append(f"settings: configFile: expected a path or null, got {json_type(config_file)}")
        config_file = None
    return EditorSettings(fix_on_will_save, config_file or None, dict(data)), errors


def lint_settings(
    editor: EditorSettings, dockerfile_path: str | None, folder_path: str | None
) -> tuple[LintSettings, list[str], str | None]:
    """Lint settings for one document: its config file, with the editor's settings on top.

    A relative ``configFile`` is taken from the workspace folder. A buffer with
    no file behind it reads no config file unless ``configFile`` names one:
    discovering from the server's working directory would pick up an unrelated file.
    """
    config_file = editor.config_file
    if config_file and not os.path.isabs(config_file) and folder_path:
        config_file = os.path.join(folder_path, config_file)
    isolated = dockerfile_path is None and not config_file
    settings, errors, config_path = load_settings(
        dockerfile_path, config_file=config_file, isolated=isolated, overrides=editor.overrides
    )
    return settings, [str(error) for error in errors], config_path

