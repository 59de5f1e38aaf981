"""The CLI under hostile or unlucky input (issue 18): every input is bounded, every
problem is a clear error with exit 2, never a traceback or a silent skip."""

from __future__ import annotations

import io
import json
import os
import sys

import pytest

from dockerls.cli import main
from tests.cli.helpers import run, write_bytes

APT = b"FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"


def test_a_device_that_never_ends_is_read_to_the_limit(capsys):
    code, out, err = run(capsys, "check", "/dev/zero", "--isolated")
    assert code == 2
    assert "/dev/zero: is larger than 8 MiB: not checked" in err and "Traceback" not in err


def test_stdin_that_never_ends_is_read_to_the_limit(capsys, monkeypatch):
    with open("/dev/zero", "rb") as zero:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(zero))
        code = main(["check", "-", "--isolated"])
    err = capsys.readouterr().err
    assert code == 2 and "-: is larger than 8 MiB: not checked" in err


def test_a_fifty_megabyte_dockerfile_is_refused_by_its_size(capsys, tmp_path):
    big = tmp_path / "Dockerfile"
    with open(big, "wb") as handle:
        handle.truncate(50 << 20)  # sparse: refused before anything is read
    code, out, err = run(capsys, "check", str(big), "--isolated")
    assert code == 2 and "is larger than 8 MiB (50 MiB): not checked" in err


def test_a_document_past_the_servers_character_limit_is_refused(capsys, tmp_path):
    path = write_bytes(tmp_path / "Dockerfile", b"FROM x\n" + b"# " + b"a" * 2_000_000 + b"\n")
    code, out, err = run(capsys, "check", str(path), "--isolated")
    assert code == 2 and "has more than 2,000,000 characters" in err


def test_a_gigabyte_config_file_is_an_error_not_a_memory_error(capsys, tmp_path, monkeypatch):
    write_bytes(tmp_path / "Dockerfile", APT)
    with open(tmp_path / ".dockerls.toml", "wb") as handle:
        handle.truncate(1 << 30)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "Dockerfile")
    assert code == 2 and ".dockerls.toml: cannot read the file: it is larger than 4 MiB (1 GiB)" in err


def test_a_context_that_does_not_exist_is_a_usage_error(capsys, tmp_path):
    write_bytes(tmp_path / "Dockerfile", APT)
    code, out, err = run(capsys, "check", str(tmp_path / "Dockerfile"), "--context", "/nonexistent", "--isolated")
    assert code == 2 and "--context /nonexistent: does not exist" in err


def test_a_context_that_is_a_file_is_a_usage_error(capsys, tmp_path):
    path = write_bytes(tmp_path / "Dockerfile", APT)
    code, out, err = run(capsys, "check", str(path), "--context", str(path), "--isolated")
    assert code == 2 and "is not a directory" in err


def test_an_unreadable_subfolder_is_reported_and_fails_the_run(capsys, tmp_path, monkeypatch):
    write_bytes(tmp_path / "a" / "Dockerfile", APT)
    write_bytes(tmp_path / "locked" / "Dockerfile", APT)
    locked = str(tmp_path / "locked")
    scandir = os.scandir

    def refusing(path="."):
        if os.path.abspath(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)  # chmod 000 does not stop root, who runs CI
    code, out, err = run(capsys, "check", str(tmp_path), "--isolated", "--output-format", "json")
    assert code == 2
    assert f"{locked}: cannot list the directory (Permission denied)" in err
    assert [d["filename"] for d in json.loads(out)] == [str(tmp_path / "a" / "Dockerfile")]


def test_a_malformed_dockerignore_is_a_finding_on_that_file(capsys, tmp_path):
    write_bytes(tmp_path / "Dockerfile", APT)
    write_bytes(tmp_path / ".dockerignore", b"target\n  [z-a]\n")
    code, out, err = run(capsys, "check", str(tmp_path / "Dockerfile"), "--isolated", "--output-format", "json")
    assert "Traceback" not in err and code == 1
    found = [d for d in json.loads(out) if d["code"] == "DLS002"]
    assert len(found) == 1
    assert found[0]["filename"] == str(tmp_path / ".dockerignore")
    assert found[0]["location"] == {"row": 2, "column": 3} and found[0]["end_location"] == {"row": 2, "column": 8}


def test_two_dockerfiles_of_one_context_report_its_ignore_file_once(capsys, tmp_path):
    write_bytes(tmp_path / "Dockerfile", APT)
    write_bytes(tmp_path / "Containerfile", APT)
    write_bytes(tmp_path / ".dockerignore", b"[]\n")
    code, out, err = run(capsys, "check", str(tmp_path), "--isolated", "--output-format", "json")
    assert [d["code"] for d in json.loads(out)].count("DLS002") == 1


def test_an_oversized_context_file_is_an_error(capsys, tmp_path):
    write_bytes(tmp_path / "Dockerfile", b"FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n")
    write_bytes(tmp_path / "requirements.txt", b"flask\n" + b"#" * (2 << 20))
    code, out, err = run(capsys, "check", str(tmp_path / "Dockerfile"), "--isolated")
    assert code == 2
    assert f"{tmp_path / 'requirements.txt'}: is larger than 1 MiB (2 MiB); the fixes that depend on it" in err


@pytest.mark.parametrize("eol", ["\r", "\r\n", "\n"])
def test_rows_count_lines_as_the_server_does(capsys, tmp_path, eol):
    """A lone CR ends a line for LSP; the CLI's rows are the server's lines plus one."""
    from tests.linting import lint
    from dockerls.lsp.convert import lsp_position
    from dockerls.syntax import LineIndex

    text = f"FROM debian:12\n# a note{eol}more\nRUN apt-get update && apt-get install -y curl\n"
    path = write_bytes(tmp_path / "Dockerfile", text.encode())
    code, out, err = run(capsys, "check", str(path), "--isolated", "--output-format", "json")
    rows = [d["location"]["row"] for d in json.loads(out)]
    lines = LineIndex(text)
    assert rows and rows == [lsp_position(lines, f.span.start, "utf-16").line + 1 for f in lint(text)]
    assert rows[0] == (4 if eol == "\r" else 3)
