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
from functools import lru_cache

from dockerls.rules.apt.calls import AptCall, apt_calls
from dockerls.rules.apt.cleanup import CACHE_DIR, LISTS_DIR, STATE_DIR, Cleanup, apt_cleanups, rm_index, within
from dockerls.rules.mounts import mount_target
from dockerls.syntax import Dockerfile, Flag, Instruction, ShellScript

DOCKER_CLEAN = "/etc/apt/apt.conf.d/docker-clean"
_DOCKER_CLEAN_IN_TEXT = re.compile(r"\brm\b[^;&|\n]*?/etc/apt/apt\.conf\.d/docker-clean\b")
_KEEP_PACKAGES = re.compile(r"Keep-Downloaded-Packages[\s\"'\\]*(?:true|yes|on|1)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RunFacts:
    instruction: Instruction
    calls: tuple[AptCall, ...]
    cleanups: tuple[Cleanup, ...]

    @property
    def script(self) -> ShellScript | None:
        return self.instruction.shell

    @property
    def parsed_cleanly(self) -> bool:
        script = self.script
        return script is not None and not script.has_error

    @property
    def writes_cache(self) -> bool:
        """Runs apt commands that fill /var/cache/apt, none of them download-only."""
        return any(call.writes_cache for call in self.calls) and not any(call.download_only for call in self.calls)

    @property
    def installs(self) -> bool:
        return any(call.installs for call in self.calls)

    @property
    def runs_update(self) -> bool:
        return any(call.is_update for call in self.calls)

    @property
    def updates_first(self) -> bool:
        """An unconditional update comes before every other command that reads the lists."""
        for call in self.calls:
            if call.is_update and call.unconditional:
                return True
            if call.needs_lists:
                return False
        return False

    @property
    def needs_inherited_lists(self) -> bool:
        """Reads package lists without writing its own."""
        return not self.runs_update and any(call.needs_lists for call in self.calls)

    @property
    def uses_marks(self) -> bool:
        return any(call.uses_marks for call in self.calls)

    @property
    def uses_apt_binary(self) -> bool:
        return any(call.tool == "apt" and call.writes_cache for call in self.calls)


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
    later_uses_marks: dict[int, bool] = field(default_factory=dict)
    _item_positions: dict[int, int] = field(default_factory=dict)

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


@lru_cache(maxsize=8)
def document_facts(document: Dockerfile) -> DocumentFacts:
    facts = DocumentFacts(document)
    for instruction in document.instructions:
        if instruction.keyword == "RUN" and instruction.stage >= 0:
            script = instruction.shell
            facts.runs[instruction.index] = RunFacts(instruction, tuple(apt_calls(script)), tuple(apt_cleanups(script)))
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
    text = document_text[instruction.span.start : instruction.span.end]
    removed = state.docker_clean_removed or (run is not None and _removes_docker_clean(run, document_text))
    keep = state.keep_packages_set or (
        instruction.keyword in ("RUN", "COPY", "ADD") and "/etc/apt/apt.conf" in text and bool(_KEEP_PACKAGES.search(text))
    )
    lists = state.lists_in_image if run is None else _lists_after(state.lists_in_image, run)
    first = state.first_cache_writer
    if first is None and run is not None and run.writes_cache:
        first = instruction
    return _ChainState(lists, removed, keep, first)


def _removes_docker_clean(run: RunFacts, document_text: str) -> bool:
    script = run.script
    for command in script.commands if script is not None else ():
        start = rm_index(command)
        if start is not None and any(fnmatch.fnmatchcase(DOCKER_CLEAN, word.text) for word in command.argv[start + 1 :]):
            return True
    # `sh -c '…'`, exec form and other text the shell model does not split.
    return bool(_DOCKER_CLEAN_IN_TEXT.search(run.instruction.args)) or any(
        _DOCKER_CLEAN_IN_TEXT.search(heredoc.body(document_text)) for heredoc in run.instruction.heredocs
    )


def _lists_after(present: bool, run: RunFacts) -> bool:
    """Lists in the image after ``run``: an update writes them, a list cleanup deletes them."""
    if covering_mounts(run.instruction, LISTS_DIR):
        return present  # the RUN sees a cache mount there; the image keeps what it had
    events = [(call.command.span.start, True) for call in run.calls if call.is_update]
    events += [(cleanup.command.span.start, False) for cleanup in run.cleanups if cleanup.touches_lists]
    for _, writes in sorted(events):
        present = writes
    return present


def _look_ahead(facts: DocumentFacts) -> None:
    """For each RUN: does a later RUN of its stage, or of a stage built on it,
    read inherited lists or use auto-install marks?"""
    document = facts.document

    def stage_flags(stage_index: int) -> tuple[bool, bool]:
        runs = [facts.run(i) for i in document.stages[stage_index].instructions]
        runs = [run for run in runs if run is not None]
        return any(run.needs_inherited_lists for run in runs), any(run.uses_marks for run in runs)

    own = {stage.index: stage_flags(stage.index) for stage in document.stages}
    for stage in document.stages:
        descendants = document.descendants(stage.index)
        needs = any(own[child.index][0] for child in descendants)
        marks = any(own[child.index][1] for child in descendants)
        for instruction in reversed(stage.instructions):
            facts.later_needs_lists[instruction.index] = needs
            facts.later_uses_marks[instruction.index] = marks
            run = facts.run(instruction)
            if run is not None:
                needs = needs or run.needs_inherited_lists
                marks = marks or run.uses_marks


def covering_mounts(instruction: Instruction, directory: str) -> list[Flag]:
    """Mounts (any type) at ``directory``, below it, or above it: adding a
    mount there would duplicate or shadow them."""
    found = []
    for flag in instruction.mounts:
        target = mount_target(flag, instruction)
        if target is None or within(target, directory) or within(directory, target):
            found.append(flag)  # an unknown target might be anything
    return found


def cache_mount_targets(instruction: Instruction) -> list[str]:
    """Resolved targets of the RUN's cache mounts."""
    targets = []
    for flag in instruction.mounts:
        if flag.mount_type == "cache":
            target = mount_target(flag, instruction)
            if target is not None:
                targets.append(target)
    return targets


def wipes_cache(cleanup: Cleanup, targets: list[str]) -> bool:
    """Every path the cleanup deletes lies inside one of the cache mounts."""
    return all(any(within(path, target) for target in targets) for path in cleanup.paths)


def is_apt_cache_target(target: str) -> bool:
    return within(target, CACHE_DIR) or within(target, STATE_DIR)
