"""Serving over stdio or TCP.

Over stdio pygls reads each header line and body through a thread pool, so
the event loop runs between any two messages, even when the client has
already sent the next one. We read stdin through an asyncio pipe instead:
messages already received are handled back to back, and the lint scheduled
with ``loop.call_soon`` after a change runs only once the burst has been
read, so it sees (and publishes) the newest version only. Over TCP pygls
already reads through an asyncio stream.
"""

from __future__ import annotations

import asyncio
import logging
import os
import stat
import sys
import threading

from pygls.io_ import StdoutWriter, run_async
from pygls.lsp.server import LanguageServer

log = logging.getLogger(__name__)


def serve_stdio(server: LanguageServer) -> None:
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    if not _pipe_readable(stdin, stdout):
        server.start_io(stdin, stdout)
        return
    server._stop_event = threading.Event()  # pygls' shutdown() sets it to end the read loop
    try:
        asyncio.run(_serve(server, stdin, stdout))
    except (BrokenPipeError, asyncio.IncompleteReadError):
        log.error("the client closed the connection")
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()


def serve_tcp(server: LanguageServer, host: str, port: int) -> None:
    server.start_tcp(host, port)


def _pipe_readable(stdin, stdout) -> bool:
    """Whether stdin can be read through an asyncio pipe without disturbing stdout.

    Windows has no such pipes; a regular file cannot be polled; and when stdin
    and stdout are one socket or terminal, the non-blocking mode the pipe sets
    would also make writes to stdout fail.
    """
    if sys.platform == "win32":
        return False
    try:
        stat_in, stat_out = os.fstat(stdin.fileno()), os.fstat(stdout.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    if os.path.samestat(stat_in, stat_out):
        return False
    return stat.S_ISFIFO(stat_in.st_mode) or stat.S_ISSOCK(stat_in.st_mode)


async def _serve(server: LanguageServer, stdin, stdout) -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**20)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), stdin)
    server.protocol.set_writer(StdoutWriter(stdout))
    await run_async(
        stop_event=server._stop_event,
        reader=reader,
        protocol=server.protocol,
        logger=log,
        error_handler=server.report_server_error,
    )
