"""Fix selection (issue 18): the same choice as comparing every pair, in O(n log n) comparisons."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from dockerls.core.findings import Edit, Fix
from dockerls.engine.fix import overlaps, select_fixes


def _pairwise(fixes: list[Fix]) -> list[Fix]:
    """The definition: a fix is taken when no edit of it overlaps another of its own, or one
    taken before that is not the very same edit (an equal edit is shared)."""
    taken: list[Fix] = []
    for fix in fixes:
        mine = list(fix.edits)
        if any(overlaps(a, b) for i, a in enumerate(mine) for b in mine[i + 1 :]):
            continue
        if any(overlaps(a, b) and a != b for a in mine for other in taken for b in other.edits):
            continue
        taken.append(fix)
    return taken


# Two contents, so that equal edits (shared) and same-range different edits (conflicts) both occur.
_EDIT = st.tuples(st.integers(0, 40), st.integers(0, 6), st.sampled_from("xy")).map(
    lambda edit: Edit(edit[0], edit[0] + edit[1], edit[2])
)
_FIX = st.lists(_EDIT, min_size=1, max_size=4).map(lambda edits: Fix("f", tuple(edits)))


@settings(max_examples=500, deadline=None)
@given(st.lists(_FIX, max_size=25))
def test_selection_is_the_pairwise_definition(fixes):
    assert select_fixes(fixes) == _pairwise(fixes)


def _many_fixes(count: int) -> list[Fix]:
    """Fixes as a large document has them: one insertion and one replacement per
    instruction, and every third fix colliding with the one before."""
    fixes = []
    for number in range(count):
        at = number * 100 - (60 if number % 3 == 0 and number else 0)
        fixes.append(Fix(f"f{number}", (Edit.insert(at, "--mount=x "), Edit(at + 20, at + 80, "y"))))
    return fixes


def test_selection_counts_n_log_n_comparisons():
    """1,431 fixes took 9.2 million overlap checks; now each edit costs a few binary searches."""
    for count in (1_431, 14_310):
        meter = [0]
        fixes = _many_fixes(count)
        chosen = select_fixes(fixes, meter)
        assert len(chosen) < count
        edits = sum(len(fix.edits) for fix in fixes)
        assert meter[0] <= 4 * edits * math.log2(edits)
