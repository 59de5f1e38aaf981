"""Reading a file the user did not promise to keep small: never past a limit, never
blocking on a FIFO, and saying why not in words a message can quote."""

from __future__ import annotations

import os
import stat


def read_limited(path: str, limit: int, *, missing_ok: bool = False) -> tuple[str | None, str | None]:
    """(text, None) for a regular file of at most ``limit`` bytes, read as UTF-8 (bad bytes
    kept as surrogate escapes); else (None, why not). A missing file is (None, None) when
    ``missing_ok``. A FIFO, device or oversized file is judged by its status and never
    opened (opening a FIFO blocks); the read stops past ``limit`` should the file grow."""
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
        chunks, total = [], 0
        while True:
            chunk = os.read(descriptor, min(1 << 16, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while being read
                return None, f"is larger than {size_text(limit)}"
        return b"".join(chunks).decode("utf-8", "surrogateescape"), None
    except OSError as error:
        return None, f"cannot be read ({error.strerror or error})"
    finally:
        os.close(descriptor)


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
            value = count / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{count} bytes"
