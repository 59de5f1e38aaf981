"""``SourceMap.to_source``: the short-map scan answers what a binary search over the starts answers."""

from __future__ import annotations

from bisect import bisect_right

from hypothesis import given
from hypothesis import strategies as st

from dockerls.syntax.model import SourceMap


def reference_to_source(pieces: list[tuple[int, int, int]], offset: int, end: bool) -> int:
    starts = [piece[0] for piece in pieces]
    index = max(bisect_right(starts, offset) - 1, 0)
    if end and index > 0 and offset == starts[index]:
        index -= 1
    logical_start, source_start, length = pieces[index]
    return source_start + min(max(offset - logical_start, 0), length)


@st.composite
def source_maps(draw) -> list[tuple[int, int, int]]:
    """Slices as the parser makes them: logical starts ascending (equal for empty slices)."""
    pieces, logical, source = [], 0, draw(st.integers(0, 50))
    for _ in range(draw(st.integers(1, 12))):
        length = draw(st.integers(0, 6))
        pieces.append((logical, source, length))
        logical += length
        source += length + draw(st.integers(1, 5))  # the continuation between slices
    return pieces


@given(source_maps(), st.integers(-2, 80), st.booleans())
def test_to_source_agrees_with_a_binary_search(pieces, offset, end):
    assert SourceMap(pieces).to_source(offset, end=end) == reference_to_source(pieces, offset, end)
