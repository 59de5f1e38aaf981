"""RUN bodies split into simple commands with argv and exact spans.

tree-sitter-bash does the shell parsing. It is handed the RUN body exactly
as it stands in the source, except that the text BuildKit drops between
continued lines (escape character, line break, comment lines) is replaced by
bash line continuations of the same length, so offsets stay source offsets.

``shell_of(instruction)`` attaches the result to the syntax tree from outside:
it is kept in the instruction's layout, so every version of a document that
reuses the instruction reuses the commands.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from sys import intern
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from dockerls.syntax.model import Instruction, Span
from dockerls.syntax.words import split_words

# Only a word with quotes, escapes or blanks reads differently from its source text.
_NEEDS_UNQUOTING = re.compile(r"[\"'\\\s]")


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # the value with quotes removed; expansions left as written
    span: Span


@dataclass(frozen=True, slots=True)
class SimpleCommand:
    """One simple command. ``connector`` is what joins it to the command
    before it: ``&&``, ``||``, ``;``, ``&``, ``|``, ``\\n``, or None for the first."""

    argv: tuple[Word, ...]
    span: Span  # the command with its redirections
    connector: str | None
    depth: int  # 0 at the top level of the script; more inside subshells, ifs, loops
    in_pipeline: bool

    @property
    def name(self) -> str:
        return self.argv[0].text if self.argv else ""

    @property
    def args(self) -> list[str]:
        return [word.text for word in self.argv[1:]]


@dataclass(frozen=True, slots=True)
class ShellScript:
    commands: tuple[SimpleCommand, ...]
    kind: str  # "shell" | "heredoc" | "exec"
    span: Span
    has_error: bool  # the shell parser found text it could not make sense of


class _Relative(NamedTuple):
    """A RUN body's commands as the parser cache holds them: each offset ``base`` too small.

    Kept in the instruction's layout, so a version of the document that reuses
    the instruction elsewhere shifts these rather than parsing the body again."""

    commands: tuple[SimpleCommand, ...]
    base: int
    kind: str
    span: Span  # where the script was when it was parsed
    has_error: bool


def shell_of(instruction: Instruction) -> ShellScript | None:
    """A RUN body split into simple commands; None for other instructions, for a
    Windows file and for an instruction that belongs to no document. Parsed once
    for every version of the document that reuses the instruction."""
    if instruction._document is None:
        return None  # no text to read the body from (and nothing to cache for the versions that have one)
    layout = instruction._layout
    delta = instruction._delta
    placed = layout.placed_script
    if placed is not None and placed[0] == delta:
        return placed[1]  # the instruction has not moved since a version read it (it is above the edit)
    cached = layout.script
    if cached is None:
        cached = layout.script = (delta, _relative_body(instruction))
    computed_at, relative = cached
    script = None if relative is None else _materialise(relative, delta - computed_at)
    layout.placed_script = (delta, script)
    return script


def _materialise(relative: _Relative, delta: int) -> ShellScript:
    shift = relative.base + delta
    commands = tuple([_shift(command, shift) for command in relative.commands]) if shift else relative.commands
    span = relative.span
    if delta:
        span = Span(span[0] + delta, span[1] + delta)
    return ShellScript(commands, relative.kind, span, relative.has_error)


def _relative_body(instruction: Instruction) -> _Relative | None:
    document = instruction.document
    if instruction.keyword != "RUN" or document is None:
        return None
    if document.escape != "\\":
        return None  # Windows files run cmd or PowerShell, not a POSIX shell
    text = document.text
    if instruction.exec_args is not None:
        return _exec_script(instruction)
    heredoc_script = _heredoc_script(instruction, text)
    if heredoc_script is not None:
        return heredoc_script
    start, end = instruction.args_span
    if start >= end:
        return _Relative((), 0, "shell", instruction.args_span, False)
    body = _with_shell_continuations(text, instruction)
    return _script(body, start, "shell")


def _heredoc_script(instruction: Instruction, text: str) -> _Relative | None:
    """``RUN <<EOF`` runs its first heredoc as the script."""
    if not instruction.heredocs:
        return None
    first = instruction.heredocs[0]
    marker = text[first.marker_span.start : first.marker_span.end]
    if instruction.args.strip() != marker.strip():
        return None
    body = first.body(text)
    if body.startswith("#!") and not re.match(r"#!\s*\S*/(env\s+)?(ba|da|)sh\b", body):
        return _Relative((), 0, "heredoc", first.body_span, True)  # another interpreter
    return _script(body, first.body_span.start, "heredoc")


def _with_shell_continuations(text: str, instruction: Instruction) -> str:
    pieces = instruction.args_map.pieces
    start, end = instruction.args_span
    parts: list[str] = []
    cursor = start
    for _, source_start, length in pieces:
        if source_start > cursor:
            parts.append(_continuation_filler(source_start - cursor))
        piece_end = min(source_start + length, end)
        if piece_end > cursor:
            parts.append(text[max(source_start, cursor) : piece_end])
            cursor = piece_end
        cursor = max(cursor, source_start)
    if cursor < end:
        parts.append(text[cursor:end])
    return "".join(parts)


def _continuation_filler(length: int) -> str:
    """Text of ``length`` characters that bash joins away, as BuildKit joins lines."""
    return (" " if length % 2 else "") + "\\\n" * (length // 2)


def _exec_script(instruction: Instruction) -> _Relative:
    words = []
    args_map = instruction.args_map
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"', instruction.args):
        value = instruction.exec_args[len(words)] if len(words) < len(instruction.exec_args or ()) else ""
        words.append(Word(value, args_map.span(match.start(), match.end())))
    command = SimpleCommand(tuple(words), instruction.args_span, None, 0, False)
    return _Relative((command,), 0, "exec", instruction.args_span, False)


def _script(body: str, offset: int, kind: str) -> _Relative:
    span = Span(offset, offset + len(body))
    entry = _parsed_bodies(body)
    if entry[0] is None:
        # Built where it is first read, so that place (the common case: a file parsed
        # once) reads the commands without a shifted copy; other places shift them.
        try:
            entry[0], entry[2] = _parse_body(body, offset)
        except RecursionError:  # absurdly deep nesting: rules see an unreadable script
            return _Relative((), 0, kind, span, True)
        entry[1] = offset
    commands, at, has_error = entry
    return _Relative(commands, offset - at, kind, span, has_error)


def _shift(command: SimpleCommand, offset: int) -> SimpleCommand:
    return SimpleCommand(
        tuple([Word(word.text, Span(word.span[0] + offset, word.span[1] + offset)) for word in command.argv]),
        Span(command.span[0] + offset, command.span[1] + offset),
        command.connector,
        command.depth,
        command.in_pipeline,
    )


_PARSER = None


def _parser():
    global _PARSER
    if _PARSER is None:
        import tree_sitter
        import tree_sitter_bash

        _PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))
    return _PARSER


# Bodies already parsed, for fresh parses of text that holds them (fix-all rounds, checks of
# a stage group, reopened files); edits reuse a body's commands through the instruction's
# layout instead. An entry of a long RUN holds a few KB: 2,048 bodies bound it to ~10 MB.
# Each entry is [commands, the offset they are placed at, whether bash found errors].
@lru_cache(maxsize=2048)
def _parsed_bodies(body: str) -> list:
    return [None, 0, False]


def _parse_body(body: str, offset: int) -> tuple[tuple[SimpleCommand, ...], bool]:
    """The body's simple commands, with spans as if the body started at ``offset``."""
    data = body.encode("utf-8", "surrogatepass")
    tree = _parser().parse(data)
    if len(data) == len(body):

        def to_offset(byte: int) -> int:
            return byte + offset

    else:
        starts = list(accumulate((len(char.encode("utf-8", "surrogatepass")) for char in body), initial=0))

        def to_offset(byte: int) -> int:
            return bisect_right(starts, byte) - 1 + offset

    collector = _Collector(data, to_offset)
    collector.walk(tree.root_node, None, 0, False)
    return tuple(collector.commands), tree.root_node.has_error


_SEPARATORS = {";": ";", "&": "&", ";;": ";", "\n": "\n"}
_COMMANDS = {"command", "declaration_command", "unset_command", "test_command"}
_NOT_WORDS = frozenset({"variable_assignment", "file_redirect", "herestring_redirect", "heredoc_redirect"})


class _Collector:
    def __init__(self, data: bytes, to_offset) -> None:
        self.data = data
        self.to_offset = to_offset
        self.commands: list[SimpleCommand] = []

    def span(self, node) -> Span:
        return Span(self.to_offset(node.start_byte), self.to_offset(node.end_byte))

    def walk(self, node, connector: str | None, depth: int, in_pipeline: bool, outer=None) -> None:
        kind = node.type
        if kind in _COMMANDS:
            self.emit(node, connector, depth, in_pipeline, outer or node)
        elif kind == "redirected_statement":
            body = node.child_by_field_name("body")
            if body is not None:
                self.walk(body, connector, depth, in_pipeline, outer=node)
        elif kind == "list":
            # `a && b && c` nests to the left, one level per operator: walk the
            # left spine iteratively so long chains cannot exhaust the stack.
            tails = []
            while node.type == "list" and node.named_child_count >= 2:
                operator = next((child.type for child in node.children if not child.is_named), "&&")
                tails.append((node.named_children[-1], operator))
                node = node.named_children[0]
            self.walk(node, connector, depth, in_pipeline)
            for right, operator in reversed(tails):
                self.walk(right, operator, depth, in_pipeline)
        elif kind == "pipeline":
            first = True
            for child in node.named_children:
                self.walk(child, connector if first else "|", depth, True)
                first = False
        else:
            self.sequence(node, connector, depth + (kind != "program"), in_pipeline)

    def sequence(self, node, connector: str | None, depth: int, in_pipeline: bool) -> None:
        pending = connector
        seen_statement = False
        for child in node.children:
            if not child.is_named:
                if child.type in _SEPARATORS:
                    pending = _SEPARATORS[child.type]
                continue
            if child.type in ("comment", "heredoc_body", "heredoc_end"):
                continue
            if seen_statement and pending is None:
                pending = "\n"
            self.walk(child, pending, depth, in_pipeline)
            seen_statement = True
            pending = None

    def emit(self, node, connector, depth, in_pipeline, outer) -> None:
        words = []
        data, to_offset, needs_unquoting = self.data, self.to_offset, _NEEDS_UNQUOTING.search
        for child in node.named_children:
            if child.type in _NOT_WORDS:
                continue
            # (Each attribute of a tree-sitter node is a call into the binding: read once.)
            start, end = child.start_byte, child.end_byte
            raw = data[start:end].decode("utf-8", "replace")
            if needs_unquoting(raw):
                joined = split_words(raw)
                raw = "".join(joined) if joined else raw
            # Interned: the same few words (apt-get, install, -y, &&) recur in every body.
            words.append(Word(intern(raw), Span(to_offset(start), to_offset(end))))
        self.commands.append(SimpleCommand(tuple(words), self.span(outer), connector, depth, in_pipeline))


def parse_commands(body: str, offset: int) -> ShellScript:
    """A shell script given as text that starts at ``offset`` in the source (the
    argument of ``sh -c '…'``), split into simple commands with source spans."""
    return _materialise(_script(body, offset, "shell"), 0)
