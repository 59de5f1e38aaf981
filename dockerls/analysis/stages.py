"""Which stages are built on which, answered in constant time.

A stage is built FROM at most one earlier stage, so the stages form a forest.
Numbering it depth-first makes "is this stage in that one's chain" two
comparisons, where ``document.stage_chain`` or ``document.descendants`` would
walk the chain for every question (quadratic over 300 stages built on each other).
"""

from __future__ import annotations

from dockerls.analysis.memo import remembered
from dockerls.syntax import Dockerfile


class StageTree:
    """``preorder`` lists the stages depth-first; a stage's subtree (itself and
    the stages built on it) is ``preorder[entered[s]:left[s]]``. ``starts[p]``
    counts the instructions of the stages before depth-first position ``p``
    (one more entry at the end: all of them)."""

    __slots__ = ("entered", "left", "preorder", "starts")

    def __init__(self, document: Dockerfile) -> None:
        count = len(document.stages)
        children: list[list[int]] = [[] for _ in range(count)]
        roots = []
        for stage in document.stages:
            parent = stage.parent
            if parent is not None and 0 <= parent < stage.index:
                children[parent].append(stage.index)
            else:
                roots.append(stage.index)
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


def stage_tree(document: Dockerfile) -> StageTree:
    return remembered(document, "stage-tree", lambda: StageTree(document))


def stage_range(document: Dockerfile, stage: int) -> tuple[int, int]:
    """The indexes of a stage's instructions (after its FROM), as a half-open range."""
    members = document.stages[stage].instructions
    if not members:
        after_from = document.stages[stage].from_instruction.index + 1
        return after_from, after_from
    return members[0].index, members[-1].index + 1
