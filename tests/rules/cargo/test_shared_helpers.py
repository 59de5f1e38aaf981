"""The additions this family made to shared code: mounts.insert_mounts_before and BuildContext.entries."""

from __future__ import annotations

from dockerls.core.buildcontext import NO_CONTEXT, DirectoryContext, MemoryContext
from dockerls.engine import apply_edits
from dockerls.rules.mounts import insert_mounts_before
from dockerls.syntax import parse

from .helpers import parses_cleanly


def test_insert_mounts_before_an_existing_flag_keeps_line_endings():
    for eol in ("\n", "\r\n"):
        text = f"FROM rust\r\nRUN --mount=type=cache,target=/x \\{eol}    cargo fetch{eol}".replace("\r\n", eol)
        document = parse(text)
        run = document.instructions[-1]
        edit = insert_mounts_before(document, run, run.mounts[0], ["--mount=type=bind,source=a,target=a"])
        result = apply_edits(text, [edit])
        assert result == (
            f"FROM rust{eol}RUN --mount=type=bind,source=a,target=a \\{eol}    --mount=type=cache,target=/x \\{eol}"
            f"    cargo fetch{eol}"
        )
        assert parses_cleanly(result)


def test_entries_of_memory_and_directory_contexts(tmp_path):
    memory = MemoryContext({"src/main.rs": "", "src/bin/x.rs": "", "Cargo.toml": ""})
    assert memory.entries() == ["Cargo.toml", "src"]
    assert memory.entries("src") == ["bin", "main.rs"]
    assert memory.entries("nothing") == []
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "main.rs").write_text("")
    (tmp_path / "Cargo.toml").write_text("")
    directory = DirectoryContext(str(tmp_path))
    assert directory.entries() == ["Cargo.toml", "src"]
    assert directory.entries("Cargo.toml") == [] and directory.entries("../..") == ["Cargo.toml", "src"]
    assert NO_CONTEXT.entries() is None
