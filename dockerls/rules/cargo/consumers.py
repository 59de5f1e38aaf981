"""Who reads another stage's files: ``COPY --from``/``ADD --from`` and ``RUN --mount=from=``.

Collected once per document, each read path filed by the stage it reads
from and by path, so that a build RUN finds the reads of its directory in its
stages without looking at every COPY of the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dockerls.rules.cargo.mentions import Mentions
from dockerls.analysis.candidates import PathIndex
from dockerls.rules.cargo.paths import PathRef, mount_references, references
from dockerls.analysis.stages import in_range, stage_by_reference, stage_tree
from dockerls.syntax import Dockerfile, Instruction
from dockerls.syntax.state import state_of

# A read is filed under (depth-first position of the stage it reads, its place among all reads).
_Read = tuple[int, int]


@dataclass
class Consumers:
    reads: list[PathRef] = field(default_factory=list)  # every path read from a stage, in file order
    unknown: list[Instruction] = field(default_factory=list)  # reads from a stage a variable hides (repeats kept)
    by_path: PathIndex[_Read] = field(default_factory=PathIndex)
    unresolved: list[_Read] = field(default_factory=list)  # reads whose path is unknown
    _mentions: Mentions[int] | None = None  # which unknown reads may mention a name, by place

    def refs_near(self, document: Dockerfile, stage: int, directory: str) -> list[PathRef]:
        """The reads from ``stage`` and the stages built on it whose path is unknown,
        inside ``directory`` or above it: the only ones a use of ``directory`` can be."""
        return self.refs_touching(document, stage, [directory])

    def refs_touching(self, document: Dockerfile, stage: int, paths: list[str]) -> list[PathRef]:
        """The reads from ``stage`` and the stages built on it whose path is unknown,
        inside one of ``paths`` or above one, in file order."""
        tree = stage_tree(document)
        bounds = (tree.entered[stage], -1), (tree.left[stage], -1)
        lists = [self.unresolved]
        for path in paths:
            lists.extend(self.by_path.inside(path))
            lists.extend(self.by_path.lists_for(path))
        found: set[int] = set()
        for reads in lists:
            found.update(order for _, order in reads[in_range(reads, bounds)])
        return [self.reads[order] for order in sorted(found)]

    def unknown_mentioning(self, document: Dockerfile, name: str | None) -> list[Instruction]:
        """The unknown reads whose text may mention ``name`` (every one when ``name`` is None:
        a name that is no whole word of path characters), in file order, repeats kept."""
        if name is None:
            return self.unknown
        if self._mentions is None:
            self._mentions = Mentions(document.text, self.unknown, lambda place, _: place)
        places: set[int] = set()
        for found in self._mentions.keys(name):
            places.update(found)
        return [self.unknown[place] for place in sorted(places)]


def consumers(document: Dockerfile) -> Consumers:
    return document.memo(("cargo", "consumers"), lambda: _collect(document))


def _collect(document: Dockerfile) -> Consumers:
    found = Consumers()
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
                _add(found, position[reference], [ref for ref in references(instruction) if ref.role == "source"])
        elif instruction.keyword == "RUN":
            for flag in instruction.mounts:
                source_from = flag.mount_get("from")
                if not source_from:
                    continue
                reference = _stage_of(document, instruction, source_from)
                if reference is None:
                    found.unknown.append(instruction)
                elif reference >= 0:
                    refs = mount_references(instruction)
                    _add(found, position[reference], [ref for ref in refs if flag.span.contains(ref.span)])
    # Filed in file order; lineage questions bisect by the position of the stage read.
    for reads in (found.unresolved, *found.by_path.lists()):
        reads.sort()
    return found


def _add(found: Consumers, position: int, refs: list[PathRef]) -> None:
    """File ``refs``, read from the stage at depth-first ``position``."""
    for ref in refs:
        order = len(found.reads)
        found.reads.append(ref)
        if ref.path is None:
            found.unresolved.append((position, order))
        else:
            found.by_path.add(ref.path, (position, order))


def _stage_of(document: Dockerfile, instruction: Instruction, value: str) -> int | None:
    """The stage a ``from`` names; -1 for an image; None when a variable hides it."""
    expanded = state_of(instruction).expand_known(value)
    if expanded is None:
        return None
    stage = stage_by_reference(document, expanded)
    return -1 if stage is None else stage.index
