"""The build state (WORKDIR, USER, SHELL, ENV, ARG) in effect at each instruction: an analysis
attached to the syntax tree (``state_of(instruction)``), computed once per document."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, replace

from dockerls.syntax.expand import expand, expand_known
from dockerls.syntax.model import Dockerfile, Instruction, Layout, Stage
from dockerls.syntax.words import parse_assignments

DEFAULT_SHELL = ("/bin/sh", "-c")


@dataclass(frozen=True, slots=True)
class BuildState:
    """What a RUN sees. ``user`` is None while the Dockerfile has not set one
    (the base image's user, root for the images dockerls reasons about)."""

    workdir: str = "/"
    workdir_known: bool = True
    user: str | None = None
    shell: tuple[str, ...] = DEFAULT_SHELL
    env: dict[str, str] = field(default_factory=dict)
    args: dict[str, str | None] = field(default_factory=dict)

    def lookup(self, name: str) -> str | None:
        """A variable's value as BuildKit expands it: ENV wins over ARG."""
        if name in self.env:
            return self.env[name]
        return self.args.get(name)

    def expand(self, text: str) -> str:
        return expand(text, self.lookup)

    def expand_known(self, text: str) -> str | None:
        return expand_known(text, self.lookup)

    def resolve_path(self, path: str) -> str:
        """``path`` as an absolute path, relative ones taken from WORKDIR."""
        return posixpath.normpath(posixpath.join(self.workdir, path))

    @property
    def is_root(self) -> bool:
        user = (self.user or "root").split(":", 1)[0]
        return user in ("root", "0")


# The instructions whose state after differs from the state before (see _apply).
_STATEFUL = frozenset({"ENV", "ARG", "WORKDIR", "USER", "SHELL"})


def state_of(instruction: Instruction) -> BuildState:
    """The build state in effect at ``instruction`` (at a FROM: the stage's starting state)."""
    document = instruction.document
    if document is None:
        raise ValueError(f"{instruction!r} belongs to no document: its build state is unknown")
    return document.analysis(build_states)[instruction.index]


def build_states(document: Dockerfile) -> tuple[BuildState, ...]:
    """The state in effect at each instruction, by index.

    Each instruction's layout (shared by the versions of a document that reuse
    it) remembers the state it was last applied to and the state that gave;
    applied to the same state again, the remembered one is taken instead of a
    new, equal one. After an edit, states are thus computed again only from
    the edit to the end of its stage (and in stages built on it, if the edit
    changed their starting state); everywhere else this is one pass of
    identity checks.
    """
    states: list[BuildState] = []
    final_states: list[BuildState] = []  # each stage's state after its last instruction so far
    global_args = document.global_args
    global_state = BuildState()
    state = global_state
    in_stage = False
    for instruction in document.instructions:
        layout = instruction._layout
        keyword = layout.keyword
        if keyword == "FROM":
            if in_stage:
                final_states.append(state)
            in_stage = True
            state = _enter_stage(document.stages[instruction.stage], final_states, layout)
            states.append(state)
            continue
        states.append(state)
        if not in_stage:
            continue
        if keyword in _STATEFUL:
            applied = layout.applied
            if applied is not None and applied[0] is state and (keyword != "ARG" or _declares_values(layout.args)):
                state = applied[1]
            else:
                after = _apply(state, instruction, global_args)
                if applied is not None and applied[1] == after:
                    after = applied[1]  # the same object as before, so that later checks hold by identity
                layout.applied = (state, after)
                state = after
    return tuple(states)


def _declares_values(args: str) -> bool:
    """Whether an ARG gives every variable a value (a bare one takes the global default)."""
    return all(value is not None for _, value in parse_assignments(args, legacy_allowed=False))


def _enter_stage(stage: Stage, final_states: list[BuildState], layout: Layout) -> BuildState:
    # A stage built on another inherits its image config: ENV, WORKDIR, USER, SHELL.
    inherited = None if stage.parent is None else final_states[stage.parent]
    applied = layout.applied
    if applied is not None and applied[0] is inherited:
        return applied[1]
    entry = BuildState() if inherited is None else replace(inherited, args={})
    if applied is not None and applied[1] == entry:
        entry = applied[1]
    layout.applied = (inherited, entry)
    return entry


def _apply(state: BuildState, instruction: "Instruction", global_args) -> BuildState:
    """The state after ``instruction``."""
    keyword = instruction.keyword
    if keyword == "ENV":
        env = dict(state.env)
        for name, value in parse_assignments(instruction.args, legacy_allowed=True):
            env[name] = state.expand(value or "")
        return replace(state, env=env)
    if keyword == "ARG":
        args = dict(state.args)
        for name, value in parse_assignments(instruction.args, legacy_allowed=False):
            if value is not None:
                args[name] = state.expand(value)
            else:
                # A bare ARG re-declares a global one, with its default.
                args[name] = global_args.get(name)
        return replace(state, args=args)
    if keyword == "WORKDIR":
        target = state.expand_known(instruction.args.strip())
        if target is None:
            return replace(state, workdir_known=False)
        target = target.strip("\"'") or "/"
        return replace(state, workdir=state.resolve_path(target), workdir_known=state.workdir_known or target.startswith("/"))
    if keyword == "USER":
        raw = instruction.args.strip()
        # A user named by a variable the file never sets is unknown, not root:
        # keep the text so that nothing treats the RUN as root.
        known = state.expand_known(raw)
        return replace(state, user=(known if known is not None else raw) or None)
    if keyword == "SHELL" and instruction.exec_args:
        return replace(state, shell=instruction.exec_args)
    return state
