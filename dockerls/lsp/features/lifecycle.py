"""The session's start: ``initialized`` (settings and file watching), and ``$/setTrace``."""

from __future__ import annotations

import asyncio

from dockerls.lsp import params
from dockerls.lsp.session import Session


def initialized(session: Session, raw: object) -> None:
    if session.pulls_configuration:
        session.request_settings(session.known_scopes())
    asyncio.ensure_future(session.register_dynamic_features())


def set_trace(session: Session, raw: object) -> None:
    session.trace = params.trace(raw)  # the server writes no traces; kept for what asks
