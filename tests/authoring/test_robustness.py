"""Completion, hover and definition answer anything at any offset, never raise, and only
ever replace the word at the cursor."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerls.authoring import complete, definition, hover
from dockerls.syntax import parse
from tests.paths import SEED_EXAMPLES

PIECES = [
    "FROM node:20 AS a\n", "FROM a\n", "USER node\n", "RUN ", "COPY ", "--mount=", "--network=", "--from=",
    "type=cache", "type=bind", "type=", "target=", "dst=", "id=x", "from=a", "sharing=", "uid=", ",", "=",
    " ", "\\\n", "\r\n", "\n", "npm ci", "pip install x", "apt-get install -y y", "'", '"', "🐳", "日本", "$HOME",
    "# c\n", "<<EOF\nx\nEOF\n",
]


def check_everywhere(text: str) -> None:
    document = parse(text)
    for offset in range(len(text) + 1):
        for item in complete(document, offset):
            assert item.span.start <= offset <= item.span.end
            assert "\n" not in text[item.span.start : item.span.end]
        found = hover(document, offset)
        if found is not None:
            assert found.span.start <= offset <= found.span.end and found.markdown
        span = definition(document, offset)
        if span is not None:
            assert text[span.start : span.end].upper().startswith("FROM")


@pytest.mark.parametrize("path", sorted(SEED_EXAMPLES.glob("*.Dockerfile")), ids=lambda path: path.name)
def test_every_offset_of_the_seed_examples(path):
    check_everywhere(path.read_text(encoding="utf-8"))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_every_offset_of_pieces_put_together(pieces):
    check_everywhere("".join(pieces))
