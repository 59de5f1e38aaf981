"""Which stages are built on which, answered in constant time.

A stage is built FROM at most one earlier stage, so the stages form a forest.
Numbering it depth-first makes "is this stage in that one's chain" two
comparisons, where ``document.stage_chain`` or ``document.descendants`` would
walk the chain for every question (quadratic over 300 stages built on each other).

The same numbering makes "what comes after an instruction" (the rest of its
stage and every stage built on it) one contiguous range of *region keys*
``(depth-first position of the stage, instruction index)``: an index of a tree's
instructions sorted by region key answers it with two bisections (``in_range``).
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Callable, TypeVar

from dockerls.analysis.memo import remembered
from dockerls.syntax import Dockerfile, Instruction, Stage

RegionKey = tuple[int, int]
T = TypeVar("T")


class StageTree:
    """``preorder`` lists the stages depth-first; a stage's subtree (itself and
    the stages built on it) is ``preorder[entered[s]:left[s]]``. ``starts[p]``
    counts the instructions of the stages before depth-first position ``p``
    (one more entry at the end: all of them). ``root[s]`` is the stage the chain
    of ``s`` starts from."""

    __slots__ = ("entered", "left", "preorder", "starts", "root")

    def __init__(self, document: Dockerfile) -> None:
        count = len(document.stages)
        children: list[list[int]] = [[] for _ in range(count)]
        roots = []
        self.root: list[int] = []
        for stage in document.stages:
            parent = stage.parent
            if parent is not None and 0 <= parent < stage.index:
                children[parent].append(stage.index)
                self.root.append(self.root[parent])
            else:
                roots.append(stage.index)
                self.root.append(stage.index)
        self.entered = [0] * count
        self.left = [0] * count
        self.preorder: list[int] = []
        clock = 0
        for root in roots:
            stack = [(root, False)]
            while stack:
                stage, done = stack.pop()
                if done:
                    self.left[stage] = clock
                    continue
                self.entered[stage] = clock
                self.preorder.append(stage)
                clock += 1
                stack.append((stage, True))
                stack.extend((child, False) for child in reversed(children[stage]))
        self.starts = [0]
        for stage in self.preorder:
            self.starts.append(self.starts[-1] + len(document.stages[stage].instructions))

    def in_chain(self, member: int, stage: int) -> bool:
        """Whether ``member`` is in ``document.stage_chain(stage)``: the stage itself or one it is built on."""
        count = len(self.entered)
        if not (0 <= member < count and 0 <= stage < count):
            return False
        return self.entered[member] <= self.entered[stage] < self.left[member]

    def is_descendant(self, candidate: int, stage: int) -> bool:
        """Whether ``candidate`` is in ``document.descendants(stage)``: built on it, directly or not."""
        return candidate != stage and self.in_chain(stage, candidate)

    def below(self, stage: int) -> list[int]:
        """The stages built on ``stage``, directly or not (as ``document.descendants``, in another order)."""
        return self.preorder[self.entered[stage] + 1 : self.left[stage]]

    def stages_below(self, stage: int) -> int:
        """How many stages are built on ``stage``, directly or not."""
        return self.left[stage] - self.entered[stage] - 1

    def instructions_below(self, stage: int) -> int:
        """How many instructions the stages built on ``stage`` hold."""
        return self.starts[self.left[stage]] - self.starts[self.entered[stage] + 1]

    def key(self, instruction: Instruction) -> RegionKey:
        return (self.entered[instruction.stage], instruction.index)

    def after(self, stage: int, index: int) -> tuple[RegionKey, RegionKey]:
        """Bounds (lo inclusive, hi exclusive) of the instructions of ``stage`` after
        ``index`` and of every stage built on it."""
        return (self.entered[stage], index + 1), (self.left[stage], -1)

    def within(self, stage: int, before: int | None = None) -> tuple[RegionKey, RegionKey]:
        """Bounds of the instructions of ``stage`` alone (those before ``before`` if given)."""
        first = self.entered[stage]
        end = (first, before) if before is not None else (first + 1, -1)
        return (first, -1), end

    def subtree(self, stage: int) -> list[int]:
        """The stage and every stage built on it, in stage order."""
        return sorted(self.preorder[self.entered[stage] : self.left[stage]])


def stage_tree(document: Dockerfile) -> StageTree:
    return remembered(document, "stage-tree", lambda: StageTree(document))


def stage_range(document: Dockerfile, stage: int) -> tuple[int, int]:
    """The indexes of a stage's instructions (after its FROM), as a half-open range."""
    members = document.stages[stage].instructions
    if not members:
        after_from = document.stages[stage].from_instruction.index + 1
        return after_from, after_from
    return members[0].index, members[-1].index + 1


def in_range(keys: list[RegionKey], bounds: tuple[RegionKey, RegionKey]) -> slice:
    """The slice of a sorted list of region keys that falls within ``bounds``."""
    lo, hi = bounds
    return slice(bisect_left(keys, lo), bisect_left(keys, hi))


# Up to this many instructions, a region is read directly: an index over its whole
# tree costs more than that. Above it, the index answers (each tree is indexed once).
SMALL_REGION = 32


def small_region_after(document: Dockerfile, stage: int, after: int) -> list[Instruction] | None:
    """The instructions of ``stage`` after ``after`` and of every stage built on it, in
    file order, when there are few of them (and few stages); None otherwise."""
    tree = stage_tree(document)
    first, end = tree.entered[stage], tree.left[stage]
    if end - first > SMALL_REGION:
        return None
    own = document.stages[stage].instructions
    skipped = after - own[0].index + 1 if own and after >= own[0].index else 0
    if tree.starts[end] - tree.starts[first] - skipped > SMALL_REGION:
        return None
    found = own[skipped:]
    for below in tree.subtree(stage)[1:]:
        found.extend(document.stages[below].instructions)
    return found


def tree_instructions(document: Dockerfile, stage: int) -> list[Instruction]:
    """Every instruction of the tree ``stage`` belongs to, in region-key order."""
    tree = stage_tree(document)
    root = tree.root[stage]
    found: list[Instruction] = []
    for member in tree.preorder[tree.entered[root] : tree.left[root]]:
        found.extend(document.stages[member].instructions)
    return found


def tree_index(document: Dockerfile, stage: int, label: tuple, build: Callable[[list[Instruction]], T]) -> T:
    """``build(tree_instructions(stage))``, once per document, tree and label.

    Built per tree, not per file: a question about one instruction reads only
    the stages it could concern, and each of them once."""
    root = stage_tree(document).root[stage]
    return remembered(document, ("tree-index", root, *label), lambda: build(tree_instructions(document, root)))


def keys_where(document: Dockerfile, stage: int, label: tuple, wanted: Callable[[Instruction], bool]) -> list[RegionKey]:
    """Region keys of the instructions of ``stage``'s tree for which ``wanted`` holds, sorted."""
    tree = stage_tree(document)
    return tree_index(document, stage, label, lambda instructions: [tree.key(i) for i in instructions if wanted(i)])


def stage_by_reference(document: Dockerfile, reference: str) -> Stage | None:
    """``document.stage_by_reference`` through a name index built once per document."""
    names = remembered(document, "stage-names", lambda: _names(document.stages))
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
