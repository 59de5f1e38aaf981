"""What a dockerls subprocess does, recorded by a Python audit hook (PEP 578).

``install(directory)`` writes a ``sitecustomize.py`` there; a Python started
with that directory on ``PYTHONPATH`` and ``DOCKERLS_AUDIT_LOG`` set appends
every watched event to the log, from before ``dockerls`` is imported until it
exits. The command itself is unchanged (``python -m dockerls …``). Every file
Python opens or lists, every process it would start and every socket it uses
raises one of these events, whichever library asks.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

LOG_VARIABLE = "DOCKERLS_AUDIT_LOG"

FILE_EVENTS = frozenset({"open", "os.listdir", "os.scandir"})
PROCESS_EVENTS = frozenset(
    {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty", "pty.spawn", "os.startfile"}
)
SOCKET_EVENTS = frozenset(
    {
        "socket.__new__",
        "socket.connect",
        "socket.bind",
        "socket.sendto",
        "socket.sendmsg",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.getnameinfo",
        "urllib.Request",
        "http.client.connect",
    }
)

_HOOK = """\
import json as _json
import os as _os
import sys as _sys

_path = _os.environ.get({variable!r})
if _path:
    _fd = _os.open(_path, _os.O_WRONLY | _os.O_CREAT | _os.O_APPEND, 0o600)
    _watched = frozenset({watched!r})
    _inside = []

    def _plain(value):
        if isinstance(value, (str, int, float, bool, type(None))):
            return value
        if isinstance(value, (bytes, _os.PathLike)):
            return _os.fsdecode(value)
        if isinstance(value, (list, tuple)):
            return [_plain(item) for item in value]
        return repr(value)

    def _audit(event, args):
        if event not in _watched or _inside:
            return
        _inside.append(True)  # what the hook itself does is not recorded
        try:
            line = _json.dumps([event, _os.getcwd(), [_plain(arg) for arg in args]]) + "\\n"
            _os.write(_fd, line.encode("utf-8", "backslashreplace"))
        finally:
            _inside.pop()

    _sys.addaudithook(_audit)
"""


def install(directory: Path) -> None:
    watched = sorted(FILE_EVENTS | PROCESS_EVENTS | SOCKET_EVENTS)
    (directory / "sitecustomize.py").write_text(_HOOK.format(variable=LOG_VARIABLE, watched=watched), encoding="utf-8")


def environment(hook_directory: Path, log: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(hook_directory), env.get("PYTHONPATH")]))
    env[LOG_VARIABLE] = str(log)
    return env


@dataclass(frozen=True)
class Event:
    name: str
    cwd: str
    args: list

    @property
    def path(self) -> str | None:
        """The real path a file event names (symlinks resolved), or None for a file descriptor."""
        target = self.args[0] if self.args else None
        if isinstance(target, int):
            return None
        return os.path.realpath(os.path.join(self.cwd, target if target else "."))


def read(log: Path) -> list[Event]:
    if not log.exists():
        return []
    return [Event(*json.loads(line)) for line in log.read_text(encoding="utf-8").splitlines()]


def from_dockerls_start(events: list[Event]) -> list[Event]:
    """The events from the moment dockerls' own code runs (its ``__main__`` module is loaded).

    Before that the interpreter only locates ``dockerls``; with ``python -m`` that lists the
    working directory, which is the interpreter's doing, not dockerls'."""
    for index, event in enumerate(events):
        if event.name == "open" and event.path and _is_dockerls_main(Path(event.path)):
            return events[index:]
    raise AssertionError("dockerls/__main__ was never loaded: the audit log is incomplete")


def _is_dockerls_main(path: Path) -> bool:
    """``dockerls/__main__.py`` or its compiled form in ``dockerls/__pycache__``."""
    parts = path.parts
    return parts[-1].startswith("__main__.") and ("dockerls" == parts[-2] or parts[-3:-1] == ("dockerls", "__pycache__"))


def touched_files(events: list[Event]) -> set[str]:
    """Every path opened or listed."""
    return {event.path for event in events if event.name in FILE_EVENTS and event.path is not None}


def started_processes(events: list[Event]) -> list[Event]:
    return [event for event in events if event.name in PROCESS_EVENTS]


def network_use(events: list[Event]) -> list[Event]:
    """Socket events other than creating a local (AF_UNIX) socket, e.g. asyncio's self-pipe."""
    return [
        event
        for event in events
        if event.name in SOCKET_EVENTS and not (event.name == "socket.__new__" and event.args[1] == socket.AF_UNIX)
    ]
