"""The CLI with the real rules on the shared examples: fix, diff, CRLF, suppression."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.helpers import buildkit_commands, run
from tests.paths import SEED_EXAMPLES

EXAMPLES = SEED_EXAMPLES


def copy_example(tmp_path: Path, name: str, *, crlf: bool = False) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    target = tmp_path / "Dockerfile"
    shutil.copyfile(EXAMPLES / name, target)
    if crlf:
        target.write_bytes(target.read_bytes().replace(b"\n", b"\r\n"))
    return target


def test_apt_before_is_reported_and_fixed_into_cache_mounts(capsys, tmp_path):
    path = copy_example(tmp_path, "apt.before.Dockerfile")
    code, out, _ = run(capsys, "check", "--isolated", str(path))
    assert code == 1 and f"{path}:3:5: APT001 [*]" in out
    code, out, _ = run(capsys, "check", "--isolated", "--fix", str(path))
    assert code == 0, out
    fixed = path.read_text()
    runs = [flags for command, flags in _commands_with_flags(fixed) if command == "RUN"]
    mounts = {flag for flags in runs for flag in flags}
    assert "--mount=type=cache,target=/var/cache/apt,sharing=locked" in mounts
    assert "--mount=type=cache,target=/var/lib/apt/lists,sharing=locked" in mounts
    assert run(capsys, "check", "--isolated", str(path))[0] == 0


def test_fix_on_crlf_is_the_lf_fix_with_crlf(capsys, tmp_path):
    lf = copy_example(tmp_path / "lf", "apt.before.Dockerfile")
    crlf = copy_example(tmp_path / "crlf", "apt.before.Dockerfile", crlf=True)
    for path in (lf, crlf):
        assert run(capsys, "check", "--isolated", "--fix", str(path))[0] == 0
    assert crlf.read_bytes() == lf.read_bytes().replace(b"\n", b"\r\n")
    assert buildkit_commands(crlf.read_text()) == buildkit_commands(lf.read_text())


def test_diff_matches_what_fix_writes(capsys, tmp_path):
    path = copy_example(tmp_path, "pip.before.Dockerfile")
    before = path.read_bytes()
    code, diff, _ = run(capsys, "check", "--isolated", "--diff", str(path))
    assert code == 1 and path.read_bytes() == before
    run(capsys, "check", "--isolated", "--fix", str(path))
    added = [line[1:] for line in diff.splitlines(keepends=True) if line.startswith("+") and not line.startswith("+++")]
    assert added and all(line in path.read_text() for line in added)


def test_a_suppression_comment_silences_the_example(capsys, tmp_path):
    path = copy_example(tmp_path, "apt.before.Dockerfile")
    text = path.read_text().replace("RUN apt-get", "# dockerls: ignore=APT001 measured: no gain here\nRUN apt-get", 1)
    path.write_text(text)
    assert run(capsys, "check", "--isolated", str(path)) == (0, "All checks passed!\n", "")
    assert buildkit_commands(text) == buildkit_commands((EXAMPLES / "apt.before.Dockerfile").read_text())


def _commands_with_flags(text: str):
    import dockerfile

    return [(command.cmd.upper(), command.flags) for command in dockerfile.parse_string(text)]


@pytest.mark.parametrize("family", ["apt", "pip", "cargo"])
def test_the_seed_after_files_report_nothing_above_information_and_the_before_files_fail(capsys, family):
    code, out, _ = run(capsys, "check", "--output-format", "json", str(EXAMPLES / f"{family}.after.Dockerfile"))
    assert code in (0, 1) and {item["severity"] for item in json.loads(out)} <= {"info", "hint"}
    assert run(capsys, "check", str(EXAMPLES / f"{family}.before.Dockerfile"))[0] == 1
