"""Which dedicated COPY put a file in the image before an instruction.

Walking back along the stage chain, the first instruction that is a RUN
naming the file (it may have written it), a COPY that cannot be read (it may
have too) or a COPY that may put something at the path decides. Three ways
find that instruction, each exact, the cheapest first:

- ``_nearby``: the nearest instructions, one by one (the COPY is usually a
  line or two up);
- ``_along_the_copies``: the COPYs filed under the path, nearest first,
  skipping those of stages off the chain (quick when stages are built on
  each other, slow when many stages stand side by side);
- ``_stage_by_stage``: up the chain a stage at a time, remembering what each
  stage says from its end, per path (quick side by side, slow up a long
  chain of stages for paths no COPY brings).

Each of the first two gives up after a bounded amount of work, so a question
never costs more than a constant plus the cheapest way's work.
"""

from __future__ import annotations

import posixpath
from bisect import bisect_left

from dockerls.core.buildcontext import BuildContext
from dockerls.analysis.candidates import SegmentedText, between, merged
from dockerls.analysis.copy_sources import CopiedFile, copy_index, provision_in, read_copy
from dockerls.analysis.memo import remembered
from dockerls.analysis.reads import commands_of
from dockerls.analysis.stages import stage_range, stage_tree
from dockerls.syntax import Dockerfile, Instruction

NEARBY = 16  # instructions (and stages) `_nearby` looks at: the COPY is usually a line or two up
OFF_CHAIN = 64  # instructions of other stages `_along_the_copies` passes over

_UNDECIDED = object()


def provider(document: Dockerfile, instruction: Instruction, path: str, context: BuildContext | None) -> CopiedFile | None:
    """The dedicated COPY that put ``path`` in the image before ``instruction``, if that is what happened."""
    stage = instruction.stage
    if not 0 <= stage < len(document.stages):
        return None
    # A FROM is not among its stage's instructions: the whole stage counts as before it.
    end = stage_range(document, stage)[1] if instruction.keyword == "FROM" else instruction.index
    answer = _nearby(document, stage, end, path, context)
    if answer is _UNDECIDED:
        answer = _along_the_copies(document, stage, end, path, context)
    if answer is _UNDECIDED:
        answer = _stage_by_stage(document, stage, end, path, context)
    return answer  # type: ignore[return-value]


def _decides(document: Dockerfile, earlier: Instruction, path: str, name: str, context: BuildContext | None):
    """What ``earlier`` says about the file at ``path``: the COPY that brought it,
    None when it may have written it, ``_UNDECIDED`` when it has nothing to do with it."""
    if earlier.keyword == "RUN":
        if _names(earlier, name):
            return None  # it may write the file
        return _UNDECIDED
    if earlier.keyword not in ("COPY", "ADD"):
        return _UNDECIDED
    copy = read_copy(document, earlier)
    if copy is None:
        return None  # a heredoc or an unknown variable: it may write the file
    found = provision_in(document, copy, path, context)
    if found is None:
        return _UNDECIDED
    kind, source, context_path = found
    if kind != "file" or not copy.plain or source is None or context_path is None:
        return None
    return CopiedFile(copy, source, context_path, path)


def _names(run: Instruction, name: str) -> bool:
    return any(name in word.text for command in commands_of(run) for word in command.argv)


# --- the nearest instructions, one by one -------------------------------------------------


def _nearby(document: Dockerfile, stage: int, end: int, path: str, context: BuildContext | None):
    """The answer of the nearest ``NEARBY`` instructions (and stages) of the chain
    before ``end``; ``_UNDECIDED`` when none of them decides."""
    name = posixpath.basename(path)
    looked_at = 0
    current, current_end = stage, end
    while True:
        start = stage_range(document, current)[0]
        for position in range(current_end - 1, start - 1, -1):
            if looked_at == NEARBY:
                return _UNDECIDED
            looked_at += 1
            answer = _decides(document, document.instructions[position], path, name, context)
            if answer is not _UNDECIDED:
                return answer
        parent = document.stages[current].parent
        if parent is None or not 0 <= parent < current:
            return None
        if looked_at == NEARBY:  # a stage counts too: a chain of empty stages is no shortcut
            return _UNDECIDED
        looked_at += 1
        current, current_end = parent, stage_range(document, parent)[1]


# --- the COPYs filed under the path -------------------------------------------------------


def _along_the_copies(document: Dockerfile, stage: int, end: int, path: str, context: BuildContext | None):
    """The answer from the COPYs that may have put something at ``path``, nearest
    first; ``_UNDECIDED`` after passing over ``OFF_CHAIN`` instructions of other stages."""
    name = posixpath.basename(path)
    tree = stage_tree(document)
    passed = 0
    high = end
    for position in _copies_before(document, path, end, context):
        earlier = document.instructions[position]
        if not tree.in_chain(earlier.stage, stage):
            passed += 1
            if passed > OFF_CHAIN:
                return _UNDECIDED
            continue
        # A RUN of the chain between this COPY and the instruction may have written the file.
        for run in _runs_naming(document, name, position + 1, high):
            if not tree.in_chain(run.stage, stage):
                passed += 1
                if passed > OFF_CHAIN:
                    return _UNDECIDED
                continue
            return None
        answer = _decides(document, earlier, path, name, context)
        if answer is not _UNDECIDED:
            return answer
        high = position
    return None  # no COPY of the chain could have brought it


def _copies_before(document: Dockerfile, path: str, end: int, context: BuildContext | None):
    """The COPYs with an index below ``end`` that cannot be read or may put something at ``path``, nearest first."""
    copies = copy_index(document, context)
    return merged(
        [
            between(copies.unreadable, 0, end, descending=True),
            *(between(positions, 0, end, descending=True) for positions in copies.provides.lists_for(path)),
        ],
        descending=True,
    )


def _runs_naming(document: Dockerfile, name: str, low: int, high: int):
    """The RUNs with an index in ``[low, high)`` that have a word containing ``name``, nearest ``high`` first."""
    for position in _run_words(document).owners_containing(name, low, high, descending=True):
        run = document.instructions[position]
        if _names(run, name):
            yield run


def _run_words(document: Dockerfile) -> SegmentedText:
    """The words of every RUN in a stage, as written: which RUNs name a file."""

    def build() -> SegmentedText:
        return SegmentedText(
            (run.index, [word.text for command in commands_of(run) for word in command.argv])
            for run in document.instructions
            if run.keyword == "RUN" and run.stage >= 0
        )

    return remembered(document, "run-words", build)


# --- stage by stage -------------------------------------------------------------------------


def _stage_by_stage(document: Dockerfile, stage: int, end: int, path: str, context: BuildContext | None) -> CopiedFile | None:
    """The answer of the instructions of ``stage`` before ``end``, then of the stages it is built on."""
    name = posixpath.basename(path)
    copies = copy_index(document, context)
    if not any(bisect_left(positions, end) for positions in [copies.unreadable, *copies.provides.lists_for(path)]):
        return None  # no COPY before it could have brought the file, whatever the RUNs say
    from_end = remembered(document, ("provided-from-stage-end", context), dict)  # (stage, path) → answer
    undecided: list[tuple[int, int, bool]] = []  # stages that decided nothing, nearest first
    current, current_end, whole = stage, end, False
    while True:
        if whole and (current, path) in from_end:
            answer = from_end[(current, path)]
            break
        start = stage_range(document, current)[0]
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
        current, current_end, whole = parent, stage_range(document, parent)[1], True
    # Nearest last: a RUN naming the file in a stage that decided nothing hides what its parents say.
    for undecided_stage, unsearched_end, stage_whole in reversed(undecided):
        start = stage_range(document, undecided_stage)[0]
        if answer is not None and next(_runs_naming(document, name, start, unsearched_end), None) is not None:
            answer = None
        if stage_whole:
            from_end[(undecided_stage, path)] = answer
    return answer


def _in_stage(document: Dockerfile, start: int, end: int, path: str, name: str, context: BuildContext | None):
    """The answer of the instructions in ``[start, end)`` (one stage), nearest
    first; or ``_UNDECIDED`` and the end of the part no COPY decided, where a RUN
    naming the file would still hide what earlier stages say."""
    for position in _copies_before(document, path, end, context):
        if position < start:
            break
        if next(_runs_naming(document, name, position + 1, end), None) is not None:
            return None, end  # it may write the file
        answer = _decides(document, document.instructions[position], path, name, context)
        if answer is not _UNDECIDED:
            return answer, end
        end = position
    return _UNDECIDED, end

