"""What the apt rules need to know about a RUN and the layers around it.

Computed once per document (every apt rule asks) by walking the stages in
order, each stage starting from the state its parent stage ended in:
whether package lists are in the image, whether docker-clean has been
removed, and which RUN is the first of its stage chain to write apt's caches.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field

from dockerls.rules.apt.calls import AptCall
from dockerls.rules.apt.cleanup import CACHE_DIR, LISTS_DIR, STATE_DIR, Cleanup, calls_and_cleanups, rm_index, within
from dockerls.analysis.caches import mount_target, mounted_over
from dockerls.syntax import Dockerfile, Flag, Instruction, ShellScript
from dockerls.syntax.shell import shell_of

DOCKER_CLEAN = "/etc/apt/apt.conf.d/docker-clean"
_DOCKER_CLEAN_IN_TEXT = re.compile(r"\brm\b[^;&|\n]*?/etc/apt/apt\.conf\.d/docker-clean\b")
_KEEP_PACKAGES = re.compile(r"Keep-Downloaded-Packages[\s\"'\\]*(?:true|yes|on|1)\b", re.IGNORECASE)


# Not frozen (but hashed like a frozen one): built for every RUN of the file, and a
# frozen dataclass is several times slower to build. Treat it as immutable.
@dataclass(slots=True, unsafe_hash=True)
class RunFacts:
    """One RUN's apt calls and cleanups, and what they add up to (derived once:
    every apt rule asks, for every RUN)."""

    instruction: Instruction
    calls: tuple[AptCall, ...]
    cleanups: tuple[Cleanup, ...]
    # Runs apt commands that fill /var/cache/apt, none of them download-only.
    writes_cache: bool = field(init=False)
    installs: bool = field(init=False)
    runs_update: bool = field(init=False)
    updates_first: bool = field(init=False)  # see _updates_first
    # Reads package lists without writing its own.
    needs_inherited_lists: bool = field(init=False)
    uses_apt_binary: bool = field(init=False)

    def __post_init__(self) -> None:
        calls = self.calls
        if not calls:  # most RUNs
            self.writes_cache = self.installs = self.runs_update = self.updates_first = False
            self.needs_inherited_lists = self.uses_apt_binary = False
            return
        self.writes_cache = any(call.writes_cache for call in calls) and not any(call.download_only for call in calls)
        self.installs = any(call.installs for call in calls)
        self.runs_update = any(call.is_update for call in calls)
        self.updates_first = _updates_first(calls)
        self.needs_inherited_lists = not self.runs_update and any(call.needs_lists for call in calls)
        self.uses_apt_binary = any(call.tool == "apt" and call.writes_cache for call in calls)

    @property
    def script(self) -> ShellScript | None:
        return shell_of(self.instruction)

    @property
    def parsed_cleanly(self) -> bool:
        script = self.script
        return script is not None and not script.has_error


def _updates_first(calls: tuple[AptCall, ...]) -> bool:
    """An unconditional update comes before every other command that reads the lists."""
    for call in calls:
        if call.is_update and call.unconditional:
            return True
        if call.needs_lists:
            return False
    return False


@dataclass(frozen=True, slots=True)
class _ChainState:
    lists_in_image: bool = False
    docker_clean_removed: bool = False
    keep_packages_set: bool = False
    first_cache_writer: Instruction | None = None


@dataclass
class DocumentFacts:
    document: Dockerfile
    runs: dict[int, RunFacts] = field(default_factory=dict)  # by instruction index
    before: dict[int, _ChainState] = field(default_factory=dict)
    later_needs_lists: dict[int, bool] = field(default_factory=dict)
    children: dict[int, list[int]] = field(default_factory=dict)  # stage → stages built FROM it, in order
    _item_positions: dict[int, int] = field(default_factory=dict)
    by_site: dict[tuple, object] = field(default_factory=dict)  # what the rules derive once per docker-clean site

    def subtree(self, stage: int) -> list[int]:
        """The stage and every stage built on it, directly or not, in document order
        (``document.descendants`` without rescanning every stage on each call)."""
        found = [stage]
        position = 0
        while position < len(found):
            found.extend(self.children.get(found[position], ()))
            position += 1
        found[1:] = sorted(found[1:])
        return found

    def item_position(self, instruction: Instruction) -> int:
        """The index of ``instruction`` in ``document.items``."""
        if not self._item_positions:
            self._item_positions.update((id(item), index) for index, item in enumerate(self.document.items))
        return self._item_positions[id(instruction)]

    def run(self, instruction: Instruction) -> RunFacts | None:
        return self.runs.get(instruction.index)

    def lists_in_image(self, instruction: Instruction) -> bool:
        """Whether an earlier layer of the stage chain left package lists in the image."""
        return self.before[instruction.index].lists_in_image

    def docker_clean_neutralised(self, instruction: Instruction) -> bool:
        """docker-clean is gone before ``instruction`` (and, when it runs the
        ``apt`` binary, Keep-Downloaded-Packages is set: apt deletes downloads otherwise)."""
        state = self.before[instruction.index]
        if not state.docker_clean_removed:
            return False
        facts = self.run(instruction)
        return state.keep_packages_set or facts is None or not facts.uses_apt_binary

    def docker_clean_site(self, instruction: Instruction) -> Instruction:
        """Where the docker-clean RUN goes: before the first RUN of the stage chain that writes apt's caches."""
        return self.before[instruction.index].first_cache_writer or instruction


def document_facts(document: Dockerfile) -> DocumentFacts:
    return document.memo(("apt", "facts"), lambda: _facts(document))


def _facts(document: Dockerfile) -> DocumentFacts:
    facts = DocumentFacts(document)
    for instruction in document.instructions:
        if instruction.keyword == "RUN" and instruction.stage >= 0:
            calls, cleanups = calls_and_cleanups(instruction)
            facts.runs[instruction.index] = RunFacts(instruction, tuple(calls), tuple(cleanups))
    for stage in document.stages:
        if stage.parent is not None:
            facts.children.setdefault(stage.parent, []).append(stage.index)
    _walk_chains(facts)
    _look_ahead(facts)
    return facts


def _walk_chains(facts: DocumentFacts) -> None:
    document = facts.document
    end_states: dict[int, _ChainState] = {}
    for stage in document.stages:
        state = end_states.get(stage.parent, _ChainState()) if stage.parent is not None else _ChainState()
        for instruction in stage.instructions:
            facts.before[instruction.index] = state
            state = _after(state, document.text, instruction, facts.run(instruction))
        end_states[stage.index] = state
    for instruction in document.instructions:
        facts.before.setdefault(instruction.index, _ChainState())


def _after(state: _ChainState, document_text: str, instruction: Instruction, run: RunFacts | None) -> _ChainState:
    if instruction.keyword not in ("RUN", "COPY", "ADD"):
        return state  # nothing else removes docker-clean, configures apt or writes lists
    start, end = instruction.span  # searched in place: slicing out every instruction costs more
    removed = state.docker_clean_removed or (run is not None and _removes_docker_clean(run, document_text))
    keep = state.keep_packages_set or (
        document_text.find("/etc/apt/apt.conf", start, end) != -1 and bool(_KEEP_PACKAGES.search(document_text, start, end))
    )
    lists = state.lists_in_image if run is None else _lists_after(state.lists_in_image, run)
    first = state.first_cache_writer
    if first is None and run is not None and run.writes_cache:
        first = instruction
    after = _ChainState(lists, removed, keep, first)
    return state if after == state else after  # most instructions change nothing: share one state


def _removes_docker_clean(run: RunFacts, document_text: str) -> bool:
    script = run.script
    for command in script.commands if script is not None else ():
        start = rm_index(command)
        if start is not None and any(_names_docker_clean(word.text) for word in command.argv[start + 1 :]):
            return True
    # `sh -c '…'`, exec form and other text the shell model does not split.
    return bool(_DOCKER_CLEAN_IN_TEXT.search(run.instruction.args)) or any(
        _DOCKER_CLEAN_IN_TEXT.search(heredoc.body(document_text)) for heredoc in run.instruction.heredocs
    )


def _names_docker_clean(pattern: str) -> bool:
    # fnmatch compiles (and caches) a regex per distinct pattern: only globs need one.
    if not any(char in pattern for char in "*?["):
        return pattern == DOCKER_CLEAN
    return fnmatch.fnmatchcase(DOCKER_CLEAN, pattern)


def _lists_after(present: bool, run: RunFacts) -> bool:
    """Lists in the image after ``run``: an update writes them, a list cleanup deletes them."""
    if mounted_over(run.instruction, LISTS_DIR):
        return present  # the RUN sees a mount there; the image keeps what it had
    events = [(call.command.span.start, True) for call in run.calls if call.is_update]
    events += [(cleanup.command.span.start, False) for cleanup in run.cleanups if cleanup.touches_lists]
    for _, writes in sorted(events):
        present = writes
    return present


def _look_ahead(facts: DocumentFacts) -> None:
    """For each RUN: does a later RUN of its stage, or of a stage built on it,
    read inherited lists?"""
    # A stage comes after the stage it is built on: walking the file backwards, the
    # stages built on a stage have been walked when it is reached.
    from_here: dict[int, bool] = {}  # the stage's RUNs and every later one they reach
    for stage in reversed(facts.document.stages):
        needs = any(from_here[child] for child in facts.children.get(stage.index, ()))
        for instruction in reversed(stage.instructions):
            facts.later_needs_lists[instruction.index] = needs
            run = facts.run(instruction)
            if run is not None:
                needs = needs or run.needs_inherited_lists
        from_here[stage.index] = needs





def wipes_cache(cleanup: Cleanup, targets: list[str]) -> bool:
    """Every path the cleanup deletes lies inside one of the cache mounts."""
    return all(any(within(path, target) for target in targets) for path in cleanup.paths)


def is_apt_cache_target(target: str) -> bool:
    return within(target, CACHE_DIR) or within(target, STATE_DIR)
