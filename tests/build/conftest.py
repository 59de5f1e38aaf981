"""The build tier's session: a private dockerd, the caching front, the base images.

Each is started once per test session and stopped at its end (dockerd by
PID). A failure to start one is raised from the fixture, so every test that
needs it is reported as an error with the reason: never a skip.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.build.bases import BaseImages, cache_folder, standard_bases
from tests.build.engine import Engine
from tests.build.front import Front
from tests.build.localrepo import FillTools, LocalRepositories

REPORT: list[dict] = []
TIMINGS: dict[str, float] = {}


@pytest.fixture(scope="session")
def engine():
    started = time.monotonic()
    daemon = Engine()
    daemon.start()
    TIMINGS["dockerd start"] = time.monotonic() - started
    try:
        yield daemon
    finally:
        daemon.stop()


@pytest.fixture(scope="session")
def front():
    server = Front(cache_folder() / "front")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def bases(engine, front):
    """The base images, loaded (or made) as tests ask for them: ``bases.ensure_for(images)``."""
    images = BaseImages(engine, standard_bases(front.url))
    images.ensure(("debian",))
    try:
        yield images
    finally:
        for report in images.reports:
            TIMINGS[f"base {report.name} ({report.source})"] = report.seconds


@pytest.fixture(scope="session")
def local_repositories(engine, bases):
    """Local repositories on 127.0.0.1 for pairs whose ``pair.toml`` has ``[local_repository]``."""
    return LocalRepositories(cache_folder(), FillTools(engine, bases, None))


@pytest.fixture(scope="session")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pairs")


def pytest_runtest_logreport(report):
    """The tier's own wall time (setup, call and teardown of its tests; they run one after another),
    so a full run can say what the tier costs."""
    if report.nodeid.startswith("tests/build/"):
        TIMINGS["build tier, all its tests"] = TIMINGS.get("build tier, all its tests", 0.0) + report.duration


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not REPORT:  # no pair was built (`-m "not build"`): the tools' unit tests need no table
        return
    lines = ["", "Build tier", "", "| pair | verdict | downloads first→rebuild | seconds (before, after, rebuild) |",
             "|---|---|---|---|"]
    for row in REPORT:
        lines.append(f"| {row['pair']} | {row['verdict']} | {row['counts']} | {row['seconds']} |")
    lines.append("")
    lines.extend(f"{name}: {seconds:.1f} s" for name, seconds in TIMINGS.items())
    text = "\n".join(lines) + "\n"
    terminalreporter.write(text)
    try:
        folder = cache_folder()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "last-build-report.md").write_text(text)
    except OSError:
        pass
