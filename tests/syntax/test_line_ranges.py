"""Instruction line ranges agree with BuildKit's parser and with dockerfile-parse."""

from __future__ import annotations

import io
import re

import dockerfile
from dockerfile_parse import DockerfileParser
from hypothesis import given, settings

from dockerls.syntax import parse
from tests.syntax.strategies import dockerfile_text

CONTINUED_INTO_TRAILING_COMMENT = re.compile(r"\\\n(\s*#[^\n]*\n?)+$")
# A continuation that runs over an empty line (comment lines may come between).
CONTINUED_OVER_EMPTY_LINE = re.compile(r"\\[ \t]*\n([ \t]*#[^\n]*\n)*[ \t]*\n")


def our_ranges(text: str) -> list[tuple[str, int, int]]:
    document = parse(text)
    ranges = []
    for instruction in document.instructions:
        first, _ = document.lines.position(instruction.span.start)
        last, _ = document.lines.position(instruction.span.end)
        ranges.append((instruction.keyword, first, last))
    return ranges


@settings(max_examples=200, deadline=None)
@given(dockerfile_text().filter(lambda t: "<<" not in t and "\r" not in t and not t.startswith("\ufeff")))
def test_line_ranges_match_both_parsers(text: str) -> None:
    buildkit = [(c.cmd.upper(), c.start_line - 1, c.end_line - 1) for c in dockerfile.parse_string(text)]
    # Only ever with fileobj=: the content setter of dockerfile-parse writes ./Dockerfile.
    parser = DockerfileParser(fileobj=io.BytesIO(text.encode("utf-8")))
    independent = [
        (item["instruction"], item["startline"], item["endline"])
        for item in parser.structure
        if item["instruction"] != "COMMENT"
    ]
    ours = our_ranges(text)
    assert ours == buildkit
    if CONTINUED_INTO_TRAILING_COMMENT.search(text):
        return  # dockerfile-parse drops such an instruction; BuildKit (above) keeps it
    if CONTINUED_OVER_EMPTY_LINE.search(text):
        return  # dockerfile-parse ends the instruction at the empty line; BuildKit (above) continues it
    assert [keyword for keyword, _, _ in ours] == [keyword for keyword, _, _ in independent]
    assert [first for _, first, _ in ours] == [first for _, first, _ in independent]
