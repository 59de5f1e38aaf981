"""The security tests' witnesses see what they watch for: without this, "nothing seen" proves nothing."""

from __future__ import annotations

import subprocess
import sys

from . import audit, tracing

OFFENDER = """\
import os, socket, subprocess
open({secret!r}).read()
os.listdir({outside!r})
subprocess.run(["true"])
probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    probe.connect(("192.0.2.1", 9))  # TEST-NET-1: reserved, never routed; a UDP connect sends nothing
finally:
    probe.close()
"""


def offend(tmp_path, command_prefix: list[str]) -> list[audit.Event]:
    hook, log = tmp_path / "hook", tmp_path / "audit.log"
    hook.mkdir()
    audit.install(hook)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret\n")
    script = OFFENDER.format(secret=str(outside / "secret.txt"), outside=str(outside))
    command = [*command_prefix, sys.executable, "-c", script]
    subprocess.run(command, env=audit.environment(hook, log), check=True, timeout=20, capture_output=True)
    return audit.read(log)


def test_the_audit_hook_sees_files_processes_and_sockets(tmp_path):
    events = offend(tmp_path, [])
    touched = audit.touched_files(events)
    assert str(tmp_path / "outside" / "secret.txt") in touched
    assert str(tmp_path / "outside") in touched
    assert [event.name for event in audit.started_processes(events)] == ["subprocess.Popen"]
    assert {"socket.__new__", "socket.connect"} <= {event.name for event in audit.network_use(events)}


def test_strace_sees_program_starts_and_network_calls(tmp_path):
    trace = tmp_path / "strace.log"
    offend(tmp_path, tracing.traced([], trace))  # strace, its options, then the offending command
    lines = tracing.calls(trace)
    assert any("true" in call for call in tracing.executed(lines))
    network = tracing.network_calls(lines)
    assert any(call.startswith("socket(AF_INET") for call in network)
    assert any(call.startswith("connect(") for call in network)
