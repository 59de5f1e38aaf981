"""Writing the user's Dockerfile back as a careful editor does.

- A file the user cannot write, or marked read-only (no write bit at all: root could
  write it, an editor would ask first), is refused with ``NotWritable``.
- A file that changed since it was read (its content, size, or the file itself
  replaced) is never written over: ``ChangedSinceRead``; the user runs dockerls again.
  The check happens right before the write; a change in the instant between the
  check and the rename cannot be seen (no lock is shared with editors).
- Owner, group and mode stay; a symlink is followed; hard links stay linked.

Two ways to write, and what a crash in the middle leaves:

- **Replace** (the default): the new text goes to a temporary file beside the target,
  is flushed to disk, gets the target's mode, owner and group, and is renamed over
  it. A crash leaves either the old file or the new one, never a mix (plus, at
  worst, a stray ``.NAME.*.dockerls`` file).
- **In place**, when replacing would lose something: the file has other hard links
  (a new inode would split them), its owner or group cannot be given to a new file
  (the user writes through group or other permissions), or the directory does not
  let a temporary file be created. The new text is first written whole to a
  recovery file beside the target when the directory allows it, then over the
  target, which is truncated to its length and flushed; the recovery file is then
  removed. A crash during the overwrite can leave the target part new, part old,
  with the complete new text in the recovery file. This is what editors do in the
  same cases (vim's ``backupcopy=auto``).
"""

from __future__ import annotations

import hashlib
import os
import stat
from typing import NamedTuple


class Snapshot(NamedTuple):
    """What the file was when it was read."""

    device: int
    inode: int
    size: int
    digest: bytes


class NotWritable(OSError):
    pass


class ChangedSinceRead(OSError):
    pass


def snapshot(info: os.stat_result, data: bytes) -> Snapshot:
    return Snapshot(info.st_dev, info.st_ino, len(data), hashlib.sha256(data).digest())


def write_carefully(path: str, data: bytes, expected: Snapshot | None) -> None:
    """Write ``data`` to ``path`` (see the module's docstring); raises OSError,
    NotWritable or ChangedSinceRead, leaving the file as it was."""
    target = os.path.realpath(path)
    status = os.stat(target)
    if not stat.S_ISREG(status.st_mode):
        raise NotWritable("is not a regular file")
    if not status.st_mode & 0o222:
        raise NotWritable("is read-only")
    if not os.access(target, os.W_OK):
        raise NotWritable("is not writable by you")
    if expected is not None:
        _check_unchanged(target, status, expected)
    if status.st_nlink > 1:
        _write_in_place(target, data)
        return
    temporary = _temporary_copy(target, data, status)
    if temporary is None:
        _write_in_place(target, data)
        return
    try:
        os.replace(temporary, target)
    except BaseException:
        _remove(temporary)
        raise


def _check_unchanged(target: str, status: os.stat_result, expected: Snapshot) -> None:
    if (status.st_dev, status.st_ino) != (expected.device, expected.inode):
        raise ChangedSinceRead("was replaced since dockerls read it")
    if status.st_size != expected.size:
        raise ChangedSinceRead("changed since dockerls read it")
    with open(target, "rb") as handle:
        current = handle.read(expected.size + 1)
    if hashlib.sha256(current).digest() != expected.digest:
        raise ChangedSinceRead("changed since dockerls read it")


def _temporary_copy(target: str, data: bytes, status: os.stat_result) -> str | None:
    """The new text in a temporary file beside ``target`` with its mode, owner and group;
    None when the directory refuses one or the owner or group cannot be kept."""
    import tempfile  # here: `dockerls check` without --fix never needs it (start-up time)

    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{os.path.basename(target)}.", suffix=".dockerls", dir=os.path.dirname(target)
        )
    except OSError:
        return None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, stat.S_IMODE(status.st_mode))
        try:
            os.chown(temporary, status.st_uid, status.st_gid)
        except (PermissionError, AttributeError):
            pass
        made = os.stat(temporary)
        if (made.st_uid, made.st_gid) != (status.st_uid, status.st_gid):
            _remove(temporary)
            return None
        return temporary
    except BaseException:
        _remove(temporary)
        raise


def _write_in_place(target: str, data: bytes) -> None:
    recovery = _recovery_copy(target, data)
    with open(target, "r+b") as handle:
        handle.write(data)
        handle.truncate(len(data))
        handle.flush()
        os.fsync(handle.fileno())
    if recovery is not None:
        _remove(recovery)


def _recovery_copy(target: str, data: bytes) -> str | None:
    import tempfile

    try:
        descriptor, recovery = tempfile.mkstemp(
            prefix=f".{os.path.basename(target)}.", suffix=".dockerls-new", dir=os.path.dirname(target)
        )
    except OSError:
        return None
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return recovery


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
