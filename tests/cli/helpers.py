"""Running the CLI in-process and writing Dockerfiles byte for byte."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import dockerfile

from dockerls.cli import main


def run(capsys, *argv: str, stdin: bytes | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None, "pass monkeypatch to feed stdin"
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def buildkit_commands(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """(instruction, values) as BuildKit's own parser reads ``text``."""
    return [(command.cmd.upper(), command.value) for command in dockerfile.parse_string(text)]
