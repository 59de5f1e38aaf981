"""The installed command in a real process: exit codes, stdin, and what it imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from tests.paths import SEED_EXAMPLES

EXAMPLES = SEED_EXAMPLES
REPO = Path(__file__).resolve().parents[2]

_IMPORTS_PROBE = """
import sys
from dockerls.cli import main
code = main(sys.argv[1:])
heavy = sorted({name.split(".")[0] for name in sys.modules} & {"pygls", "lsprotocol", "concurrent", "tempfile"})
print("\\n" + " ".join(heavy), end="")
raise SystemExit(code)
"""


def dockerls(*argv: str, stdin: bytes = b"", cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dockerls", *argv], input=stdin, capture_output=True, cwd=cwd or REPO, timeout=60
    )


def imported_by(*argv: str) -> tuple[int, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTS_PROBE, *argv], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    return done.returncode, done.stdout.rsplit("\n", 1)[-1].split()


def test_check_never_imports_the_language_server_stack(tmp_path):
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM debian\nWORKDIR\n")
    # One file: no pool, no temporary files, no LSP.
    assert imported_by("check", str(dockerfile)) == (1, [])
    assert imported_by("check", "--output-format", "sarif", str(dockerfile)) == (1, [])
    assert imported_by("rules")[1] == [] and imported_by("rule", "SYN001")[1] == []


def test_exit_codes_of_the_real_command(tmp_path):
    clean = tmp_path / "clean.Dockerfile"
    clean.write_text("FROM debian\n")
    broken = tmp_path / "broken.Dockerfile"
    broken.write_text("FROM debian\nWORKDIR\n")
    assert dockerls("check", str(clean)).returncode == 0
    assert dockerls("check", str(broken)).returncode == 1
    assert dockerls("check", str(tmp_path / "missing")).returncode == 2
    (tmp_path / ".dockerls.toml").write_text("selct = []\n")
    bad_config = dockerls("check", str(clean))
    assert bad_config.returncode == 2
    assert b"selct: unknown setting (did you mean 'select'?)" in bad_config.stderr


def test_stdin_through_the_real_command():
    done = dockerls("check", "-", "--output-format", "json", stdin=b"FROM debian\r\nWORKDIR\r\n")
    assert done.returncode == 1
    (item,) = json.loads(done.stdout)
    assert (item["code"], item["filename"], item["location"]) == ("SYN004", "-", {"row": 2, "column": 1})


def test_the_apt_example_has_findings_and_the_after_example_has_none():
    before = dockerls("check", "--isolated", str(EXAMPLES / "apt.before.Dockerfile"))
    assert before.returncode == 1, before.stdout + before.stderr
    assert b": APT" in before.stdout
    after = dockerls("check", "--isolated", str(EXAMPLES / "apt.after.Dockerfile"))
    assert after.returncode == 0, after.stdout
