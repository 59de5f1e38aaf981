"""Line index over a document, with the line breaks LSP recognises.

Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line (not U+2028 or form feeds, which
``str.splitlines`` would also split on). Offsets and columns are code points.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps code-point offsets to (line, column) pairs and back."""

    __slots__ = ("text", "starts")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        self.starts.extend(m.end() for m in _LINE_BREAK.finditer(text))

    @classmethod
    def after_edit(cls, previous: "LineIndex", text: str, prefix: int, suffix: int) -> "LineIndex":
        """The index of ``text``, which shares ``prefix`` leading and ``suffix``
        trailing characters with ``previous.text``: only the lines between are
        scanned, the rest are reused (shifted)."""
        end = len(previous.text) - suffix
        return cls.after_edits(previous, text, [(prefix, end, len(text) - suffix - prefix)])

    @classmethod
    def after_edits(cls, previous: "LineIndex", text: str, regions: list[tuple[int, int, int]]) -> "LineIndex":
        """``after_edit`` for many changed regions: ``(start, end, new_length)`` at
        ``previous.text`` offsets, sorted and at least three characters apart. The
        lines around each region are scanned; the rest are reused (shifted)."""
        old_starts = previous.starts
        starts: list[int] = []
        copied_from = 0  # old line starts from this offset on are not yet taken
        shift = 0
        for start, end, length in regions:
            low = max(start - 1, 0)
            starts.extend(
                [at + shift for at in old_starts[bisect_left(old_starts, copied_from) : bisect_right(old_starts, low)]]
            )
            new_high = start + shift + length + 2
            for match in _LINE_BREAK.finditer(text, low + shift):
                if match.end() >= new_high:
                    break
                starts.append(match.end())
            copied_from = end + 2
            shift += length - (end - start)
        starts.extend([at + shift for at in old_starts[bisect_left(old_starts, copied_from) :]])
        index = cls.__new__(cls)
        index.text = text
        index.starts = starts
        return index

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def position(self, offset: int) -> tuple[int, int]:
        """0-based (line, column) of ``offset``, clamped into the document."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset) - 1
        # An offset between \r and \n belongs to the line the \r\n ends.
        return line, offset - self.starts[line]

    def offset(self, line: int, column: int) -> int:
        """Offset of a 0-based (line, column); out-of-range values are clamped."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[line]
        return min(start + max(column, 0), self.line_end(line))

    def line_end(self, line: int) -> int:
        """Offset just before the line break that ends ``line``."""
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        if end > self.starts[line] and self.text[end - 1] == "\n":
            end -= 1
            if end > self.starts[line] and self.text[end - 1] == "\r":
                end -= 1
        elif end > self.starts[line] and self.text[end - 1] == "\r":
            end -= 1
        return end

    def line_text(self, line: int) -> str:
        """The text of ``line`` without its line break."""
        if not 0 <= line < len(self.starts):
            return ""
        return self.text[self.starts[line] : self.line_end(line)]


def first_line_break(text: str) -> str:
    """The document's line break style, from its first line break (``\\n`` if none)."""
    match = _LINE_BREAK.search(text)
    return match.group() if match else "\n"
