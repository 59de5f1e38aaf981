"""The pygls names that are not public, which ``dockerls.lsp.pygls_internals`` uses: pinned to the
pygls versions they were checked against, so an upgrade that changes them fails here, clearly."""

from __future__ import annotations

from importlib.metadata import version

from cattrs import Converter
from lsprotocol import types

from dockerls.lsp import pygls_internals
from dockerls.lsp.features import create_server


def test_pygls_is_a_version_whose_internals_were_checked():
    installed = tuple(int(part) for part in version("pygls").split(".")[:2])
    assert installed in pygls_internals.SUPPORTED, (
        f"pygls {version('pygls')} is installed; dockerls.lsp.pygls_internals was checked against "
        f"{pygls_internals.SUPPORTED}: check each name it uses, then add this version"
    )


def test_the_protocol_still_keeps_its_converter_as_converter():
    server = create_server()
    converter = pygls_internals.converter(server)
    assert isinstance(converter, Converter), "LanguageServerProtocol._converter is gone or changed"
    # The converter the protocol writes messages with: what it structures is what goes out.
    position = converter.structure({"line": 1, "character": 2}, types.Position)
    assert position == types.Position(line=1, character=2)
