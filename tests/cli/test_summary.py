"""The summary never claims more than was checked (issue 16): a file that could not be read,
or whose fixes could not be written, is counted, and "All checks passed!" is not printed."""

from __future__ import annotations

import pytest

from tests.cli.helpers import run, write_bytes

pytestmark = pytest.mark.usefixtures("stub_rules")

CLEAN = b"FROM debian\nRUN true\n"
FIXABLE = b"from debian\nMAINTAINER me\n"  # the stub rules: TST001 fixes `from`, TST003 has no fix


def test_an_unreadable_file_beside_clean_ones_is_no_pass(capsys, tmp_path):
    clean = write_bytes(tmp_path / "a.Dockerfile", CLEAN)
    other = write_bytes(tmp_path / "b.Dockerfile", CLEAN)
    latin1 = write_bytes(tmp_path / "c.Dockerfile", b"FROM debian\nLABEL author=J\xfcrgen\n")
    code, out, err = run(capsys, "check", str(clean), str(other), str(latin1), str(tmp_path / "missing"))
    assert code == 2
    assert out == "No findings.\nChecked 2 files; 2 more could not be read.\n"
    assert f"{latin1}: not UTF-8 text (byte 26)" in err and f"{tmp_path / 'missing'}: cannot read" in err


def test_findings_and_an_unreadable_file(capsys, tmp_path):
    fixable = write_bytes(tmp_path / "Dockerfile", FIXABLE)
    code, out, _ = run(capsys, "check", str(fixable), str(tmp_path / "missing"))
    assert code == 2
    assert out.splitlines()[-2:] == ["Found 2 findings (1 error, 1 warning). [*] 1 fixable with --fix", "Checked 1 file; 1 more could not be read."]


def test_unreadable_standard_input_is_counted(capsys, monkeypatch):
    code, out, _ = run(capsys, "check", "-", stdin=b"\xff", monkeypatch=monkeypatch)
    assert (code, out) == (2, "No findings.\nNo file was checked; 1 could not be read.\n")


def test_a_file_whose_fixes_could_not_be_written_keeps_its_findings(capsys, tmp_path):
    path = write_bytes(tmp_path / "Dockerfile", FIXABLE)
    path.chmod(0o444)
    code, out, err = run(capsys, "check", "--fix", str(path))
    assert code == 2 and "is read-only: not written" in err
    # As read, unchanged: both findings are still there, and nothing is claimed fixed.
    assert out.splitlines() == [
        f"{path}:1:1: TST001 [*] Write 'from' in capitals",
        f"{path}:2:1: TST003 MAINTAINER is deprecated: use a LABEL",
        "Found 2 findings (1 error, 1 warning).",
        "Checked 1 file; the fixes to 1 file could not be written.",
    ]


def test_an_unreadable_build_context_file_is_counted(capsys, tmp_path):
    write_bytes(tmp_path / "Dockerfile", CLEAN)
    write_bytes(tmp_path / ".dockerignore", b"#" * (5 << 20))
    code, out, err = run(capsys, "check", str(tmp_path / "Dockerfile"))
    assert code == 2 and ".dockerignore: " in err
    assert out == "No findings.\nChecked 1 file; 1 build-context file could not be read.\n"


def test_everything_read_is_all_checks_passed(capsys, tmp_path):
    clean = write_bytes(tmp_path / "Dockerfile", CLEAN)
    assert run(capsys, "check", str(clean)) == (0, "All checks passed!\n", "")


def test_the_fix_summary_accounts_for_every_finding_check_reported():
    from dockerls.cli.output import Tally, summary

    remaining = [object()] * 3  # one brought by the fixes
    tally = Tally(checked=1, fixed=2, new=1, gone=1)
    assert summary(remaining, tally, fixing=True) == (
        "Found 5 findings (2 fixed, 2 remaining, 1 resolved by other fixes). The fixes brought 1 new finding."
    )
