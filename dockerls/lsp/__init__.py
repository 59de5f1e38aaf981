"""The dockerls language server: the only package that imports pygls and lsprotocol.

``run()`` serves one client over stdio (or TCP). The map:

- ``front``: reads every message first; answers ``initialize``/``shutdown``/``exit``,
  hands notifications to ``features`` and requests to pygls, loads pygls in the
  background; keeps the protocol's rules (``jsonrpc``, ``params``).
- ``session``: the state of one client (documents, settings, linting, publishing);
  ``connection``: what goes to the client.
- ``features/``: one module per feature, registered in ``features/__init__.py``.
- ``server``: the pygls server for the requests it serves (``features.create_server``);
  ``pygls_internals``: the pygls names that are not public, in one place.
- ``capabilities``, ``positions``, ``diagnostics``, ``uris``: plain-JSON edges;
  ``convert``, ``actions``: lsprotocol edges (code actions).

Nothing imported here at start-up needs pygls or lsprotocol (see ``front``).
"""

from __future__ import annotations

import logging
import sys


def run(tcp: bool = False, host: str = "127.0.0.1", port: int = 2087) -> int:
    """Serve until the client exits: over stdin/stdout, or on ``host:port`` with ``tcp``.
    Returns the exit code (LSP: 0 after ``shutdown``, 1 for an ``exit`` without it)."""
    from dockerls.runtime import raise_gc_thresholds

    raise_gc_thresholds()  # before the imports below: they allocate much and free little
    from dockerls.lsp import transport

    if not logging.getLogger().handlers:
        # stdout carries the protocol: logs go to stderr only.
        logging.basicConfig(
            stream=sys.stderr, level=logging.WARNING, format="dockerls %(levelname)s %(name)s: %(message)s"
        )
    if tcp:
        return transport.serve_tcp(host, port)
    return transport.serve_stdio()


__all__ = ["run"]
