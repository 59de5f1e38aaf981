"""A raw JSON-RPC client for ``dockerls serve``: Content-Length framing over pipes, nothing more.

No pygls or lsprotocol on this side: the tests must be able to send bytes no
well-behaved client would (broken framing, invalid JSON, lone surrogates), and
must judge the server's output by the wire format alone. Everything the server
writes is read on a background thread and parsed strictly; every wait has a
timeout, and a watchdog kills a server that outlives its time limit, so no test
can hang however the server misbehaves.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any, Callable

SERVER_COMMAND = [sys.executable, "-m", "dockerls", "serve"]
WAIT = 20.0  # seconds: the default bound of every wait, generous for a loaded 2-core machine
MAX_STDERR = 1 << 16  # keep the tail of the server's log for failure messages

Message = dict[str, Any]


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def encode(message: Message) -> bytes:
    """Compact JSON as editors send it; ``ensure_ascii`` keeps lone surrogates as ``\\udxxx`` escapes."""
    return json.dumps(message, separators=(",", ":"), ensure_ascii=True).encode("ascii")


class ServerDied(AssertionError):
    """The server exited while a test waited for it."""


class ServerProcess:
    """One server subprocess and everything it has sent, in order."""

    def __init__(
        self,
        command: list[str] | None = None,
        *,
        cwd: str | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.process = subprocess.Popen(
            command or SERVER_COMMAND,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
            start_new_session=True,  # a wrapper (strace) and the server are killed together
            bufsize=-1,  # buffered: the reader thread reads headers line by line
        )
        self.messages: list[Message] = []
        self.output_errors: list[str] = []  # anything on stdout that is not a well-framed JSON object
        self._stderr = bytearray()
        self._changed = threading.Condition()
        self._write_lock = threading.Lock()
        self._next_id = 0
        self._watchdog: threading.Timer | None = None
        self.killed_by_watchdog = False
        self._threads = [
            threading.Thread(target=self._read_stdout, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    # --- lifetime ---------------------------------------------------------------------------

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def arm_watchdog(self, seconds: float) -> None:
        """Kill the server after ``seconds`` unless disarmed: the hard bound on a test."""
        self.disarm_watchdog()

        def expire() -> None:
            self.killed_by_watchdog = True
            self.kill()

        self._watchdog = threading.Timer(seconds, expire)
        self._watchdog.daemon = True
        self._watchdog.start()

    def disarm_watchdog(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None

    def kill(self) -> None:
        """Kill the whole process group, so nothing the server (or a wrapper) started is left.
        Only while the leader is not reaped: until then its id cannot belong to anyone else."""
        if self.process.returncode is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:  # pragma: no cover - a kill cannot be refused
            pass

    def close(self) -> None:
        self.disarm_watchdog()
        self.kill()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            try:
                stream.close()  # type: ignore[union-attr]
            except OSError:
                pass
        for thread in self._threads:
            thread.join(timeout=WAIT)

    def __enter__(self) -> "ServerProcess":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def stderr_tail(self) -> str:
        with self._changed:
            return self._stderr.decode("utf-8", "replace")[-4000:]

    def rss_kb(self) -> int:
        """Resident set size (VmRSS) in KiB, from /proc."""
        with open(f"/proc/{self.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise AssertionError(f"no VmRSS for process {self.pid}")

    # --- reading ----------------------------------------------------------------------------

    def _read_exactly(self, stream, count: int) -> bytes | None:
        chunks, needed = [], count
        while needed:
            chunk = stream.read(needed)
            if not chunk:
                return None
            chunks.append(chunk)
            needed -= len(chunk)
        return b"".join(chunks)

    def _read_stdout(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:  # headers, up to the blank line
                line = stream.readline()
                if not line:
                    return
                if line == b"\r\n":
                    break
                name, colon, value = line.decode("ascii", "replace").partition(":")
                if not line.endswith(b"\r\n") or not colon:
                    self._output_error(f"malformed header line {line!r}")
                elif name.strip().lower() == "content-length":
                    length = int(value) if value.strip().isdigit() else None
            if length is None:
                self._output_error("a message without Content-Length")
                continue
            body = self._read_exactly(stream, length)
            if body is None:
                self._output_error("stdout closed inside a message body")
                return
            try:
                message = json.loads(body.decode("utf-8"))
            except ValueError as error:
                self._output_error(f"a body that is not UTF-8 JSON ({error}): {body[:200]!r}")
                continue
            if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
                self._output_error(f"not a JSON-RPC 2.0 message: {body[:200]!r}")
                continue
            self._answer_server_request(message)
            with self._changed:
                self.messages.append(message)
                self._changed.notify_all()

    def _read_stderr(self) -> None:
        stream = self.process.stderr
        while True:
            chunk = stream.read1(65536) if hasattr(stream, "read1") else stream.read(65536)
            if not chunk:
                return
            with self._changed:
                self._stderr.extend(chunk)
                del self._stderr[:-MAX_STDERR]

    def _output_error(self, problem: str) -> None:
        with self._changed:
            self.output_errors.append(problem)
            self._changed.notify_all()

    def _answer_server_request(self, message: Message) -> None:
        """Answer what the server asks of the client, as a minimal editor would."""
        if "id" not in message or "method" not in message:
            return
        result: Any = None
        if message["method"] == "workspace/configuration":
            result = [None for _ in message.get("params", {}).get("items", [])]
        answer = {"jsonrpc": "2.0", "id": message["id"], "result": result}
        # Not from this thread: it must keep reading while a large write of ours is under way.
        threading.Thread(target=self.send, args=(answer,), daemon=True).start()

    def wait_for(self, predicate: Callable[[Message], bool], timeout: float = WAIT, *, start: int = 0) -> Message:
        """The first message (from index ``start``) that satisfies ``predicate``."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                while start < len(self.messages):  # each message is looked at once
                    message = self.messages[start]
                    start += 1
                    if predicate(message):
                        return message
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(self._timeout_report(timeout))
                if not self.alive() and not self._stdout_open():
                    raise ServerDied(self._timeout_report(timeout, died=True))
                self._changed.wait(min(remaining, 0.1))

    def _stdout_open(self) -> bool:
        return self._threads[0].is_alive()

    def _timeout_report(self, timeout: float, *, died: bool = False) -> str:
        what = f"the server exited with {self.process.returncode}" if died else f"nothing matched within {timeout} s"
        methods = [m.get("method", f"response {m.get('id')!r}") for m in self.messages[-10:]]
        return f"{what}; last messages: {methods}; stderr:\n{self.stderr_tail()}"

    # --- writing ----------------------------------------------------------------------------

    def send_bytes(self, data: bytes) -> None:
        with self._write_lock:
            self.process.stdin.write(data)  # type: ignore[union-attr]
            self.process.stdin.flush()  # type: ignore[union-attr]

    def send(self, message: Message) -> None:
        self.send_bytes(frame(encode(message)))

    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def request(self, method: str, params: Any = None) -> int:
        request_id = self.new_id()
        message: Message = {"jsonrpc": "2.0", "id": request_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return request_id

    def notify(self, method: str, params: Any = None) -> None:
        message: Message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)

    def response(self, request_id: Any, timeout: float = WAIT) -> Message:
        return self.wait_for(lambda m: "method" not in m and m.get("id") == request_id, timeout)

    def call(self, method: str, params: Any = None, timeout: float = WAIT) -> Message:
        """Send a request and return its whole response (``result`` or ``error``)."""
        return self.response(self.request(method, params), timeout)

    # --- LSP conveniences -------------------------------------------------------------------

    def initialize(self, *, root: str | None = None, initialization_options: Any = None) -> Message:
        """Initialise as a minimal client: no capabilities, so the server asks nothing of us."""
        params: Message = {"processId": os.getpid(), "capabilities": {}, "rootUri": None}
        if root is not None:
            uri = "file://" + root
            params.update(rootUri=uri, workspaceFolders=[{"uri": uri, "name": os.path.basename(root)}])
        if initialization_options is not None:
            params["initializationOptions"] = initialization_options
        response = self.call("initialize", params)
        assert "result" in response, response
        self.notify("initialized", {})
        return response

    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": version, "text": text}},
        )

    def change(self, uri: str, version: int, *changes: Message) -> None:
        self.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": list(changes)},
        )

    def close_document(self, uri: str) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def code_action_params(self, uri: str, range_: Message | None = None, only: list[str] | None = None) -> Message:
        context: Message = {"diagnostics": []}
        if only is not None:
            context["only"] = only
        return {"textDocument": {"uri": uri}, "range": range_ or whole_range(), "context": context}

    def code_actions(
        self, uri: str, range_: Message | None = None, only: list[str] | None = None, *, timeout: float = WAIT
    ) -> Message:
        return self.call("textDocument/codeAction", self.code_action_params(uri, range_, only), timeout)

    def diagnostics(self, uri: str, version: int | None = None, *, start: int = 0, timeout: float = WAIT) -> Message:
        """The params of the first publishDiagnostics for ``uri`` (and ``version``, when given)."""
        message = self.wait_for(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
            and (version is None or m["params"].get("version") == version),
            timeout,
            start=start,
        )
        return message["params"]

    def shutdown_and_exit(self, timeout: float = WAIT) -> int:
        """The orderly end: ``shutdown`` answered with a null result, ``exit`` ends the process."""
        response = self.call("shutdown")
        assert response.get("result", "missing") is None and "error" not in response, response
        self.notify("exit")
        return self.process.wait(timeout=timeout)


def position(line: int, character: int) -> Message:
    return {"line": line, "character": character}


def lsp_range(start: tuple[int, int], end: tuple[int, int]) -> Message:
    return {"start": position(*start), "end": position(*end)}


def whole_range() -> Message:
    """A range past any document's end; the server clamps it to the whole text."""
    return lsp_range((0, 0), (1_000_000, 0))
