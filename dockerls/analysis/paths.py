"""Absolute paths in the image: one meaning of "inside"."""

from __future__ import annotations

import posixpath


def same_path(a: str, b: str) -> bool:
    return posixpath.normpath(a) == posixpath.normpath(b)


def is_inside(path: str, directory: str) -> bool:
    """Whether ``path`` is ``directory`` or below it (both absolute, normalised)."""
    return path == directory or path.startswith(directory.rstrip("/") + "/")
