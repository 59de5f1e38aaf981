"""The small edits of the Python rules keep everything else, line endings included."""

from __future__ import annotations

import dockerfile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerls.engine import apply_edits
from dockerls.syntax.arguments import argument_words
from dockerls.rules.managers.edits import remove_json_element, remove_spaced, remove_with_following_blanks
from dockerls.rules.managers.fixes import merge_edits
from dockerls.core.findings import Edit
from dockerls.syntax import Span, parse


def drop(text: str, word: str, eol: str = "\n") -> str:
    text = text.replace("\n", eol)
    start = text.index(word)
    document = parse(text)
    return apply_edits(text, [remove_spaced(document, Span(start, start + len(word)))])


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("RUN pip install --no-cache-dir flask\n", "RUN pip install flask\n"),
        ("RUN pip install flask --no-cache-dir\n", "RUN pip install flask\n"),
        # Alone on a continuation line: the whole line goes.
        ("RUN pip install \\\n    --no-cache-dir \\\n    flask\n", "RUN pip install \\\n    flask\n"),
        # Last on its line before a continuation: the blank before it goes, the continuation stays.
        ("RUN pip install --no-cache-dir \\\n    flask\n", "RUN pip install \\\n    flask\n"),
    ],
)
def test_remove_a_shell_word(before: str, after: str, eol: str) -> None:
    result = drop("FROM x\n" + before, "--no-cache-dir", eol)
    assert result == ("FROM x\n" + after).replace("\n", eol)
    dockerfile.parse_string(result)


def test_remove_json_elements() -> None:
    text = 'FROM x\nRUN ["pip", "install", "--no-cache-dir", "flask"]\n'
    document = parse(text)
    run = document.instructions[1]
    for word, expected in [
        ('"--no-cache-dir"', 'RUN ["pip", "install", "flask"]'),
        ('"pip"', 'RUN ["install", "--no-cache-dir", "flask"]'),
        ('"flask"', 'RUN ["pip", "install", "--no-cache-dir"]'),
    ]:
        start = text.index(word)
        result = apply_edits(text, [remove_json_element(document, run, Span(start, start + len(word)))])
        assert result == f"FROM x\n{expected}\n"
        dockerfile.parse_string(result)


def test_remove_leading_assignment() -> None:
    text = "FROM x\nRUN PIP_NO_CACHE_DIR=1   pip install flask\n"
    start = text.index("PIP_")
    edit = remove_with_following_blanks(parse(text), Span(start, start + len("PIP_NO_CACHE_DIR=1")))
    assert apply_edits(text, [edit]) == "FROM x\nRUN pip install flask\n"


def test_merge_joins_insertions_at_one_point_in_order() -> None:
    edits = [Edit.insert(5, "a"), Edit(7, 9, ""), Edit.insert(5, "b"), Edit.insert(7, "c")]
    assert merge_edits(edits) == (Edit(5, 5, "ab"), Edit(7, 7, "c"), Edit(7, 9, ""))


def reference_argument_words(args: str) -> list[tuple[int, int]]:
    """Word bounds as the character loop that ``argument_words`` replaced found them."""
    words = []
    index = 0
    while index < len(args):
        while index < len(args) and args[index] in " \t":
            index += 1
        if index >= len(args):
            break
        start, quote = index, ""
        while index < len(args):
            char = args[index]
            if quote:
                if char == quote:
                    quote = ""
                elif char == "\\" and quote == '"':
                    index += 1
            elif char in "\"'":
                quote = char
            elif char == "\\":
                index += 1
            elif char in " \t":
                break
            index += 1
        index = min(index, len(args))
        words.append((start, index))
    return words


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=" \t\"'\\ab=\r", min_size=1, max_size=24))
def test_argument_words_split_as_the_character_loop_did(text: str) -> None:
    document = parse(f"FROM x\nLABEL {text}\n")
    instruction = document.instructions[-1]
    expected = [
        (instruction.args[start:end], instruction.args_map.span(start, end))
        for start, end in reference_argument_words(instruction.args)
    ]
    assert argument_words(instruction) == expected


def reference_merge_edits(edits: list[Edit]) -> tuple[Edit, ...]:
    """``merge_edits`` as it was: each insertion compared with every edit kept so far."""
    merged: list[Edit] = []
    for edit in edits:
        for index, other in enumerate(merged):
            if edit.start == edit.end == other.start == other.end:
                merged[index] = Edit(other.start, other.end, other.content + edit.content)
                break
        else:
            merged.append(edit)
    return tuple(sorted(merged, key=lambda edit: (edit.start, edit.end)))


EDITS = st.lists(
    st.builds(lambda start, length, content: Edit(start, start + length, content), st.integers(0, 6), st.integers(0, 2), st.sampled_from(["", "a", "b", "cd"])),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(edits=EDITS)
def test_merge_edits_joins_as_the_pairwise_loop_did(edits: list[Edit]) -> None:
    assert merge_edits(edits) == reference_merge_edits(edits)
