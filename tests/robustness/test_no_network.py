"""No network connection, ever: not by the CLI, the server or the engine.

``network.Dockerfile`` (``baits.py``) is full of things a tool might be
tempted to fetch: a ``# syntax=`` frontend image, remote base images, ``ADD``
of URLs and git repositories, pip index URLs and remote requirement files.
"""

from __future__ import annotations

import os
import socket

from . import audit, tracing
from .baits import NETWORK
from .session import fresh_uri, lint_and_fix_every_bait, still_serving

INET_TABLES = ("tcp", "tcp6", "udp", "udp6", "raw", "raw6", "udplite", "udplite6")


def test_no_socket_is_used_for_the_network(security_runs):
    for run in security_runs:
        assert audit.network_use(run.events) == [], run.name


def test_no_network_system_call(security_runs):
    tracing.strace()  # skips (fails in CI) when system calls cannot be traced
    for run in security_runs:
        assert run.syscalls is not None and run.syscalls, f"{run.name}: the trace is empty"
        assert tracing.network_calls(run.syscalls) == [], run.name


def test_the_engine_opens_no_connection(tmp_path, monkeypatch):
    attempts: list[str] = []

    def refuse(name):
        def call(*args, **kwargs):
            attempts.append(f"{name}{args[1:]!r}")
            raise OSError(f"{name} refused by the test")

        return call

    for owner, name in [(socket.socket, "connect"), (socket.socket, "connect_ex"), (socket.socket, "bind"),
                        (socket.socket, "sendto"), (socket, "create_connection"), (socket, "getaddrinfo"),
                        (socket, "gethostbyname")]:
        monkeypatch.setattr(owner, name, refuse(f"socket.{name}"))
    lint_and_fix_every_bait(tmp_path)
    assert attempts == []


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    return inodes


def _table_inodes(pid: int, table: str, column: int) -> set[str]:
    try:
        with open(f"/proc/{pid}/net/{table}", encoding="ascii") as rows:
            next(rows)  # the header
            return {row.split()[column] for row in rows if len(row.split()) > column}
    except FileNotFoundError:  # a protocol this kernel lacks
        return set()


def test_the_server_holds_no_network_socket(server):
    """Every socket the server holds is a local one (asyncio's self-pipe); none is TCP, UDP or raw."""
    uri = fresh_uri("network")
    server.open(uri, NETWORK)
    assert server.code_actions(uri)["result"]
    still_serving(server)
    sockets = _socket_inodes(server.pid)
    local = _table_inodes(server.pid, "unix", 6)
    network = set().union(*(_table_inodes(server.pid, table, 9) for table in INET_TABLES))
    assert sockets, "asyncio's self-pipe should show as a socket: the inspection sees nothing"
    assert sockets <= local, sockets - local
    assert not sockets & network

