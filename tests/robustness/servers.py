"""Starting servers for the tests, one step ahead of need.

A server costs about a second of CPU to start, several seconds of wall time
on a busy 2-core machine. ``ServerSupply`` starts the next servers the tests
will need in background threads while the current tests run (most of their
time is spent waiting for the server), as long as the collected tests still
need them (``demand``).
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor

from .jsonrpc import ServerProcess

TEST_TIME_LIMIT = 20.0  # seconds: the bound on one test (and on starting a server)


class ServerStartError(RuntimeError):
    """Not an AssertionError: a server that does not start is never an expected failure."""


def start_server(**popen) -> ServerProcess:
    """A fresh, initialised server; killed by its watchdog if initialising hangs."""
    started = ServerProcess(**popen)
    started.arm_watchdog(TEST_TIME_LIMIT)
    try:
        started.initialize()
    except BaseException as error:
        started.close()
        raise ServerStartError(f"the server did not initialise: {error}") from error
    started.disarm_watchdog()
    return started


class ServerSupply:
    LOOKAHEAD = 2  # servers starting ahead of need; tests that take one each come in runs

    def __init__(self, demand: int) -> None:
        self.demand = demand  # servers the collected tests will still take
        self._starter = ThreadPoolExecutor(max_workers=self.LOOKAHEAD, thread_name_prefix="server-supply")
        self._ahead: deque[Future[ServerProcess]] = deque()

    def take(self) -> ServerProcess:
        """A fresh initialised server: one started ahead if it is ready and well, else a new one."""
        server = self._collect(self._ahead.popleft()) if self._ahead else None
        if server is None:
            server = start_server()
        self.demand -= 1
        while len(self._ahead) < min(self.LOOKAHEAD, self.demand):
            self._ahead.append(self._starter.submit(start_server))
        return server

    def _collect(self, ahead: Future[ServerProcess]) -> ServerProcess | None:
        try:
            server = ahead.result(timeout=TEST_TIME_LIMIT)
        except Exception:  # not started in time: start another in the foreground, close this one when it is up
            ahead.add_done_callback(lambda late: late.exception() is None and late.result().close())
            return None
        if server.alive():
            return server
        server.close()
        return None

    def close(self) -> None:
        while self._ahead:
            leftover = self._collect(self._ahead.popleft())
            if leftover is not None:
                leftover.close()
        self._starter.shutdown(wait=True)
