"""Properties of the lossless model over generated and mangled Dockerfiles."""

from __future__ import annotations

import re

import dockerfile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockerls.syntax import LineIndex, parse
from tests.syntax.strategies import dockerfile_text, mangled_text
from dockerls.syntax.shell import shell_of

PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def logical(text: str, span) -> str:
    """The source of ``span`` as BuildKit reads it: a word may run across a line continuation
    (which drops the escape, the line break and any comment or blank lines after it)."""
    return re.sub(r"\\[ \t]*\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*", "", text[span.start : span.end])


def assert_spans_exact(text: str) -> None:
    document = parse(text)
    cursor = 0
    for item in document.items:
        assert item.extent.start == cursor, (item, cursor)
        assert item.extent.start <= item.span.start <= item.span.end <= item.extent.end
        cursor = item.extent.end
    assert cursor == len(text)
    assert "".join(text[i.extent.start : i.extent.end] for i in document.items) == text

    for instruction in document.instructions:
        span = instruction.span
        assert text[instruction.keyword_span.start : instruction.keyword_span.end].upper() == instruction.keyword
        for flag in instruction.flags:
            assert span.start <= flag.span.start <= flag.span.end <= span.end
            assert text[flag.span.start : flag.span.end].startswith("--")
            assert logical(text, flag.name_span) == flag.name
            for option in flag.mount_options:
                assert logical(text, option.key_span) == option.key
                assert flag.span.start <= option.span.start <= option.span.end <= flag.span.end
        assert span.start <= instruction.args_span.start <= instruction.args_span.end <= span.end
        for heredoc in instruction.heredocs:
            assert span.start <= heredoc.body_span.start <= heredoc.body_span.end <= len(text)
        script = shell_of(instruction)
        if script is not None:
            for command in script.commands:
                assert 0 <= command.span.start <= command.span.end <= len(text)
                for word in command.argv:
                    assert command.span.start <= word.span.start <= word.span.end <= command.span.end
    for issue in document.issues:
        assert 0 <= issue.span.start <= issue.span.end <= len(text)


@PROFILE
@given(dockerfile_text())
def test_generated_spans_tile_and_match(text: str) -> None:
    assert_spans_exact(text)


@PROFILE
@given(mangled_text())
def test_mangled_text_never_raises(text: str) -> None:
    assert_spans_exact(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text: str) -> None:
    assert_spans_exact(text)


@PROFILE
@given(dockerfile_text())
def test_buildkit_sees_the_same_instructions_and_flags(text: str) -> None:
    document = parse(text)
    try:
        commands = dockerfile.parse_string(text.lstrip("\ufeff"))
    except dockerfile.GoParseError:
        assert not document.instructions or document.issues
        return
    assert [command.cmd.upper() for command in commands] == [i.keyword for i in document.instructions]
    for command, instruction in zip(commands, document.instructions):
        assert list(command.flags) == [text[f.span.start : f.span.end] for f in instruction.flags]
        assert [h.name for h in command.heredocs] == [h.name for h in instruction.heredocs]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab\r\n字🐳")), max_size=40))
def test_line_index_round_trips(text: str) -> None:
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        line, column = index.position(offset)
        if offset > 0 and text[offset - 1] == "\r" and text[offset : offset + 1] == "\n":
            continue  # between \r and \n: not a position a client can name
        assert index.offset(line, column) == offset


def test_a_flag_name_may_run_across_a_line_continuation() -> None:
    text = "FROM debian\nRUN --'no-install-recommends \\\n    apt-get\n"
    flag = parse(text).instructions[1].flags[0]
    assert flag.name == "'no-install-recommends     apt-get"
    assert text[flag.name_span.start : flag.name_span.end] == "'no-install-recommends \\\n    apt-get"
    assert_spans_exact(text)
