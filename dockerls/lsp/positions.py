"""The edge between code-point offsets (everything inside dockerls) and LSP positions.

LSP counts UTF-8 bytes, UTF-16 code units or code points, whichever was
negotiated at ``initialize``. Every position that crosses the wire goes through
this module (or ``convert``, which wraps it in lsprotocol types), so no other
module needs to know which encoding is in use. Positions here are plain JSON:
``{"line": l, "character": c}`` going out, ``(line, character)`` coming in. It
imports neither pygls nor lsprotocol: the server answers its first messages
before those are loaded (see ``front``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from dockerls.syntax import LineIndex, Span

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
ENCODINGS = (UTF8, UTF16, UTF32)

# (line, character) in the negotiated encoding, as a client sends it.
Position = tuple[int, int]


def code_units(text: str, encoding: str) -> int:
    """How many code units ``text`` takes in ``encoding``."""
    if text.isascii() or encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        # surrogatepass: a lone surrogate (legal in JSON strings) still has a length.
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _char_units(char: str, encoding: str) -> int:
    point = ord(char)
    if encoding == UTF32 or point < 0x80:
        return 1
    if encoding == UTF8:
        return 2 if point < 0x800 else 3 if point < 0x10000 else 4
    return 2 if point > 0xFFFF else 1


def column_from_units(line_text: str, units: int, encoding: str) -> int:
    """The code-point column that ``units`` code units into ``line_text`` reach.

    Past the end of the line clamps to the line's end (as the LSP spec asks); a
    position inside a multi-unit character rounds down to that character's start.
    """
    if units <= 0:
        return 0
    if encoding == UTF32 or line_text.isascii():
        return min(units, len(line_text))
    seen = 0
    for column, char in enumerate(line_text):
        seen += _char_units(char, encoding)
        if seen > units:
            return column
        if seen == units:
            return column + 1
    return len(line_text)


# --- client positions -> offsets -----------------------------------------------------------


def offset(lines: LineIndex, position: Position, encoding: str) -> int:
    """The code-point offset of a client's position, clamped into the document."""
    line, character = position
    if line >= lines.line_count:
        return len(lines.text)
    column = column_from_units(lines.line_text(line), character, encoding)
    return lines.offset(line, column)


def span(lines: LineIndex, start: Position, end: Position, encoding: str) -> Span:
    """The code-point span of a client's range, clamped into the document; a reversed range is turned round."""
    first, last = offset(lines, start, encoding), offset(lines, end, encoding)
    return Span(min(first, last), max(first, last))


# --- offsets -> positions ------------------------------------------------------------------


def snap_off_line_break(text: str, offset: int) -> int:
    """An offset between the ``\\r`` and ``\\n`` of a CRLF has no LSP position: use the ``\\r``."""
    if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
        return offset - 1
    return offset


def line_and_units(lines: LineIndex, offset: int, encoding: str) -> Position:
    line, column = lines.position(snap_off_line_break(lines.text, offset))
    prefix = lines.text[lines.starts[line] : lines.starts[line] + column]
    return line, code_units(prefix, encoding)


def position_finder(lines: LineIndex, encoding: str) -> Callable[[int], dict]:
    """The JSON ``Position`` of an offset in one document (as ``line_and_units``), with what
    it reads bound once and each answer remembered: a publish converts thousands of
    offsets, many of them shared by several findings."""
    text, starts, size = lines.text, lines.starts, len(lines.text)
    found: dict[int, dict] = {}

    def position(offset: int) -> dict:
        answer = found.get(offset)
        if answer is None:
            # As line_and_units: off the middle of a CRLF, clamped, then counted in code units.
            at = offset - 1 if 0 < offset < size and text[offset - 1] == "\r" and text[offset] == "\n" else offset
            at = max(0, min(at, size))
            line = bisect_right(starts, at) - 1
            prefix = text[starts[line] : at]
            units = len(prefix) if prefix.isascii() else code_units(prefix, encoding)
            answer = found[offset] = {"line": line, "character": units}
        return answer

    return position
