"""Serving over stdio or TCP, with a message reader of our own (no pygls: see ``front``).

A reader that accepts only a header line that is exactly
``Content-Length: N\\r\\n`` (pygls' does) loses every later message after
bytes that break the framing, since the next header is glued to them, and a
header line over the stream's limit would end the server. Ours looks for the
next ``Content-Length`` header instead (names are case-insensitive, other
headers such as ``Content-Type`` are skipped) and drops over-long lines, so a
broken stream costs the messages it broke and no more.

Over stdio, stdin is read through an asyncio pipe: messages already received
are handled back to back, and the lint scheduled with ``loop.call_soon``
after a change runs only once the burst has been read, so it sees (and
publishes) the newest version only. Where stdin cannot be such a pipe, a
thread reads it for the same loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import stat
import sys
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from typing import BinaryIO

from dockerls.lsp.connection import Connection
from dockerls.lsp.front import Exit, Front

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


async def handle_messages(front: Front, reader) -> None:
    """Hand each message to the front, in order, until the stream ends (or ``exit``)."""
    # Closed here rather than by asyncio's async-generator finaliser, which would schedule the
    # close through the loop's self-pipe socket: a needless sendto that system-call audits flag.
    async with contextlib.aclosing(message_bodies(reader)) as bodies:
        async for body in bodies:
            await front.handle(body)


class StdoutWriter:
    """Writes each message at once (a client waits for it)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def write(self, data: bytes) -> None:
        self._stream.write(data)
        self._stream.flush()

    def close(self) -> None:
        self._stream.close()


class ThreadedReader:
    """``readline``/``readexactly`` on a stream asyncio cannot poll, read in a thread."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dockerls-stdin")

    async def _in_thread(self, read, *args) -> bytes:
        return await asyncio.get_running_loop().run_in_executor(self._thread, read, *args)

    async def readline(self) -> bytes:
        line = await self._in_thread(self._stream.readline, HEADER_LINE_LIMIT)
        if len(line) >= HEADER_LINE_LIMIT and not line.endswith(b"\n"):  # as StreamReader: an over-long line
            while line and not line.endswith(b"\n"):
                line = await self._in_thread(self._stream.readline, HEADER_LINE_LIMIT)
            raise ValueError("header line over the limit")
        return line

    async def readexactly(self, count: int) -> bytes:
        return await self._in_thread(self._stream.read, count)


def serve_stdio(front_options: dict | None = None) -> int:
    """Serve until stdin ends or the client sends ``exit``; returns the exit code."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    front = Front(Connection(StdoutWriter(stdout)), **(front_options or {}))
    try:
        asyncio.run(_serve_stdio(front, stdin, stdout))
    except Exit as done:
        return int(done.code or 0)
    except BrokenPipeError:
        log.error("the client closed the connection")
    except KeyboardInterrupt:
        pass
    return 0


async def _serve_stdio(front: Front, stdin: BinaryIO, stdout: BinaryIO) -> None:
    if _pipe_readable(stdin, stdout):
        reader = asyncio.StreamReader(limit=HEADER_LINE_LIMIT)
        loop = asyncio.get_running_loop()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), stdin)
    else:
        reader = ThreadedReader(stdin)
    await handle_messages(front, reader)


def serve_tcp(host: str, port: int) -> int:
    """Serve the first client to connect, until it disconnects or sends ``exit``."""
    done: asyncio.Future | None = None

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        front = Front(Connection(writer))
        try:
            await handle_messages(front, reader)
            outcome: object = 0
        except Exit as exit_:
            outcome = int(exit_.code or 0)
        except Exception as error:
            outcome = error
        if not done.done():
            done.set_result(outcome)

    async def listen() -> object:
        nonlocal done
        done = asyncio.get_running_loop().create_future()
        server = await asyncio.start_server(connection, host, port, limit=HEADER_LINE_LIMIT)
        async with server:
            return await done

    outcome = asyncio.run(listen())
    if isinstance(outcome, BaseException):
        raise outcome
    return int(outcome)  # type: ignore[arg-type]


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
