"""Configuration: config files (``.dockerls.toml``, ``dockerls.toml``, ``[tool.dockerls]`` in
``pyproject.toml``), editor settings and command-line overrides, all turned into ``LintSettings``."""

from dockerls.config.errors import ConfigError
from dockerls.config.files import CONFIG_NAMES, find_config_file
from dockerls.config.load import (
    ALWAYS_EXCLUDED,
    DEFAULT_INCLUDE,
    ConfigResolver,
    Configuration,
    load_settings,
    settings_from_mapping,
)

__all__ = [
    "ALWAYS_EXCLUDED",
    "CONFIG_NAMES",
    "DEFAULT_INCLUDE",
    "ConfigError",
    "ConfigResolver",
    "Configuration",
    "find_config_file",
    "load_settings",
    "settings_from_mapping",
]
