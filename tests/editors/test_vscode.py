"""The VS Code extension end to end, in a real VS Code (issue 16): runs
tests/editors/vscode/run-e2e.sh, which installs the packaged extension into code-server,
opens a Dockerfile in headless Chromium, waits for the APT diagnostic, saves with
fix-on-save and checks the fix on disk, types a node stage and checks the completion of
its RUN's cache mount and the hover on ``npm``, then checks that a missing or crashing
server is reported.

code-server is installed once into ``${XDG_CACHE_HOME:-$HOME/.cache}/dockerls-tests/
code-server/<version>`` (outside the clone; scripts/test.sh installs it before pytest, about
2.5 minutes the first time). A run takes about 100 s. Nothing is skipped: a machine that
cannot install code-server fails this test with the script's output.

Every process the run starts carries a marker in its environment; after the run none may
be left (the script stops code-server, the driver and Chromium by PID, also on failure).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.editor

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "tests" / "editors" / "vscode" / "run-e2e.sh"
# A cold code-server install (2.5 minutes here) plus the run's own bounded steps.
TIMEOUT = 45 * 60
MARKER = "DOCKERLS_E2E_RUN"


def processes_marked(marker: str) -> list[int]:
    """PIDs of live processes whose environment holds ``MARKER=marker``."""
    needle = f"{MARKER}={marker}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environment = (entry / "environ").read_bytes()
        except OSError:  # gone, or not ours to read
            continue
        if needle in environment.split(b"\0"):
            found.append(int(entry.name))
    return found


def stop_group(process: subprocess.Popen) -> None:
    """The script is its own process group's leader: TERM lets its cleanup run, then KILL."""
    for sig, grace in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def test_the_extension_reports_and_fixes_on_save_in_code_server(tmp_path):
    server = Path(sys.executable).parent / "dockerls"
    assert server.is_file(), f"no dockerls beside {sys.executable}: install the package (scripts/test.sh does)"
    marker = uuid.uuid4().hex
    environment = dict(
        os.environ,
        DOCKERLS_SERVER=str(server),
        E2E_SHOTS_TO=str(tmp_path / "screenshots"),  # not docs/images: the clone stays as it is
        TMPDIR=str(tmp_path),
        **{MARKER: marker},
    )
    started = time.monotonic()
    process = subprocess.Popen(
        ["bash", str(SCRIPT)], env=environment, cwd=REPO, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        output, _ = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        stop_group(process)
        output, _ = process.communicate()
        pytest.fail(f"run-e2e.sh took longer than {TIMEOUT} s:\n{output[-20000:]}")
    finally:
        if process.poll() is None:
            stop_group(process)
    elapsed = time.monotonic() - started
    print(f"run-e2e.sh: exit {process.returncode} after {elapsed:.0f} s")

    # Whatever the verdict, nothing the run started may outlive it.
    deadline = time.monotonic() + 10
    while (left := processes_marked(marker)) and time.monotonic() < deadline:
        time.sleep(0.5)
    leftovers = {pid: _command_line(pid) for pid in left}
    for pid in left:  # do not leak them into the rest of the suite
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    assert process.returncode == 0, f"run-e2e.sh failed (exit {process.returncode}):\n{output[-20000:]}"
    assert "PASSED" in output
    assert sorted(path.name for path in (tmp_path / "screenshots").iterdir()) == [
        "vscode-completion.png",
        "vscode-diagnostic.png",
        "vscode-fixed.png",
        "vscode-hover.png",
    ]
    assert not leftovers, f"processes left running after the run: {leftovers}"


def _command_line(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "?"
