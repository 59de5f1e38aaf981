"""Reuse of parsed items across versions of a document (incremental parsing).

An item before the change is copied (its offsets still hold); an item after
it is shifted by the change in length. Either way the reused item is a new
object, so the previous version's model is never mutated.
"""

from __future__ import annotations

from dockerls.syntax.model import Flag, Heredoc, Instruction, MountOption, SourceMap, Span, SyntaxIssue, Trivia
from dockerls.syntax.shell import ShellScript, SimpleCommand, Word


def _span(span: Span, delta: int) -> Span:
    return Span(span.start + delta, span.end + delta)


def _optional(span: Span | None, delta: int) -> Span | None:
    return None if span is None else Span(span.start + delta, span.end + delta)


def shift_trivia(item: Trivia, delta: int) -> Trivia:
    return Trivia(item.kind, _span(item.span, delta), _span(item.extent, delta))


def copy_instruction(instruction: Instruction) -> Instruction:
    """A copy sharing every parsed part, whose per-document fields (index,
    stage, state) can be set anew without touching the previous version."""
    duplicate = Instruction(
        instruction.keyword,
        instruction.keyword_span,
        instruction.span,
        instruction.extent,
        instruction.flags,
        instruction.args,
        instruction.args_span,
        instruction.args_map,
        instruction.is_exec_form,
        instruction.exec_args,
        instruction.heredocs,
        instruction.inner_comments,
        instruction.line_start,
    )
    duplicate._shell = instruction._shell
    duplicate._mounts = instruction._mounts
    duplicate.syntax_issues = instruction.syntax_issues
    return duplicate


def _flag(flag: Flag, delta: int) -> Flag:
    return Flag(
        flag.name,
        flag.value,
        _span(flag.span, delta),
        _span(flag.name_span, delta),
        _optional(flag.value_span, delta),
        tuple(
            MountOption(o.key, o.value, _span(o.span, delta), _span(o.key_span, delta), _optional(o.value_span, delta))
            for o in flag.mount_options
        ),
    )


def _heredoc(heredoc: Heredoc, delta: int) -> Heredoc:
    return Heredoc(
        heredoc.name,
        heredoc.strip_tabs,
        heredoc.quoted,
        _span(heredoc.marker_span, delta),
        _span(heredoc.body_span, delta),
        _optional(heredoc.terminator_span, delta),
    )


def shift_script(script: ShellScript, delta: int) -> ShellScript:
    commands = tuple(
        SimpleCommand(
            tuple(Word(word.text, _span(word.span, delta)) for word in command.argv),
            _span(command.span, delta),
            command.connector,
            command.depth,
            command.in_pipeline,
        )
        for command in script.commands
    )
    return ShellScript(commands, script.kind, _span(script.span, delta), script.has_error)


def shift_instruction(instruction: Instruction, delta: int) -> Instruction:
    keyword_span, span, extent, args_span = instruction.keyword_span, instruction.span, instruction.extent, instruction.args_span
    pieces = instruction.args_map.pieces
    shifted = Instruction(
        instruction.keyword,
        Span(keyword_span[0] + delta, keyword_span[1] + delta),
        Span(span[0] + delta, span[1] + delta),
        Span(extent[0] + delta, extent[1] + delta),
        tuple(_flag(flag, delta) for flag in instruction.flags) if instruction.flags else (),
        instruction.args,
        Span(args_span[0] + delta, args_span[1] + delta),
        SourceMap([(logical, source + delta, length) for logical, source, length in pieces])
        if len(pieces) > 1
        else SourceMap([(pieces[0][0], pieces[0][1] + delta, pieces[0][2])]),
        instruction.is_exec_form,
        instruction.exec_args,
        tuple(_heredoc(heredoc, delta) for heredoc in instruction.heredocs) if instruction.heredocs else (),
        tuple(_span(span, delta) for span in instruction.inner_comments) if instruction.inner_comments else (),
        instruction.line_start + delta,
    )
    if instruction.syntax_issues:
        shifted.syntax_issues = tuple(
            SyntaxIssue(issue.code, issue.message, _span(issue.span, delta)) for issue in instruction.syntax_issues
        )
    if instruction._shell is not None:
        script = instruction._shell[0]  # type: ignore[index]
        shifted._shell = (None if script is None else shift_script(script, delta),)
    return shifted
