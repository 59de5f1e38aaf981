"""Following findings through a round of edits (``dockerls.engine.tracking``)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dockerls.core.findings import Edit
from dockerls.engine import apply_edits
from dockerls.engine.fix import edits_of, select_fixes
from dockerls.core.findings import Fix
from dockerls.engine.tracking import EditMap
from dockerls.syntax import Span


def test_positions_move_by_the_edits_before_them():
    moved = EditMap([Edit.insert(2, "xyz"), Edit(5, 7, "")])
    assert moved.position(0, after_insertion=True) == 0
    assert moved.position(2, after_insertion=True) == 5  # the inserted text comes first
    assert moved.position(2, after_insertion=False) == 2  # a span ending there keeps it outside
    assert moved.position(6, after_insertion=True) is None  # deleted
    assert moved.position(7, after_insertion=True) == 8
    assert moved.span(Span(1, 3)) == Span(1, 6)  # the insertion falls inside the span
    assert moved.span(Span(4, 6)) is None


_EDIT = st.tuples(st.integers(0, 30), st.integers(0, 4), st.text("xy", max_size=3)).map(
    lambda edit: Edit(edit[0], edit[0] + edit[1], edit[2])
)


@settings(max_examples=300, deadline=None)
@given(st.text("abc\n", min_size=1, max_size=30), st.lists(_EDIT, max_size=6))
def test_a_character_no_edit_touches_is_where_the_map_says(text, edits):
    chosen = select_fixes(Fix("f", (edit,)) for edit in edits if edit.end <= len(text))
    applied = edits_of(chosen)  # equal edits are shared: applied once
    after = apply_edits(text, applied)
    moved = EditMap(applied)
    for offset, character in enumerate(text):
        if any(edit.start <= offset < edit.end for edit in applied):
            continue
        assert after[moved.position(offset, after_insertion=True)] == character
