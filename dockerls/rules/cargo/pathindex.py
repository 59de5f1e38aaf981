"""Which entries name a path inside a directory, or a directory above it, without
comparing every path with every directory.

``is_inside(path, directory)`` is a string test: ``path == directory`` or
``path`` starts with ``directory`` (trailing slashes dropped) and a slash.
Each path is filed under itself (and, if it ends in slashes, under itself
without them) and under every prefix that ends just before one of its
slashes; a question then looks up a handful of keys, and the answers are
exactly the entries for which ``is_inside`` holds.
"""

from __future__ import annotations

from typing import Generic, Iterator, TypeVar

Entry = TypeVar("Entry")


class PathKeys(Generic[Entry]):
    """Entries filed by path. Entries of one path keep the order they were added in."""

    __slots__ = ("_exact", "_stripped", "_below")

    def __init__(self) -> None:
        self._exact: dict[str, list[Entry]] = {}
        self._stripped: dict[str, list[Entry]] = {}
        self._below: dict[str, list[Entry]] = {}

    def add(self, path: str, entry: Entry) -> None:
        _file(self._exact, path, entry)
        if path.endswith("/"):  # (``holding`` finds the others under their exact path)
            _file(self._stripped, path.rstrip("/"), entry)
        slash = path.find("/")
        while slash != -1:
            _file(self._below, path[:slash], entry)
            slash = path.find("/", slash + 1)

    def inside(self, directory: str) -> Iterator[list[Entry]]:
        """Lists holding every entry whose path ``is_inside(path, directory)`` (and maybe repeats)."""
        yield self._exact.get(directory, [])
        yield self._below.get(directory.rstrip("/"), [])

    def holding(self, path: str) -> Iterator[list[Entry]]:
        """Lists holding every entry whose path is a directory with ``is_inside(path, directory)``."""
        yield self._exact.get(path, [])
        slash = path.find("/")
        while slash != -1:
            yield self._exact.get(path[:slash], [])
            yield self._stripped.get(path[:slash], [])
            slash = path.find("/", slash + 1)

    def lists(self) -> Iterator[list[Entry]]:
        """Every list of entries (to sort them in place once filing is done)."""
        for index in (self._exact, self._stripped, self._below):
            yield from index.values()


def _file(index: dict[str, list], key: str, entry) -> None:
    entries = index.get(key)
    if entries is None:
        index[key] = [entry]
    elif entries[-1] != entry:  # once per key, however many of an entry's paths give that key
        entries.append(entry)
