"""Replays every input the fuzzer (fuzz/run.sh) ever found crashing, plus hand-made nasties."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerls.engine import LintSettings
from tests.linting import fix, lint
from dockerls.syntax import parse

REGRESSIONS = sorted(p for p in Path(__file__).parent.joinpath("fuzz_regressions").glob("*") if p.is_file())
IGNORE_REGRESSIONS = sorted(Path(__file__).parent.joinpath("fuzz_regressions", "dockerignore").glob("*"))
NASTIES = [
    "",
    "\ufeff",
    "\\",
    "RUN \\",
    "FROM x\nRUN <<",
    "FROM x\nRUN <<EOF",
    "FROM x\nRUN --mount=",
    "FROM x\nRUN --mount=type=cache,target=",
    'FROM x\nRUN ["',
    "FROM x\nRUN \x00\ud800",
    "# escape=`\nFROM x\nRUN a `",
    "FROM x\r\rRUN \r\\\r",
    "FROM x\nRUN apt-get install -y " + "a" * 100_000,
    "FROM x\nRUN " + "(" * 5000,
    "FROM x\nRUN " + "a && " * 3000 + "b",
    "FROM x\n" + "RUN \\\n" * 2000,
]


@pytest.mark.parametrize("text", NASTIES + [p.read_bytes().decode("utf-8", "replace") for p in REGRESSIONS], ids=range(len(NASTIES) + len(REGRESSIONS)))
def test_never_raises_and_converges(text: str):
    document = parse(text)
    assert "".join(text[i.extent.start : i.extent.end] for i in document.items) == text
    findings = lint(text)
    assert all(0 <= f.span.start <= f.span.end <= len(text) for f in findings)
    assert not [f for f in findings if f.code == "DLS001"]
    fixed = fix(text, LintSettings(unsafe_fixes=True)).text
    assert fix(fixed, LintSettings(unsafe_fixes=True)).text == fixed


@pytest.mark.parametrize(
    "text",
    [
        "RUN cargo build --release\n",
        "RUN cargo build --release\nFROM rust:1 AS build\nRUN cargo build --locked --release\nFROM debian\nCOPY --from=build /target/release/app /app\n",
        "RUN apt-get update && apt-get install -y curl\n",
        "RUN pip install -r requirements.txt\n",
    ],
)
def test_run_before_the_first_from_breaks_no_rule(text: str):
    findings = lint(text)
    assert "SYN008" in {f.code for f in findings}
    assert not [f for f in findings if f.code == "DLS001"], [f.message for f in findings if f.code == "DLS001"]


IGNORE_NASTIES = [
    "*" * 40 + "x",
    "**/" * 12 + "x",
    "[]\n[^]\n[\\]\n[]a]\n[z-a]\n[!]",
    "!\n!!\n! \n#\n \\",
    "\ufeff\r\n\x00\ud800[\udcff-\ud800]",
    "a" * 70_000,
]


@pytest.mark.parametrize(
    "data",
    [text.encode("utf-8", "surrogatepass") for text in IGNORE_NASTIES] + [p.read_bytes() for p in IGNORE_REGRESSIONS],
    ids=range(len(IGNORE_NASTIES) + len(IGNORE_REGRESSIONS)),
)
def test_ignore_files_never_raise(data: bytes):
    """What fuzz/fuzz_dockerignore.py found, and hand-made nasties, replayed."""
    from tests.engine.ignore_properties import check_ignore_file

    text = data.decode("utf-8", "surrogatepass") if data else ""
    check_ignore_file(text, ["a", "a/b", "x/y/z", "[", "!"])
