"""Stages, and the build state (WORKDIR, USER, SHELL, ENV, ARG) in effect at each instruction."""

from __future__ import annotations

import posixpath
from functools import lru_cache
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from dockerls.syntax.expand import expand, expand_known
from dockerls.syntax.model import Stage, SyntaxIssue

if TYPE_CHECKING:
    from dockerls.syntax.model import Dockerfile, Instruction

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


def split_words(text: str) -> list[str]:
    """Shell-like words with quotes removed (for ENV, ARG, FROM, USER)."""
    words: list[str] = []
    current: list[str] = []
    in_word = False
    quote = ""
    index = 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == quote:
                quote = ""
            elif char == "\\" and quote == '"' and index + 1 < len(text) and text[index + 1] in '"\\$':
                index += 1
                current.append(text[index])
            else:
                current.append(char)
        elif char in "\"'":
            quote = char
            in_word = True
        elif char == "\\" and index + 1 < len(text):
            index += 1
            current.append(text[index])
            in_word = True
        elif char in " \t\r\n":
            if in_word:
                words.append("".join(current))
                current, in_word = [], False
        else:
            current.append(char)
            in_word = True
        index += 1
    if in_word:
        words.append("".join(current))
    return words


@lru_cache(maxsize=4096)
def parse_assignments(args: str, *, legacy_allowed: bool) -> tuple[tuple[str, str | None], ...]:
    """``KEY=value`` pairs of ENV/ARG/LABEL; ``ENV KEY value`` legacy form too."""
    return tuple(_assignments(args, legacy_allowed))


def _assignments(args: str, legacy_allowed: bool) -> list[tuple[str, str | None]]:
    words = split_words(args)
    if not words:
        return []
    if legacy_allowed and "=" not in words[0]:
        first, _, rest = args.strip().partition(" ")
        if not rest.strip():
            return [(first, None)]
        return [(first, " ".join(split_words(rest)))]
    pairs: list[tuple[str, str | None]] = []
    for word in words:
        key, equals, value = word.partition("=")
        pairs.append((key, value if equals else None))
    return pairs


# The instructions whose state after differs from the state before (see _apply).
_STATEFUL = frozenset({"ENV", "ARG", "WORKDIR", "USER", "SHELL"})


def resolve_stages(document: "Dockerfile") -> None:
    """Fill in ``document.stages`` and every instruction's index, document, stage and state.

    Each instruction's layout (shared by the versions of a document that reuse
    it) remembers the state it was last applied to and the state that gave;
    applied to the same state again, the remembered one is taken instead of a
    new, equal one. After an edit, states are thus computed again only from
    the edit to the end of its stage (and in stages built on it, if the edit
    changed their starting state); everywhere else this is one pass of
    identity checks.
    """
    stages: list[Stage] = []
    final_states: list[BuildState] = []  # each stage's state after its last instruction so far
    global_args: dict[str, str | None] = {}
    global_state = BuildState()
    state = global_state
    stage_instructions: list | None = None
    stage_index = -1
    for number, instruction in enumerate(document.instructions):
        instruction.index = number
        instruction._document = document
        layout = instruction._layout
        keyword = layout.keyword
        if keyword == "FROM":
            if stage_instructions is not None:
                final_states.append(state)
            state = _enter_stage(document, instruction, stages, global_args, final_states)
            stage_instructions = stages[-1].instructions
            stage_index = len(stages) - 1
            instruction.state = state
            continue
        if stage_instructions is None:
            if keyword == "ARG":
                for name, value in parse_assignments(layout.args, legacy_allowed=False):
                    global_args[name] = None if value is None else expand(value, global_args.get)
            elif keyword not in ("", "#"):
                document.issues.append(
                    SyntaxIssue("SYN008", f"{keyword} before the first FROM", instruction.keyword_span)
                )
            instruction.stage = -1
            instruction.state = global_state
            continue
        instruction.stage = stage_index
        stage_instructions.append(instruction)
        instruction.state = state
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
    document.stages = tuple(stages)
    document.global_args = global_args


def _declares_values(args: str) -> bool:
    """Whether an ARG gives every variable a value (a bare one takes the global default)."""
    return all(value is not None for _, value in parse_assignments(args, legacy_allowed=False))


@lru_cache(maxsize=1024)
def _from_words(args: str) -> tuple[str, ...]:
    return tuple(split_words(args))


def _enter_stage(document, instruction: "Instruction", stages: list[Stage], global_args, final_states) -> BuildState:
    words = _from_words(instruction.args)
    image = expand(words[0], global_args.get) if words else ""
    name = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else None
    stage_names = document.memo(("syntax", "stage-names"), dict)
    parent = stage_names.get(image.lower())
    stage = Stage(index=len(stages), name=name, base=image, parent=parent, from_instruction=instruction)
    instruction.stage = stage.index
    stages.append(stage)
    if name is not None:
        stage_names[name] = stage.index
    # A stage built on another inherits its image config: ENV, WORKDIR, USER, SHELL.
    inherited = None if parent is None else final_states[parent]
    layout = instruction._layout
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
