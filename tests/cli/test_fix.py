"""`--fix`, `--diff` and `--unsafe-fixes`: byte-exact writes, atomic replacement, stdin."""

from __future__ import annotations

import os
import stat
import subprocess

import pytest

from tests.cli.helpers import buildkit_commands, run, write_bytes

pytestmark = pytest.mark.usefixtures("stub_rules")


def test_fix_keeps_crlf_and_every_byte_outside_the_edit(capsys, tmp_path):
    before = b"FROM debian\r\n# a comment  \r\nrun echo \\\r\n  hi\r\n\r\nMAINTAINER me"
    path = write_bytes(tmp_path / "Dockerfile", before)
    code, out, _ = run(capsys, "check", "--fix", str(path))
    after = path.read_bytes()
    assert after == before.replace(b"run echo", b"RUN echo")
    assert code == 1  # TST003 has no fix and remains
    assert out.splitlines() == [
        f"{path}:6:1: TST003 MAINTAINER is deprecated: use a LABEL",
        "Found 2 findings (1 fixed, 1 remaining).",
    ]
    assert buildkit_commands(after.decode()) == [("FROM", ("debian",)), ("RUN", ("echo   hi",)), ("MAINTAINER", ("me",))]


def test_fix_keeps_a_bom_and_reports_columns_without_it(capsys, tmp_path):
    before = "\ufefffrom debian\nrun x\n".encode()
    path = write_bytes(tmp_path / "Dockerfile", before)
    code, out, _ = run(capsys, "check", str(path))
    assert out.startswith(f"{path}:1:1: TST001")  # the BOM is not a column
    code, _, _ = run(capsys, "check", "--fix", str(path))
    after = path.read_bytes()
    assert code == 0
    assert after == "\ufeffFROM debian\nRUN x\n".encode()
    assert buildkit_commands(after.decode("utf-8-sig")) == [("FROM", ("debian",)), ("RUN", ("x",))]


def test_fix_keeps_mode_and_follows_symlinks(capsys, tmp_path):
    real = write_bytes(tmp_path / "real" / "build.Dockerfile", b"from debian\n")
    real.chmod(0o640)
    link = tmp_path / "Dockerfile"
    link.symlink_to(real)
    assert run(capsys, "check", "--fix", str(link))[0] == 0
    assert link.is_symlink() and real.read_bytes() == b"FROM debian\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(os.listdir(real.parent)) == ["build.Dockerfile"]  # no temporary file left behind


def test_fix_leaves_clean_files_untouched(capsys, tmp_path):
    path = write_bytes(tmp_path / "Dockerfile", b"FROM debian\n")
    os.utime(path, (1_000_000, 1_000_000))
    assert run(capsys, "check", "--fix", str(path)) == (0, "All checks passed!\n", "")
    assert path.stat().st_mtime == 1_000_000


def test_unsafe_fixes_apply_only_when_asked(capsys, tmp_path):
    path = write_bytes(tmp_path / "Dockerfile", b"FROM debian\nRUN curl -O x\n")
    assert run(capsys, "check", "--fix", str(path))[0] == 1
    assert path.read_bytes() == b"FROM debian\nRUN curl -O x\n"
    assert run(capsys, "check", "--fix", "--unsafe-fixes", str(path))[0] == 0
    fixed = path.read_bytes()
    assert fixed == b"FROM debian\nRUN wget -O x\n"
    assert buildkit_commands(fixed.decode()) == [("FROM", ("debian",)), ("RUN", ("wget -O x",))]


def test_unsafe_fixes_from_config_and_no_unsafe_fixes_flag(capsys, tmp_path):
    write_bytes(tmp_path / ".dockerls.toml", b"unsafe-fixes = true\n")
    path = write_bytes(tmp_path / "Dockerfile", b"FROM debian\nRUN curl\n")
    assert run(capsys, "check", "--fix", "--no-unsafe-fixes", str(path))[0] == 1
    assert path.read_bytes() == b"FROM debian\nRUN curl\n"
    assert run(capsys, "check", "--fix", str(path))[0] == 0
    assert path.read_bytes() == b"FROM debian\nRUN wget\n"


def test_diff_writes_nothing_and_applies_as_a_patch(capsys, tmp_path):
    before = b"FROM debian\r\nrun x\r\nMAINTAINER me"
    path = write_bytes(tmp_path / "Dockerfile", before)
    code, out, _ = run(capsys, "check", "--diff", str(path))
    assert code == 1
    assert path.read_bytes() == before
    assert out == (
        f"--- {path}\n+++ {path}\n@@ -1,3 +1,3 @@\n"
        " FROM debian\r\n-run x\r\n+RUN x\r\n MAINTAINER me\n\\ No newline at end of file\n"
    )
    patched = tmp_path / "patched"
    patched.write_bytes(before)
    subprocess.run(["patch", "--binary", "-s", str(patched)], input=out.encode(), check=True)
    assert patched.read_bytes() == before.replace(b"run x", b"RUN x")


def test_diff_exits_zero_when_fixes_would_change_nothing(capsys, tmp_path):
    path = write_bytes(tmp_path / "Dockerfile", b"FROM debian\nMAINTAINER me\n")
    assert run(capsys, "check", "--diff", str(path)) == (0, "", "")


def test_stdin_fix_prints_the_fixed_text_and_reports_on_stderr(capsys, monkeypatch):
    before = b"\xef\xbb\xbffrom debian\r\nMAINTAINER me\r\n"
    code, out, err = run(capsys, "check", "--fix", "-", stdin=before, monkeypatch=monkeypatch)
    assert code == 1
    assert out == "FROM debian\r\nMAINTAINER me\r\n"
    assert err.splitlines()[0] == "-:2:1: TST003 MAINTAINER is deprecated: use a LABEL"


def test_stdin_diff(capsys, monkeypatch):
    argv = ("check", "--diff", "-", "--stdin-filename", "x/Dockerfile")
    code, out, _ = run(capsys, *argv, stdin=b"run a\n", monkeypatch=monkeypatch)
    assert code == 1
    assert out == "--- x/Dockerfile\n+++ x/Dockerfile\n@@ -1 +1 @@\n-run a\n+RUN a\n"


def test_failed_write_exits_two_and_keeps_the_file(capsys, tmp_path, monkeypatch):
    import dockerls.cli.checking as checking

    # Tests run as root, which writes through any permission bits: fail the write itself.
    def refuse(path, source):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(checking, "write_source", refuse)
    path = write_bytes(tmp_path / "Dockerfile", b"from debian\n")
    code, _, err = run(capsys, "check", "--fix", str(path))
    assert code == 2 and f"{path}: cannot write: Permission denied" in err
    assert path.read_bytes() == b"from debian\n"


def test_write_source_cleans_up_when_the_rename_fails(tmp_path, monkeypatch):
    from dockerls.cli.files import Source, write_source

    path = write_bytes(tmp_path / "Dockerfile", b"FROM a\n")

    def broken_replace(source, target):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_source(str(path), Source("FROM b\n"))
    assert path.read_bytes() == b"FROM a\n"
    assert os.listdir(tmp_path) == ["Dockerfile"]
