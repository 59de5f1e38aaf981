"""Shared by the cargo tests: linting and fixing with a small in-memory build context."""

from __future__ import annotations

import posixpath

import dockerfile

from dockerls.core.buildcontext import MemoryContext
from dockerls.engine import LintSettings
from tests.linting import fix, lint
from dockerls.syntax import parse

APP_MANIFEST = '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n'


def app_context(**extra: str) -> MemoryContext:
    files = {"Cargo.toml": APP_MANIFEST, "Cargo.lock": "version = 3\n", "src/main.rs": "fn main() {}\n"}
    files.update({name.replace("__", "/"): text for name, text in extra.items()})
    return MemoryContext(files, dockerignore="target\n")


def codes(text: str, context=None, prefix: str = "CRG") -> list[str]:
    found = lint(text, build_context=context) if context is not None else lint(text)
    return [finding.code for finding in found if finding.code.startswith(prefix)]


def fixed(text: str, context=None, *, unsafe: bool = False, settings: LintSettings | None = None) -> str:
    settings = settings or LintSettings(unsafe_fixes=unsafe)
    result = fix(text, settings, context) if context is not None else fix(text, settings)
    return result.text


def buildkit_mounts(text: str) -> list[set[tuple[str, str, str]]]:
    """Per RUN, BuildKit's own view of its mounts: (type, absolute target, source)."""
    commands = dockerfile.parse_string(text)
    workdir = "/"
    found = []
    for command in commands:
        if command.cmd.upper() == "FROM":
            workdir = "/"
        elif command.cmd.upper() == "WORKDIR":
            workdir = posixpath.normpath(posixpath.join(workdir, command.value[0]))
        elif command.cmd.upper() == "RUN":
            mounts = set()
            for flag in command.flags:
                if not flag.startswith("--mount="):
                    continue
                options = dict(
                    (part.split("=", 1) + [""])[:2] for part in flag[len("--mount="):].split(",")
                )
                target = options.get("target") or options.get("dst") or options.get("destination") or ""
                mounts.add(
                    (
                        options.get("type", "bind"),
                        posixpath.normpath(posixpath.join(workdir, target)),
                        options.get("source") or options.get("src") or "",
                    )
                )
            found.append(mounts)
    return found


def parses_cleanly(text: str) -> bool:
    """BuildKit parses ``text`` and dockerls finds no syntax issue in it."""
    dockerfile.parse_string(text)
    return not [issue for issue in parse(text).issues if issue.code != "SYN002"]
