"""Reading and writing Dockerfiles byte for byte: line breaks as they are, a BOM kept aside."""

from __future__ import annotations

import os
import sys
from typing import NamedTuple

BOM = "\ufeff"


class Source(NamedTuple):
    text: str  # without the BOM, so columns on the first line count from the first character
    bom: bool = False


def decode(data: bytes) -> Source:
    """UTF-8 text; raises UnicodeDecodeError for anything else."""
    text = data.decode("utf-8")
    if text.startswith(BOM):
        return Source(text[1:], True)
    return Source(text)


def read_source(path: str) -> Source:
    """Raises OSError or UnicodeDecodeError."""
    with open(path, "rb") as handle:
        return decode(handle.read())


def read_stdin() -> Source:
    return decode(sys.stdin.buffer.read())


def write_source(path: str, source: Source) -> None:
    """Replace the file atomically (a temporary file renamed over it), keeping its
    permissions and, when allowed, its owner. A symlink is followed, not replaced."""
    import tempfile

    target = os.path.realpath(path)
    status = os.stat(target)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{os.path.basename(target)}.", suffix=".dockerls", dir=os.path.dirname(target)
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write((BOM if source.bom else "") + source.text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, status.st_mode & 0o7777)
        try:
            os.chown(temporary, status.st_uid, status.st_gid)
        except (PermissionError, AttributeError):  # not ours to give away; keep the file ours
            pass
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
