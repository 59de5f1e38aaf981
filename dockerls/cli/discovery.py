"""Which files ``dockerls check PATH…`` looks at."""

from __future__ import annotations

import os
from typing import Iterator, Sequence

from dockerls.config import ConfigResolver


def discover(
    paths: Sequence[str], resolver: ConfigResolver, unreadable: list[tuple[str, str]] | None = None
) -> Iterator[str]:
    """Files named on the command line, as given (even if excluded, as ruff does), then the
    Dockerfiles below each directory that their closest config includes, in sorted order.
    A path that does not exist is yielded too, so reading it reports the error; a directory
    that cannot be listed is added to ``unreadable`` as (directory, why)."""
    seen: set[str] = set()
    unreadable = unreadable if unreadable is not None else []
    for path in paths:
        found = _walk(path, resolver, unreadable) if os.path.isdir(path) else iter((path,))
        for file in found:
            key = os.path.realpath(file)
            if key not in seen:
                seen.add(key)
                yield file


def _walk(directory: str, resolver: ConfigResolver, unreadable: list[tuple[str, str]]) -> Iterator[str]:
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as error:
        unreadable.append((directory, error.strerror or str(error)))
        return
    configuration = resolver.for_directory(directory)
    for entry in entries:
        path = os.path.join(directory, entry.name) if directory != "." else entry.name
        if configuration.excludes(path):
            continue
        if entry.is_dir():
            if not entry.is_symlink():  # a symlinked directory could loop back
                yield from _walk(path, resolver, unreadable)
        elif entry.is_file() and configuration.includes(path):
            yield path
