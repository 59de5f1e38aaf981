"""Indexes that narrow "which instructions could answer this?" to a few candidates.

The Python rules ask many questions of the form "the nearest earlier COPY that
may have put this file here" or "the first later instruction that may read this
file". Scanning the instructions for each question costs the file's length per
question, which is quadratic over a document. These indexes are built once per
document and hand back *candidates* in document order: every instruction that
could satisfy the question, and seldom any other. Callers still check each
candidate with the exact predicate, so answers never depend on an index being
precise, only on it missing nothing.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from typing import Generic, Iterable, Iterator, TypeVar

_SEPARATOR = "\0"
Entry = TypeVar("Entry")


class SegmentedText:
    """The texts of many instructions (their "owners", added in increasing order),
    joined into one string: which of them contain a name is then found with
    ``str.find`` instead of a Python loop over every word of every instruction.

    Each piece is followed by a NUL, so a match never spans two words or two
    owners.
    """

    __slots__ = ("text", "starts", "owners")

    def __init__(self, segments: Iterable[tuple[int, Iterable[str]]]) -> None:
        parts: list[str] = []
        self.starts: list[int] = []
        self.owners: list[int] = []
        length = 0
        for owner, pieces in segments:
            chunk = _SEPARATOR.join(pieces) + _SEPARATOR
            self.starts.append(length)
            self.owners.append(owner)
            parts.append(chunk)
            length += len(chunk)
        self.text = "".join(parts)

    def owners_containing(self, name: str, low: int, high: int, *, descending: bool = False) -> Iterator[int]:
        """Owners in ``[low, high)`` whose text may contain ``name``: exactly those
        that do, or every owner in the range for a name the search cannot handle
        (empty, or holding the separator)."""
        first, last = bisect_left(self.owners, low), bisect_left(self.owners, high)
        if not name or _SEPARATOR in name:
            span = range(last - 1, first - 1, -1) if descending else range(first, last)
            yield from (self.owners[segment] for segment in span)
            return
        start = self.starts[first] if first < len(self.starts) else len(self.text)
        end = self.starts[last] if last < len(self.starts) else len(self.text)
        while start < end:
            found = self.text.rfind(name, start, end) if descending else self.text.find(name, start, end)
            if found == -1:
                return
            segment = bisect_right(self.starts, found) - 1
            yield self.owners[segment]
            if descending:
                end = self.starts[segment]
            else:
                start = self.starts[segment + 1] if segment + 1 < len(self.starts) else len(self.text)


class PathIndex(Generic[Entry]):
    """Entries (instruction indexes, ranks, region keys…) filed under paths.

    ``add_exact`` files an entry that answers for that very path, ``add_tree``
    one that answers for that directory and everything below it; ``lists_for``
    hands both out for a path. ``add`` files a path for both questions about it:
    ``lists_for(p)`` then lists the entries whose path is a directory ``d`` with
    ``is_inside(p, d)``, ``inside(d)`` those whose path ``p`` has it (exactly, for
    normalised paths: a lookup per slash stands in for comparing every path with
    every directory).
    Entries of one key keep the order they were added in, each once in a row.
    """

    __slots__ = ("exact", "tree", "below")

    def __init__(self) -> None:
        self.exact: dict[str, list[Entry]] = {}
        self.tree: dict[str, list[Entry]] = {}
        self.below: dict[str, list[Entry]] = {}  # by every prefix of a path that ends just before a slash

    def add_exact(self, path: str, entry: Entry) -> None:
        _append(self.exact.setdefault(path, []), entry)

    def add_tree(self, directory: str, entry: Entry) -> None:
        _append(self.tree.setdefault(directory.rstrip("/"), []), entry)

    def add(self, path: str, entry: Entry) -> None:
        self.add_tree(path, entry)
        slash = path.find("/")
        while slash != -1:
            _append(self.below.setdefault(path[:slash], []), entry)
            slash = path.find("/", slash + 1)

    def lists_for(self, path: str) -> list[list[Entry]]:
        """The entry lists that may concern ``path``: its exact entry and the
        tree entries of every directory that can hold it (``path`` itself included)."""
        found = [self.exact[path]] if path in self.exact else []
        tree = self.tree
        for key in directory_keys(path):
            if key in tree:
                found.append(tree[key])
        return found

    def inside(self, directory: str) -> list[list[Entry]]:
        """The lists of the entries ``add``ed with a path inside ``directory`` (or ``directory`` itself)."""
        stripped = directory.rstrip("/")
        found = [self.tree[directory]] if stripped == directory and directory in self.tree else []
        if stripped in self.below:
            found.append(self.below[stripped])
        return found

    def lists(self) -> Iterator[list[Entry]]:
        """Every list of entries (to sort them in place once filing is done)."""
        for index in (self.exact, self.tree, self.below):
            yield from index.values()


def directory_keys(path: str) -> set[str]:
    """Every ``d.rstrip("/")`` such that ``path == d`` or ``path`` starts with
    ``d.rstrip("/") + "/"``: the keys under which a directory holding ``path`` is filed."""
    keys = {path, path.rstrip("/")}
    slash = path.find("/")
    while slash != -1:
        keys.add(path[:slash])
        slash = path.find("/", slash + 1)
    return keys


def _append(entries: list, entry) -> None:
    if not entries or entries[-1] != entry:  # once per key, however many of an entry's paths give that key
        entries.append(entry)


def merged(streams: Iterable[Iterable[int]], *, descending: bool = False) -> Iterator[int]:
    """Sorted streams, each holding a value at most once, merged into one, each value once."""
    streams = list(streams)
    if len(streams) == 1:
        yield from streams[0]
        return
    previous = None
    for value in heapq.merge(*streams, reverse=descending):
        if value != previous:
            yield value
            previous = value


def between(positions: list[int], low: int, high: int, *, descending: bool = False) -> Iterator[int]:
    """The values of a sorted list in ``[low, high)``, without copying the list."""
    first, last = bisect_left(positions, low), bisect_left(positions, high)
    span = range(last - 1, first - 1, -1) if descending else range(first, last)
    return (positions[index] for index in span)
