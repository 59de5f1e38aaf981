"""What a ``COPY`` from the build context puts where, and which context directory a path in the image came from.

``copied_sources`` reads a COPY (through ``read_copy``) as context path → image
path pairs a bind mount could stand in for, ``COPY . DIR`` as the context's
top-level entries when the context is known. ``context_directory`` answers,
for a RUN, which context directory holds the files it sees at a directory.
"""

from __future__ import annotations

import posixpath
import re
from bisect import bisect_left
from dataclasses import dataclass

from dockerls.analysis.caches import mount_target
from dockerls.analysis.copy_sources import WILDCARD, read_copy
from dockerls.analysis.memo import remembered
from dockerls.analysis.paths import is_inside
from dockerls.core.buildcontext import BuildContext
from dockerls.syntax import Dockerfile, Instruction
from dockerls.syntax.state import state_of

# COPY flags that a bind mount can stand in for: ownership and layer linking do not
# change what a read-only reader sees.
_HARMLESS_FLAGS = frozenset({"chown", "link"})
# Names that are files (or directories) in a project when the build context cannot tell.
_KNOWN_FILES = frozenset({"Cargo.toml", "Cargo.lock", "build.rs", "rust-toolchain", "rust-toolchain.toml"})
_KNOWN_DIRECTORIES = frozenset({"src", "benches", "examples", "tests", ".cargo", "crates"})
# Beyond this many top-level entries, `COPY . .` is not rewritten into one bind mount per entry
# (a RUN with thousands of mounts is no fix anyone wants to read).
MAX_ENTRY_BINDS = 64
# Files of the image build itself, which COPY . . copies but no build reads: not bound.
_BUILD_FILE = re.compile(r".*\.dockerignore|Dockerfile|Containerfile|.*\.[Dd]ockerfile|[Dd]ockerfile\..*")


@dataclass(frozen=True, slots=True)
class CopiedSource:
    instruction: Instruction
    context_path: str  # context-relative, "." for the whole context
    image_path: str  # absolute
    is_dir: bool
    # For the whole context ("."): why its entries cannot be bound one by one, when it is known.
    unknown: str = ""


def copied_sources(instruction: Instruction, context: BuildContext) -> list[CopiedSource] | str:
    """What a build-context COPY writes, as context path → image path pairs; or why it
    is not a plain copy of context paths (another stage, a glob, a heredoc, flags…).
    ``COPY . DIR`` lists the context's top-level entries when the context is known."""
    document = instruction.document
    if document is None:
        return _copied_sources(instruction, context)
    found = remembered(document, ("copied-sources", instruction.index, context), lambda: _frozen(instruction, context))
    return found if isinstance(found, str) else list(found)


def _frozen(instruction: Instruction, context: BuildContext) -> tuple[CopiedSource, ...] | str:
    found = _copied_sources(instruction, context)
    return found if isinstance(found, str) else tuple(found)


def _copied_sources(instruction: Instruction, context: BuildContext) -> list[CopiedSource] | str:
    if instruction.keyword != "COPY":
        return f"{instruction.keyword} is not a COPY"
    for flag in instruction.flags:
        if flag.name == "from":
            return "copies from another stage"
        if flag.name not in _HARMLESS_FLAGS:
            return f"uses --{flag.name}"
    state = state_of(instruction)
    if state is None or not state.workdir_known:
        return "its WORKDIR is unknown"
    copy = read_copy(instruction.document, instruction) if instruction.document is not None else None
    if copy is None:
        return "is not a plain copy of context paths (a heredoc, or a variable the Dockerfile does not set)"
    copied: list[CopiedSource] = []
    for source in (source.text for source in copy.sources):
        if WILDCARD.search(source):
            return f"copies {source}, a pattern"
        relative = posixpath.normpath(source).lstrip("/") or "."
        if relative.startswith(".."):
            return f"copies {source}, outside the context"
        if relative == "." or is_context_dir(context, relative):
            if len(copy.sources) > 1:
                return f"merges the contents of {relative} with other sources"
            copied.extend(_directory(instruction, context, relative, copy.destination))
            continue
        if copy.destination_is_dir:
            image_path = posixpath.join(copy.destination, posixpath.basename(relative))
        elif posixpath.basename(copy.destination) == posixpath.basename(relative):
            image_path = copy.destination
        else:
            return f"copies {relative} to {copy.destination_text}, which may be a directory"
        copied.append(CopiedSource(instruction, relative, image_path, False))
    return copied


def is_context_dir(context: BuildContext, relative: str) -> bool:
    """Whether a context path is a directory: as the context says when it holds the
    path, else by its name."""
    if relative == ".":
        return True
    known = context.is_dir(relative) if context.known else None
    if known is not None and context.exists(relative):
        return known
    name = posixpath.basename(relative)
    if name in _KNOWN_FILES:
        return False
    return name in _KNOWN_DIRECTORIES or "." not in name


def _directory(instruction: Instruction, context: BuildContext, relative: str, image_path: str) -> list[CopiedSource]:
    if relative != "." or not context.known:
        return [CopiedSource(instruction, relative, image_path, True)]
    if context.unknown_reason is not None:
        return [CopiedSource(instruction, ".", image_path, True, unknown=context.unknown_reason)]
    entries = context.entries(".")
    if entries is None:
        return [CopiedSource(instruction, ".", image_path, True, unknown="the build context cannot be listed")]
    kept: list[CopiedSource] = []
    for entry in entries:
        if _BUILD_FILE.fullmatch(entry):
            continue
        available = context.available(entry)
        if available is None:
            why = f"dockerls cannot tell whether .dockerignore keeps {entry} (or something in it)"
            return [CopiedSource(instruction, ".", image_path, True, unknown=why)]
        if not available:
            continue
        if len(kept) == MAX_ENTRY_BINDS:
            why = f"the build context has more than {MAX_ENTRY_BINDS} top-level entries to bind-mount one by one"
            return [CopiedSource(instruction, ".", image_path, True, unknown=why)]
        kept.append(CopiedSource(instruction, entry, posixpath.join(image_path, entry), bool(context.is_dir(entry))))
    return kept


def context_directory(document: Dockerfile, run: Instruction, image_dir: str, manifest: str, context: BuildContext) -> str | None:
    """The context directory whose files are at ``image_dir`` when ``run`` runs, from the
    COPYs before it and its own bind mounts (the last that shows it wins: a copy of
    ``image_dir`` or a directory above it, or of the file ``manifest`` into it); None
    when nothing shows it."""
    binds: list[_Mapping] = []
    for flag in run.mounts:
        if flag.mount_type == "bind" and flag.mount_get("from") is None:
            target = mount_target(flag, run)
            source = posixpath.normpath(flag.mount_get("source") or ".").lstrip("/") or "."
            if target is not None:
                binds.append(_Mapping(source, target, is_context_dir(context, source)))
    manifest_path = posixpath.join(image_dir, manifest)
    for mapping in reversed(binds):
        if not mapping.is_dir and mapping.image_path == manifest_path:
            return mapping.found_at(image_dir)
        if mapping.is_dir and is_inside(image_dir, mapping.image_path):
            return mapping.found_at(image_dir)
    if run.stage < 0:
        return None
    copies = remembered(document, ("copy-mappings", context), lambda: _CopyMappings(document, context))
    keys = [("file", manifest_path), ("directory", image_dir)]
    slash = image_dir.find("/")
    while slash != -1:  # directories above image_dir: is_inside(image_dir, directory)
        keys.append(("directory above", image_dir[:slash]))
        slash = image_dir.find("/", slash + 1)
    found = [entry for entry in (copies.latest(key, run) for key in keys) if entry is not None]
    return copies.mappings[max(found)].found_at(image_dir) if found else None


@dataclass(frozen=True, slots=True)
class _Mapping:
    context_path: str
    image_path: str
    is_dir: bool

    def found_at(self, image_dir: str) -> str:
        if not self.is_dir:
            return posixpath.dirname(self.context_path) or "."
        return posixpath.normpath(posixpath.join(self.context_path, posixpath.relpath(image_dir, self.image_path)))


_Entry = tuple[int, int]  # (index of the COPY, place of the path in it): later entries win


class _CopyMappings:
    """What every COPY from the build context puts where, filed per stage by the keys
    ``context_directory`` asks: a file by its path; a directory by its path, and by
    its path without trailing slashes (a directory above ``image_dir`` is one of
    ``image_dir``'s prefixes that end before a slash)."""

    def __init__(self, document: Dockerfile, context: BuildContext) -> None:
        self.document = document
        self.mappings: dict[_Entry, _Mapping] = {}
        self.filed: dict[tuple[str, str], dict[int, list[_Entry]]] = {}
        self._at_end: dict[tuple[tuple[str, str], int], _Entry | None] = {}
        for stage in document.stages:
            for instruction in stage.instructions:
                if instruction.keyword != "COPY":
                    continue
                found = copied_sources(instruction, context)
                if isinstance(found, str):
                    continue
                for place, item in enumerate(found):
                    entry = (instruction.index, place)
                    self.mappings[entry] = _Mapping(item.context_path, item.image_path, item.is_dir)
                    if item.is_dir:
                        self._file(("directory", item.image_path), stage.index, entry)
                        self._file(("directory above", item.image_path.rstrip("/")), stage.index, entry)
                    else:
                        self._file(("file", item.image_path), stage.index, entry)

    def _file(self, key: tuple[str, str], stage: int, entry: _Entry) -> None:
        self.filed.setdefault(key, {}).setdefault(stage, []).append(entry)

    def latest(self, key: tuple[str, str], run: Instruction) -> _Entry | None:
        """The last entry under ``key`` that ``run`` sees: from its stage before it, or else
        from the stages its stage is built on."""
        per_stage = self.filed.get(key)
        if per_stage is None:
            return None
        own = per_stage.get(run.stage, ())
        position = bisect_left(own, (run.index, -1))
        if position:
            return own[position - 1]
        parent = self.document.stages[run.stage].parent
        return self._at_end_of(key, per_stage, parent) if parent is not None else None

    def _at_end_of(self, key, per_stage: dict[int, list[_Entry]], stage: int) -> _Entry | None:
        """The last entry under ``key`` in ``stage``'s chain; remembered for every stage
        walked, so a long chain of stages is walked once per key."""
        walked = []
        current: int | None = stage
        found = None
        while current is not None:
            if (key, current) in self._at_end:
                found = self._at_end[(key, current)]
                break
            walked.append(current)
            if current in per_stage:
                found = per_stage[current][-1]
                break
            current = self.document.stages[current].parent
        for index in walked:
            self._at_end[(key, index)] = found
        return found
