"""The lossless Dockerfile model.

Every node carries exact spans: ``(start, end)`` code-point offsets into the
document text, half-open. The top-level items of a :class:`Dockerfile` tile
the text (their ``extent`` spans are contiguous and cover it), so nothing is
ever lost and ``text[node.start:node.end]`` is always the node's source.

The model is a leaf: it imports no analysis. The build state in effect at an
instruction (``dockerls.syntax.state.state_of``) and the shell commands of a RUN
(``dockerls.syntax.shell.shell_of``) are attached from outside, as providers
whose results a document keeps (:meth:`Dockerfile.analysis`).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, NamedTuple, TypeVar

if TYPE_CHECKING:
    from dockerls.syntax.lines import LineIndex


_new = object.__new__
_T = TypeVar("_T")
_MISSING = object()


class Span(NamedTuple):
    start: int
    end: int

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end


def _moved_span(span: Span | None, delta: int) -> Span | None:
    return None if span is None else Span(span[0] + delta, span[1] + delta)


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


class Trivia:
    """A comment line or a blank line between instructions.

    Its spans are stored as parsed plus a shift, so that a later version of
    the document reuses it below an edit without recomputing them.
    """

    __slots__ = ("kind", "_span", "_extent", "_delta")
    __match_args__ = ("kind", "span", "extent")

    def __init__(self, kind: str, span: Span, extent: Span) -> None:
        self.kind = kind  # "comment" | "blank"
        self._span = span
        self._extent = extent
        self._delta = 0

    @property
    def span(self) -> Span:
        delta, span = self._delta, self._span
        return span if not delta else Span(span[0] + delta, span[1] + delta)

    @property
    def extent(self) -> Span:
        delta, extent = self._delta, self._extent
        return extent if not delta else Span(extent[0] + delta, extent[1] + delta)

    def moved(self, delta: int) -> "Trivia":
        """This item ``delta`` characters later in the text."""
        moved = _new(Trivia)
        moved.kind, moved._span, moved._extent, moved._delta = self.kind, self._span, self._extent, self._delta + delta
        return moved

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Trivia:
            return NotImplemented
        return (self.kind, self.span, self.extent) == (other.kind, other.span, other.extent)  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it replaces

    def __repr__(self) -> str:
        return f"Trivia(kind={self.kind!r}, span={self.span!r}, extent={self.extent!r})"


@dataclass(slots=True)
class MountOption:
    key: str
    value: str | None
    span: Span
    key_span: Span
    value_span: Span | None

    def moved(self, delta: int) -> "MountOption":
        return MountOption(
            self.key, self.value, _moved_span(self.span, delta), _moved_span(self.key_span, delta),
            _moved_span(self.value_span, delta),
        )  # fmt: skip


_MOUNT_ALIASES = {
    "dst": "target",
    "destination": "target",
    "src": "source",
    "readonly": "ro",
    "readwrite": "rw",
}


# Option keys as written -> BuildKit's name for them (every rule asks every mount, every check).
_CANONICAL_MOUNT_KEYS: dict[str, str] = {}


def _canonical_mount_key(key: str) -> str:
    lowered = key.lower()
    canonical = _MOUNT_ALIASES.get(lowered, lowered)
    if len(_CANONICAL_MOUNT_KEYS) < 1024:  # (keys are few; a bound keeps odd text from growing it)
        _CANONICAL_MOUNT_KEYS[key] = canonical
    return canonical


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
            option_key = option.key
            canonical = _CANONICAL_MOUNT_KEYS.get(option_key)
            if canonical is None:
                canonical = _canonical_mount_key(option_key)
            if canonical == key:
                return option.value if option.value is not None else ""
        return None

    @property
    def mount_type(self) -> str:
        return (self.mount_get("type") or "bind").lower()

    def moved(self, delta: int) -> "Flag":
        return Flag(
            self.name,
            self.value,
            _moved_span(self.span, delta),
            _moved_span(self.name_span, delta),
            _moved_span(self.value_span, delta),
            tuple(option.moved(delta) for option in self.mount_options) if self.mount_options else (),
        )


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

    def moved(self, delta: int) -> "Heredoc":
        return Heredoc(
            self.name,
            self.strip_tabs,
            self.quoted,
            _moved_span(self.marker_span, delta),
            _moved_span(self.body_span, delta),
            _moved_span(self.terminator_span, delta),
        )


class Layout:
    """What the parser found in one instruction, at the offsets of the text it was parsed
    in. Shared by the versions of a document that reuse the instruction; never changed
    but for the last slots, where analyses attached from outside (shell commands, build
    state) keep what every sharing version may reuse."""

    __slots__ = (
        "keyword", "keyword_span", "span", "extent", "flags", "args", "args_span", "args_map",
        "is_exec_form", "exec_args", "heredocs", "inner_comments", "line_start",
        "script",  # (shift it was computed at, the RUN body's commands relative to it): shell.shell_of
        "placed_script",  # (shift, the ShellScript at that shift): the last one a version read
        "applied",  # (state before, state after) this instruction: state.build_states
    )  # fmt: skip

    def __init__(
        self, keyword, keyword_span, span, extent, flags, args, args_span, args_map,
        is_exec_form, exec_args, heredocs, inner_comments, line_start,
    ) -> None:  # fmt: skip
        self.keyword = keyword
        self.keyword_span = keyword_span
        self.span = span
        self.extent = extent
        self.flags = flags
        self.args = args
        self.args_span = args_span
        self.args_map = args_map
        self.is_exec_form = is_exec_form
        self.exec_args = exec_args
        self.heredocs = heredocs
        self.inner_comments = inner_comments
        self.line_start = line_start
        self.script = None
        self.placed_script = None
        self.applied = None

    def moved(self, delta: int) -> "Layout":
        """This layout ``delta`` characters later in the text (its analyses are not carried)."""
        return Layout(
            self.keyword,
            _moved_span(self.keyword_span, delta),
            _moved_span(self.span, delta),
            _moved_span(self.extent, delta),
            tuple(flag.moved(delta) for flag in self.flags) if self.flags else (),
            self.args,
            _moved_span(self.args_span, delta),
            self.args_map.moved(delta),
            self.is_exec_form,
            self.exec_args,
            tuple(heredoc.moved(delta) for heredoc in self.heredocs) if self.heredocs else (),
            tuple(_moved_span(span, delta) for span in self.inner_comments) if self.inner_comments else (),
            self.line_start + delta,
        )


class Instruction:
    """One instruction: its keyword, flags, arguments and heredocs.

    ``args`` is the logical argument text BuildKit sees: line continuations and
    comment lines removed. ``args_map`` maps an offset in ``args`` back to the
    source.

    What the parser found is kept in a :class:`Layout` at the offsets of the
    version it was parsed in, shared by every later version that reuses the
    instruction; an instruction reused below an edit only records the shift.
    Spans are shifted when read, flags, heredocs and the source map the first
    time one of them is read, and the RUN body's shell commands when a rule
    asks for them. So reparsing after an edit costs the edited lines plus one
    small object per instruction, not every span of the document again.

    ``index``, ``stage`` and ``document`` are set when the instruction joins a
    document (dockerls.syntax.stages.resolve_stages).
    """

    # keyword and args are read by every rule's scan: plain slots, not properties.
    __slots__ = ("keyword", "args", "_layout", "_delta", "_moved", "index", "stage", "_document", "_mounts", "syntax_issues")
    __match_args__ = ("keyword", "keyword_span", "span", "extent", "flags", "args", "args_span", "args_map")

    def __init__(
        self,
        keyword: str,
        keyword_span: Span,
        span: Span,  # keyword through the last heredoc terminator, no final line break
        extent: Span,  # whole lines, with the final line break
        flags: tuple[Flag, ...],
        args: str,
        args_span: Span,  # source span of the arguments (after the flags)
        args_map: "SourceMap",
        is_exec_form: bool,
        exec_args: tuple[str, ...] | None,
        heredocs: tuple[Heredoc, ...],
        inner_comments: tuple[Span, ...],
        line_start: int,
        index: int = -1,
        stage: int = -1,
        syntax_issues: tuple[SyntaxIssue, ...] = (),  # what the parser found wrong in this instruction
    ) -> None:
        self._layout = self._moved = Layout(
            keyword, keyword_span, span, extent, flags, args, args_span, args_map,
            is_exec_form, exec_args, heredocs, inner_comments, line_start,
        )  # fmt: skip
        self._delta = 0
        self.keyword = keyword
        self.args = args
        self.index = index
        self.stage = stage
        self._document: Dockerfile | None = None
        self._mounts: tuple[Flag, ...] | None = None
        self.syntax_issues = syntax_issues

    def moved(self, delta: int) -> "Instruction":
        """A copy ``delta`` characters later in the text, sharing what was parsed, whose
        per-document fields (index, stage, state) can be set anew without touching this one."""
        moved = _new(Instruction)
        moved._layout, moved.keyword, moved.args = self._layout, self.keyword, self.args
        moved._delta = self._delta + delta
        # index, stage and document are set when the copy joins a document (stages.resolve_stages).
        if delta:
            moved._moved = moved._mounts = None
            issues = self.syntax_issues
            moved.syntax_issues = (
                tuple(SyntaxIssue(i.code, i.message, Span(i.span[0] + delta, i.span[1] + delta)) for i in issues)
                if issues
                else ()
            )
        else:
            moved._moved, moved._mounts = self._moved, self._mounts
            moved.syntax_issues = self.syntax_issues
        return moved

    def _current(self) -> Layout:
        """The layout at this version's offsets, shifted on first use."""
        layout = self._moved
        if layout is None:
            layout = self._moved = self._layout.moved(self._delta)
        return layout

    @property
    def document(self) -> "Dockerfile | None":
        """The document this instruction belongs to; None before it joins one, or once released."""
        return self._document

    @property
    def is_exec_form(self) -> bool:
        return self._layout.is_exec_form

    @property
    def exec_args(self) -> tuple[str, ...] | None:
        return self._layout.exec_args

    @property
    def keyword_span(self) -> Span:
        delta, span = self._delta, self._layout.keyword_span
        return span if not delta else Span(span[0] + delta, span[1] + delta)

    @property
    def span(self) -> Span:
        delta, span = self._delta, self._layout.span
        return span if not delta else Span(span[0] + delta, span[1] + delta)

    @property
    def extent(self) -> Span:
        delta, span = self._delta, self._layout.extent
        return span if not delta else Span(span[0] + delta, span[1] + delta)

    @property
    def args_span(self) -> Span:
        delta, span = self._delta, self._layout.args_span
        return span if not delta else Span(span[0] + delta, span[1] + delta)

    @property
    def line_start(self) -> int:
        return self._layout.line_start + self._delta

    # Most instructions have no flags, heredocs or comment lines: those need no shifting.
    @property
    def flags(self) -> tuple[Flag, ...]:
        return self._current().flags if self._layout.flags else ()

    @property
    def args_map(self) -> "SourceMap":
        return self._current().args_map

    @property
    def heredocs(self) -> tuple[Heredoc, ...]:
        return self._current().heredocs if self._layout.heredocs else ()

    @property
    def inner_comments(self) -> tuple[Span, ...]:
        return self._current().inner_comments if self._layout.inner_comments else ()

    def flag(self, name: str) -> Flag | None:
        for flag in self.flags:
            if flag.name == name:
                return flag
        return None

    @property
    def mounts(self) -> tuple[Flag, ...]:
        if self._mounts is None:
            self._mounts = tuple(flag for flag in self.flags if flag.name == "mount")
        return self._mounts

    def __repr__(self) -> str:
        return f"Instruction(keyword={self.keyword!r}, span={self.span!r}, args={self.args!r}, index={self.index})"


class SourceMap:
    """Maps offsets in a logical string back to the source.

    The logical string is a concatenation of source slices; ``pieces`` holds
    ``(logical_start, source_start, length)`` for each slice, in order.
    """

    # The pieces are stored flat, three machine integers each: a continued RUN has one
    # piece per line, and as tuples of int objects they were a tenth of a document's memory.
    __slots__ = ("_flat",)

    def __init__(self, pieces: list[tuple[int, int, int]]) -> None:
        if not pieces:
            self._flat = array("q", (0, 0, 0))
        elif len(pieces) == 1:
            self._flat = array("q", pieces[0])
        else:
            self._flat = array("q", [value for piece in pieces for value in piece])

    @property
    def pieces(self) -> list[tuple[int, int, int]]:
        flat = self._flat
        return [(flat[i], flat[i + 1], flat[i + 2]) for i in range(0, len(flat), 3)]

    def to_source(self, offset: int, *, end: bool = False) -> int:
        """Source offset of a logical offset.

        At a seam between two slices an ``end`` offset maps to the end of the
        earlier slice, so a span never swallows the line continuation between.
        """
        flat = self._flat
        size = len(flat)
        if size == 3:
            index = 0
        elif size <= 24:  # a few lines: a scan beats building the starts for a binary search
            index = 0
            for at in range(3, size, 3):
                if flat[at] > offset:
                    break
                index = at
            if end and index and offset == flat[index]:
                index -= 3
        else:
            starts = flat[0::3]
            index = max(bisect_right(starts, offset) - 1, 0)
            if end and index > 0 and offset == starts[index]:
                index -= 1
            index *= 3
        logical_start, source_start, length = flat[index], flat[index + 1], flat[index + 2]
        return source_start + min(max(offset - logical_start, 0), length)

    def span(self, start: int, end: int) -> Span:
        source_start = self.to_source(start)
        # An empty span at a seam: its start maps into the later slice, its end into the earlier.
        return Span(source_start, max(source_start, self.to_source(end, end=True)))

    def moved(self, delta: int) -> "SourceMap":
        return SourceMap([(logical, source + delta, length) for logical, source, length in self.pieces])


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

    def analysis(self, provider: "Callable[[Dockerfile], _T]") -> _T:
        """``provider(self)``, computed once per document: how analyses built on the
        tree (build states, ...) attach to it without the tree knowing them."""
        memo = self._memo
        value = memo.get(provider, _MISSING)
        if value is _MISSING:
            value = memo[provider] = provider(self)
        return value

    def forget_analyses(self) -> None:
        """Drop what rules remembered in ``memo`` (a tree kept after its check holds
        nearly as much in analyses as in syntax); the next check computes them again."""
        self._memo.clear()

    def release(self) -> None:
        """Break this tree's reference cycles (instructions point back at their
        document; rule analyses in ``memo`` hold it too), so that dropping the
        last reference frees it at once instead of at the next full collection.
        Call it only on a tree nothing will read again: a released tree's
        instructions have no document (and no shell commands or build state)."""
        self._memo.clear()
        for instruction in self.instructions:
            if instruction._document is self:  # (an instruction a newer version reuses is not ours)
                instruction._document = None

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
