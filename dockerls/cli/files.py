"""Reading and writing Dockerfiles byte for byte: line breaks as they are, a BOM kept aside."""

from __future__ import annotations

import os
import stat
import sys
from typing import NamedTuple

from dockerls.cli.writing import Snapshot, snapshot, write_carefully
from dockerls.core.reading import MAX_DOCUMENT_BYTES, MAX_DOCUMENT_CHARS, TooLarge, read_stream, size_text

BOM = "\ufeff"


class Source(NamedTuple):
    text: str  # without the BOM, so columns on the first line count from the first character
    bom: bool = False
    read_as: Snapshot | None = None  # the file when it was read: never written over if it changed


def decode(data: bytes) -> Source:
    """UTF-8 text; raises UnicodeDecodeError for anything else."""
    text = data.decode("utf-8")
    if text.startswith(BOM):
        return Source(text[1:], True)
    return Source(text)


def read_source(path: str) -> Source:
    """Raises OSError, UnicodeDecodeError or TooLarge (past MAX_DOCUMENT_BYTES or
    MAX_DOCUMENT_CHARS: a 50 MB file is refused by its size, ``/dev/zero`` after 8 MiB).
    A FIFO or device is read (``<(…)``, ``/dev/stdin``), to the limit."""
    info = os.stat(path)
    if stat.S_ISREG(info.st_mode) and info.st_size > MAX_DOCUMENT_BYTES:
        raise TooLarge(f"is larger than {size_text(MAX_DOCUMENT_BYTES)} ({size_text(info.st_size)})")
    with open(path, "rb") as handle:
        data = read_stream(handle.fileno(), MAX_DOCUMENT_BYTES)
        source = _bounded(data)
        if stat.S_ISREG(info.st_mode):
            source = source._replace(read_as=snapshot(os.fstat(handle.fileno()), data))
        return source


def read_stdin() -> Source:
    """Standard input, to the same limits as a file (``- </dev/zero`` ends at 8 MiB)."""
    data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise TooLarge(f"is larger than {size_text(MAX_DOCUMENT_BYTES)}")
    return _bounded(data)


def _bounded(data: bytes) -> Source:
    source = decode(data)
    if len(source.text) > MAX_DOCUMENT_CHARS:
        raise TooLarge(f"has more than {MAX_DOCUMENT_CHARS:,} characters")
    return source


def write_source(path: str, source: Source) -> None:
    """Write ``source`` back as a careful editor does (``dockerls.cli.writing``): refuses a
    read-only file and one changed since ``source`` was read; keeps owner, group, mode
    and hard links; replaces the file atomically where that loses nothing."""
    write_carefully(path, ((BOM if source.bom else "") + source.text).encode("utf-8"), source.read_as)
