"""The syntax model on hand-written cases, each checked against BuildKit's parser."""

from __future__ import annotations

import dockerfile
import pytest

from dockerls.syntax import LineIndex, parse
from dockerls.syntax.expand import expand, expand_known
from dockerls.syntax.shell import shell_of
from dockerls.syntax.state import state_of


def source(text: str, span) -> str:
    return text[span.start : span.end]


def buildkit(text: str):
    return dockerfile.parse_string(text)


def test_directives_only_at_the_top():
    text = "# syntax=docker/dockerfile:1\n# escape=`\n\n# check=skip=all\nFROM x\n"
    document = parse(text)
    assert [(d.name, d.value) for d in document.directives] == [("syntax", "docker/dockerfile:1"), ("escape", "`")]
    assert document.escape == "`"
    assert document.is_windows


def test_directive_after_comment_is_a_comment():
    document = parse("# hello\n# escape=`\nFROM x\n")
    assert document.directives == ()
    assert document.escape == "\\"


def test_unknown_directive_ends_directives():
    document = parse("# foo=bar\n# escape=`\nFROM x\n")
    assert document.escape == "\\"


def test_escape_backtick_continuations():
    text = "# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir `\n  c:\\\n"
    document = parse(text)
    run = document.instructions[1]
    assert run.args == "dir   c:\\"
    assert [c.original for c in buildkit(text)][1] == "RUN dir   c:\\"


def test_continuation_comments_and_blank_lines_are_dropped():
    text = "FROM x\nRUN a && \\\n    # note\n\n    b\n"
    document = parse(text)
    run = document.instructions[1]
    assert run.args == "a &&     b"
    assert buildkit(text)[1].value == ("a &&     b",)
    assert [source(text, span) for span in run.inner_comments] == ["# note"]
    assert [c.name for c in shell_of(run).commands] == ["a", "b"]
    assert [c.connector for c in shell_of(run).commands] == [None, "&&"]


def test_flags_and_mount_option_spans():
    text = 'FROM x\nRUN --mount=type=cache,target=/root/.cache/pip,sharing=locked \\\n    --network=none pip install x\n'
    run = parse(text).instructions[1]
    assert [f.name for f in run.flags] == ["mount", "network"]
    mount = run.flags[0]
    assert mount.mount_type == "cache"
    assert mount.mount_get("target") == "/root/.cache/pip"
    assert [source(text, o.key_span) for o in mount.mount_options] == ["type", "target", "sharing"]
    assert [source(text, o.value_span) for o in mount.mount_options] == ["cache", "/root/.cache/pip", "locked"]
    assert source(text, run.args_span) == "pip install x"
    assert list(buildkit(text)[1].flags) == [source(text, f.span) for f in run.flags]


def test_mount_aliases():
    run = parse("FROM x\nRUN --mount=type=bind,src=a,dst=b,readwrite true\n").instructions[1]
    flag = run.mounts[0]
    assert (flag.mount_get("source"), flag.mount_get("target"), flag.mount_get("rw")) == ("a", "b", "")


def test_heredocs_several_and_quoted():
    text = 'FROM x\nCOPY <<-"A" /a <<B /b\n\tone\n\tA\ntwo\nB\nRUN echo\n'
    document = parse(text)
    copy = document.instructions[1]
    assert [(h.name, h.strip_tabs, h.quoted, h.body(text)) for h in copy.heredocs] == [
        ("A", True, True, "\tone\n"),
        ("B", False, False, "two\n"),
    ]
    assert [h.name for h in buildkit(text)[1].heredocs] == ["A", "B"]
    assert document.instructions[2].keyword == "RUN"


def test_heredoc_run_script_commands():
    text = "FROM x\nRUN <<EOF\nset -e\napt-get update\nEOF\n"
    run = parse(text).instructions[1]
    assert [c.name for c in shell_of(run).commands] == ["set", "apt-get"]
    assert shell_of(run).kind == "heredoc"


def test_here_string_is_not_a_heredoc():
    run = parse("FROM x\nRUN cat <<<hello\n").instructions[1]
    assert run.heredocs == ()


def test_exec_form():
    run = parse('FROM x\nRUN ["pip", "install", "x"]\n').instructions[1]
    assert run.is_exec_form and run.exec_args == ("pip", "install", "x")
    assert [w.text for w in shell_of(run).commands[0].argv] == ["pip", "install", "x"]


def test_broken_json_is_shell_form():
    run = parse('FROM x\nRUN ["pip", \n').instructions[1]
    assert not run.is_exec_form


def test_crlf_and_bom():
    text = "\ufeffFROM x\r\nRUN a \\\r\n  b\r\n"
    document = parse(text)
    assert document.eol == "\r\n"
    assert [i.keyword for i in document.instructions] == ["FROM", "RUN"]
    assert document.instructions[1].args == "a   b"
    assert document.instructions[0].keyword_span.start == 1


def test_lone_cr_is_line_content_for_buildkit_but_a_break_for_lsp():
    text = "FROM x\rRUN y\n"
    assert len(parse(text).instructions) == len(buildkit(text)) == 1
    assert LineIndex(text).line_count == 3


def test_stages_and_state():
    text = (
        "ARG BASE=debian\nFROM ${BASE}:12 AS base\nENV HOME=/home/app A=1\nWORKDIR /srv\nWORKDIR app\n"
        "USER 1000:1000\nFROM base AS child\nRUN echo\nFROM scratch\nRUN echo\n"
    )
    document = parse(text)
    assert [(s.name, s.base, s.parent) for s in document.stages] == [
        ("base", "debian:12", None),
        ("child", "base", 0),
        (None, "scratch", None),
    ]
    child_run = document.stages[1].instructions[0]
    assert state_of(child_run).workdir == "/srv/app"
    assert state_of(child_run).user == "1000:1000"
    assert state_of(child_run).env["HOME"] == "/home/app"
    assert document.stage_chain(1) == [document.stages[1], document.stages[0]]
    assert document.descendants(0) == [document.stages[1]]
    assert state_of(document.stages[2].instructions[0]).env == {}


def test_env_legacy_form_and_arg_scope():
    text = "ARG V=1\nFROM x\nARG V\nENV PATH_X /a b\nRUN echo\n"
    run = parse(text).instructions[-1]
    assert state_of(run).env["PATH_X"] == "/a b"
    assert state_of(run).lookup("V") == "1"


@pytest.mark.parametrize(
    "template, expected",
    [
        ("$A/x", "1/x"),
        ("${A}", "1"),
        ("${UNSET:-d}", "d"),
        ("${EMPTY:-d}", "d"),
        ("${EMPTY-d}", ""),
        ("${A:+yes}", "yes"),
        ("${UNSET:+yes}", ""),
        ("\\$A", "$A"),
        ("$UNSET", ""),
    ],
)
def test_expansion(template, expected):
    values = {"A": "1", "EMPTY": ""}
    assert expand(template, values.get) == expected


def test_expand_known_refuses_unknown():
    assert expand_known("$HOME/.cache", {}.get) is None
    assert expand_known("${HOME:-/root}/.cache", {}.get) == "/root/.cache"


def test_syntax_issues_not_exceptions():
    document = parse("FROOM x\nRUN --mount=type=cache,taget=/x echo\nCOPY <<EOF /a\nnever closed")
    assert sorted({issue.code for issue in document.issues}) == ["SYN001", "SYN005", "SYN007", "SYN008"]


def test_shell_commands_across_operators():
    text = "FROM x\nRUN set -eux; a && b || c; d | e; (f && g)\n"
    commands = shell_of(parse(text).instructions[1]).commands
    assert [(c.name, c.connector, c.depth, c.in_pipeline) for c in commands] == [
        ("set", None, 0, False),
        ("a", ";", 0, False),
        ("b", "&&", 0, False),
        ("c", "||", 0, False),
        ("d", ";", 0, True),
        ("e", "|", 0, True),
        ("f", ";", 1, False),
        ("g", "&&", 1, False),
    ]
    for command in commands:
        assert source(text, command.argv[0].span) == command.name


def test_shell_spans_with_cjk_and_emoji_before():
    text = "FROM x\n# 日本語 🐳\nRUN echo 字🐳 && apt-get install -y curl\n"
    commands = shell_of(parse(text).instructions[1]).commands
    assert source(text, commands[1].span) == "apt-get install -y curl"
    assert source(text, commands[0].argv[1].span) == "字🐳"


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

LINE_TEXT = st.text(alphabet=st.sampled_from(list("ab\r\n字")), max_size=30)


@settings(max_examples=500, deadline=None)
@given(LINE_TEXT, LINE_TEXT, LINE_TEXT, LINE_TEXT)
def test_line_index_after_edit_equals_a_fresh_index(head, old_middle, new_middle, tail):
    old, new = head + old_middle + tail, head + new_middle + tail
    previous = LineIndex(old)
    prefix = len(head) + len(__import__("os").path.commonprefix([old_middle + tail, new_middle + tail]))
    prefix = min(prefix, len(old), len(new))
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    assert LineIndex.after_edit(previous, new, prefix, suffix).starts == LineIndex(new).starts


def test_user_from_an_unknown_variable_is_not_root():
    document = parse("FROM x\nUSER $APP_USER\nRUN id\n")
    state = state_of(document.instructions[-1])
    assert state.user == "$APP_USER"
    assert not state.is_root


def test_an_empty_mount_value_at_a_line_continuation_has_an_ordered_span():
    text = "FROM x\nRUN --mount=type=\\\n,cache,target=/c true\n"
    document = parse(text)
    (issue,) = [issue for issue in document.issues if issue.message == "Unknown mount type ''"]
    assert issue.span.start == issue.span.end == text.index(",cache")
