"""Who reads another stage's files: ``COPY --from``/``ADD --from`` and ``RUN --mount=from=``.

Collected once per document and reader (what a family calls one path read: a
``PathRef`` for cargo, a bare path for COPY removal), each read filed by the
stage it reads from and by path, so that a question about one stage's
directory finds the reads of that stage's subtree naming it without looking at
every COPY of the file.
"""

from __future__ import annotations

from typing import Callable, Generic, Protocol, Sequence, TypeVar

from dockerls.analysis.candidates import PathIndex, SegmentedText
from dockerls.analysis.memo import remembered
from dockerls.analysis.stages import in_range, stage_by_reference, stage_tree
from dockerls.syntax import Dockerfile, Flag, Instruction
from dockerls.syntax.state import state_of


class Read(Protocol):
    @property
    def path(self) -> str | None: ...  # the absolute path read; None when unknown


R = TypeVar("R", bound=Read)
# What an instruction reads from a stage: the COPY's sources (``mount`` None) or one ``--mount=from=``'s.
ReadsOf = Callable[[Instruction, "Flag | None"], Sequence[R]]
# A read is filed under (depth-first position of the stage it reads, its place among all reads).
_Filed = tuple[int, int]


class StageReads(Generic[R]):
    """Every path read from a stage, in file order, filed by the stage read and by path;
    and the instructions reading from a stage a variable hides."""

    def __init__(self, always_mentioned: tuple[str, ...] = ()) -> None:
        self.reads: list[R] = []
        self.read_from: list[int] = []  # the stage each read reads from
        self.unknown: list[Instruction] = []  # reads from a stage a variable hides (repeats kept)
        self.by_path: PathIndex[_Filed] = PathIndex()
        self.unresolved: list[_Filed] = []  # reads whose path is unknown
        self._always_mentioned = always_mentioned
        self._unknown_text: SegmentedText | None = None

    def refs_near(self, document: Dockerfile, stage: int, directory: str) -> list[R]:
        """The reads from ``stage`` and the stages built on it whose path is unknown,
        inside ``directory`` or above it: the only ones a use of ``directory`` can be."""
        return self.refs_touching(document, stage, [directory])

    def refs_touching(self, document: Dockerfile, stage: int, paths: list[str]) -> list[R]:
        """The reads from ``stage`` and the stages built on it whose path is unknown,
        inside one of ``paths`` or above one, in file order."""
        lists = [self.unresolved]
        for path in paths:
            lists.extend(self.by_path.inside(path))
            lists.extend(self.by_path.lists_for(path))
        return self._in_subtree(document, stage, lists)

    def refs_holding(self, document: Dockerfile, stage: int, path: str) -> list[R]:
        """The reads from ``stage`` and the stages built on it whose path is unknown,
        ``path`` itself or a directory above it, in file order."""
        return self._in_subtree(document, stage, [self.unresolved, *self.by_path.lists_for(path)])

    def _in_subtree(self, document: Dockerfile, stage: int, lists: list[list[_Filed]]) -> list[R]:
        tree = stage_tree(document)
        bounds = (tree.entered[stage], -1), (tree.left[stage], -1)
        found: set[int] = set()
        for reads in lists:
            found.update(order for _, order in reads[in_range(reads, bounds)])
        return [self.reads[order] for order in sorted(found)]

    def unknown_mentioning(self, document: Dockerfile, name: str | None) -> list[Instruction]:
        """The unknown reads whose text may hold ``name`` or one of the words always
        mentioned (every one when ``name`` is None), in file order, repeats kept."""
        if name is None:
            return self.unknown
        if self._unknown_text is None:
            text = document.text
            self._unknown_text = SegmentedText(
                (place, [text[instruction.span.start : instruction.span.end]])
                for place, instruction in enumerate(self.unknown)
            )
        places: set[int] = set()
        for word in (name, *self._always_mentioned):
            places.update(self._unknown_text.owners_containing(word, 0, len(self.unknown)))
        return [self.unknown[place] for place in sorted(places)]


def stage_reads(document: Dockerfile, label: str, reads_of: ReadsOf, always_mentioned: tuple[str, ...] = ()) -> StageReads:
    """The reads of other stages, as ``reads_of`` reads them, once per document and ``label``."""
    return remembered(document, ("stage-reads", label), lambda: _collect(document, reads_of, always_mentioned))


def _collect(document: Dockerfile, reads_of: ReadsOf, always_mentioned: tuple[str, ...]) -> StageReads:
    found: StageReads = StageReads(always_mentioned)
    position = stage_tree(document).entered
    for instruction in document.instructions:
        if instruction.keyword in ("COPY", "ADD"):
            flag = instruction.flag("from")
            if flag is None or not flag.value:
                continue
            reference = _stage_of(document, instruction, flag.value)
            if reference is None:
                found.unknown.append(instruction)
            elif reference >= 0:
                _add(found, reference, position[reference], reads_of(instruction, None))
        elif instruction.keyword == "RUN":
            for mount in instruction.mounts:
                source_from = mount.mount_get("from")
                if not source_from:
                    continue
                reference = _stage_of(document, instruction, source_from)
                if reference is None:
                    found.unknown.append(instruction)
                elif reference >= 0:
                    _add(found, reference, position[reference], reads_of(instruction, mount))
    # Filed in file order; lineage questions bisect by the position of the stage read.
    for reads in (found.unresolved, *found.by_path.lists()):
        reads.sort()
    return found


def _add(found: StageReads, stage: int, position: int, reads: Sequence[Read]) -> None:
    """File ``reads``, read from ``stage`` (at depth-first ``position``)."""
    for read in reads:
        order = len(found.reads)
        found.reads.append(read)
        found.read_from.append(stage)
        if read.path is None:
            found.unresolved.append((position, order))
        else:
            found.by_path.add(read.path, (position, order))


def _stage_of(document: Dockerfile, instruction: Instruction, value: str) -> int | None:
    """The stage a ``from`` names; -1 for an image; None when a variable hides it."""
    expanded = state_of(instruction).expand_known(value)
    if expanded is None:
        return None
    stage = stage_by_reference(document, expanded)
    return -1 if stage is None else stage.index
