"""Colour (issue 16): on a terminal, never in a pipe; ``--color``; ``NO_COLOR`` and ``FORCE_COLOR``.

The automatic choice is tested in a real process whose standard output is a pseudo-terminal."""

from __future__ import annotations

import errno
import os
import pty
import re
import subprocess
import sys

import pytest

from dockerls.cli.colors import Style, wants_color
from tests.cli.helpers import run, write_bytes
from tests.paths import REPO

ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
# A finding with a fix, so the path, the code and the [*] mark are all painted.
DOCKERFILE = b"FROM debian\nRUN apt-get update && apt-get install -y curl\n"


def _environment(**variables: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    environment["TERM"] = "xterm-256color"
    environment.update(variables)
    return environment


def on_terminal(*argv: str, **variables: str) -> tuple[str, str]:
    """(what the command wrote to its terminal, what it wrote to a piped stderr)."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "dockerls", *argv],
            stdin=subprocess.DEVNULL, stdout=follower, stderr=subprocess.PIPE, cwd=REPO, env=_environment(**variables),
        )
    finally:
        os.close(follower)
    chunks = []
    try:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError as error:  # the terminal's other side closed: Linux says EIO
                if error.errno != errno.EIO:
                    raise
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
        _, err = process.communicate(timeout=60)
    return b"".join(chunks).decode().replace("\r\n", "\n"), err.decode()


def in_pipe(*argv: str, **variables: str) -> tuple[str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "dockerls", *argv], capture_output=True, cwd=REPO, env=_environment(**variables),
        timeout=60,
    )
    return done.stdout.decode(), done.stderr.decode()


@pytest.fixture
def dockerfile(tmp_path):
    return str(write_bytes(tmp_path / "Dockerfile", DOCKERFILE))


def test_a_terminal_gets_colour_and_the_same_text(dockerfile):
    painted, _ = on_terminal("check", "--isolated", dockerfile)
    plain, _ = in_pipe("check", "--isolated", dockerfile)
    assert ESCAPE.search(painted) and not ESCAPE.search(plain)
    assert ESCAPE.sub("", painted) == plain
    assert f"\x1b[1;31mAPT001\x1b[0m \x1b[36m[*]\x1b[0m" in painted


def test_no_color_turns_it_off_unless_empty(dockerfile):
    assert not ESCAPE.search(on_terminal("check", dockerfile, NO_COLOR="1")[0])
    assert ESCAPE.search(on_terminal("check", dockerfile, NO_COLOR="")[0])


def test_force_color_colours_a_pipe_unless_empty(dockerfile):
    assert ESCAPE.search(in_pipe("check", dockerfile, FORCE_COLOR="1")[0])
    assert ESCAPE.search(in_pipe("check", dockerfile, FORCE_COLOR="0")[0])  # any value but "" forces
    assert not ESCAPE.search(in_pipe("check", dockerfile, FORCE_COLOR="")[0])
    assert ESCAPE.search(in_pipe("check", dockerfile, FORCE_COLOR="1", NO_COLOR="1")[0])


def test_the_flag_wins_over_the_environment(dockerfile):
    assert not ESCAPE.search(on_terminal("check", "--color", "never", dockerfile, FORCE_COLOR="1")[0])
    assert ESCAPE.search(in_pipe("check", "--color", "always", dockerfile, NO_COLOR="1")[0])


def test_a_dumb_terminal_gets_none(dockerfile):
    assert not ESCAPE.search(on_terminal("check", dockerfile, TERM="dumb")[0])


def test_errors_are_coloured_on_their_own_stream(tmp_path):
    missing = str(tmp_path / "missing")
    out, err = in_pipe("check", missing, FORCE_COLOR="1")
    assert "dockerls: \x1b[1;31merror:\x1b[0m" in err
    out, err = on_terminal("check", missing)  # stdout a terminal, stderr a pipe
    assert "error:" not in ESCAPE.sub("", out)
    assert not ESCAPE.search(err) and "dockerls: error:" in err


def test_machine_formats_are_never_coloured(capsys, dockerfile):
    for output_format in ("json", "github", "sarif"):
        _, out, _ = run(capsys, "check", "--color", "always", "--output-format", output_format, dockerfile)
        assert not ESCAPE.search(out)


def test_a_coloured_diff_keeps_each_line_and_its_break(capsys, tmp_path):
    path = write_bytes(tmp_path / "Dockerfile", DOCKERFILE.replace(b"\n", b"\r\n"))
    _, plain, _ = run(capsys, "check", "--diff", "--isolated", str(path))
    _, painted, _ = run(capsys, "check", "--diff", "--isolated", "--color", "always", str(path))
    assert ESCAPE.sub("", painted) == plain
    assert "\x1b[31m-RUN apt-get update" in painted and "\x1b[32m+RUN" in painted


def test_a_removed_line_starting_with_dashes_is_not_a_header():
    diff = "--- a\n+++ a\n@@ -1 +1 @@\n--- comment\n+x\n"
    assert Style(True).diff(diff).splitlines()[3] == "\x1b[31m--- comment\x1b[0m"


class _Stream:
    def __init__(self, terminal: bool) -> None:
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


@pytest.mark.parametrize(
    ("choice", "terminal", "environment", "expected"),
    [
        ("auto", True, {}, True),
        ("auto", False, {}, False),
        ("auto", True, {"NO_COLOR": "yes"}, False),
        ("auto", False, {"FORCE_COLOR": "1"}, True),
        ("auto", True, {"TERM": "dumb"}, False),
        ("auto", True, {"TERM": "dumb", "FORCE_COLOR": "1"}, True),
        ("always", False, {"NO_COLOR": "1"}, True),
        ("never", True, {"FORCE_COLOR": "1"}, False),
    ],
)
def test_the_choice(choice, terminal, environment, expected):
    assert wants_color(choice, _Stream(terminal), environment) is expected
