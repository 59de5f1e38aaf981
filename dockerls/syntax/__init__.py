"""Lossless Dockerfile model: ``parse(text)`` never raises and keeps exact spans."""

from dockerls.syntax.lines import LineIndex
from dockerls.syntax.model import (
    Directive,
    Dockerfile,
    Flag,
    Heredoc,
    Instruction,
    MountOption,
    Span,
    Stage,
    SyntaxIssue,
    Trivia,
)
from dockerls.syntax.parser import parse, parse_edited
from dockerls.syntax.shell import ShellScript, SimpleCommand, Word, shell_of
from dockerls.syntax.state import BuildState, state_of

__all__ = [
    "BuildState",
    "Directive",
    "Dockerfile",
    "Flag",
    "Heredoc",
    "Instruction",
    "LineIndex",
    "MountOption",
    "ShellScript",
    "SimpleCommand",
    "Span",
    "Stage",
    "SyntaxIssue",
    "Trivia",
    "Word",
    "parse",
    "parse_edited",
    "shell_of",
    "state_of",
]
