"""What removing the COPY that brought a file would change.

A dependency file (``requirements.txt``, ``uv.lock`` …) can be bind-mounted
instead of copied only when a *dedicated* COPY brought it: one naming the file
itself (not ``COPY . .`` or a directory), from the build context
(:mod:`providers` finds it). Removing that COPY is

- ``NEEDED`` (never offered) when a later instruction may read the file: it
  names it, names a directory above it or runs a script beside it, another
  stage copies or mounts it ``--from`` this one, or a stage built on this one
  mentions it;
- ``FINAL_IMAGE`` (unsafe) when nothing reads it but it would be missing from
  the final image;
- ``SAFE`` otherwise, in particular when a later ``COPY . .`` brings the same
  file back.

Later instructions are looked at one by one when there are few of them
(``DIRECT_LIMIT``); past that, through indexes built once per document
(:mod:`copy_sources`, :mod:`reads`), since looking at every later instruction
for each file would make a long Dockerfile quadratic.
"""

from __future__ import annotations

import posixpath
from bisect import bisect_left
from dataclasses import dataclass

from dockerls.core.buildcontext import BuildContext
from dockerls.analysis.candidates import between, merged
from dockerls.analysis.copy_sources import (
    WILDCARD,
    CopiedFile,
    CopyInstruction,
    CopySource,
    copy_index,
    copy_words,
    provision,
    provision_in,
    read_copy,
)
from dockerls.analysis.memo import remembered
from dockerls.analysis.provenance import provider
from dockerls.analysis.reads import may_read, read_candidates, read_candidates_below
from dockerls.analysis.stage_reads import stage_reads
from dockerls.analysis.stages import stage_range, stage_tree
from dockerls.syntax import Dockerfile, Flag, Instruction, Span
from dockerls.syntax.state import state_of

# Reading COPYs and finding the one that brought a file live in their own
# modules; they are still reachable from here, where they used to be.
__all__ = [
    "FINAL_IMAGE", "NEEDED", "SAFE", "CopiedFile", "CopyInstruction", "CopySource",
    "provider", "provision", "read_copy", "removal_effect",
]

SAFE = "safe"
FINAL_IMAGE = "final-image"
NEEDED = "needed"

# Up to this many later instructions are looked at one by one; beyond, the indexes answer.
DIRECT_LIMIT = 64


def removal_effect(
    document: Dockerfile,
    copied: CopiedFile,
    consumers: set[Span],
    context: BuildContext | None,
) -> str:
    """What removing ``copied`` changes. ``consumers`` are the spans of the
    install commands that will bind-mount the file, and of the arguments
    through which they read it: those reads are taken care of."""
    stage = copied.copy.instruction.stage
    effect = _effect_in_stage(document, copied, consumers, context)
    if effect is not None:
        return effect
    if _read_below(document, copied, context):
        return NEEDED
    if _read_from_stages(document, stage, copied.path):
        return NEEDED
    if stage_tree(document).in_chain(stage, len(document.stages) - 1):
        # Brought back on the way to the final stage?
        return SAFE if _restored_in_final_chain(document, copied, context) else FINAL_IMAGE
    return SAFE


def _effect_in_stage(document: Dockerfile, copied: CopiedFile, consumers: set[Span], context: BuildContext | None) -> str | None:
    """NEEDED when a later instruction of the COPY's stage reads the file before
    a COPY brings it back, SAFE when one brings it back first, else None."""
    stage, after = copied.copy.instruction.stage, copied.copy.instruction.index + 1
    stage_end = stage_range(document, stage)[1]
    if stage_end - after <= DIRECT_LIMIT:
        for instruction in document.instructions[after:stage_end]:
            if _restores(document, instruction, copied, context):
                return SAFE
            if may_read(instruction, copied.path, consumers):
                return NEEDED
        return None
    restored = _first_restore(document, copied, context, stage, after, stage_end)
    read_end = stage_end if restored is None else restored
    for instruction in read_candidates(document, copied.path, stage, after, read_end):
        if may_read(instruction, copied.path, consumers):
            return NEEDED
    return None if restored is None else SAFE


def _read_below(document: Dockerfile, copied: CopiedFile, context: BuildContext | None) -> bool:
    """Whether a stage built on the COPY's stage reads the file before a COPY there brings it back."""
    stage, path = copied.copy.instruction.stage, copied.path
    tree = stage_tree(document)
    if tree.stages_below(stage) + tree.instructions_below(stage) <= DIRECT_LIMIT:
        for descendant in tree.below(stage):
            for instruction in document.stages[descendant].instructions:
                if _restores(document, instruction, copied, context):
                    break
                if may_read(instruction, path, set()):
                    return True
        return False
    restores_in: dict[int, int | None] = {}
    for instruction in read_candidates_below(document, path, stage):
        if not may_read(instruction, path, set()):
            continue
        descendant = instruction.stage
        if descendant not in restores_in:
            restores_in[descendant] = _first_restore(document, copied, context, descendant, *stage_range(document, descendant))
        first_restore = restores_in[descendant]
        if first_restore is None or instruction.index < first_restore:
            return True
    return False


def _restored_in_final_chain(document: Dockerfile, copied: CopiedFile, context: BuildContext | None) -> bool:
    """Whether a stage after the COPY's, on the way to the final stage, copies the file back."""
    stage = copied.copy.instruction.stage
    chain, falling, counts = remembered(document, "final-chain", lambda: _final_chain(document))
    later = bisect_left(falling, -stage)  # the members after the COPY's stage come first
    if later + counts[later] <= DIRECT_LIMIT:
        return any(
            _restores(document, instruction, copied, context)
            for member in chain[:later]
            for instruction in document.stages[member].instructions
        )
    provides = copy_index(document, context).provides_in_final_chain
    stage_end = stage_range(document, stage)[1]
    for position in merged([between(p, stage_end, len(document.instructions)) for p in provides.lists_for(copied.path)]):
        if _restores(document, document.instructions[position], copied, context):
            return True
    return False


def _final_chain(document: Dockerfile) -> tuple[list[int], list[int], list[int]]:
    """The stages the final image is built from, the final one first; their
    indexes negated (ascending, to bisect); how many instructions the first k
    of them hold (``counts[k]``)."""
    chain = [member.index for member in document.stage_chain(len(document.stages) - 1)]
    counts = [0]
    for member in chain:
        counts.append(counts[-1] + len(document.stages[member].instructions))
    return chain, [-member for member in chain], counts


def _first_restore(
    document: Dockerfile, copied: CopiedFile, context: BuildContext | None, stage: int, low: int, high: int
) -> int | None:
    """The index of the first instruction of ``stage`` in ``[low, high)`` that copies the file back, if any."""
    provides = copy_index(document, context).provides
    for position in merged([between(positions, low, high) for positions in provides.lists_for(copied.path)]):
        instruction = document.instructions[position]
        if instruction.stage == stage and _restores(document, instruction, copied, context):
            return position
    return None


def _restores(document: Dockerfile, instruction: Instruction, copied: CopiedFile, context: BuildContext | None) -> bool:
    """Whether a later COPY puts the same context file at the same path."""
    if instruction.keyword not in ("COPY", "ADD") or instruction.flag("from") is not None:
        return False
    copy = read_copy(document, instruction)
    if copy is None or not copy.plain:
        return False
    found = provision_in(document, copy, copied.path, context)
    if found is None or found[2] != copied.context_path:
        return False
    if context is not None and context.known:
        return bool(context.available(copied.context_path))
    return True


@dataclass(frozen=True, slots=True)
class _SourceRead:
    source: str  # absolute, normalised unless a pattern

    @property
    def path(self) -> str | None:
        """The path read; None for a pattern, which may read anything."""
        return None if WILDCARD.search(self.source) else self.source


def _sources_read(instruction: Instruction, mount: Flag | None) -> list[_SourceRead]:
    """The sources a ``COPY --from`` (``mount`` None) or a ``--mount=…,from=`` reads."""
    state = state_of(instruction)
    if mount is None:
        sources = [text for text, _ in copy_words(instruction.document, instruction) or []][:-1]
    else:
        sources = [mount.mount_get("source") or "/"]
    found = []
    for source in sources:
        source = state.expand(source) if state is not None else source
        found.append(_SourceRead(posixpath.normpath("/" + source.lstrip("/"))))
    return found


def _read_from_stages(document: Dockerfile, stage: int, path: str) -> bool:
    """Whether another stage copies or mounts ``path`` (or a directory above it)
    from ``stage`` or a stage built on it."""
    return bool(stage_reads(document, "copied-sources", _sources_read).refs_holding(document, stage, path))


def _from_references(document: Dockerfile) -> list[tuple[int, str]]:
    """(stage index, absolute source) of every ``COPY --from=<stage>`` and ``--mount=…,from=<stage>``."""
    reads = stage_reads(document, "copied-sources", _sources_read)
    return [(stage, read.source) for stage, read in zip(reads.read_from, reads.reads)]
