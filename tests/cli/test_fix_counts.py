"""`check` and `check --fix` count the same findings (issue 16), as ruff's do: the `[*]` marks
and "N fixable with --fix" are what `--fix` then reports fixed, and the findings `check` found
are the fixed ones, the ones remaining and the ones another fix made go away; a finding only
the fixed file has is counted apart.

Over every golden fixture, the bundled examples and the seed article's examples, with safe
fixes and with unsafe ones, through the command line as a user runs it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.paths import REPO, SEED_EXAMPLES

GOLDEN = sorted(path.parent for path in (REPO / "tests" / "golden").glob("*/*/before.Dockerfile"))
CASES = [
    *[(case / "before.Dockerfile", case / "context") for case in GOLDEN],
    *[(path, path.parent) for path in sorted((REPO / "examples").glob("*/Dockerfile"))],
    *[(path, None) for path in sorted(SEED_EXAMPLES.glob("*.Dockerfile"))],
]

CHECKED = re.compile(r"Found (\d+) findings? \([^)]*\)\.(?: \[\*\] (\d+) fixable with --fix)?(?: \(\d+ more with --unsafe-fixes\))?")
FIXED = re.compile(
    r"Found (\d+) findings? \((\d+) fixed, (\d+) remaining(?:, (\d+) resolved by other fixes)?\)\."
    r"(?: The fixes brought (\d+) new findings?\.)?"
)


def _id(case: tuple[Path, Path | None]) -> str:
    return str(case[0].relative_to(REPO))


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
@pytest.mark.parametrize("case", CASES, ids=_id)
def test_fixable_is_what_fix_fixes(capsys, tmp_path, case, unsafe):
    source, context = case
    dockerfile = tmp_path / "Dockerfile"
    shutil.copyfile(source, dockerfile)
    flags = ["--isolated", "--context", str(context if context and context.is_dir() else tmp_path)]
    flags += ["--unsafe-fixes"] if unsafe else []

    code, out, err = run(capsys, "check", *flags, str(dockerfile))
    assert code in (0, 1) and err == "", err
    *lines, last = _finding_lines(out)
    if last == "All checks passed!":
        found, fixable = 0, 0
    else:
        checked = CHECKED.fullmatch(last)
        assert checked, last
        found, fixable = int(checked[1]), int(checked[2] or 0)
    assert len(lines) == found
    assert sum(" [*] " in line for line in lines) == fixable

    code, out, err = run(capsys, "check", "--fix", *flags, str(dockerfile))
    assert code in (0, 1) and err == "", err
    *remaining_lines, last = _finding_lines(out)
    fixed = FIXED.fullmatch(last)
    if fixable == 0:
        assert last == out.splitlines()[-1] and not fixed
        assert dockerfile.read_bytes() == source.read_bytes()
        return
    assert fixed, last
    total, fixed_count, remaining, gone, new = (int(group or 0) for group in fixed.groups())
    assert (total, fixed_count) == (found, fixable)
    assert remaining + gone == found - fixable
    assert len(remaining_lines) == remaining + new


def _finding_lines(out: str) -> list[str]:
    """The report's lines without the indented "related" lines under a finding."""
    return [line for line in out.splitlines() if not line.startswith("    related ")]
