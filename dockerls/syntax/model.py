"""The lossless Dockerfile model.

Every node carries exact spans: ``(start, end)`` code-point offsets into the
document text, half-open. The top-level items of a :class:`Dockerfile` tile
the text (their ``extent`` spans are contiguous and cover it), so nothing is
ever lost and ``text[node.start:node.end]`` is always the node's source.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator, NamedTuple

if TYPE_CHECKING:
    from dockerls.syntax.lines import LineIndex
    from dockerls.syntax.shell import ShellScript
    from dockerls.syntax.state import BuildState


class Span(NamedTuple):
    start: int
    end: int

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(slots=True)
class SyntaxIssue:
    """Broken or unsupported text; reported as a ``SYN`` finding."""

    code: str
    message: str
    span: Span


@dataclass(slots=True)
class Directive:
    """A parser directive (``# syntax=``, ``# escape=``, ``# check=``) that BuildKit honours."""

    name: str
    value: str
    span: Span
    value_span: Span
    extent: Span


@dataclass(slots=True)
class Trivia:
    """A comment line or a blank line between instructions."""

    kind: str  # "comment" | "blank"
    span: Span
    extent: Span


@dataclass(slots=True)
class MountOption:
    key: str
    value: str | None
    span: Span
    key_span: Span
    value_span: Span | None


_MOUNT_ALIASES = {
    "dst": "target",
    "destination": "target",
    "src": "source",
    "readonly": "ro",
    "readwrite": "rw",
}


@dataclass(slots=True)
class Flag:
    """``--name[=value]`` before an instruction's arguments."""

    name: str
    value: str | None
    span: Span
    name_span: Span
    value_span: Span | None
    mount_options: tuple[MountOption, ...] = ()

    def mount_get(self, key: str) -> str | None:
        """The value of a ``--mount`` option, with BuildKit's aliases folded."""
        for option in self.mount_options:
            if _MOUNT_ALIASES.get(option.key.lower(), option.key.lower()) == key:
                return option.value if option.value is not None else ""
        return None

    @property
    def mount_type(self) -> str:
        return (self.mount_get("type") or "bind").lower()


@dataclass(slots=True)
class Heredoc:
    """``<<[-]NAME`` on an instruction and the body lines that follow it."""

    name: str
    strip_tabs: bool
    quoted: bool
    marker_span: Span
    body_span: Span
    terminator_span: Span | None  # None when the file ends first

    def body(self, text: str) -> str:
        return text[self.body_span.start : self.body_span.end]


@dataclass(slots=True, eq=False)
class Instruction:
    """One instruction: its keyword, flags, arguments and heredocs.

    ``args`` is the logical argument text BuildKit sees: line continuations and
    comment lines removed. ``args_map`` maps an offset in ``args`` back to the
    source.
    """

    keyword: str
    keyword_span: Span
    span: Span  # keyword through the last heredoc terminator, no final line break
    extent: Span  # whole lines, with the final line break
    flags: tuple[Flag, ...]
    args: str
    args_span: Span  # source span of the arguments (after the flags)
    args_map: "SourceMap"
    is_exec_form: bool
    exec_args: tuple[str, ...] | None
    heredocs: tuple[Heredoc, ...]
    inner_comments: tuple[Span, ...]
    line_start: int
    index: int = -1
    stage: int = -1
    state: "BuildState | None" = None
    _document: "Dockerfile | None" = field(default=None, repr=False)
    _shell: object = field(default=None, repr=False)
    _mounts: "tuple[Flag, ...] | None" = field(default=None, repr=False)
    syntax_issues: tuple[SyntaxIssue, ...] = ()  # what the parser found wrong in this instruction

    def flag(self, name: str) -> Flag | None:
        for flag in self.flags:
            if flag.name == name:
                return flag
        return None

    def flags_named(self, name: str) -> Iterator[Flag]:
        return (flag for flag in self.flags if flag.name == name)

    @property
    def mounts(self) -> tuple[Flag, ...]:
        if self._mounts is None:
            self._mounts = tuple(flag for flag in self.flags if flag.name == "mount")
        return self._mounts

    @property
    def shell(self) -> "ShellScript | None":
        """The RUN body split into simple commands, or None for other instructions."""
        if self._shell is None:
            from dockerls.syntax.shell import parse_run_body

            self._shell = (parse_run_body(self),)
        return self._shell[0]  # type: ignore[index]


class SourceMap:
    """Maps offsets in a logical string back to the source.

    The logical string is a concatenation of source slices; ``pieces`` holds
    ``(logical_start, source_start, length)`` for each slice, in order.
    """

    __slots__ = ("pieces", "_starts")

    def __init__(self, pieces: list[tuple[int, int, int]]) -> None:
        self.pieces = pieces or [(0, 0, 0)]
        self._starts = [piece[0] for piece in self.pieces]

    def to_source(self, offset: int, *, end: bool = False) -> int:
        """Source offset of a logical offset.

        At a seam between two slices an ``end`` offset maps to the end of the
        earlier slice, so a span never swallows the line continuation between.
        """
        index = max(bisect_right(self._starts, offset) - 1, 0)
        if end and index > 0 and offset == self._starts[index]:
            index -= 1
        logical_start, source_start, length = self.pieces[index]
        return source_start + min(max(offset - logical_start, 0), length)

    def span(self, start: int, end: int) -> Span:
        return Span(self.to_source(start), self.to_source(end, end=True))


@dataclass(slots=True, eq=False)
class Stage:
    """A build stage, from its FROM to the next FROM."""

    index: int
    name: str | None  # lower-cased, as BuildKit compares stage names
    base: str  # the FROM image after expansion
    parent: int | None  # index of the stage this one is built FROM, if any
    from_instruction: Instruction
    instructions: list[Instruction] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Dockerfile:
    text: str
    lines: "LineIndex"
    eol: str
    escape: str
    directives: tuple[Directive, ...]
    items: tuple[Directive | Trivia | Instruction, ...]
    instructions: tuple[Instruction, ...]
    stages: tuple[Stage, ...]
    issues: list[SyntaxIssue]
    global_args: dict[str, str | None] = field(default_factory=dict)
    _memo: dict = field(default_factory=dict, repr=False)

    def memo(self, key, compute):
        """``compute()`` once per document and key: rules share whole-file
        analyses (e.g. every cargo call, every later use of a path) through it
        instead of rescanning the file per instruction."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    @property
    def is_windows(self) -> bool:
        """Windows containers support no RUN mounts: rules offer nothing there."""
        if self.escape == "`":
            return True
        return any(_looks_windows(stage.base) for stage in self.stages)

    def directive(self, name: str) -> Directive | None:
        for directive in self.directives:
            if directive.name == name:
                return directive
        return None

    def stage_chain(self, stage: int) -> list[Stage]:
        """The stage and the stages it is built on, nearest first."""
        chain: list[Stage] = []
        seen: set[int] = set()
        current: int | None = stage
        while current is not None and current not in seen and 0 <= current < len(self.stages):
            seen.add(current)
            chain.append(self.stages[current])
            current = self.stages[current].parent
        return chain

    def descendants(self, stage: int) -> list[Stage]:
        """Stages built FROM this stage, directly or transitively."""
        found: list[Stage] = []
        wanted = {stage}
        for candidate in self.stages[stage + 1 :]:
            if candidate.parent in wanted:
                wanted.add(candidate.index)
                found.append(candidate)
        return found

    def stage_by_reference(self, reference: str) -> Stage | None:
        """The stage a ``--from=`` or ``FROM`` names (by name or index), if any."""
        reference = reference.lower()
        for stage in self.stages:
            if stage.name == reference:
                return stage
        if reference.isdigit() and int(reference) < len(self.stages):
            return self.stages[int(reference)]
        return None


_WINDOWS_IMAGE_MARKERS = ("windows/", "windowsservercore", "nanoserver", "mcr.microsoft.com/windows")


def _looks_windows(image: str) -> bool:
    image = image.lower()
    return any(marker in image for marker in _WINDOWS_IMAGE_MARKERS)
