"""``PathIndex.add``: one filing answers both path questions exactly, for normalised paths.

``inside(d)`` must list exactly the entries whose path is ``d`` or below it, and
``lists_for(p)`` exactly those whose path is ``p`` or a directory above it: the
cargo rules use the answers without checking them again.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dockerls.analysis.candidates import PathIndex
from dockerls.analysis.paths import is_inside

# Absolute, normalised paths over a small alphabet, so that prefixes and siblings collide often.
PATH = st.lists(st.sampled_from(["a", "b", "ab", "a.b"]), max_size=4).map(lambda parts: "/" + "/".join(parts))


@settings(max_examples=300, deadline=None)
@given(paths=st.lists(PATH, max_size=10), query=PATH)
def test_added_paths_answer_inside_and_holding_exactly(paths, query) -> None:
    index: PathIndex[int] = PathIndex()
    for number, path in enumerate(paths):
        index.add(path, number)
    inside = {number for entries in index.inside(query) for number in entries}
    holding = {number for entries in index.lists_for(query) for number in entries}
    assert inside == {number for number, path in enumerate(paths) if is_inside(path, query)}
    assert holding == {number for number, path in enumerate(paths) if is_inside(query, path)}


def test_an_entry_is_filed_once_per_key_however_many_of_its_paths_give_it() -> None:
    index: PathIndex[int] = PathIndex()
    for path in ("/app/src/a", "/app/src/b", "/app/src"):
        index.add(path, 7)
    assert index.inside("/app") == [[7]]
    assert sorted(index.lists_for("/app/src/a/x")) == [[7], [7]]  # under /app/src and /app/src/a
