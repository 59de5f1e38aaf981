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

Both questions are answered from indexes built once per document (the COPYs
by the paths they may fill, the RUNs by their words, :mod:`reads` for later
reads): looking at every earlier or later instruction for each file would
make a long Dockerfile quadratic.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass

from dockerls.engine.buildcontext import BuildContext
from dockerls.rules.python.candidates import PathIndex, SegmentedText, between, merged, within
from dockerls.rules.python.edits import argument_words
from dockerls.rules.python.memo import remembered
from dockerls.rules.python.reads import commands_of, may_read, read_candidates, read_candidates_below
from dockerls.rules.python.stages import stage_tree
from dockerls.syntax import Dockerfile, Instruction, Span, Stage
from dockerls.syntax.state import split_words

SAFE = "safe"
FINAL_IMAGE = "final-image"
NEEDED = "needed"

_GLOB = re.compile(r"[*?\[]")
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
            if _GLOB.search(source.text):
                last_wildcard = (position, source)
            elif _file_like(source.text, context):
                files[_file_target(copy, source.text)] = (position, source)
            else:
                last_directory = (position, source)
        return cls(copy, files, last_wildcard, last_directory)

    def provision(self, path: str) -> tuple[str, CopySource | None, str | None] | None:
        destination = self.copy.destination
        below = within(path, destination)
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


def _provision(document: Dockerfile, copy: CopyInstruction, path: str, context: BuildContext | None):
    """``provision``, with the COPY's sources sorted once per document."""
    key = ("copy-sources", copy.instruction.index, context)
    return remembered(document, key, lambda: _Sources.of(copy, context)).provision(path)


def _file_target(copy: CopyInstruction, source: str) -> str:
    """Where ``copy`` puts a source that names a single file."""
    return posixpath.join(copy.destination, posixpath.basename(source)) if copy.destination_is_dir else copy.destination


def provider(document: Dockerfile, instruction: Instruction, path: str, context: BuildContext | None) -> CopiedFile | None:
    """The dedicated COPY that put ``path`` in the image before ``instruction``, if that is what happened.

    The nearest earlier instruction of the stage chain that is a RUN naming the
    file, a COPY that cannot be read or a COPY that may put something at
    ``path`` decides. Each stage is searched through the indexes; what a stage
    says from its end is remembered per path, for every later stage built on it.
    """
    stage = instruction.stage
    if not 0 <= stage < len(document.stages):
        return None
    # A FROM is not among its stage's instructions: the whole stage counts as before it.
    end = _stage_range(document, stage)[1] if instruction.keyword == "FROM" else instruction.index
    return _provided(document, stage, end, path, context)


_UNDECIDED = object()


def _provided(document: Dockerfile, stage: int, end: int, path: str, context: BuildContext | None) -> CopiedFile | None:
    """What the instructions of ``stage`` before ``end``, then the stages it is built on, say."""
    name = posixpath.basename(path)
    from_end = remembered(document, ("provided-from-stage-end", context), dict)  # (stage, path) → answer
    undecided: list[tuple[int, int, bool]] = []  # stages that decided nothing, nearest first
    current, current_end, whole = stage, end, False
    while True:
        if whole and (current, path) in from_end:
            answer = from_end[(current, path)]
            break
        start = _stage_range(document, current)[0]
        outcome, unsearched_end = _in_stage(document, start, current_end, path, name, context)
        if outcome is not _UNDECIDED:
            answer = outcome
            if whole:
                from_end[(current, path)] = answer
            break
        undecided.append((current, unsearched_end, whole))
        parent = document.stages[current].parent
        if parent is None or not 0 <= parent < current:
            answer = None
            break
        current, current_end, whole = parent, _stage_range(document, parent)[1], True
    # Nearest last: a RUN naming the file in a stage that decided nothing hides what its parents say.
    for undecided_stage, unsearched_end, stage_whole in reversed(undecided):
        if answer is not None and _named_by_run(document, name, _stage_range(document, undecided_stage)[0], unsearched_end):
            answer = None
        if stage_whole:
            from_end[(undecided_stage, path)] = answer
    return answer


def _in_stage(document: Dockerfile, start: int, end: int, path: str, name: str, context: BuildContext | None):
    """The answer of the instructions in ``[start, end)`` (one stage), nearest
    first; or ``_UNDECIDED`` and the end of the part no COPY decided, where a RUN
    naming the file would still hide what earlier stages say."""
    copies = _copy_index(document, context)
    events = merged(
        [
            between(copies.unreadable, start, end, descending=True),
            *(between(positions, start, end, descending=True) for positions in copies.provides.lists_for(path)),
        ],
        descending=True,
    )
    for position in events:
        if _named_by_run(document, name, position + 1, end):
            return None, end  # it may write the file
        copy = read_copy(document, document.instructions[position])
        if copy is None:
            return None, end  # a heredoc or an unknown variable: it may write the file
        found = _provision(document, copy, path, context)
        if found is None:
            end = position
            continue
        kind, source, context_path = found
        if kind != "file" or not copy.plain or source is None or context_path is None:
            return None, end
        return CopiedFile(copy, source, context_path, path), end
    return _UNDECIDED, end


def _named_by_run(document: Dockerfile, name: str, low: int, high: int) -> bool:
    """Whether a RUN with an index in ``[low, high)`` has a word containing ``name``."""
    for position in _run_words(document).owners_containing(name, low, high, descending=True):
        if any(name in word.text for command in commands_of(document.instructions[position]) for word in command.argv):
            return True
    return False


def _stage_range(document: Dockerfile, stage: int) -> tuple[int, int]:
    """The indexes of a stage's instructions (after its FROM), as a half-open range."""
    members = document.stages[stage].instructions
    if not members:
        after_from = document.stages[stage].from_instruction.index + 1
        return after_from, after_from
    return members[0].index, members[-1].index + 1


@dataclass(frozen=True, slots=True)
class _CopyIndex:
    """The document's COPY and ADD instructions (in stages): those that cannot
    be read, and the others filed under the paths they may put files at."""

    unreadable: list[int]
    provides: PathIndex
    provides_in_final_chain: PathIndex  # the same, for the stages the final image is built from


def _copy_index(document: Dockerfile, context: BuildContext | None) -> _CopyIndex:
    return remembered(document, ("copy-index", context), lambda: _index_copies(document, context))


def _index_copies(document: Dockerfile, context: BuildContext | None) -> _CopyIndex:
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
            single_file = not _GLOB.search(source.text) and _file_like(source.text, context)
            for index in indexes:
                if single_file:
                    index.add_exact(_file_target(copy, source.text), instruction.index)
                else:
                    index.add_tree(copy.destination, instruction.index)
    return _CopyIndex(unreadable, provides, provides_in_final_chain)


def _run_words(document: Dockerfile) -> SegmentedText:
    """The words of every RUN in a stage, as written: which RUNs name a file."""

    def build() -> SegmentedText:
        return SegmentedText(
            (run.index, [word.text for command in commands_of(run) for word in command.argv])
            for run in document.instructions
            if run.keyword == "RUN" and run.stage >= 0
        )

    return remembered(document, "run-words", build)


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
    path = copied.path
    stage_end = _stage_range(document, stage)[1]
    # Later in the COPY's stage: a read before the file is copied there again?
    restored = _first_restore(document, copied, context, stage, copy_instruction.index + 1, stage_end)
    read_end = stage_end if restored is None else restored
    for instruction in read_candidates(document, path, stage, copy_instruction.index + 1, read_end):
        if may_read(instruction, path, consumers):
            return NEEDED
    if restored is not None:
        return SAFE
    # A stage built on this one that reads the file before copying it there again?
    restores_in: dict[int, int | None] = {}
    for instruction in read_candidates_below(document, path, stage):
        if not may_read(instruction, path, set()):
            continue
        descendant = instruction.stage
        if descendant not in restores_in:
            restores_in[descendant] = _first_restore(document, copied, context, descendant, *_stage_range(document, descendant))
        first_restore = restores_in[descendant]
        if first_restore is None or instruction.index < first_restore:
            return NEEDED
    if _read_from_stages(document, stage, path):
        return NEEDED
    if stage_tree(document).in_chain(stage, len(document.stages) - 1):
        # Brought back on the way to the final stage?
        provides = _copy_index(document, context).provides_in_final_chain
        for position in merged([between(p, stage_end, len(document.instructions)) for p in provides.lists_for(path)]):
            if _restores(document, document.instructions[position], copied, context):
                return SAFE
        return FINAL_IMAGE
    return SAFE


def _first_restore(
    document: Dockerfile, copied: CopiedFile, context: BuildContext | None, stage: int, low: int, high: int
) -> int | None:
    """The index of the first instruction of ``stage`` in ``[low, high)`` that copies the file back, if any."""
    provides = _copy_index(document, context).provides
    for position in merged([between(positions, low, high) for positions in provides.lists_for(copied.path)]):
        if document.instructions[position].stage == stage and _restores(document, document.instructions[position], copied, context):
            return position
    return None


def _restores(document: Dockerfile, instruction: Instruction, copied: CopiedFile, context: BuildContext | None) -> bool:
    """Whether a later COPY puts the same context file at the same path."""
    if instruction.keyword not in ("COPY", "ADD") or instruction.flag("from") is not None:
        return False
    copy = read_copy(document, instruction)
    if copy is None or not copy.plain:
        return False
    found = _provision(document, copy, copied.path, context)
    if found is None or found[2] != copied.context_path:
        return False
    if context is not None and context.known:
        return bool(context.available(copied.context_path))
    return True


def _from_references(document: Dockerfile) -> list[tuple[int, str]]:
    """(stage index, absolute source) of every ``COPY --from=<stage>`` and ``--mount=…,from=<stage>``."""
    found: list[tuple[int, str]] = []
    stages: dict[str, Stage | None] = {}  # reference → stage, looked up once per reference
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
            reference = state.expand(reference) if state is not None else reference
            if reference not in stages:
                stages[reference] = document.stage_by_reference(reference)
            stage = stages[reference]
            if stage is None:
                continue
            for source in sources:
                source = state.expand(source) if state is not None else source
                found.append((stage.index, posixpath.normpath("/" + source.lstrip("/"))))
    return found


def _read_from_stages(document: Dockerfile, stage: int, path: str) -> bool:
    """Whether another stage copies or mounts ``path`` (or a directory above it)
    from ``stage`` or a stage built on it."""
    references, by_source, globbed = remembered(document, "from-references", lambda: _index_references(document))
    tree = stage_tree(document)
    for numbers in [globbed, *by_source.lists_for(path)]:
        for number in numbers:
            source_stage, source = references[number]
            if (source_stage == stage or tree.is_descendant(source_stage, stage)) and (
                _GLOB.search(source) is not None or within(path, source)
            ):
                return True
    return False


def _index_references(document: Dockerfile) -> tuple[list[tuple[int, str]], PathIndex, list[int]]:
    """The ``--from`` references, with their numbers filed by source (wildcards apart)."""
    references = _from_references(document)
    by_source = PathIndex()
    globbed: list[int] = []
    for number, (_, source) in enumerate(references):
        if _GLOB.search(source):
            globbed.append(number)
        else:
            by_source.add_tree(source, number)
    return references, by_source, globbed
