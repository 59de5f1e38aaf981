"""The pygls names dockerls uses that pygls does not document as public, in one place.

Only this module reaches into pygls' internals. ``tests/lsp/test_pygls_internals.py``
pins the pygls versions they were checked against (``SUPPORTED``) and checks
each name, so an upgrade that changes them fails there, saying what changed,
rather than somewhere in the server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cattrs import Converter

if TYPE_CHECKING:
    from pygls.lsp.server import LanguageServer

# pygls releases whose internals below were checked (major, minor).
SUPPORTED = ((2, 0), (2, 1))


def converter(server: LanguageServer) -> Converter:
    """The cattrs converter the server's protocol structures and unstructures messages with
    (diagnostics for code actions are structured with it, not a second one: building a
    converter costs ≈ 35 ms)."""
    return server.protocol._converter
