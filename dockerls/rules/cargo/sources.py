"""What a ``COPY`` from the build context puts where, and which context directory a path in the image came from."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from dockerls.engine.buildcontext import BuildContext
from dockerls.rules.cargo.manifest import Project, load_project
from dockerls.rules.cargo.paths import is_inside, tokens
from dockerls.rules.mounts import mount_target
from dockerls.syntax import Dockerfile, Instruction

# COPY flags that a bind mount can stand in for: ownership and layer linking do not
# change what a read-only reader sees.
_HARMLESS_FLAGS = frozenset({"chown", "link"})
# Names that are files in a Cargo project when the build context cannot tell.
_KNOWN_FILES = frozenset({"Cargo.toml", "Cargo.lock", "build.rs", "rust-toolchain", "rust-toolchain.toml"})
_KNOWN_DIRECTORIES = frozenset({"src", "benches", "examples", "tests", ".cargo", "crates"})
# Files of the image build itself, which COPY . . copies but no cargo build reads: not bound.
_BUILD_FILE = re.compile(r"\.dockerignore|Dockerfile|Containerfile|.*\.[Dd]ockerfile|[Dd]ockerfile\..*")


@dataclass(frozen=True, slots=True)
class CopiedSource:
    instruction: Instruction
    context_path: str  # context-relative, "." for the whole context
    image_path: str  # absolute
    is_dir: bool


def copied_sources(instruction: Instruction, context: BuildContext) -> list[CopiedSource] | str:
    """What a build-context COPY writes, as context path → image path pairs; or why it
    is not a plain copy of context paths (another stage, a glob, a heredoc, flags…).
    ``COPY . DIR`` lists the context's top-level entries when the context is known."""
    if instruction.keyword != "COPY":
        return f"{instruction.keyword} is not a COPY"
    state = instruction.state
    for flag in instruction.flags:
        if flag.name == "from":
            return "copies from another stage"
        if flag.name not in _HARMLESS_FLAGS:
            return f"uses --{flag.name}"
    words = tokens(instruction)
    if len(words) < 2 or any(value.startswith("<<") for value, _ in words):
        return "is not a plain copy of context paths"
    if state is None or not state.workdir_known:
        return "its WORKDIR is unknown"
    values = [state.expand_known(value) for value, _ in words]
    if any(value is None for value in values):
        return "depends on a variable the Dockerfile does not set"
    *sources, destination = values
    destination_path = state.resolve_path(destination)
    into_directory = destination.endswith("/") or destination_path == state.workdir or len(sources) > 1
    copied: list[CopiedSource] = []
    for source in sources:
        if any(char in source for char in "*?["):
            return f"copies {source}, a pattern"
        relative = posixpath.normpath(source).lstrip("/") or "."
        if relative.startswith(".."):
            return f"copies {source}, outside the context"
        is_dir = _is_dir(context, relative)
        if relative == "." or is_dir:
            if len(sources) > 1:
                return f"merges the contents of {relative} with other sources"
            copied.extend(_directory(instruction, context, relative, destination_path))
            continue
        if into_directory:
            image_path = posixpath.join(destination_path, posixpath.basename(relative))
        elif posixpath.basename(destination_path) == posixpath.basename(relative):
            image_path = destination_path
        else:
            return f"copies {relative} to {destination}, which may be a directory"
        copied.append(CopiedSource(instruction, relative, image_path, False))
    return copied


def _is_dir(context: BuildContext, relative: str) -> bool:
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
    entries = context.entries(".")
    if entries is None:
        return [CopiedSource(instruction, ".", image_path, True)]
    return [
        CopiedSource(instruction, entry, posixpath.join(image_path, entry), bool(context.is_dir(entry)))
        for entry in entries
        if not context.excluded(entry) and not _BUILD_FILE.fullmatch(entry)
    ]


def context_directory(document: Dockerfile, run: Instruction, image_dir: str, context: BuildContext) -> str | None:
    """The context directory whose files are at ``image_dir`` when ``run`` runs, from the
    COPYs before it and its own bind mounts; None when nothing shows it."""
    mappings: list[tuple[str, str, bool]] = []
    for stage in reversed(document.stage_chain(run.stage)):
        for instruction in stage.instructions:
            if instruction.index >= run.index:
                break
            if instruction.keyword == "COPY":
                found = copied_sources(instruction, context)
                if not isinstance(found, str):
                    mappings.extend((item.context_path, item.image_path, item.is_dir) for item in found)
    for flag in run.mounts:
        if flag.mount_type == "bind" and flag.mount_get("from") is None:
            target = mount_target(flag, run)
            source = posixpath.normpath(flag.mount_get("source") or ".").lstrip("/") or "."
            if target is not None:
                mappings.append((source, target, _is_dir(context, source)))
    manifest = posixpath.join(image_dir, "Cargo.toml")
    for context_path, image_path, is_dir in reversed(mappings):
        if not is_dir and image_path == manifest:
            return posixpath.dirname(context_path) or "."
        if is_dir and is_inside(image_dir, image_path):
            relative = posixpath.relpath(image_dir, image_path)
            return posixpath.normpath(posixpath.join(context_path, relative))
    return None


def project_at(document: Dockerfile, run: Instruction, image_dir: str | None, context: BuildContext) -> Project | None:
    """The Cargo project the build context holds for the directory cargo runs in."""
    if image_dir is None or not context.known:
        return None
    directory = context_directory(document, run, image_dir, context)
    return load_project(context, directory) if directory is not None else None
