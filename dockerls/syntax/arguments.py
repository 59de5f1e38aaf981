"""Typed arguments of ENV, ARG, COPY/ADD and USER, with their source spans.

Read off an instruction's logical arguments (``args``) and mapped back to
the source through ``args_map``: no build state, no expansion (the analyses
expand what they need with the build state in effect).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dockerls.syntax.model import Instruction, Span
from dockerls.syntax.words import split_words

# A word: runs of plain characters, backslash escapes and quoted strings (an
# unclosed quote runs to the end); only blanks and tabs separate words.
_ARGUMENT_WORD = re.compile(r"""(?:[^ \t"'\\]|\\[\s\S]?|"(?:[^"\\]|\\[\s\S]?)*"?|'[^']*'?)+""")


def argument_words(instruction: Instruction) -> list[tuple[str, Span]]:
    """Whitespace-separated words of an instruction's arguments (quotes kept,
    line continuations skipped) with their source spans."""
    args = instruction.args
    span = instruction.args_map.span
    return [(match.group(), span(match.start(), match.end())) for match in _ARGUMENT_WORD.finditer(args)]


@dataclass(frozen=True, slots=True)
class Assignment:
    """``NAME=value`` of an ENV or ARG (``value`` None for a bare ``ARG NAME``), or the
    legacy ``ENV NAME value`` line. ``span`` covers the whole assignment as written."""

    name: str
    value: str | None  # quotes removed, not expanded
    span: Span
    legacy: bool = False


def assignments(instruction: Instruction) -> list[Assignment]:
    """The variables an ENV or ARG sets, in order."""
    if instruction.keyword not in ("ENV", "ARG"):
        return []
    words = argument_words(instruction)
    if not words:
        return []
    if instruction.keyword == "ENV" and "=" not in words[0][0]:
        rest = instruction.args.strip().partition(" ")[2]
        value = " ".join(split_words(rest)) if rest.strip() else None
        return [Assignment(words[0][0], value, instruction.args_span, legacy=True)]
    found = []
    for text, span in words:
        name, equals, _ = text.partition("=")
        value = "".join(split_words(text.partition("=")[2])) if equals else None
        found.append(Assignment(name, value, span))
    return found
