"""What a COPY or ADD puts where: its sources, its destination, and an index of them.

``read_copy`` reads one instruction (None when a heredoc or an unknown
variable makes that impossible); ``provision`` says whether and how it puts
a file at a path; ``copy_index`` files every COPY and ADD of a document under
the paths it may fill, so that "which COPY could have put this file here" is
answered without looking at every COPY.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass

from dockerls.core.buildcontext import BuildContext
from dockerls.analysis.paths import is_inside
from dockerls.analysis.candidates import PathIndex
from dockerls.syntax.arguments import argument_words
from dockerls.analysis.memo import remembered
from dockerls.analysis.stages import stage_tree
from dockerls.syntax import Dockerfile, Instruction, Span
from dockerls.syntax.words import split_words
from dockerls.syntax.state import state_of

WILDCARD = re.compile(r"[*?\[]")
_UNQUOTING_NEEDED = re.compile(r"[\"'\\\s]")
_ARCHIVE = re.compile(r"\.(tar|tgz|gz|bz2|xz|zst|zip|tbz2|txz)$", re.IGNORECASE)


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
    if instruction.keyword not in ("COPY", "ADD") or instruction.heredocs:
        return None
    state = state_of(instruction)
    words = copy_words(document, instruction)
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
        or any(WILDCARD.search(text) for text, _ in sources)  # type: ignore[arg-type]
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


def copy_words(document: Dockerfile, instruction: Instruction) -> list[tuple[str, Span]] | None:
    """The words of a COPY or ADD (JSON or shell form), quotes removed, with their spans; None when unreadable."""
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
    for raw, span in argument_words(instruction):
        # A word without quotes, escapes or breaks is its own value: skip the character loop.
        parts = split_words(raw) if _UNQUOTING_NEEDED.search(raw) else [raw]
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


def provision(copy: CopyInstruction, path: str, context: BuildContext | None) -> tuple[str, CopySource | None, str | None] | None:
    """How ``copy`` may put a file at ``path``: ``("file", source, context path)``
    for a source naming the file itself, ``("tree", source, context path or None)``
    when it comes inside a copied directory or a wildcard, None when it cannot."""
    return _Sources.of(copy, context).provision(path)


@dataclass(frozen=True, slots=True)
class _Sources:
    """A COPY's sources by how they may put a file at a path: a later source wins.

    Wildcards put files anywhere under the destination, directories anywhere
    strictly below it, files at one target each; so only the last source of
    each kind, and the last one per target, can ever win.
    """

    copy: CopyInstruction
    files: dict[str, tuple[int, CopySource]]  # target → the last source copied there
    last_wildcard: tuple[int, CopySource] | None
    last_directory: tuple[int, CopySource] | None

    @classmethod
    def of(cls, copy: CopyInstruction, context: BuildContext | None) -> "_Sources":
        files: dict[str, tuple[int, CopySource]] = {}
        last_wildcard = last_directory = None
        for position, source in enumerate(copy.sources):
            if WILDCARD.search(source.text):
                last_wildcard = (position, source)
            elif _file_like(source.text, context):
                files[_file_target(copy, source.text)] = (position, source)
            else:
                last_directory = (position, source)
        return cls(copy, files, last_wildcard, last_directory)

    def provision(self, path: str) -> tuple[str, CopySource | None, str | None] | None:
        destination = self.copy.destination
        below = is_inside(path, destination)
        winner: tuple[int, str, CopySource] | None = None  # (position, kind, source) of the last match
        for kind, found in (
            ("file", self.files.get(path)),
            ("wildcard", self.last_wildcard if below else None),
            ("directory", self.last_directory if below and path != destination else None),
        ):
            if found is not None and (winner is None or found[0] > winner[0]):
                winner = (found[0], kind, found[1])
        if winner is None:
            return None
        _, kind, source = winner
        if kind == "file":
            return "file", source, _context_path(source.text)
        if kind == "wildcard":
            return "tree", source, None
        relative = posixpath.relpath(path, destination)
        return "tree", source, posixpath.normpath(posixpath.join(_context_path(source.text), relative))


def provision_in(document: Dockerfile, copy: CopyInstruction, path: str, context: BuildContext | None):
    """``provision``, with the COPY's sources sorted once per document."""
    key = ("copy-sources", copy.instruction.index, context)
    return remembered(document, key, lambda: _Sources.of(copy, context)).provision(path)


def _file_target(copy: CopyInstruction, source: str) -> str:
    """Where ``copy`` puts a source that names a single file."""
    return posixpath.join(copy.destination, posixpath.basename(source)) if copy.destination_is_dir else copy.destination


@dataclass(frozen=True, slots=True)
class CopyIndex:
    """The document's COPY and ADD instructions (in stages): those that cannot
    be read, and the others filed under the paths they may put files at."""

    unreadable: list[int]
    provides: PathIndex
    provides_in_final_chain: PathIndex  # the same, for the stages the final image is built from


def copy_index(document: Dockerfile, context: BuildContext | None) -> CopyIndex:
    return remembered(document, ("copy-index", context), lambda: _index_copies(document, context))


def _index_copies(document: Dockerfile, context: BuildContext | None) -> CopyIndex:
    unreadable: list[int] = []
    provides, provides_in_final_chain = PathIndex(), PathIndex()
    tree = stage_tree(document)
    final = len(document.stages) - 1
    for instruction in document.instructions:
        if instruction.keyword not in ("COPY", "ADD") or instruction.stage < 0:
            continue
        copy = read_copy(document, instruction)
        if copy is None:
            unreadable.append(instruction.index)
            continue
        indexes = [provides]
        if tree.in_chain(instruction.stage, final):
            indexes.append(provides_in_final_chain)
        for source in copy.sources:  # the cases of `provision`
            single_file = not WILDCARD.search(source.text) and _file_like(source.text, context)
            for index in indexes:
                if single_file:
                    index.add_exact(_file_target(copy, source.text), instruction.index)
                else:
                    index.add_tree(copy.destination, instruction.index)
    return CopyIndex(unreadable, provides, provides_in_final_chain)
