"""Which COPY put a file in the image, and what removing that COPY would change.

A dependency file (``requirements.txt``, ``uv.lock`` …) can be bind-mounted
instead of copied only when a *dedicated* COPY brought it: one naming the file
itself (not ``COPY . .`` or a directory), from the build context. Removing
that COPY is

- ``NEEDED`` (never offered) when a later instruction may read the file: it
  names it, names a directory above it or runs a script beside it, another
  stage copies or mounts it ``--from`` this one, or a stage built on this one
  mentions it;
- ``FINAL_IMAGE`` (unsafe) when nothing reads it but it would be missing from
  the final image;
- ``SAFE`` otherwise, in particular when a later ``COPY . .`` brings the same
  file back.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass

from dockerls.engine.buildcontext import BuildContext
from dockerls.rules.python.edits import argument_words
from dockerls.rules.python.memo import remembered
from dockerls.syntax import Dockerfile, Instruction, Span
from dockerls.syntax.state import split_words

SAFE = "safe"
FINAL_IMAGE = "final-image"
NEEDED = "needed"

_GLOB = re.compile(r"[*?\[]")
_ARCHIVE = re.compile(r"\.(tar|tgz|gz|bz2|xz|zst|zip|tbz2|txz)$", re.IGNORECASE)
# Commands that do not read the content of files they are given.
_CONTENT_BLIND = frozenset({"chown", "chmod", "chgrp", "mkdir", "ls", "echo", "touch", "test", "[", "cd", "true"})


@dataclass(frozen=True, slots=True)
class CopySource:
    text: str  # the source as written, quotes removed, variables expanded
    span: Span  # the source word in the instruction


@dataclass(frozen=True, slots=True)
class CopyInstruction:
    """A COPY/ADD read as sources and a destination."""

    instruction: Instruction
    sources: tuple[CopySource, ...]
    destination: str  # absolute
    destination_text: str
    destination_span: Span
    destination_is_dir: bool
    json_form: bool
    from_stage: str | None  # --from value
    plain: bool  # from the build context, no --parents/--exclude, no URL or archive


@dataclass(frozen=True, slots=True)
class CopiedFile:
    """A file a dedicated COPY put at ``path``."""

    copy: CopyInstruction
    source: CopySource
    context_path: str  # normalised path in the build context
    path: str


def read_copy(document: Dockerfile, instruction: Instruction) -> CopyInstruction | None:
    """A COPY or ADD as sources and destination, or None when it cannot be read (heredoc, unknown variable)."""
    if instruction.keyword not in ("COPY", "ADD"):
        return None
    return remembered(document, ("copy", instruction.index), lambda: _read_copy(document, instruction))


def _read_copy(document: Dockerfile, instruction: Instruction) -> CopyInstruction | None:
    if instruction.keyword not in ("COPY", "ADD") or instruction.heredocs or instruction.state is None:
        return None
    state = instruction.state
    words = _words(document, instruction)
    if words is None or len(words) < 2:
        return None
    expanded = [(state.expand_known(text), span) for text, span in words]
    if any(value is None for value, _ in expanded):
        return None
    *sources, (destination_text, destination_span) = expanded
    assert destination_text is not None
    if not posixpath.isabs(destination_text) and not state.workdir_known:
        return None
    destination = state.resolve_path(destination_text)
    flags = {flag.name.lower(): flag.value for flag in instruction.flags}
    plain = not ({"parents", "exclude", "checksum", "keep-git-dir"} & set(flags)) and "from" not in flags
    if instruction.keyword == "ADD":
        plain = plain and all("://" not in text and not text.startswith("git@") and not _ARCHIVE.search(text) for text, _ in sources)  # type: ignore[arg-type]
    is_dir = (
        destination_text.endswith("/")
        or destination_text in (".", "..")
        or len(sources) > 1
        or any(_GLOB.search(text) for text, _ in sources)  # type: ignore[arg-type]
        or destination == state.workdir
    )
    return CopyInstruction(
        instruction,
        tuple(CopySource(text, span) for text, span in sources),  # type: ignore[arg-type]
        destination,
        destination_text,
        destination_span,
        is_dir,
        instruction.args.lstrip().startswith("["),
        flags.get("from"),
        plain,
    )


def _words(document: Dockerfile, instruction: Instruction) -> list[tuple[str, Span]] | None:
    args = instruction.args
    if args.startswith("["):
        try:
            values = json.loads(args)
        except ValueError:
            return None
        if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
            return None
        spans = [match.span() for match in re.finditer(r'"(?:[^"\\]|\\.)*"', args)]
        if len(spans) != len(values):
            return None
        return [(value, instruction.args_map.span(*span)) for value, span in zip(values, spans)]
    words = []
    for raw, span in argument_words(document, instruction):
        parts = split_words(raw)
        words.append(("".join(parts) if parts else raw, span))
    return words


def _context_path(source: str) -> str:
    return posixpath.normpath("/" + source).lstrip("/") or "."


def _file_like(source: str, context: BuildContext | None) -> bool:
    """Whether a source names a single file (not a directory whose contents are copied)."""
    if context is not None and context.known:
        return not context.is_dir(_context_path(source))
    name = posixpath.basename(source.rstrip("/"))
    return not source.endswith("/") and "." in name.strip(".") and name not in (".", "..")


def _within(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip("/") + "/")


def provision(copy: CopyInstruction, path: str, context: BuildContext | None) -> tuple[str, CopySource | None, str | None] | None:
    """How ``copy`` may put a file at ``path``: ``("file", source, context path)``
    for a source naming the file itself, ``("tree", source, context path or None)``
    when it comes inside a copied directory or a wildcard, None when it cannot."""
    for source in reversed(copy.sources):  # a later source wins
        text = source.text
        if _GLOB.search(text):
            if _within(path, copy.destination):
                return "tree", source, None
            continue
        if _file_like(text, context):
            target = posixpath.join(copy.destination, posixpath.basename(text)) if copy.destination_is_dir else copy.destination
            if target == path:
                return "file", source, _context_path(text)
            continue
        if _within(path, copy.destination) and path != copy.destination:
            relative = posixpath.relpath(path, copy.destination)
            return "tree", source, posixpath.normpath(posixpath.join(_context_path(text), relative))
    return None


def _chain_before(document: Dockerfile, instruction: Instruction) -> list[Instruction]:
    ordered: list[Instruction] = []
    for stage in reversed(document.stage_chain(instruction.stage)):
        for earlier in stage.instructions:
            if earlier is instruction:
                return ordered
            ordered.append(earlier)
    return ordered


def provider(document: Dockerfile, instruction: Instruction, path: str, context: BuildContext | None) -> CopiedFile | None:
    """The dedicated COPY that put ``path`` in the image before ``instruction``, if that is what happened."""
    name = posixpath.basename(path)
    for earlier in reversed(_chain_before(document, instruction)):
        if earlier.keyword == "RUN":
            if any(name in word.text for command in _commands(earlier) for word in command.argv):
                return None  # it may write the file
            continue
        if earlier.keyword not in ("COPY", "ADD"):
            continue
        copy = read_copy(document, earlier)
        if copy is None:
            return None  # a heredoc or an unknown variable: it may write the file
        found = provision(copy, path, context)
        if found is None:
            continue
        kind, source, context_path = found
        if kind != "file" or not copy.plain or source is None or context_path is None:
            return None
        return CopiedFile(copy, source, context_path, path)
    return None


def _commands(instruction: Instruction):
    script = instruction.shell
    return script.commands if script is not None else ()


# --- what removing a COPY source changes -------------------------------------------


def removal_effect(
    document: Dockerfile,
    copied: CopiedFile,
    consumers: set[Span],
    context: BuildContext | None,
) -> str:
    """What removing ``copied`` changes. ``consumers`` are the spans of the
    install commands that will bind-mount the file, and of the arguments
    through which they read it: those reads are taken care of."""
    copy_instruction = copied.copy.instruction
    stage = copy_instruction.stage
    later = [i for i in document.stages[stage].instructions if i.index > copy_instruction.index]
    restored = False
    for instruction in later:
        if _restores(document, instruction, copied, context):
            restored = True
            break
        if _may_read(instruction, copied.path, consumers):
            return NEEDED
    if restored:
        return SAFE
    descendants = document.descendants(stage)
    affected = {stage} | {descendant.index for descendant in descendants}
    for descendant in descendants:
        for instruction in descendant.instructions:
            if _restores(document, instruction, copied, context):
                break
            if _may_read(instruction, copied.path, set()):
                return NEEDED
    if _read_from_stages(document, affected, copied.path):
        return NEEDED
    final = len(document.stages) - 1
    chain = document.stage_chain(final)
    if any(member.index == stage for member in chain):
        # Brought back on the way to the final stage?
        for member in reversed(chain):
            if member.index <= stage:
                continue
            if any(_restores(document, instruction, copied, context) for instruction in member.instructions):
                return SAFE
        return FINAL_IMAGE
    return SAFE


def _restores(document: Dockerfile, instruction: Instruction, copied: CopiedFile, context: BuildContext | None) -> bool:
    """Whether a later COPY puts the same context file at the same path."""
    if instruction.keyword not in ("COPY", "ADD") or instruction.flag("from") is not None:
        return False
    copy = read_copy(document, instruction)
    if copy is None or not copy.plain:
        return False
    found = provision(copy, copied.path, context)
    if found is None or found[2] != copied.context_path:
        return False
    if context is not None and context.known:
        return bool(context.available(copied.context_path))
    return True


# Files that project tools find by themselves in the directory they run in.
_PROJECT_FILES = frozenset({"pyproject.toml", "poetry.lock", "uv.lock", "pdm.lock", "setup.py", "setup.cfg", "Pipfile", "Pipfile.lock"})
_PROJECT_TOOLS = re.compile(r"(poetry|uv|uvx|pdm|hatch|pipenv|pip[\d.]*|python[\d.]*|tox|nox|make)")


def _may_read(instruction: Instruction, path: str, consumers: set[Span]) -> bool:
    state = instruction.state
    if state is None:
        return False
    name = posixpath.basename(path)
    directory = posixpath.dirname(path)
    if instruction.keyword == "RUN":
        for command in _commands(instruction):
            program = posixpath.basename(command.name)
            if command.span not in consumers and name in _PROJECT_FILES and _PROJECT_TOOLS.fullmatch(program):
                return True  # e.g. ``poetry build`` or ``python -m build`` reads pyproject.toml unnamed
            blind = program in _CONTENT_BLIND
            for word in command.argv[1:]:
                if word.span in consumers:
                    continue
                text = state.expand(word.text)
                if name in text:
                    return True
                if not blind and _names_directory_or_script(text, state.workdir, path, directory):
                    return True
        return False
    if instruction.keyword in ("CMD", "ENTRYPOINT", "HEALTHCHECK", "ONBUILD"):
        return name in instruction.args
    return False


def _names_directory_or_script(text: str, cwd: str, path: str, directory: str) -> bool:
    if text.startswith("-") or not text or "://" in text:
        return False
    if not (text.startswith(("/", ".")) or text.endswith((".py", ".sh")) or text in ("Makefile", "setup.py")):
        return False
    resolved = posixpath.normpath(posixpath.join(cwd, text))
    if resolved == "/":
        return False
    if _within(path, resolved):
        return True  # a directory above the file: its contents may be read or copied
    return posixpath.dirname(resolved) == directory and resolved.endswith((".py", ".sh"))


def _from_references(document: Dockerfile) -> list[tuple[int, str]]:
    """(stage index, absolute source) of every ``COPY --from=<stage>`` and ``--mount=…,from=<stage>``."""
    found: list[tuple[int, str]] = []
    for instruction in document.instructions:
        state = instruction.state
        references: list[tuple[str, list[str]]] = []
        flag = instruction.flag("from") if instruction.keyword in ("COPY", "ADD") else None
        if flag is not None:
            words = _words(document, instruction) or []
            references.append((flag.value or "", [text for text, _ in words][:-1]))
        for mount in instruction.mounts:
            if mount.mount_get("from"):
                references.append((mount.mount_get("from") or "", [mount.mount_get("source") or "/"]))
        for reference, sources in references:
            stage = document.stage_by_reference(state.expand(reference) if state is not None else reference)
            if stage is None:
                continue
            for source in sources:
                source = state.expand(source) if state is not None else source
                found.append((stage.index, posixpath.normpath("/" + source.lstrip("/"))))
    return found


def _read_from_stages(document: Dockerfile, stages: set[int], path: str) -> bool:
    """Whether another stage copies or mounts ``path`` (or a directory above it) from one of ``stages``."""
    references = remembered(document, "from-references", lambda: _from_references(document))
    return any(
        stage in stages and (_GLOB.search(source) is not None or _within(path, source)) for stage, source in references
    )
