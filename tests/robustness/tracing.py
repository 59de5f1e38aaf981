"""System calls of a subprocess, through strace: what no Python-level hook can miss.

Only process starts (``execve``) and network calls are traced, filtered in the
kernel (``--seccomp-bpf``), so the traced program runs at full speed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

TRACED = "trace=%network,execve,execveat"
# Address families that are not networks: a local socket pair is how asyncio wakes itself.
_NETWORK_FAMILIES = ("AF_INET", "AF_INET6", "AF_NETLINK", "AF_PACKET", "AF_BLUETOOTH", "AF_VSOCK")
_CONNECTING_CALLS = ("connect(", "bind(", "listen(", "accept(", "accept4(", "sendto(", "sendmsg(")


def strace() -> str:
    """The strace binary, installed with apt-get if it is missing.

    Without it the test cannot prove anything at the system-call level: that is a
    failure in CI (tests never skip silently there) and a skip elsewhere."""
    found = shutil.which("strace")
    if found is None and shutil.which("apt-get") and os.geteuid() == 0:
        for command in (["apt-get", "install", "-y", "-qq", "strace"], ["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "strace"]):
            subprocess.run(command, capture_output=True, timeout=300, check=False)
            found = shutil.which("strace")
            if found:
                break
    problem = None
    if found is None:
        problem = "strace is missing and apt-get could not install it"
    elif subprocess.run([found, "-f", "-qq", "-e", "trace=none", "true"], capture_output=True, timeout=30).returncode:
        problem = "strace cannot trace here (ptrace is not permitted)"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)
    return found  # type: ignore[return-value]


def traced(command: list[str], log: Path) -> list[str]:
    return [strace(), "-f", "-qq", "--seccomp-bpf", "-e", TRACED, "-e", "signal=none", "-o", str(log), *command]


def calls(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8", errors="replace").splitlines()


def _call(line: str) -> str:
    """``execve(...) = 0`` from ``1234  execve(...) = 0``."""
    return line.split(None, 1)[1] if line[:1].isdigit() else line


def executed(lines: list[str]) -> list[str]:
    """Programs started, other than the traced command itself (the first execve)."""
    starts = [_call(line) for line in lines if _call(line).startswith(("execve(", "execveat("))]
    return starts[1:]


_LOCAL_PAIR = re.compile(r"^socketpair\(AF_UNIX, .*\[(\d+), (\d+)\]\) = 0")
_LOCAL_SOCKET = re.compile(r"^socket\(AF_UNIX, .*\) = (\d+)")
_ON_DESCRIPTOR = re.compile(r"^\w+\((\d+),")


def network_calls(lines: list[str]) -> list[str]:
    """Calls that use a network: any socket of a network family, and any connecting or
    sending call on a descriptor not known to be a local (AF_UNIX) socket.

    asyncio wakes its loop by sending a byte over a local socket pair, from any
    thread: those sends are local. The program is one process, so its threads
    share one descriptor table."""
    local: set[str] = set()
    found = []
    for line in lines:
        call = _call(line)
        if pair := _LOCAL_PAIR.match(call):
            local.update(pair.groups())
        elif single := _LOCAL_SOCKET.match(call):
            local.add(single.group(1))
        if any(family in call for family in _NETWORK_FAMILIES):
            found.append(call)
        elif call.startswith(_CONNECTING_CALLS):
            descriptor = _ON_DESCRIPTOR.match(call)
            if descriptor is None or descriptor.group(1) not in local:
                found.append(call)
    return found
