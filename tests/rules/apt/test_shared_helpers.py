"""The shared edit helpers the apt rules added or changed (dockerls.rules.commands and .mounts)."""

from __future__ import annotations

import pytest

from dockerls.engine import apply_edits
from dockerls.rules.commands import removal_edit, removal_edits, word_removal_edit
from dockerls.rules.mounts import frontend_supports_mounts, remove_flag
from dockerls.syntax import parse

from tests.rules.apt.support import buildkit_commands
from dockerls.syntax.shell import shell_of


def run_of(text: str):
    document = parse(text)
    return document, document.instructions[-1]


def commands_named(script, name: str):
    return [command for command in script.commands if command.name == name]


def checked(text: str) -> str:
    buildkit_commands(text)
    return text


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("a && x && y && b", "a && b"),
        ("x && y && b", "b"),
        ("a; x; y", "a"),
        ("x; y; a && b", "a && b"),
    ],
)
def test_removal_edits_takes_neighbours_as_one_run(body, expected):
    document, run = run_of(f"FROM x\nRUN {body}\n")
    script = shell_of(run)
    edits, kept = removal_edits(script, commands_named(script, "x") + commands_named(script, "y"))
    assert kept == []
    assert apply_edits(document.text, edits) == checked(f"FROM x\nRUN {expected}\n")


def test_removal_edits_falls_back_to_single_commands():
    # y cannot go (|| follows it); x can.
    document, run = run_of("FROM x\nRUN a && x && y || b\n")
    script = shell_of(run)
    y = commands_named(script, "y")
    edits, kept = removal_edits(script, commands_named(script, "x") + y)
    assert kept == y
    assert apply_edits(document.text, edits) == checked("FROM x\nRUN a && y || b\n")


@pytest.mark.parametrize(
    "body",
    ["a && x; b", "a; x && b", "a && x || b", "(a && x) && b", "a | x", "x"],
)
def test_removal_edit_refuses_what_would_change_the_rest(body):
    _, run = run_of(f"FROM x\nRUN {body}\n")
    (x,) = commands_named(shell_of(run), "x")
    assert removal_edit(shell_of(run), x) is None


def test_removal_edit_still_removes_uniform_chains():
    document, run = run_of("FROM x\nRUN a; \\\n    x; \\\n    b\n")
    (x,) = commands_named(shell_of(run), "x")
    assert apply_edits(document.text, [removal_edit(shell_of(run), x)]) == checked("FROM x\nRUN a; \\\n    b\n")


def test_word_removal_takes_the_continuation_before_it():
    document, run = run_of("FROM x\nRUN rm -rf \\\n    /a \\\n    /b\n")
    (rm,) = shell_of(run).commands
    assert word_removal_edit(rm, 0) is None
    assert apply_edits(document.text, [word_removal_edit(rm, 2)]) == checked("FROM x\nRUN rm -rf \\\n    /b\n")
    assert apply_edits(document.text, [word_removal_edit(rm, 3)]) == checked("FROM x\nRUN rm -rf \\\n    /a\n")


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        (0, "FROM x\nRUN --mount=type=cache,target=/b \\\n    make\n"),
        (1, "FROM x\nRUN --mount=type=cache,target=/a \\\n    make\n"),
    ],
)
def test_remove_flag(which, expected):
    document, run = run_of("FROM x\nRUN --mount=type=cache,target=/a \\\n    --mount=type=cache,target=/b \\\n    make\n")
    assert apply_edits(document.text, [remove_flag(run, run.flags[which])]) == checked(expected)


def test_remove_flag_without_a_command():
    document, run = run_of("FROM x\nRUN --network=none --mount=type=cache,target=/a\n")
    assert apply_edits(document.text, [remove_flag(run, run.flags[1])]) == checked("FROM x\nRUN --network=none\n")


@pytest.mark.parametrize(
    ("syntax", "supported"),
    [
        (None, True),
        ("docker/dockerfile:1", True),
        ("docker/dockerfile:1.2", True),
        ("docker/dockerfile:1.10.0", True),
        ("docker/dockerfile:1.1-experimental", True),
        ("docker/dockerfile:1.0", False),
        ("docker/dockerfile:1.1.7", False),
        ("docker.io/docker/dockerfile:1.1", False),
        ("docker/dockerfile-upstream:1.0", False),
        ("example.com/frontends/custom:1.0", True),
    ],
)
def test_frontend_supports_mounts(syntax, supported):
    text = (f"# syntax={syntax}\n" if syntax else "") + "FROM x\n"
    assert frontend_supports_mounts(parse(text)) is supported
