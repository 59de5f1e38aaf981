"""The MNT family beyond its golden fixtures: the build context as the CLI and LSP see it,
and related places in the editor."""

from __future__ import annotations

from dockerls.core.buildcontext import MemoryContext
from dockerls.lsp import diagnostics
from dockerls.syntax import LineIndex
from tests.cli.helpers import run, write_bytes
from tests.linting import lint

BIND = (
    "FROM golang:1.23\n"
    "WORKDIR /src\n"
    "RUN --mount=type=bind,source=go.sum,target=go.sum --mount=type=bind,source=gen/,target=gen go env\n"
)


def mnt003(text: str, context=None) -> list[str]:
    found = lint(text, build_context=context) if context is not None else lint(text)
    return [f.message for f in found if f.code == "MNT003"]


def test_no_build_context_no_finding():
    assert mnt003(BIND) == []


def test_stdin_without_context_says_nothing_and_with_context_reports(capsys, monkeypatch, tmp_path):
    code, out, _ = run(capsys, "check", "--isolated", "--select", "MNT", "-", stdin=BIND.encode(), monkeypatch=monkeypatch)
    assert (code, out.splitlines()[-1]) == (0, "All checks passed!")
    write_bytes(tmp_path / "go.sum", b"")
    code, out, _ = run(
        capsys, "check", "--isolated", "--select", "MNT", "--context", str(tmp_path), "-",
        stdin=BIND.encode(), monkeypatch=monkeypatch,
    )
    assert code == 1
    assert [line.split(" MNT003 ")[1] for line in out.splitlines() if " MNT003 " in line] == [
        "The bind mount's source gen is not in the build context: the RUN fails"
    ]


def test_dockerignore_exceptions_bring_a_directory_back():
    context = MemoryContext({"go.sum": "", "gen/a.go": "package gen\n"}, dockerignore="gen\n!gen/a.go\n")
    assert mnt003(BIND, context) == []
    excluded = MemoryContext({"go.sum": "", "gen/a.go": "package gen\n"}, dockerignore="gen\n")
    assert mnt003(BIND, excluded) == [
        "The bind mount's source gen is excluded by .dockerignore: BuildKit does not send it, and the RUN fails"
    ]


def test_binds_from_another_stage_or_image_are_not_the_context():
    text = BIND.replace("source=go.sum,", "from=golang:1.23,source=/nowhere,").replace("source=gen/,", "from=0,source=gen/,")
    assert mnt003(text, MemoryContext({})) == []


def test_a_cache_disagreement_reaches_the_editor_with_its_related_mounts():
    text = (
        "FROM debian:bookworm AS a\n"
        "RUN --mount=type=cache,id=c,target=/c,sharing=locked make\n"
        "FROM debian:bookworm AS b\n"
        "RUN --mount=type=cache,id=c,target=/c make\n"
    )
    found = [f for f in lint(text) if f.code.startswith("MNT")]
    assert [f.code for f in found] == ["MNT002"]
    (published,) = diagnostics.diagnostics(found, LineIndex(text), "utf-16", "file:///w/Dockerfile")
    (related,) = published["relatedInformation"]
    assert related["location"]["range"]["start"] == {"line": 1, "character": 4}
    assert related["message"] == "mounts it with sharing=locked"


def test_a_stage_referenced_before_its_definition_is_a_stage():
    text = "FROM debian:bookworm AS a\nCOPY --from=b /x /x\nFROM debian:bookworm AS b\nRUN touch /x\n"
    assert [f for f in lint(text) if f.code == "MNT004"] == []


def test_a_directory_holding_none_of_the_files_sources_is_not_its_context():
    # A Dockerfile kept apart from its sources (built with `-f`): its directory says nothing.
    assert mnt003(BIND, MemoryContext({"Dockerfile": BIND})) == []
    # Control: one of its sources is there, so the directory is its context and the rest is missing.
    assert len(mnt003(BIND, MemoryContext({"go.sum": ""}))) == 1
    # A COPY source that is there counts as evidence too.
    copying = BIND + "COPY main.go .\n"
    assert len(mnt003(copying, MemoryContext({"main.go": ""}))) == 2


def test_the_seed_after_files_in_a_directory_without_their_sources_say_nothing(capsys):
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2] / "seed_examples"
    for family in ("apt", "pip", "cargo"):
        code, out, _ = run(capsys, "check", "--isolated", "--select", "MNT", str(seeds / f"{family}.after.Dockerfile"))
        assert (code, out.splitlines()[-1]) == (0, "All checks passed!")
