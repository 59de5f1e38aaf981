"""Settings for a Dockerfile: the closest config file, stacked with editor or command-line overrides."""

from __future__ import annotations

import os
from typing import Any, Mapping, NamedTuple

from dockerls.config.errors import ConfigError
from dockerls.config.files import config_file_in, config_table
from dockerls.config.globs import matches_any
from dockerls.config.schema import Layer, read_layer
from dockerls.engine.settings import LintSettings

# Names a directory search picks up when no ``include`` is configured.
DEFAULT_INCLUDE = ("Dockerfile", "*.Dockerfile", "Dockerfile.*", "Containerfile", "Containerfile.*")
# Per-Dockerfile ignore files (``Dockerfile.dockerignore``) match the names above but are not Dockerfiles.
NOT_DOCKERFILES = ("*.dockerignore", "*.containerignore")
# Directories a directory search never enters, whatever ``exclude`` says.
ALWAYS_EXCLUDED = (".git", "node_modules", ".venv")


class Configuration(NamedTuple):
    """Everything the config decides for the files it governs."""

    settings: LintSettings
    path: str | None  # the config file, or None for the defaults
    root: str  # the directory ``include`` and ``exclude`` are relative to
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()

    def includes(self, path: str) -> bool:
        """Whether a directory search should check this file."""
        relative = self._relative(path)
        return matches_any(self.include, relative) and not matches_any(NOT_DOCKERFILES, relative)

    def excludes(self, path: str) -> bool:
        """Whether a directory search skips this file or directory."""
        relative = self._relative(path)
        return matches_any(ALWAYS_EXCLUDED, os.path.basename(path)) or matches_any(self.exclude, relative)

    def _relative(self, path: str) -> str:
        return os.path.relpath(os.path.abspath(path), self.root)


class ConfigResolver:
    """Finds and reads the config of each directory once; collects every error on the way."""

    def __init__(
        self,
        *,
        config_file: str | None = None,
        isolated: bool = False,
        overrides: Mapping[str, Any] | None = None,
        overrides_source: str = "settings",
    ) -> None:
        self.config_file = os.path.abspath(config_file) if config_file else None
        self.isolated = isolated
        self.errors: list[ConfigError] = []
        self._overrides = Layer()
        if overrides:
            self._overrides, errors = read_layer(overrides, source=overrides_source, editor=True)
            self.errors.extend(errors)
        self._by_file: dict[str | None, Configuration] = {}
        self._by_directory: dict[str, Configuration] = {}
        self._closest: dict[str, str | None] = {}

    def for_file(self, path: str) -> Configuration:
        return self.for_directory(os.path.dirname(os.path.abspath(path)))

    def for_directory(self, directory: str) -> Configuration:
        directory = os.path.abspath(directory)
        cached = self._by_directory.get(directory)
        if cached is None:
            cached = self._by_directory[directory] = self._configuration(self._config_path(directory), directory)
        return cached

    def _config_path(self, directory: str) -> str | None:
        if self.isolated:
            return None
        if self.config_file:
            return self.config_file
        if directory not in self._closest:
            # As find_config_file, reusing what is known of the parent directories.
            found = config_file_in(directory)
            parent = os.path.dirname(directory)
            if found is None and parent != directory:
                found = self._config_path(parent)
            self._closest[directory] = found
        return self._closest[directory]

    def _configuration(self, path: str | None, directory: str) -> Configuration:
        cached = self._by_file.get(path)
        if cached is not None:
            return cached
        layer = Layer()
        if path is not None:
            table, errors = config_table(path)
            if not errors:
                layer, errors = read_layer(table, source=path)
            self.errors.extend(errors)
        layer = self._overrides.over(layer)
        root = os.path.dirname(path) if path else os.getcwd()
        configuration = Configuration(
            settings=layer.settings(),
            path=path,
            root=root,
            include=layer.include if layer.include is not None else DEFAULT_INCLUDE,
            exclude=layer.exclude or (),
        )
        self._by_file[path] = configuration
        return configuration


def load_settings(
    dockerfile_path: str | None,
    *,
    config_file: str | None = None,
    isolated: bool = False,
    overrides: Mapping[str, Any] | None = None,
) -> tuple[LintSettings, list[ConfigError], str | None]:
    """The settings for one Dockerfile, the problems found in its config, and the config's path.

    ``config_file`` replaces discovery; ``isolated`` ignores every config file;
    ``overrides`` (editor-style keys, camelCase or kebab-case) stack on top.
    Without a path (an unsaved buffer) discovery starts at the working
    directory. Problems never raise: the bad entries are left out and reported.
    """
    resolver = ConfigResolver(config_file=config_file, isolated=isolated, overrides=overrides)
    if dockerfile_path:
        configuration = resolver.for_file(dockerfile_path)
    else:
        configuration = resolver.for_directory(os.getcwd())
    return configuration.settings, resolver.errors, configuration.path


def settings_from_mapping(
    data: Mapping[str, Any], *, source: str = "editor settings"
) -> tuple[LintSettings, list[ConfigError]]:
    """Settings from the editor's ``dockerls`` object (camelCase keys). Bad entries are
    reported and left at their defaults; ``fixOnWillSave`` and ``configFile`` are the
    server's own and ignored here."""
    layer, errors = read_layer(data, source=source, editor=True)
    return layer.settings(), errors
