"""The dockerls language server: the only package that imports pygls and lsprotocol.

``run()`` serves one client over stdio (or TCP); ``create_server()`` builds a
fresh server with every handler registered, for ``run`` and for tests.
"""

from __future__ import annotations

import logging
import sys

from dockerls.lsp.server import DockerlsServer


def create_server() -> DockerlsServer:
    from dockerls.lsp import features

    server = DockerlsServer()
    features.register(server)
    return server


def run(tcp: bool = False, host: str = "127.0.0.1", port: int = 2087) -> None:
    """Serve until the client exits: over stdin/stdout, or on ``host:port`` with ``tcp``."""
    from dockerls.lsp import transport

    if not logging.getLogger().handlers:
        # stdout carries the protocol: logs go to stderr only.
        logging.basicConfig(
            stream=sys.stderr, level=logging.WARNING, format="dockerls %(levelname)s %(name)s: %(message)s"
        )
    _load_rules()
    server = create_server()
    from dockerls.runtime import tune_gc

    tune_gc()  # after start-up, so everything loaded so far is frozen
    if tcp:
        transport.serve_tcp(server, host, port)
    else:
        transport.serve_stdio(server)


def _load_rules() -> None:
    """Import every rule now, while the editor starts us, rather than on the first didOpen.
    A rule that fails to import is logged here and reported again by each lint."""
    try:
        import dockerls.rules  # noqa: F401
    except Exception:
        logging.getLogger(__name__).exception("loading the rules failed")


__all__ = ["DockerlsServer", "create_server", "run"]
