"""Where new mounts go on a cargo RUN, and the stage facts every cargo rule asks.

Mounts keep the seed article's order whichever rule adds them: source binds,
then the target cache, then the CARGO_HOME caches, then anything else. A new
mount goes before the first existing mount that sorts after it.
"""

from __future__ import annotations

from dockerls.engine.model import Edit
from dockerls.engine.options import CargoOptions
from dockerls.rules.cargo.invocations import cargo_calls
from dockerls.rules.cargo.paths import is_inside
from dockerls.rules.mounts import continuation_indent, insert_mounts, insert_mounts_before, mount_target, render_mount
from dockerls.syntax import Dockerfile, Flag, Instruction

BIND, TARGET_CACHE, HOME_CACHE, OTHER = range(4)


def cache_mount(options: CargoOptions, target: str, ownership: dict[str, str]) -> str:
    """A cache mount as this family writes it: target, the configured sharing, then uid/gid."""
    sharing = {"sharing": options.sharing} if options.sharing != "shared" else {}
    return render_mount("cache", target=target, **sharing, **ownership)


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


def cache_targets(instruction: Instruction) -> list[str]:
    """Absolute targets of the RUN's cache mounts (unknown targets left out)."""
    found = []
    for flag in instruction.mounts:
        if flag.mount_type == "cache":
            path = mount_target(flag, instruction)
            if path is not None:
                found.append(path)
    return found


def covering_cache(instruction: Instruction, directory: str) -> Flag | None:
    """A cache mount of the RUN at ``directory`` or above it."""
    for flag in instruction.mounts:
        if flag.mount_type != "cache":
            continue
        path = mount_target(flag, instruction)
        if path is not None and is_inside(directory, path):
            return flag
    return None


def shares_target_with(document: Dockerfile, run: Instruction) -> Instruction | None:
    """Another RUN, in the stages ``run``'s stage is built on or that are built on it,
    that compiles into target/ too: the dummy-``main.rs`` pre-build, cargo-chef's
    ``cook`` then ``build``, or a later ``cargo test``. Caching target/ on one of them
    would lose what the other leaves there."""
    stages = {stage.index for stage in document.stage_chain(run.stage)}
    stages.update(stage.index for stage in document.descendants(run.stage))
    for instruction in document.instructions:
        if instruction is run or instruction.keyword != "RUN" or instruction.stage not in stages:
            continue
        if any(call.writes_target for call in cargo_calls(instruction)):
            return instruction
    return None


def is_output_stage(document: Dockerfile, stage: int) -> bool:
    """Whether the stage, or a stage built on it, is the last one: the image the build exports."""
    last = len(document.stages) - 1
    return stage == last or any(descendant.index == last for descendant in document.descendants(stage))
