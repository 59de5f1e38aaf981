"""Notification params read from JSON (``dockerls.lsp.params``): what is accepted means what
lsprotocol says it means, and what LSP does not allow is refused, saying where."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pygls.protocol import default_converter

from dockerls.lsp import params
from dockerls.lsp.documents import ContentChange

CONVERTER = default_converter()
INTS = st.one_of(st.integers(0, 5), st.integers(2**31 - 2, 2**31 + 1), st.integers(-(2**31) - 1, -1))
JSON_VALUES = st.one_of(st.none(), st.booleans(), INTS, st.floats(allow_nan=False), st.text(max_size=3), st.lists(st.integers(), max_size=2))


def positions():
    return st.fixed_dictionaries({"line": INTS, "character": INTS})


def changes():
    ranged = st.fixed_dictionaries(
        {"range": st.fixed_dictionaries({"start": positions(), "end": positions()}), "text": st.text(max_size=5)},
        optional={"rangeLength": INTS},
    )
    whole = st.fixed_dictionaries({"text": st.text(max_size=5)})
    return st.one_of(ranged, whole)


def did_change_params():
    return st.fixed_dictionaries(
        {
            "textDocument": st.fixed_dictionaries({"uri": st.text(max_size=5), "version": INTS}),
            "contentChanges": st.lists(changes(), max_size=3),
        }
    )


def mutate(data: object, draw) -> object:
    """The params with one value somewhere replaced by another JSON value, or a key dropped."""
    if isinstance(data, dict) and data and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(data)))
        if draw(st.booleans()):
            return {k: v for k, v in data.items() if k != key}
        return {**data, key: mutate(data[key], draw)}
    if isinstance(data, list) and data and draw(st.booleans()):
        index = draw(st.integers(0, len(data) - 1))
        return [*data[:index], mutate(data[index], draw), *data[index + 1 :]]
    return draw(JSON_VALUES)


def structured_changes(params_: dict) -> tuple[str, int, list[ContentChange]]:
    parsed = CONVERTER.structure(params_, types.DidChangeTextDocumentParams)
    found = []
    for change in parsed.content_changes:
        if isinstance(change, types.TextDocumentContentChangePartial):
            start, end = change.range.start, change.range.end
            found.append(ContentChange(change.text, (start.line, start.character), (end.line, end.character)))
        else:
            found.append(ContentChange(change.text))
    return parsed.text_document.uri, parsed.text_document.version, found


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_an_accepted_did_change_means_what_lsprotocol_reads(data):
    raw = data.draw(did_change_params())
    if data.draw(st.booleans()):
        raw = mutate(raw, data.draw)
    try:
        accepted = params.changed(raw)
    except params.Invalid:
        return
    assert accepted == structured_changes(raw)


@pytest.mark.parametrize(
    "raw, where",
    [
        (None, "params must be an object"),
        ({"textDocument": {"uri": "u", "version": 2}}, "params.contentChanges is missing"),
        ({"textDocument": {"uri": "u", "version": 2}, "contentChanges": {"text": "x"}}, "params.contentChanges must be an array"),
        ({"textDocument": {"uri": "u", "version": "3"}, "contentChanges": []}, "params.textDocument.version must be an integer"),
        ({"textDocument": {"uri": "u", "version": True}, "contentChanges": []}, "params.textDocument.version must be an integer"),
        ({"textDocument": {"uri": "u", "version": 2}, "contentChanges": [{"text": 5}]}, "params.contentChanges[0].text must be a string"),
        ({"textDocument": {"uri": "u", "version": 2}, "contentChanges": [{"range": None, "text": "x"}]},
         "params.contentChanges[0].range must be an object"),
        ({"textDocument": {"uri": "u", "version": 2},
          "contentChanges": [{"range": {"start": {"line": -1, "character": 0}, "end": {"line": 0, "character": 0}}, "text": ""}]},
         "params.contentChanges[0].range.start.line must be a non-negative integer"),
        ({"textDocument": {"uri": "u", "version": 2},
          "contentChanges": [{"range": {"start": {"line": 0, "character": 0.5}, "end": {"line": 0, "character": 0}}, "text": ""}]},
         "params.contentChanges[0].range.start.character must be a non-negative integer"),
    ],
)
def test_an_invalid_did_change_is_refused_saying_where(raw, where):
    with pytest.raises(params.Invalid, match=r"^" + where.replace("[", r"\[").replace("]", r"\]") + "$"):
        params.changed(raw)


def test_did_open_and_close_read_what_lsprotocol_reads():
    raw = {"textDocument": {"uri": "file:///a", "languageId": "dockerfile", "version": 4, "text": "FROM x\n"}}
    parsed = CONVERTER.structure(raw, types.DidOpenTextDocumentParams).text_document
    assert params.opened(raw) == (parsed.uri, parsed.text, parsed.version)
    for bad in ({"textDocument": {**raw["textDocument"], "text": None}}, {"textDocument": {"uri": "file:///a"}}):
        with pytest.raises(params.Invalid):
            params.opened(bad)
    assert params.uri({"textDocument": {"uri": "file:///a"}}) == "file:///a"
    with pytest.raises(params.Invalid, match="params.textDocument.uri must be a string"):
        params.uri({"textDocument": {"uri": 5}})
