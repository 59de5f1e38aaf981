"""A read-only view of the build context: which files exist and what .dockerignore excludes.

Rules receive a view instead of touching the disk. ``NO_CONTEXT`` is the view
of a buffer with no directory behind it (stdin, an unsaved file): it knows
nothing, so fixes that need a file to exist are offered as unsafe.

A directory view reads the ignore file BuildKit would use: ``<Dockerfile>.dockerignore``
beside the Dockerfile when it exists, else ``.dockerignore`` at the context root
(``dockerls.core.ignorepatterns`` has the pattern rules). When that file cannot be
read whole (too large, unreadable), has a line BuildKit refuses, or a pattern whose
meaning dockerls cannot tell, what the context holds is *unknown*: ``excluded`` and
``available`` answer None, ``unknown_reason`` says why, and ``problems`` lists what the
adapters report to the user (``dockerls.engine.contextissues``).
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass

from dockerls.core.ignorepatterns import IgnoreProblem, IgnoreRules, parse_ignore_file
from dockerls.core.reading import read_limited

# Rules read small text files (requirements, Cargo.toml); a larger one is reported, not read.
MAX_READ_BYTES = 1 << 20
# An ignore file larger than this, or with more patterns, leaves the context unknown.
MAX_IGNORE_BYTES = 1 << 20
MAX_IGNORE_PATTERNS = 10_000
# Entries looked at to find out whether an excluded directory has something re-included below it.
MAX_DESCENDANTS = 10_000
IGNORE_FILE = ".dockerignore"


@dataclass(frozen=True, slots=True)
class ContextProblem:
    """A file of the build context that dockerls could not use as BuildKit would."""

    path: str  # absolute (or as given, for a memory context)
    message: str
    problem: IgnoreProblem | None = None  # where in an ignore file, for a finding on that file
    text: str = ""  # the ignore file's text, to place ``problem``


class BuildContext:
    """The empty view: nothing is known."""

    known = False

    @property
    def unknown_reason(self) -> str | None:
        """Why what the context holds is not known (None: it is)."""
        return "the build context is unknown"

    @property
    def problems(self) -> tuple[ContextProblem, ...]:
        """Files of the context that could not be used (so far: reads happen lazily)."""
        return ()

    def exists(self, path: str) -> bool | None:
        """Whether ``path`` (relative to the context root) exists; None if unknown."""
        return None

    def is_dir(self, path: str) -> bool | None:
        return None

    def excluded(self, path: str) -> bool | None:
        """Whether the ignore file keeps ``path`` out of the context; None if unknown."""
        return None

    def available(self, path: str) -> bool | None:
        """Whether a bind mount or COPY of ``path`` would find it: it exists and is not
        excluded, or (a directory) something below it is brought back by an exception."""
        exists = self.exists(path)
        if exists is None or not exists:
            return exists
        excluded = self.excluded(path)
        if excluded is None or not excluded:
            return None if excluded is None else True
        return self._included_below(path)

    def _included_below(self, path: str) -> bool | None:
        return None

    def read_text(self, path: str) -> str | None:
        return None

    def unreadable(self, path: str) -> str | None:
        """Why the existing file ``path`` could not be read whole (None: it was, or is absent)."""
        return None

    def entries(self, path: str = ".") -> list[str] | None:
        """Names directly inside the directory ``path``, sorted, .dockerignore not
        applied; ``[]`` when it is not a directory; None if unknown."""
        return None


NO_CONTEXT = BuildContext()


class _KnownContext(BuildContext):
    """What a directory and a memory view share: the ignore rules and the problems found."""

    known = True
    ignore: IgnoreRules

    def __init__(self) -> None:
        self._problems: dict[str, ContextProblem] = {}
        self._ignore_problems: tuple[ContextProblem, ...] = ()

    @property
    def unknown_reason(self) -> str | None:
        return self.ignore.unknown

    @property
    def problems(self) -> tuple[ContextProblem, ...]:
        return self._ignore_problems + tuple(self._problems.values())

    def _use_ignore(self, name: str, text: str | None, why_not: str | None) -> None:
        """Take the ignore file ``name``'s ``text``; ``why_not``: why it could not be read."""
        if why_not is not None:
            self.ignore = IgnoreRules(unknown=f"{os.path.basename(name)} {why_not}")
            self._ignore_problems = (ContextProblem(name, why_not),)
            return
        self.ignore = parse_ignore_file(text or "")
        if len(self.ignore.patterns) > MAX_IGNORE_PATTERNS:
            why = f"has more than {MAX_IGNORE_PATTERNS:,} patterns"
            self.ignore = IgnoreRules(unknown=f"{os.path.basename(name)} {why}")
            self._ignore_problems = (ContextProblem(name, why),)
            return
        if self.ignore.unknown is not None:
            self.ignore.unknown = f"{os.path.basename(name)} {self.ignore.unknown}"
        self._ignore_problems = tuple(
            ContextProblem(name, problem.message, problem, text or "") for problem in self.ignore.problems
        )

    def excluded(self, path: str) -> bool | None:
        relative = _clean(path)
        if relative is None:
            return True
        return self.ignore.excluded(relative)

    def _included_below(self, path: str) -> bool | None:
        """Whether something below the excluded directory ``path`` is brought back."""
        relative = _clean(path)
        if relative is None or not self.is_dir(relative) or not self.ignore.may_include_below(relative):
            return False
        budget = [MAX_DESCENDANTS]
        return self._any_included(relative, budget)

    def _any_included(self, directory: str, budget: list[int]) -> bool | None:
        names = self.entries(directory)
        if names is None:
            return None
        for name in names:
            budget[0] -= 1
            if budget[0] < 0:
                return None
            child = f"{directory}/{name}"
            excluded = self.ignore.excluded(child)
            if excluded is None:
                return None
            if not excluded:
                return True
            if self.is_dir(child) and self.ignore.may_include_below(child):
                found = self._any_included(child, budget)
                if found is None or found:
                    return found
        return False

    def _note(self, path: str, message: str) -> None:
        self._problems.setdefault(path, ContextProblem(path, message))


class DirectoryContext(_KnownContext):
    """The build context rooted at a directory on disk (read lazily, cached).

    ``dockerfile``: the Dockerfile's path, whose ``<path>.dockerignore`` takes precedence
    over the root's ``.dockerignore`` (as BuildKit does). Without it, a
    ``NAME.dockerignore`` at the root may belong to the Dockerfile being checked:
    exclusions are then unknown. ``dockerignore``: the ignore file's text (tests)."""

    def __init__(self, root: str, dockerignore: str | None = None, *, dockerfile: str | None = None) -> None:
        super().__init__()
        self.root = os.path.realpath(root)
        if dockerignore is not None:
            self.ignore_path = os.path.join(self.root, IGNORE_FILE)
            self._use_ignore(self.ignore_path, dockerignore, None)
            return
        self.ignore_path = _ignore_file_of(self.root, dockerfile)
        if self.ignore_path is None:
            names = _per_dockerfile_ignore_files(self.root)
            self.ignore_path = os.path.join(self.root, names[0])
            self.ignore = IgnoreRules(
                unknown=f"{names[0]} may be the Dockerfile's own ignore file, and dockerls does not know its name"
            )
            return
        text, why_not = read_limited(self.ignore_path, MAX_IGNORE_BYTES, missing_ok=True)
        self._use_ignore(self.ignore_path, text, why_not)

    def _path(self, path: str) -> str | None:
        """The real path of ``path`` inside the context, or None when it (or a
        symlink on the way) leads outside, or cannot be a file name: nothing outside
        the context is read."""
        relative = _clean(path)
        if relative is None:
            return None
        try:
            full = os.path.realpath(os.path.join(self.root, relative))
        except (OSError, ValueError):  # a lone surrogate, an over-long name…
            return None
        if full != self.root and not full.startswith(self.root + os.sep):
            return None
        return full

    def exists(self, path: str) -> bool | None:
        full = self._path(path)
        return full is not None and _quietly(os.path.exists, full)

    def is_dir(self, path: str) -> bool | None:
        full = self._path(path)
        return full is not None and _quietly(os.path.isdir, full)

    def read_text(self, path: str) -> str | None:
        full = self._path(path)
        if full is None:
            return None
        text, why_not = read_limited(full, MAX_READ_BYTES, missing_ok=True)
        if why_not is not None:
            self._note(full, why_not)
        return text

    def unreadable(self, path: str) -> str | None:
        full = self._path(path)
        if full is None:
            return None
        if full not in self._problems:
            self.read_text(path)
        problem = self._problems.get(full)
        return problem.message if problem else None

    def entries(self, path: str = ".") -> list[str] | None:
        full = self._path(path)
        if full is None or not _quietly(os.path.isdir, full):
            return []
        try:
            return sorted(os.listdir(full))
        except OSError:
            return None


def _quietly(test, path: str) -> bool:
    try:
        return bool(test(path))
    except (OSError, ValueError):
        return False


def _ignore_file_of(root: str, dockerfile: str | None) -> str | None:
    """The ignore file BuildKit uses (it may not exist); None when it cannot be told."""
    if dockerfile is not None:
        own = os.path.abspath(dockerfile) + IGNORE_FILE
        if _quietly(os.path.lexists, own):
            return own
        return os.path.join(root, IGNORE_FILE)
    if _per_dockerfile_ignore_files(root):
        return None
    return os.path.join(root, IGNORE_FILE)


def _per_dockerfile_ignore_files(root: str) -> list[str]:
    try:
        names = os.listdir(root)
    except OSError:
        return []
    return sorted(name for name in names if name.endswith(IGNORE_FILE) and name != IGNORE_FILE)


class MemoryContext(_KnownContext):
    """A build context given as a mapping of paths to contents (tests, unsaved workspaces)."""

    def __init__(self, files: dict[str, str], dockerignore: str = "") -> None:
        super().__init__()
        self.files = {(_clean(path) or path): content for path, content in files.items()}
        self._use_ignore(IGNORE_FILE, dockerignore or files.get(IGNORE_FILE, ""), None)

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
