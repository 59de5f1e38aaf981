"""The build context under hostile or unlucky input (issue 18): ignore files BuildKit
reads otherwise than expected, odd names, huge files. A fix that needs to know what
the context holds is never offered on a guess."""

from __future__ import annotations

import os

import pytest

from dockerls.engine import LintSettings
from tests.linting import fix, lint
from dockerls.core.buildcontext import MAX_IGNORE_BYTES, MAX_READ_BYTES, DirectoryContext

CARGO = "FROM rust:1 AS build\nWORKDIR /app\nCOPY . .\nRUN cargo build --release --locked\n"
UNSAFE = LintSettings(unsafe_fixes=True)  # the stage is the exported image: binds are unsafe there
PIP = "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"


def _cargo_project(root, ignore: str | None = None, ignore_name: str = ".dockerignore"):
    (root / "src").mkdir()
    (root / "src" / "main.rs").write_text("fn main() {}\n")
    (root / "Cargo.toml").write_text('[package]\nname = "app"\nversion = "0.1.0"\n')
    (root / "Cargo.lock").write_text("version = 3\n")
    (root / "secrets").mkdir()
    (root / "secrets" / "key").write_text("x\n")
    if ignore is not None:
        (root / ignore_name).write_text(ignore)


def _bind_sources(text: str) -> set[str]:
    return {part.split("=", 1)[1] for part in text.replace(",", " ").split() if part.startswith("source=")}


def test_an_oversized_ignore_file_means_unknown_not_empty(tmp_path):
    _cargo_project(tmp_path, "secrets\n" + "#" * MAX_IGNORE_BYTES)
    context = DirectoryContext(str(tmp_path), dockerfile=str(tmp_path / "Dockerfile"))
    assert context.excluded("secrets") is None and context.available("secrets") is None
    assert "larger than" in context.unknown_reason
    findings = [f for f in lint(CARGO, None, context) if f.code == "CRG003"]
    assert findings and all(f.fix is None for f in findings)
    assert all("larger than" in f.message for f in findings)  # the message says why there is no fix
    fixed = fix(CARGO, LintSettings(unsafe_fixes=True), context).text
    assert "COPY . ." in fixed and "type=bind" not in fixed


def test_the_per_dockerfile_ignore_file_takes_precedence(tmp_path):
    _cargo_project(tmp_path, "secrets\n", ignore_name="app.Dockerfile.dockerignore")
    (tmp_path / ".dockerignore").write_text("target\n")
    context = DirectoryContext(str(tmp_path), dockerfile=str(tmp_path / "app.Dockerfile"))
    assert context.excluded("secrets") is True
    assert _bind_sources(fix(CARGO, UNSAFE, context).text) == {"src", "Cargo.toml", "Cargo.lock"}
    # another Dockerfile of the directory gets the root's file
    other = DirectoryContext(str(tmp_path), dockerfile=str(tmp_path / "Dockerfile"))
    assert other.excluded("secrets") is False


def test_an_unnamed_dockerfile_beside_a_per_dockerfile_ignore_file_knows_nothing(tmp_path):
    """The server names only the directory: the NAME.dockerignore there may be this
    Dockerfile's own, so what is excluded is unknown and no bind is offered."""
    _cargo_project(tmp_path, "secrets\n", ignore_name="Dockerfile.dockerignore")
    context = DirectoryContext(str(tmp_path))
    assert context.excluded("secrets") is None
    findings = [f for f in lint(CARGO, None, context) if f.code == "CRG003"]
    assert findings and all(f.fix is None for f in findings)


def test_an_unreadable_ignore_file_means_unknown(tmp_path):
    _cargo_project(tmp_path)
    os.mkfifo(tmp_path / ".dockerignore")  # reading it would block
    context = DirectoryContext(str(tmp_path), dockerfile=str(tmp_path / "Dockerfile"))
    assert context.excluded("src") is None
    assert context.problems and "not a regular file" in context.problems[0].message


def test_a_malformed_ignore_file_offers_no_bind_and_says_why(tmp_path):
    _cargo_project(tmp_path, "secrets\n[]\n")
    context = DirectoryContext(str(tmp_path), dockerfile=str(tmp_path / "Dockerfile"))
    findings = [f for f in lint(CARGO, None, context) if f.code == "CRG003"]
    assert findings and all(f.fix is None and "BuildKit refuses it" in f.message for f in findings)


def test_re_included_entries_are_bound_and_excluded_ones_are_not(tmp_path):
    _cargo_project(tmp_path, "*\n!src\n!Cargo.toml\n!Cargo.lock\n")
    context = DirectoryContext(str(tmp_path), dockerfile=str(tmp_path / "Dockerfile"))
    assert _bind_sources(fix(CARGO, UNSAFE, context).text) == {"src", "Cargo.toml", "Cargo.lock"}


def test_a_directory_brought_back_in_part_is_still_bound(tmp_path):
    _cargo_project(tmp_path, "src\nsecrets\n!src/main.rs\n")
    context = DirectoryContext(str(tmp_path), dockerfile=str(tmp_path / "Dockerfile"))
    assert context.available("src") is True and context.available("secrets") is False
    assert "src" in _bind_sources(fix(CARGO, UNSAFE, context).text)


def test_copy_of_a_huge_context_offers_no_ten_thousand_mounts(tmp_path):
    _cargo_project(tmp_path)
    for number in range(10_000):
        (tmp_path / f"f{number}").write_text("")
    context = DirectoryContext(str(tmp_path), dockerfile=str(tmp_path / "Dockerfile"))
    findings = [f for f in lint(CARGO, None, context) if f.code == "CRG003"]
    assert findings and all(f.fix is None for f in findings)
    assert all("more than 64 top-level entries" in f.message for f in findings)


def test_an_excluded_requirements_file_is_not_fixable(tmp_path):
    (tmp_path / "requirements.txt").write_text("flask\n")
    (tmp_path / "Dockerfile.dockerignore").write_text("requirements.txt\n")
    context = DirectoryContext(str(tmp_path), dockerfile=str(tmp_path / "Dockerfile"))
    finding = next(f for f in lint(PIP, None, context) if f.code == "PIP002")
    assert finding.fix is None and "excluded" in finding.message


def test_requirements_beside_an_oversized_ignore_file_are_not_fixable(tmp_path):
    (tmp_path / "requirements.txt").write_text("flask\n")
    (tmp_path / ".dockerignore").write_text("requirements.txt\n" + "#" * MAX_IGNORE_BYTES)
    context = DirectoryContext(str(tmp_path), dockerfile=str(tmp_path / "Dockerfile"))
    finding = next(f for f in lint(PIP, None, context) if f.code == "PIP002")
    assert finding.fix is None and "larger than" in finding.message


def test_an_oversized_requirements_file_is_reported_and_not_guessed(tmp_path):
    """Its ``-r`` lines cannot be seen: binding it alone could break pip."""
    (tmp_path / "requirements.txt").write_text("-r more.txt\n" + "#" * MAX_READ_BYTES)
    (tmp_path / "more.txt").write_text("flask\n")
    context = DirectoryContext(str(tmp_path), dockerfile=str(tmp_path / "Dockerfile"))
    finding = next(f for f in lint(PIP, None, context) if f.code == "PIP002")
    assert finding.fix is None and "larger than" in finding.message
    assert any(problem.path.endswith("requirements.txt") for problem in context.problems)


@pytest.mark.parametrize(
    "text",
    [
        "FROM python:3.12\nCOPY requirements\ud800.txt .\nRUN pip install -r requirements\ud800.txt\n",
        "FROM python:3.12\nCOPY . .\nRUN pip install -r req\udcff.txt\n",
        "FROM rust:1\nCOPY src\ud800 src\nRUN cargo build\n",
    ],
)
def test_a_lone_surrogate_in_a_file_name_fails_no_rule(tmp_path, text):
    (tmp_path / "requirements.txt").write_text("flask\n")
    context = DirectoryContext(str(tmp_path), dockerfile=str(tmp_path / "Dockerfile"))
    assert not [f.message for f in lint(text, None, context) if f.code == "DLS001"]
