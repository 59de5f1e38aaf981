"""Reading a file the user did not promise to keep small: never past a limit, never
blocking on a FIFO, and saying why not in words a message can quote."""

from __future__ import annotations

import os
import stat


# The largest Dockerfile dockerls checks, in characters (the server's limit too) and bytes.
MAX_DOCUMENT_CHARS = 2_000_000
MAX_DOCUMENT_BYTES = 8 << 20


class TooLarge(ValueError):
    """Input past its limit; the message says which limit."""


def read_limited(path: str, limit: int, *, missing_ok: bool = False) -> tuple[str | None, str | None]:
    """(text, None) for a regular file of at most ``limit`` bytes, read as UTF-8 (bad bytes
    kept as surrogate escapes); else (None, why not). See ``read_limited_bytes``."""
    data, why_not = read_limited_bytes(path, limit, missing_ok=missing_ok)
    return (None if data is None else data.decode("utf-8", "surrogateescape")), why_not


def read_limited_bytes(path: str, limit: int, *, missing_ok: bool = False) -> tuple[bytes | None, str | None]:
    """(data, None) for a regular file of at most ``limit`` bytes; else (None, why not). A
    missing file (or a directory) is (None, None) when ``missing_ok``. A FIFO, device or
    oversized file is judged by its status and never opened (opening a FIFO blocks); the
    read stops past ``limit`` should the file grow meanwhile."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None, None if missing_ok else "does not exist"
    except (OSError, ValueError) as error:
        return None, f"cannot be read ({getattr(error, 'strerror', None) or error})"
    why_not = _unreadable(info, limit, missing_ok)
    if why_not is not None or stat.S_ISDIR(info.st_mode):
        return None, why_not
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None, None if missing_ok else "does not exist"
    except (OSError, ValueError) as error:
        return None, f"cannot be read ({getattr(error, 'strerror', None) or error})"
    try:
        why_not = _unreadable(os.fstat(descriptor), limit, missing_ok)  # replaced meanwhile?
        if why_not is not None:
            return None, why_not
        return read_stream(descriptor, limit), None
    except TooLarge as error:
        return None, str(error)
    except OSError as error:
        return None, f"cannot be read ({error.strerror or error})"
    finally:
        os.close(descriptor)


def read_stream(descriptor: int, limit: int) -> bytes:
    """At most ``limit`` bytes from an open file, pipe or device; raises TooLarge past it
    (``/dev/zero`` ends after ``limit + 1`` bytes, not never)."""
    chunks, total = [], 0
    while True:
        chunk = os.read(descriptor, min(1 << 16, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise TooLarge(f"is larger than {size_text(limit)}")


def _unreadable(info: os.stat_result, limit: int, missing_ok: bool) -> str | None:
    if stat.S_ISDIR(info.st_mode):
        return None if missing_ok else "is a directory"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    if info.st_size > limit:
        return f"is larger than {size_text(limit)} ({size_text(info.st_size)})"
    return None


def size_text(count: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= size:
            shown = f"{count / size:.1f}".removesuffix(".0")
            return f"{shown} {unit}"
    return f"{count} bytes"
