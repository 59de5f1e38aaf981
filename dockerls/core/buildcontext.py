"""A read-only view of the build context: which files exist and what .dockerignore excludes.

Rules receive a view instead of touching the disk. ``NO_CONTEXT`` is the view
of a buffer with no directory behind it (stdin, an unsaved file): it knows
nothing, so fixes that need a file to exist are offered as unsafe.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from functools import lru_cache

# Rules read small text files (requirements, Cargo.toml); anything larger is not read.
MAX_READ_BYTES = 1 << 20


class BuildContext:
    """The empty view: nothing is known."""

    known = False

    def exists(self, path: str) -> bool | None:
        """Whether ``path`` (relative to the context root) exists; None if unknown."""
        return None

    def is_dir(self, path: str) -> bool | None:
        return None

    def excluded(self, path: str) -> bool | None:
        """Whether .dockerignore keeps ``path`` out of the context; None if unknown."""
        return None

    def available(self, path: str) -> bool | None:
        """Whether a bind mount or COPY of ``path`` would find it."""
        exists = self.exists(path)
        if exists is None:
            return None
        return exists and not self.excluded(path)

    def read_text(self, path: str) -> str | None:
        return None

    def entries(self, path: str = ".") -> list[str] | None:
        """Names directly inside the directory ``path``, sorted, .dockerignore not
        applied; ``[]`` when it is not a directory; None if unknown."""
        return None


NO_CONTEXT = BuildContext()


class DirectoryContext(BuildContext):
    """The build context rooted at a directory on disk (read lazily, cached)."""

    known = True

    def __init__(self, root: str, dockerignore: str | None = None) -> None:
        self.root = os.path.realpath(root)
        if dockerignore is None:
            dockerignore = _read(os.path.join(self.root, ".dockerignore")) or ""
        self.ignore = DockerIgnore(dockerignore)

    def _path(self, path: str) -> str | None:
        """The real path of ``path`` inside the context, or None when it (or a
        symlink on the way) leads outside: nothing outside the context is read."""
        relative = _clean(path)
        if relative is None:
            return None
        full = os.path.realpath(os.path.join(self.root, relative))
        if full != self.root and not full.startswith(self.root + os.sep):
            return None
        return full

    def exists(self, path: str) -> bool | None:
        full = self._path(path)
        return full is not None and os.path.exists(full)

    def is_dir(self, path: str) -> bool | None:
        full = self._path(path)
        return full is not None and os.path.isdir(full)

    def excluded(self, path: str) -> bool | None:
        relative = _clean(path)
        return True if relative is None else self.ignore.excludes(relative)

    def read_text(self, path: str) -> str | None:
        full = self._path(path)
        return _read(full) if full else None

    def entries(self, path: str = ".") -> list[str] | None:
        full = self._path(path)
        if full is None or not os.path.isdir(full):
            return []
        try:
            return sorted(os.listdir(full))
        except OSError:
            return None


class MemoryContext(BuildContext):
    """A build context given as a mapping of paths to contents (tests, unsaved workspaces)."""

    known = True

    def __init__(self, files: dict[str, str], dockerignore: str = "") -> None:
        self.files = {(_clean(path) or path): content for path, content in files.items()}
        self.ignore = DockerIgnore(dockerignore or files.get(".dockerignore", ""))

    def exists(self, path: str) -> bool | None:
        relative = _clean(path)
        if relative is None:
            return False
        if relative == ".":
            return True
        return relative in self.files or any(name.startswith(relative + "/") for name in self.files)

    def is_dir(self, path: str) -> bool | None:
        relative = _clean(path)
        return relative is not None and (relative == "." or any(n.startswith(relative + "/") for n in self.files))

    def excluded(self, path: str) -> bool | None:
        relative = _clean(path)
        return True if relative is None else self.ignore.excludes(relative)

    def read_text(self, path: str) -> str | None:
        relative = _clean(path)
        return self.files.get(relative) if relative else None

    def entries(self, path: str = ".") -> list[str] | None:
        relative = _clean(path)
        if relative is None:
            return []
        prefix = "" if relative == "." else relative + "/"
        return sorted({name[len(prefix) :].split("/", 1)[0] for name in self.files if name.startswith(prefix)})


def _clean(path: str) -> str | None:
    """A context-relative path (BuildKit clamps ``..`` at the context root); None if unusable."""
    if "\x00" in path:
        return None
    cleaned = posixpath.normpath("/" + path.replace("\\", "/")).lstrip("/")
    return cleaned or "."


def _read(path: str) -> str | None:
    """A small regular file's text; None for anything else (FIFOs would block, huge files stall)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_READ_BYTES:
            return None
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read(MAX_READ_BYTES)
    except (OSError, ValueError):
        return None


class DockerIgnore:
    """.dockerignore semantics: Go ``filepath.Match`` patterns plus ``**``,
    ``!`` exceptions, the last matching pattern wins, and a pattern that
    matches a directory excludes everything below it."""

    def __init__(self, text: str) -> None:
        self.patterns: list[tuple[bool, re.Pattern[str]]] = []
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            negated = line.startswith("!")
            if negated:
                line = line[1:].strip()
            pattern = posixpath.normpath(line).lstrip("/")
            if pattern in ("", "."):
                continue
            self.patterns.append((negated, _compile(pattern)))

    def excludes(self, path: str) -> bool:
        if path == ".":
            return False
        parts = path.split("/")
        candidates = ["/".join(parts[: index + 1]) for index in range(len(parts))]
        excluded = False
        for negated, regex in self.patterns:
            if any(regex.fullmatch(candidate) for candidate in candidates):
                excluded = not negated
        return excluded


@lru_cache(maxsize=1024)
def _compile(pattern: str) -> re.Pattern[str]:
    out = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**", index):
            index += 2
            if pattern.startswith("/", index):
                index += 1
                out.append("(?:.*/)?")
            else:
                out.append(".*")
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            close = pattern.find("]", index + 1)
            if close == -1:
                out.append(re.escape(char))
            else:
                body = pattern[index + 1 : close]
                if body.startswith("^"):
                    body = "!" + body[1:]
                negated = body.startswith("!")
                body = body[1:] if negated else body
                out.append("[" + ("^" if negated else "") + body.replace("[", "\\[") + "]")
                index = close
        elif char == "\\" and index + 1 < len(pattern):
            index += 1
            out.append(re.escape(pattern[index]))
        else:
            out.append(re.escape(char))
        index += 1
    return re.compile("".join(out))
