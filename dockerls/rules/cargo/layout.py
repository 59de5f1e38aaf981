"""Where new mounts go on a cargo RUN, and the stage facts every cargo rule asks.

Mounts keep the seed article's order whichever rule adds them: source binds,
then the target cache, then the CARGO_HOME caches, then anything else. A new
mount goes before the first existing mount that sorts after it.
"""

from __future__ import annotations

from dockerls.core.findings import Edit
from dockerls.core.options import CargoOptions
from dockerls.rules.cargo.invocations import cargo_calls, cargo_runs
from dockerls.rules.mounts import cache_mount, continuation_indent, insert_mounts, insert_mounts_before
from dockerls.analysis.paths import is_inside
from dockerls.analysis.caches import mount_target
from dockerls.syntax import Dockerfile, Flag, Instruction

BIND, TARGET_CACHE, HOME_CACHE, OTHER = range(4)


def cargo_cache_mount(options: CargoOptions, target: str, ownership: dict[str, str]) -> str:
    """A cache mount as this family writes it: the configured sharing (none written for
    BuildKit's default, "shared"), then uid/gid."""
    return cache_mount(target, sharing=None if options.sharing == "shared" else options.sharing, owner=ownership)


def mount_rank(flag: Flag, instruction: Instruction, target: str | None, homes: set[str]) -> int:
    if flag.mount_type == "bind":
        return BIND
    if flag.mount_type != "cache":
        return OTHER
    path = mount_target(flag, instruction)
    if path is None:
        return OTHER
    if path == target or target is None and path.rsplit("/", 1)[-1] == "target":
        return TARGET_CACHE
    if any(is_inside(path, home) for home in homes):
        return HOME_CACHE
    return OTHER


def insert_ranked(
    document: Dockerfile,
    instruction: Instruction,
    mounts: list[str],
    rank: int,
    *,
    target: str | None = None,
    homes: set[str] = frozenset(),
) -> Edit:
    """One edit inserting ``mounts`` (all of ``rank``) in their ordered place."""
    for flag in instruction.mounts:
        if mount_rank(flag, instruction, target, homes) > rank:
            return insert_mounts_before(document, instruction, flag, mounts)
    if instruction.flags and _on_first_line(document, instruction, instruction.args_span.start):
        # `RUN --mount=… cargo build`: start the new mounts on a line of their own.
        indent = continuation_indent(document, instruction)
        separator = f" {document.escape}{document.eol}{indent}"
        at = instruction.args_span.start
        start = at
        while start > instruction.flags[-1].span.end and document.text[start - 1] in " \t":
            start -= 1
        return Edit(start, at, separator + "".join(mount + separator for mount in mounts))
    return insert_mounts(document, instruction, mounts)


def _on_first_line(document: Dockerfile, instruction: Instruction, offset: int) -> bool:
    return document.lines.position(offset)[0] == document.lines.position(instruction.span.start)[0]




def shares_target_with(document: Dockerfile, run: Instruction) -> Instruction | None:
    """Another RUN, in the stages ``run``'s stage is built on or that are built on it,
    that compiles into target/ too: the dummy-``main.rs`` pre-build, cargo-chef's
    ``cook`` then ``build``, or a later ``cargo test``. Caching target/ on one of them
    would lose what the other leaves there. (The first such RUN of the file.)"""
    if run.stage < 0:
        return None  # a RUN before the first FROM has no stages around it
    writers = document.memo(("cargo", "target writers"), lambda: _TargetWriters(document))
    parent = document.stages[run.stage].parent
    candidates = [
        writers.first_other(run.stage, run),
        writers.above[parent] if parent is not None else None,
        writers.below[run.stage],
    ]
    found = min((index for index in candidates if index is not None), default=None)
    return document.instructions[found] if found is not None else None


class _TargetWriters:
    """The RUNs that compile into target/, per stage, with the first of them in each
    stage's chain (the stage and those it is built on) and below each stage."""

    def __init__(self, document: Dockerfile) -> None:
        stages = document.stages
        self.in_stage: list[list[int]] = [[] for _ in stages]
        for run in cargo_runs(document):
            if run.stage >= 0 and any(call.writes_target for call in cargo_calls(run)):
                self.in_stage[run.stage].append(run.index)
        first = [writers[0] if writers else None for writers in self.in_stage]
        self.above: list[int | None] = []  # the stage and its chain
        for stage in stages:
            inherited = self.above[stage.parent] if stage.parent is not None else None
            self.above.append(_first(first[stage.index], inherited))
        self.below: list[int | None] = [None] * len(stages)  # the stages built on it, directly or not
        for stage in reversed(stages):  # a stage comes after the stage it is built on
            if stage.parent is not None:
                self.below[stage.parent] = _first(self.below[stage.parent], _first(first[stage.index], self.below[stage.index]))

    def first_other(self, stage: int, run: Instruction) -> int | None:
        return next((index for index in self.in_stage[stage] if index != run.index), None)


def _first(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    return a if b is None else min(a, b)


def is_output_stage(document: Dockerfile, stage: int) -> bool:
    """Whether the stage, or a stage built on it, is the last one: the image the build exports."""
    last = len(document.stages) - 1
    if stage == last:
        return True
    exported = document.memo(("cargo", "exported chain"), lambda: {s.index for s in document.stage_chain(last)})
    return stage >= 0 and stage in exported


