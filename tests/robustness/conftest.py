"""Servers for the robustness tests, and the numbers they measure.

Tests that leave the server healthy share one (``server``). After each test the
server must still pass a health check (alive, answering, nothing but
well-formed JSON-RPC on stdout); one that fails is killed and the next test
gets a fresh one, so a test that breaks the server cannot make the tests after
it fail. A watchdog kills the server if a test runs longer than
``TEST_TIME_LIMIT``: no test can hang. Servers come from a ``ServerSupply``
that starts the next one ahead of need.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .jsonrpc import ServerProcess
from .report import measurements
from .security import security_runs  # noqa: F401  (a fixture shared by the security tests)
from .servers import TEST_TIME_LIMIT, ServerSupply
from .session import healthy

# Fixtures that take a server from the supply, and how often: per test, or once per module.
PER_TEST = ("own_server",)
PER_MODULE = ("big_document", "framing_servers")
_demand = 0
HERE = Path(__file__).resolve().parent


def pytest_collection_finish(session) -> None:
    """How many servers the selected tests will take, so none is started for nothing."""
    global _demand
    modules: set[tuple[str, str]] = set()
    shared = False
    for item in session.items:
        if HERE not in item.path.parents:
            continue
        names = getattr(item, "fixturenames", ())
        _demand += sum(name in names for name in PER_TEST)
        modules.update((item.module.__name__, name) for name in PER_MODULE if name in names)
        shared = shared or "server" in names
    _demand += len(modules) + shared


def pytest_terminal_summary(terminalreporter) -> None:
    if measurements:
        terminalreporter.section("robustness measurements")
        for line in measurements:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def supply():
    servers = ServerSupply(_demand)
    yield servers
    servers.close()


class _Shared:
    def __init__(self, supply: ServerSupply) -> None:
        self.supply = supply
        self.current: ServerProcess | None = None

    def get(self) -> ServerProcess:
        if self.current is None:
            self.current = self.supply.take()
        return self.current

    def discard(self) -> None:
        if self.current is not None:
            self.current.close()
            self.current = None


@pytest.fixture(scope="session")
def _shared_server(supply):
    shared = _Shared(supply)
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
def own_server(supply):
    """A server of the test's own (for measurements and tests that may wreck it), killed afterwards."""
    started = supply.take()
    started.arm_watchdog(TEST_TIME_LIMIT)
    try:
        yield started
    finally:
        started.close()
