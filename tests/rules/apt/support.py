"""Shared helpers for the apt rule tests."""

from __future__ import annotations

import os
import sys
from typing import Callable

import dockerfile

import dockerls
from dockerls.engine import LintSettings
from tests.linting import fix, lint
from dockerls.core.options import AptOptions, Options
from dockerls.syntax import parse
from dockerls.syntax.shell import shell_of


def settings(unsafe: bool = False, **apt: object) -> LintSettings:
    return LintSettings(unsafe_fixes=unsafe, options=Options(apt=AptOptions(**apt)))


def findings(text: str, code_prefix: str = "APT", **apt: object):
    return [f for f in lint(text, settings(**apt)) if f.code.startswith(code_prefix)]


def codes(text: str, **apt: object) -> list[str]:
    return [f.code for f in findings(text, **apt)]


def fixed(text: str, unsafe: bool = False, **apt: object) -> str:
    """Fix everything, and check BuildKit reads the result."""
    result = fix(text, settings(unsafe, **apt)).text
    buildkit_commands(result)
    return result


def buildkit_commands(text: str):
    """BuildKit's parse of ``text`` (raises when BuildKit rejects it)."""
    return dockerfile.parse_string(text)


def run_mounts(text: str) -> list[tuple[str, ...]]:
    """The --mount flags of every RUN, as BuildKit reads them."""
    return [
        tuple(flag for flag in command.flags if flag.startswith("--mount="))
        for command in buildkit_commands(text)
        if command.cmd.upper() == "RUN"
    ]


def docker_clean_runs(text: str) -> int:
    return sum(
        1
        for command in buildkit_commands(text)
        if command.cmd.upper() == "RUN" and "/etc/apt/apt.conf.d/docker-clean" in " ".join(command.value)
    )


DOCKERLS = os.path.dirname(dockerls.__file__) + os.sep


def executed_lines(action: Callable[[], object]) -> int:
    """How many lines of dockerls code ``action()`` executes.

    A count of work that, unlike a timing, is the same on every machine and
    every run; it grows with loops written in Python whether or not they call
    a function. (Parse the document first: only the rules should be counted.)
    """
    count = 0

    def count_lines(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return count_lines

    def enter(frame, event, arg):
        return count_lines if frame.f_code.co_filename.startswith(DOCKERLS) else None

    previous = sys.gettrace()
    sys.settrace(enter)
    try:
        action()
    finally:
        sys.settrace(previous)
    return count


def parsed(text: str):
    """``text`` parsed, with every RUN's shell script read (so that counts leave it out)."""
    document = parse(text)
    for instruction in document.instructions:
        shell_of(instruction)
    return document
