"""``--fix`` writes the user's file as a careful editor does (issue 18): never a read-only
file, never over a change made since the read, owner, group, mode and hard links kept."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockerls.cli.files import Source, read_source, write_source
from tests.cli.helpers import run, write_bytes

BEFORE = b"from debian\nMAINTAINER me\n"  # the stub rules fix `from` into `FROM`
AFTER = b"FROM debian\nMAINTAINER me\n"

pytestmark = pytest.mark.usefixtures("stub_rules")


def test_a_read_only_dockerfile_is_refused(capsys, tmp_path):
    path = write_bytes(tmp_path / "Dockerfile", BEFORE)
    path.chmod(0o444)
    inode = path.stat().st_ino
    code, _, err = run(capsys, "check", "--fix", str(path))
    assert code == 2 and f"{path}: is read-only: not written" in err
    assert path.read_bytes() == BEFORE and path.stat().st_ino == inode


def test_owner_group_and_mode_are_kept_when_a_new_file_could_not_have_them(capsys, tmp_path, monkeypatch):
    """Run by someone who may write the file but not give a new one its owner (here: chown
    refuses, as it does for anyone but root), the file is written in place."""
    path = write_bytes(tmp_path / "Dockerfile", BEFORE)
    os.chown(path, 1234, 5678)
    path.chmod(0o664)
    monkeypatch.setattr(os, "chown", lambda *args: (_ for _ in ()).throw(PermissionError(1, "Operation not permitted")))
    code, _, err = run(capsys, "check", "--fix", str(path))
    assert path.read_bytes() == AFTER, err
    info = path.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (1234, 5678, 0o664)
    assert not [name for name in os.listdir(tmp_path) if name.endswith((".dockerls", ".dockerls-new"))]


def test_owner_group_and_mode_are_kept_when_replacing(capsys, tmp_path):
    path = write_bytes(tmp_path / "Dockerfile", BEFORE)
    os.chown(path, 1234, 5678)
    path.chmod(0o640)
    run(capsys, "check", "--fix", str(path))
    info = path.stat()
    assert path.read_bytes() == AFTER
    assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (1234, 5678, 0o640)


def test_hard_links_stay_linked(capsys, tmp_path):
    path = write_bytes(tmp_path / "Dockerfile", BEFORE)
    other = tmp_path / "Dockerfile.linked"
    os.link(path, other)
    run(capsys, "check", "--fix", str(path))
    assert path.read_bytes() == AFTER and other.read_bytes() == AFTER
    assert path.stat().st_ino == other.stat().st_ino


def test_a_directory_without_room_for_a_temporary_file_is_written_in_place(capsys, tmp_path, monkeypatch):
    import tempfile

    path = write_bytes(tmp_path / "Dockerfile", BEFORE)
    monkeypatch.setattr(tempfile, "mkstemp", lambda **_: (_ for _ in ()).throw(PermissionError(13, "denied")))
    code, _, err = run(capsys, "check", "--fix", str(path))
    assert path.read_bytes() == AFTER, err


def _editing_during_the_run(monkeypatch, edit):
    """The engine's fix, with ``edit`` done to the file while it runs (an editor saving)."""
    from dockerls import engine

    original = engine.fix

    def fix_while_editing(*args, **kwargs):
        result = original(*args, **kwargs)
        edit()
        return result

    monkeypatch.setattr(engine, "fix", fix_while_editing)


def test_an_append_made_during_the_run_is_not_lost(capsys, tmp_path, monkeypatch):
    path = write_bytes(tmp_path / "Dockerfile", BEFORE)
    _editing_during_the_run(monkeypatch, lambda: path.open("ab").write(b"RUN echo appended\n"))
    code, _, err = run(capsys, "check", "--fix", str(path))
    assert code == 2 and f"{path}: changed since dockerls read it: not written (run dockerls again)" in err
    assert path.read_bytes() == BEFORE + b"RUN echo appended\n"


def test_a_file_replaced_during_the_run_is_not_written_over(capsys, tmp_path, monkeypatch):
    path = write_bytes(tmp_path / "Dockerfile", BEFORE)

    def save_by_rename():
        write_bytes(tmp_path / "saved", BEFORE)
        os.replace(tmp_path / "saved", path)

    _editing_during_the_run(monkeypatch, save_by_rename)
    code, _, err = run(capsys, "check", "--fix", str(path))
    assert code == 2 and "was replaced since dockerls read it" in err


def test_a_crash_while_writing_in_place_leaves_the_new_text_beside_it(tmp_path, monkeypatch):
    path = write_bytes(tmp_path / "Dockerfile", BEFORE)
    os.link(path, tmp_path / "linked")  # in place: hard links
    source = read_source(str(path))
    real_open = open

    def crashing_open(file, mode="r", *args, **kwargs):
        if str(file) == str(path) and mode == "r+b":
            raise KeyboardInterrupt  # the process dies before the overwrite
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", crashing_open)
    with pytest.raises(KeyboardInterrupt):
        write_source(str(path), Source(AFTER.decode(), source.bom, source.read_as))
    monkeypatch.undo()
    recovered = [name for name in os.listdir(tmp_path) if name.endswith(".dockerls-new")]
    assert path.read_bytes() == BEFORE and len(recovered) == 1
    assert (tmp_path / recovered[0]).read_bytes() == AFTER


# --- write-while-fixing, fuzzed (bounded by example count) --------------------------------

_EDITS = st.sampled_from(["none", "append", "same-size", "truncate", "replace", "replace-same", "chmod", "touch"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edit=_EDITS, links=st.booleans(), extra=st.binary(min_size=1, max_size=20))
def test_write_while_fixing_never_loses_the_users_text(tmp_path_factory, edit, links, extra):
    """Whatever happens to the file between the read and the write, the result is either
    the fix of what was read (nothing else changed) or the user's own new text, untouched."""
    directory = tmp_path_factory.mktemp("race")
    path = write_bytes(directory / "Dockerfile", BEFORE)
    if links:
        os.link(path, directory / "other")
    source = read_source(str(path))
    users = {
        "none": None,
        "append": BEFORE + extra,
        "same-size": bytes(reversed(BEFORE)),
        "truncate": BEFORE[:5],
    }.get(edit)
    if edit in ("append", "same-size", "truncate"):
        with open(path, "r+b") as handle:
            handle.write(users)
            handle.truncate(len(users))
    elif edit in ("replace", "replace-same"):
        users = BEFORE + extra if edit == "replace" else BEFORE
        write_bytes(directory / "saved", users)
        os.replace(directory / "saved", path)
    elif edit == "chmod":
        path.chmod(0o600)
    elif edit == "touch":
        os.utime(path, (1, 1))
    try:
        write_source(str(path), Source(AFTER.decode(), source.bom, source.read_as))
        written = True
    except OSError:
        written = False
    content = path.read_bytes()
    if written:
        assert edit in ("none", "chmod", "touch") and content == AFTER
        if links:
            assert (directory / "other").read_bytes() == AFTER
    else:
        assert users is not None and content == users
    assert not [name for name in os.listdir(directory) if ".dockerls" in name]
