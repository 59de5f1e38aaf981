"""The stages as a tree (each stage under the stage it is built ``FROM``), numbered once per document.

The cargo rules ask, for every build RUN, about "what comes after it": the rest
of its stage and every stage built on it. Numbering the stages in depth-first
order makes that region one contiguous range of *region keys*
``(position of the stage, instruction index)``, so an index sorted by region key
answers the question with two bisections instead of a walk over the file.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Callable, TypeVar

from dockerls.syntax import Dockerfile, Instruction, Stage

RegionKey = tuple[int, int]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class StageTree:
    children: tuple[tuple[int, ...], ...]  # stages built FROM each stage, in order
    position: tuple[int, ...]  # depth-first position of each stage
    size: tuple[int, ...]  # how many stages the subtree of each stage holds (itself included)
    root: tuple[int, ...]  # the stage each stage's chain starts from
    by_position: tuple[int, ...]  # the stage at each depth-first position

    def key(self, instruction: Instruction) -> RegionKey:
        return (self.position[instruction.stage], instruction.index)

    def after(self, stage: int, index: int) -> tuple[RegionKey, RegionKey]:
        """Bounds (lo inclusive, hi exclusive) of the instructions of ``stage`` after
        ``index`` and of every stage built on it."""
        first = self.position[stage]
        return (first, index + 1), (first + self.size[stage], -1)

    def within(self, stage: int, before: int | None = None) -> tuple[RegionKey, RegionKey]:
        """Bounds of the instructions of ``stage`` alone (those before ``before`` if given)."""
        first = self.position[stage]
        end = (first, before) if before is not None else (first + 1, -1)
        return (first, -1), end

    def subtree(self, stage: int) -> list[int]:
        """The stage and every stage built on it, in stage order (``lineage``)."""
        first = self.position[stage]
        return sorted(self.by_position[first : first + self.size[stage]])


# Up to this many instructions, a region is read directly: an index over its whole
# tree costs more than that. Above it, the index answers (each tree is indexed once).
SMALL_REGION = 32


def small_region_after(document: Dockerfile, stage: int, after: int) -> list[Instruction] | None:
    """The instructions of ``stage`` after ``after`` and of every stage built on it, in
    file order, when there are few of them (and few stages); None otherwise."""
    tree = stage_tree(document)
    if tree.size[stage] > SMALL_REGION:
        return None
    own = document.stages[stage].instructions
    skipped = after - own[0].index + 1 if own and after >= own[0].index else 0
    counts = document.memo(("cargo", "subtree sizes"), lambda: _subtree_sizes(document, tree))
    if counts[stage] - skipped > SMALL_REGION:
        return None
    found = own[skipped:]
    for below in tree.subtree(stage)[1:]:
        found.extend(document.stages[below].instructions)
    return found


def _subtree_sizes(document: Dockerfile, tree: StageTree) -> list[int]:
    """How many instructions each stage's subtree holds."""
    counts = [len(stage.instructions) for stage in document.stages]
    for stage in reversed(tree.by_position):  # children before parents
        for child in tree.children[stage]:
            counts[stage] += counts[child]
    return counts


def stage_tree(document: Dockerfile) -> StageTree:
    return document.memo(("cargo", "stage tree"), lambda: _build(document.stages))


def _build(stages: tuple[Stage, ...]) -> StageTree:
    children: list[list[int]] = [[] for _ in stages]
    root = []
    for stage in stages:
        # A stage's parent is always an earlier stage (resolve_stages looks only backwards).
        if stage.parent is not None:
            children[stage.parent].append(stage.index)
            root.append(root[stage.parent])
        else:
            root.append(stage.index)
    position = [0] * len(stages)
    size = [1] * len(stages)
    order: list[int] = []
    for top in (stage.index for stage in stages if stage.parent is None):
        pending = [top]
        while pending:
            current = pending.pop()
            position[current] = len(order)
            order.append(current)
            pending.extend(reversed(children[current]))
    for stage in reversed(order):  # children before parents
        for child in children[stage]:
            size[stage] += size[child]
    return StageTree(tuple(map(tuple, children)), tuple(position), tuple(size), tuple(root), tuple(order))


def tree_instructions(document: Dockerfile, stage: int) -> list[Instruction]:
    """Every instruction of the tree ``stage`` belongs to, in region-key order."""
    tree = stage_tree(document)
    root = tree.root[stage]
    first = tree.position[root]
    found: list[Instruction] = []
    for position in range(first, first + tree.size[root]):
        found.extend(document.stages[tree.by_position[position]].instructions)
    return found


def tree_index(document: Dockerfile, stage: int, label: tuple, build: Callable[[list[Instruction]], T]) -> T:
    """``build(tree_instructions(stage))``, once per document, tree and label.

    Built per tree, not per file: a question about one build RUN reads only
    the stages it could concern, and each of them once."""
    root = stage_tree(document).root[stage]
    return document.memo(("cargo", "tree index", root, *label), lambda: build(tree_instructions(document, root)))


def keys_where(document: Dockerfile, stage: int, label: tuple, wanted: Callable[[Instruction], bool]) -> list[RegionKey]:
    """Region keys of the instructions of ``stage``'s tree for which ``wanted`` holds, sorted."""
    tree = stage_tree(document)
    return tree_index(document, stage, label, lambda instructions: [tree.key(i) for i in instructions if wanted(i)])


def in_range(keys: list[RegionKey], bounds: tuple[RegionKey, RegionKey]) -> slice:
    """The slice of a sorted list of region keys that falls within ``bounds``."""
    lo, hi = bounds
    return slice(bisect_left(keys, lo), bisect_left(keys, hi))


def stage_by_reference(document: Dockerfile, reference: str) -> Stage | None:
    """``document.stage_by_reference`` through a name index built once per document."""
    names = document.memo(("cargo", "stage names"), lambda: _names(document.stages))
    reference = reference.lower()
    stage = names.get(reference)
    if stage is not None:
        return stage
    if reference.isdigit() and int(reference) < len(document.stages):
        return document.stages[int(reference)]
    return None


def _names(stages: tuple[Stage, ...]) -> dict[str, Stage]:
    names: dict[str, Stage] = {}
    for stage in stages:
        if stage.name is not None:
            names.setdefault(stage.name, stage)  # the first stage of a name wins, as in the model
    return names
