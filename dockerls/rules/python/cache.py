"""Where pip, uv and poetry keep their caches at a given RUN, and which mounts cover them.

Each tool resolves its cache directory from the environment of the command
(assignments before it, then ENV, then ARG), the user's home, and its own
command-line option:

- pip: ``--cache-dir``, ``PIP_CACHE_DIR``, ``$XDG_CACHE_HOME/pip``, ``$HOME/.cache/pip``;
- uv: ``--cache-dir``, ``UV_CACHE_DIR``, ``$XDG_CACHE_HOME/uv``, ``$HOME/.cache/uv``;
- poetry: ``POETRY_CACHE_DIR``, ``$XDG_CACHE_HOME/pypoetry``, ``$HOME/.cache/pypoetry``.

Poetry creates its virtual environments under ``<cache>/virtualenvs`` unless
told otherwise; mounting the whole directory would leave the installed
packages out of the image, so its mounts are then ``<cache>/cache`` and
``<cache>/artifacts`` only.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Iterator

from dockerls.core.context import line_number
from dockerls.analysis.paths import is_inside
from dockerls.rules.python.installs import PIP, POETRY, UV, Install
from dockerls.rules.python.memo import remembered
from dockerls.analysis.stages import stage_tree
from dockerls.analysis.users import RunUser, effective_user
from dockerls.syntax import Dockerfile, Instruction, SimpleCommand
from dockerls.syntax.shell import shell_of

_TRUE = frozenset({"y", "yes", "t", "true", "on", "1"})
_FALSE = frozenset({"n", "no", "f", "false", "off", "0"})


@dataclass(frozen=True, slots=True)
class CacheLocation:
    """The directories to mount for one install, or why they cannot be known."""

    targets: tuple[str, ...]  # absolute; empty when unknown
    user: RunUser
    problem: str | None  # why no mount can be written (unknown directory or owner)

    @property
    def owner_options(self) -> dict[str, str] | None:
        return self.user.mount_options()


def cache_location(document: Dockerfile, install: Install) -> CacheLocation:
    key = ("cache-location", install.instruction.index, install.command.span)
    return remembered(document, key, lambda: _cache_location(document, install))


def _cache_location(document: Dockerfile, install: Install) -> CacheLocation:
    instruction = install.instruction
    user = remembered(document, ("run-user", instruction.index), lambda: effective_user(document, instruction))
    if not user.known:
        return CacheLocation((), user, "the user it runs as depends on a variable the Dockerfile does not set")
    configured = _configured_elsewhere(document, install)
    if configured is not None:
        return CacheLocation((), user, configured)
    directory, problem = _cache_directory(install, user)
    if directory is None:
        return CacheLocation((), user, problem)
    targets: tuple[str, ...] = (directory,)
    if install.tool == POETRY and not _poetry_venvs_elsewhere(document, install, directory):
        targets = (posixpath.join(directory, "cache"), posixpath.join(directory, "artifacts"))
    if user.mount_options() is None:
        who = user.name or "this user"
        return CacheLocation(
            targets, user,
            f"it runs as {who}, whose uid the Dockerfile does not show "
            f"(give it one, e.g. useradd -u 1000 or USER 1000:1000, to get a fix)",
        )
    return CacheLocation(targets, user, None)


_VARIABLES = {
    PIP: ("PIP_CACHE_DIR", "pip"),
    UV: ("UV_CACHE_DIR", "uv"),
    POETRY: ("POETRY_CACHE_DIR", "pypoetry"),
}


def _cache_directory(install: Install, user: RunUser) -> tuple[str | None, str | None]:
    variable, leaf = _VARIABLES[install.tool]
    if install.cache_dir_option is not None:
        value, _ = install.cache_dir_option
        if value is None:
            return None, "its --cache-dir depends on a variable the Dockerfile does not set"
        return _absolute(value, install, user)
    configured = install.lookup(variable)
    if configured:
        return _absolute(configured, install, user)
    xdg = install.lookup("XDG_CACHE_HOME")
    if xdg and xdg.strip():
        directory, problem = _absolute(xdg, install, user)
        return (posixpath.join(directory, leaf) if directory else None), problem
    if user.home is None:
        who = user.name or "its user"
        return None, f"it runs as {who}, whose home directory the Dockerfile does not show"
    return posixpath.join(user.home, ".cache", leaf), None


def _absolute(path: str, install: Install, user: RunUser) -> tuple[str | None, str | None]:
    if path == "~" or path.startswith("~/"):
        if user.home is None:
            return None, "its cache directory is under a home directory the Dockerfile does not show"
        path = user.home + path[1:]
    if posixpath.isabs(path):
        return posixpath.normpath(path), None
    if install.cwd is None:
        return None, "its cache directory is relative and the directory it runs in is unknown"
    return posixpath.normpath(posixpath.join(install.cwd, path)), None


def _earlier_config_commands(document: Dockerfile, install: Install) -> Iterator[tuple[Instruction, SimpleCommand]]:
    """The ``… config …`` commands that run before the install: earlier RUNs of
    the stage chain, then this RUN (every other command is irrelevant to the
    callers, and looking at each of them per install is quadratic)."""
    instruction = install.instruction
    tree = stage_tree(document)
    limit = (instruction.index, install.site.position)
    for earlier, position, command in remembered(document, "config-commands", lambda: _config_commands(document)):
        if (earlier.index, position) >= limit:
            return
        if tree.in_chain(earlier.stage, instruction.stage):
            yield earlier, command


def _config_commands(document: Dockerfile) -> list[tuple[Instruction, int, SimpleCommand]]:
    """Every ``TOOL config …`` command of a RUN in a stage, in order, with its position in the RUN."""
    found = []
    for instruction in document.instructions:
        if instruction.keyword != "RUN" or instruction.stage < 0 or shell_of(instruction) is None:
            continue
        for position, command in enumerate(shell_of(instruction).commands):
            if len(command.argv) >= 2 and command.argv[1].text == "config":
                found.append((instruction, position, command))
    return found


def _configured_elsewhere(document: Dockerfile, install: Install) -> str | None:
    """A reason the cache directory cannot be read off the Dockerfile, if any."""
    if install.tool == PIP and install.lookup("PIP_CONFIG_FILE"):
        return "PIP_CONFIG_FILE points pip at a configuration file dockerls does not read"
    for earlier, command in _earlier_config_commands(document, install):
        words = [word.text for word in command.argv]
        if len(words) < 2:
            continue
        program = posixpath.basename(words[0])
        line = line_number(document, earlier.span.start)
        if install.tool == PIP and re.fullmatch(r"pip[\d.]*", program) and words[1] == "config":
            return f"`pip config` on line {line} may move or disable its cache"
        if install.tool == POETRY and program == "poetry" and words[1] == "config" and "cache-dir" in words:
            return f"`poetry config cache-dir` on line {line} moves its cache"
    return None


def _boolean(value: str | None) -> bool | None:
    if value is None:
        return None
    lowered = value.strip().lower()
    return True if lowered in _TRUE else False if lowered in _FALSE else None


def _poetry_venvs_elsewhere(document: Dockerfile, install: Install, cache: str) -> bool:
    """Whether poetry's virtual environment is known to live outside its cache directory."""
    settings = {
        "virtualenvs.create": install.lookup("POETRY_VIRTUALENVS_CREATE"),
        "virtualenvs.in-project": install.lookup("POETRY_VIRTUALENVS_IN_PROJECT"),
        "virtualenvs.path": install.lookup("POETRY_VIRTUALENVS_PATH"),
    }
    for _, command in _earlier_config_commands(document, install):
        words = [word.text for word in command.argv]
        if len(words) >= 4 and posixpath.basename(words[0]) == "poetry" and words[1] == "config":
            values = [word for word in words[2:] if not word.startswith("-")]
            if len(values) == 2 and values[0] in settings:
                settings[values[0]] = values[1]
    if _boolean(settings["virtualenvs.create"]) is False or _boolean(settings["virtualenvs.in-project"]) is True:
        return True
    path = settings["virtualenvs.path"]
    if path and posixpath.isabs(path) and not is_inside(posixpath.normpath(path), cache):
        return True
    active = install.lookup("VIRTUAL_ENV")
    return bool(active and posixpath.isabs(active) and not is_inside(posixpath.normpath(active), cache))


# --- mounts on the RUN ----------------------------------------------------------


_TOOL_NAMES = {
    PIP: re.compile(r"(^|[-_.])pip([-_.]|$)"),
    UV: re.compile(r"(^|[-_.])uv([-_.]|$)"),
    POETRY: re.compile(r"poetry"),
}


def looks_like_cache_of(tool: str, target: str) -> bool:
    """Whether a mount target names the tool's cache (``/root/.cache/pip``, ``/pip-cache``, …)."""
    parts = [part for part in target.split("/") if part]
    return any(_TOOL_NAMES[tool].search(part) for part in parts[-2:])


def disables_cache(tool: str, value: str | None) -> bool:
    """Whether a value of PIP_NO_CACHE_DIR / UV_NO_CACHE turns the tool's cache off.

    pip turns it off for every valid boolean, even ``0``/``false``/``off`` (kept
    for backwards compatibility); an empty value is ignored and an invalid one
    stops pip with an error. uv parses it as a boolean.
    """
    if value is None or not value.strip():
        return False
    parsed = _boolean(value)
    if tool == PIP:
        return parsed is not None
    return parsed is True


NO_CACHE_VARIABLES = {PIP: "PIP_NO_CACHE_DIR", UV: "UV_NO_CACHE"}
