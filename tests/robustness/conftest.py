"""Servers for the robustness tests, and the numbers they measure.

A server takes seconds to start on a busy 2-core machine, so tests that leave
it healthy share one (``server``). After each test the server must still pass a
health check (alive, answering, nothing but well-formed JSON-RPC on stdout);
one that fails is killed and the next test gets a fresh one, so a test that
breaks the server cannot make the tests after it fail. A watchdog kills the
server if a test runs longer than ``TEST_TIME_LIMIT``: no test can hang.
"""

from __future__ import annotations

import pytest

from .jsonrpc import ServerProcess
from .security import security_runs  # noqa: F401  (a fixture shared by the security tests)
from .session import healthy

TEST_TIME_LIMIT = 20.0  # seconds

_measurements: list[str] = []


def record(line: str) -> None:
    """Print a measured number in the test run's summary."""
    _measurements.append(line)


def pytest_terminal_summary(terminalreporter) -> None:
    if _measurements:
        terminalreporter.section("robustness measurements")
        for line in _measurements:
            terminalreporter.write_line(line)


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


class _Shared:
    def __init__(self) -> None:
        self.current: ServerProcess | None = None

    def get(self) -> ServerProcess:
        if self.current is None:
            self.current = start_server()
        return self.current

    def discard(self) -> None:
        if self.current is not None:
            self.current.close()
            self.current = None


@pytest.fixture(scope="session")
def _shared_server():
    shared = _Shared()
    yield shared
    shared.discard()


@pytest.fixture
def server(_shared_server: _Shared):
    """A healthy initialised server shared between tests, bounded to TEST_TIME_LIMIT per test."""
    current = _shared_server.get()
    current.arm_watchdog(TEST_TIME_LIMIT)
    try:
        yield current
    finally:
        current.disarm_watchdog()
        if not healthy(current):
            _shared_server.discard()


@pytest.fixture
def own_server():
    """A server of the test's own (for measurements and tests that may wreck it), killed afterwards."""
    started = start_server()
    started.arm_watchdog(TEST_TIME_LIMIT)
    try:
        yield started
    finally:
        started.close()
