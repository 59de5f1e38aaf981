"""The build-context view: .dockerignore semantics, and nothing read outside the context."""

from __future__ import annotations

import os

import pytest

from dockerls.core.buildcontext import MAX_READ_BYTES, DirectoryContext, MemoryContext
from dockerls.core.ignorepatterns import parse_ignore_file


@pytest.mark.parametrize(
    "patterns, path, excluded",
    [
        ("*.txt", "requirements.txt", True),
        ("*.txt", "sub/requirements.txt", False),
        ("**/*.txt", "sub/requirements.txt", True),
        ("**/*.txt", "requirements.txt", True),
        ("src", "src/main.rs", True),
        ("*\n!requirements.txt", "requirements.txt", False),
        ("*\n!requirements.txt", "main.py", True),
        ("/target", "target/x", True),
        ("# comment\n\n", "a", False),
        ("[a-c].txt", "b.txt", True),
        ("[!a-c].txt", "b.txt", True),  # ! is a member: only ^ negates a class
        ("[^a-c].txt", "b.txt", False),
        ("sr?", "src", True),
        ("./Cargo.lock", "Cargo.lock", True),
    ],
)
def test_dockerignore(patterns, path, excluded):
    assert parse_ignore_file(patterns).excluded(path) is excluded


def test_directory_context_reads_only_inside(tmp_path):
    context = tmp_path / "ctx"
    context.mkdir()
    (context / "requirements.txt").write_text("flask\n")
    (tmp_path / "secret.txt").write_text("outside\n")
    os.symlink(tmp_path / "secret.txt", context / "escape.txt")
    os.symlink(context / "requirements.txt", context / "inside-link.txt")
    view = DirectoryContext(str(context))
    assert view.read_text("requirements.txt") == "flask\n"
    assert view.read_text("../secret.txt") is None  # clamped to ctx/secret.txt, which is absent
    assert view.exists("../../etc/passwd") is False
    assert view.read_text("escape.txt") is None
    assert view.exists("escape.txt") is False
    assert view.read_text("inside-link.txt") == "flask\n"
    assert view.read_text("bad\x00name") is None


def test_directory_context_skips_fifos_and_huge_files(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "huge.txt").write_bytes(b"x" * (MAX_READ_BYTES + 1))
    view = DirectoryContext(str(tmp_path))
    assert view.read_text("pipe") is None  # would block forever if opened
    assert view.read_text("huge.txt") is None


def test_dockerignore_read_from_the_context(tmp_path):
    (tmp_path / ".dockerignore").write_text("*.lock\n")
    (tmp_path / "Cargo.lock").write_text("")
    view = DirectoryContext(str(tmp_path))
    assert view.exists("Cargo.lock") and view.excluded("Cargo.lock")
    assert view.available("Cargo.lock") is False


def test_memory_context():
    view = MemoryContext({"src/main.rs": "fn main() {}", "Cargo.toml": ""}, dockerignore="target")
    assert view.exists("src") and view.is_dir("src") and not view.is_dir("Cargo.toml")
    assert view.available("Cargo.toml") and view.excluded("target/x")
    assert view.read_text("./src/main.rs") == "fn main() {}"
