"""Documents with the cursor written in them as ``|``."""

from __future__ import annotations

from dockerls.syntax import Dockerfile, parse

CURSOR = "|"


def at_cursor(marked: str) -> tuple[Dockerfile, int]:
    """The parsed document without its ``|``, and the offset where it was."""
    offset = marked.index(CURSOR)
    assert marked.count(CURSOR) == 1, "one cursor per document"
    return parse(marked.replace(CURSOR, "")), offset
