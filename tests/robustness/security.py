"""The CLI and the server run over the baited project (``baits.py``), watched from outside.

Each run happens once per test session and is recorded: its output, the audit
events of its Python process (``audit.py``) and, when strace is available, its
system calls (``tracing.py``). The security tests judge the records.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from . import audit, tracing
from .baits import Baits, build
from .jsonrpc import SERVER_COMMAND, ServerProcess, whole_range

CLI_COMMAND = [sys.executable, "-m", "dockerls", "check"]
# Seconds per run: a FIFO opened for reading would block forever. Generous, because a run
# under strace on a loaded 2-core CI machine took over 20 s; a hang still ends the run.
TIME_LIMIT = 90.0


@dataclass
class Run:
    name: str
    output: str  # everything the process wrote (for the server: every message, as JSON)
    seconds: float
    events: list[audit.Event]
    syscalls: list[str] | None  # None: strace is unavailable
    notes: list[str] = field(default_factory=list)


def _strace_or_none() -> str | None:
    try:
        return tracing.strace()
    except (pytest.skip.Exception, pytest.fail.Exception):
        return None  # the tests that need system calls report it


def _run_cli(baits: Baits, hook: Path, name: str, arguments: list[str], use_strace: bool) -> Run:
    log, trace = baits.root / f"{name}.audit", baits.root / f"{name}.strace"
    command = CLI_COMMAND + arguments + ["--context", str(baits.project), str(baits.project)]
    if use_strace:
        command = tracing.traced(command, trace)
    began = time.perf_counter()
    done = subprocess.run(
        command, cwd=baits.workspace, env=audit.environment(hook, log), capture_output=True, timeout=TIME_LIMIT
    )
    seconds = time.perf_counter() - began
    output = done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")
    # The FIFO and the 200 MB requirements file of the context are reported, not read (exit 2).
    errors = [line for line in done.stderr.decode("utf-8", "replace").splitlines() if "error:" in line]
    baited = all(
        ("fifo/requirements.txt" in line or "huge/requirements.txt" in line) and "are not offered" in line
        for line in errors
    )
    assert done.returncode in (0, 1) or (done.returncode == 2 and errors and baited), (
        f"dockerls check failed ({done.returncode}):\n{output}"
    )
    return Run(name, output, seconds, audit.read(log), tracing.calls(trace) if use_strace else None)


def _run_server(baits: Baits, hook: Path, use_strace: bool) -> Run:
    log, trace = baits.root / "server.audit", baits.root / "server.strace"
    command = tracing.traced(SERVER_COMMAND, trace) if use_strace else SERVER_COMMAND
    began = time.perf_counter()
    with ServerProcess(command, cwd=str(baits.workspace), env=audit.environment(hook, log)) as server:
        server.arm_watchdog(TIME_LIMIT)
        server.initialize(root=str(baits.workspace), initialization_options={"fixOnWillSave": True, "unsafeFixes": True})
        notes = []
        for path in baits.dockerfiles:
            uri = path.as_uri()
            start = len(server.messages)
            server.open(uri, path.read_text(encoding="utf-8"))
            published = server.diagnostics(uri, 1, start=start)
            notes.append(f"{path.name}: {sorted({d['code'] for d in published['diagnostics']})}")
            for only in (None, ["quickfix"], ["source.fixAll"]):
                assert "result" in server.code_actions(uri, whole_range(), only=only)
            will_save = server.call("textDocument/willSaveWaitUntil", {"textDocument": {"uri": uri}, "reason": 1})
            assert "result" in will_save, will_save
            server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
            server.close_document(uri)
        assert server.shutdown_and_exit() == 0
        output = "\n".join(json.dumps(message) for message in server.messages) + server.stderr_tail()
    seconds = time.perf_counter() - began
    return Run("server", output, seconds, audit.read(log), tracing.calls(trace) if use_strace else None, notes)


@dataclass
class SecurityRuns:
    baits: Baits
    runs: list[Run]
    strace_available: bool

    def __iter__(self):
        return iter(self.runs)


@pytest.fixture(scope="session")
def security_runs(tmp_path_factory) -> SecurityRuns:
    """``dockerls check``, a server session and ``dockerls check --fix --unsafe-fixes`` over the baits."""
    root = tmp_path_factory.mktemp("security")
    hook = root / "hook"
    hook.mkdir()
    audit.install(hook)
    baits = build(root / "tree")
    use_strace = _strace_or_none() is not None
    # Checking and serving only read the baits: they run side by side. Fixing rewrites them: it comes last.
    with ThreadPoolExecutor(max_workers=1) as pool:
        check = pool.submit(_run_cli, baits, hook, "check", ["--output-format", "json"], use_strace)
        served = _run_server(baits, hook, use_strace)
        runs = [check.result(), served]
    runs.append(_run_cli(baits, hook, "fix", ["--fix", "--unsafe-fixes"], use_strace))
    return SecurityRuns(baits, runs, use_strace)
