"""Serving over stdio or TCP, with a message reader of our own.

pygls' reader accepts only a header line that is exactly
``Content-Length: N\\r\\n``: after bytes that break the framing, the next
header is glued to them and every later message is lost, and a header line
over the stream's limit raises out of its loop and ends the server. Ours
looks for the next ``Content-Length`` header instead (names are
case-insensitive, other headers such as ``Content-Type`` are skipped) and
drops over-long lines, so a broken stream costs the messages it broke and
no more.

Over stdio pygls reads each header line and body through a thread pool, so
the event loop runs between any two messages, even when the client has
already sent the next one. We read stdin through an asyncio pipe instead:
messages already received are handled back to back, and the lint scheduled
with ``loop.call_soon`` after a change runs only once the burst has been
read, so it sees (and publishes) the newest version only. Where stdin
cannot be such a pipe, pygls' thread-pool reader feeds the same loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import stat
import sys
import threading
from collections.abc import AsyncIterator

from pygls.io_ import StdinAsyncReader, StdoutWriter

from dockerls.lsp.server import DockerlsServer

log = logging.getLogger(__name__)

# Longer header lines are dropped (no client sends one); a body may be any length.
HEADER_LINE_LIMIT = 2**20
# Searched at the end of a line: after broken framing, the header may follow leftover bytes.
_CONTENT_LENGTH = re.compile(rb"content-length[ \t]*:[ \t]*(\d+)[ \t]*\r?\n\Z", re.IGNORECASE)


async def message_bodies(reader) -> AsyncIterator[bytes]:
    """The body of each message on ``reader`` (an asyncio ``StreamReader`` or pygls'
    ``StdinAsyncReader``), until the stream ends.

    A body is the ``Content-Length`` bytes after the blank line that ends a
    header block; the last ``Content-Length`` seen before that blank line
    counts. Any other line (another header, or leftovers of a broken message)
    is skipped.
    """
    length: int | None = None
    while True:
        try:
            line = await reader.readline()
        except ValueError:  # over the StreamReader's limit; it has discarded the line
            log.warning("dropped a header line over %d bytes", HEADER_LINE_LIMIT)
            length = None
            continue
        if not line:
            return
        if not line.strip():
            if length is None:
                continue  # a blank line with no header before it
            try:
                body = await reader.readexactly(length)
            except asyncio.IncompleteReadError:
                return
            if len(body) < length:  # the thread-pool reader returns short at the end of the stream
                return
            length = None
            yield body
            continue
        match = _CONTENT_LENGTH.search(line)
        if match is None:
            continue
        if match.start():
            log.warning("skipped %d bytes outside any message", match.start())
        length = int(match.group(1))


async def handle_messages(server: DockerlsServer, reader) -> None:
    """Hand each message to the protocol, in order, until the stream ends or the server stops."""
    stop = server._stop_event
    # Closed here rather than by asyncio's async-generator finaliser, which would schedule the
    # close through the loop's self-pipe socket: a needless sendto that system-call audits flag.
    async with contextlib.aclosing(message_bodies(reader)) as bodies:
        async for body in bodies:
            if stop is not None and stop.is_set():
                return
            server.protocol.handle_body(body)


def serve_stdio(server: DockerlsServer) -> None:
    """Serve until stdin ends or the client sends ``exit``, which raises SystemExit with
    LSP's exit code (1 unless ``shutdown`` came first): that is left to end the process."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    server._stop_event = threading.Event()  # pygls' shutdown() sets it to end the read loop
    try:
        asyncio.run(_serve_stdio(server, stdin, stdout))
    except BrokenPipeError:
        log.error("the client closed the connection")
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


async def _serve_stdio(server: DockerlsServer, stdin, stdout) -> None:
    if _pipe_readable(stdin, stdout):
        reader = asyncio.StreamReader(limit=HEADER_LINE_LIMIT)
        loop = asyncio.get_running_loop()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), stdin)
    else:
        reader = StdinAsyncReader(stdin, server.thread_pool)
    server.protocol.set_writer(StdoutWriter(stdout))
    await handle_messages(server, reader)


def serve_tcp(server: DockerlsServer, host: str, port: int) -> None:
    """Serve the first client to connect, as pygls' ``start_tcp`` does, with our reader."""
    server._stop_event = threading.Event()

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        server.protocol.set_writer(writer)
        await handle_messages(server, reader)
        server.shutdown()  # closes the listening socket, which ends serve_forever

    async def listen() -> None:
        server._server = await asyncio.start_server(connection, host, port, limit=HEADER_LINE_LIMIT)
        async with server._server:
            await server._server.serve_forever()

    try:
        asyncio.run(listen())
    except asyncio.CancelledError:  # shutdown() closed the listening socket
        pass


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
