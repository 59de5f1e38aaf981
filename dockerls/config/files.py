"""Finding and reading config files: ``.dockerls.toml``, ``dockerls.toml``, ``[tool.dockerls]`` in ``pyproject.toml``."""

from __future__ import annotations

import os
import sys
from typing import Any

from dockerls.config.errors import ConfigError
from dockerls.core.reading import read_limited_bytes

# In one directory the first of these that applies wins (as ruff orders its own files).
CONFIG_NAMES = (".dockerls.toml", "dockerls.toml", "pyproject.toml")
# Real ones are a few KiB; a bigger one (say a 200 MB file in a build context) is not ours to load.
MAX_PYPROJECT_BYTES = 4 << 20
# A config file named on purpose past this size is an error (a 1 GiB .dockerls.toml is no config).
MAX_CONFIG_BYTES = 4 << 20


def find_config_file(directory: str) -> str | None:
    """The config file closest to ``directory``: its own, else its parent's, up to the root.

    A ``pyproject.toml`` counts only when it has a ``[tool.dockerls]`` table.
    """
    directory = os.path.abspath(directory)
    while True:
        found = config_file_in(directory)
        if found is not None:
            return found
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def config_file_in(directory: str) -> str | None:
    for name in CONFIG_NAMES:
        path = os.path.join(directory, name)
        if not os.path.isfile(path):
            continue
        if name != "pyproject.toml" or _has_dockerls_table(path):
            return path
    return None


def _has_dockerls_table(path: str) -> bool:
    # A cheap text test first: most pyproject.toml files never mention dockerls.
    try:
        if os.path.getsize(path) > MAX_PYPROJECT_BYTES:
            return False  # a pyproject.toml found on the way is read whole: not a huge one
        with open(path, encoding="utf-8", errors="replace") as handle:
            if "dockerls" not in handle.read():
                return False
    except OSError:
        return False
    data, errors = read_toml(path)
    return bool(errors) or isinstance(_tool_table(data), dict)


def read_toml(path: str) -> tuple[dict[str, Any], list[ConfigError]]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    data, why_not = read_limited_bytes(path, MAX_CONFIG_BYTES)
    if data is None:
        return {}, [ConfigError(path, None, f"cannot read the file: it {why_not}")]
    try:
        return tomllib.loads(data.decode("utf-8")), []
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return {}, [ConfigError(path, None, f"invalid TOML: {error}")]


def config_table(path: str) -> tuple[dict[str, Any], list[ConfigError]]:
    """The dockerls settings table of a config file."""
    data, errors = read_toml(path)
    if errors or os.path.basename(path) != "pyproject.toml":
        return data, errors
    table = _tool_table(data)
    if table is None:
        return {}, [ConfigError(path, None, "has no [tool.dockerls] table")]
    return table, []


def _tool_table(data: dict[str, Any]) -> Any:
    tool = data.get("tool")
    return tool.get("dockerls") if isinstance(tool, dict) else None
