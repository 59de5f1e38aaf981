#!/usr/bin/env python3
"""Latency and memory benchmark for stdio Dockerfile language servers.

Drives any language server that speaks LSP over stdio (a minimal JSON-RPC
client over asyncio subprocess pipes, no LSP library), and measures for each
document size:

* ``first diagnostics``: process start -> initialize -> initialized ->
  didOpen of a typical 60-line Dockerfile -> its first publishDiagnostics,
  what a person opening a file waits for; with the capabilities of real
  clients (VS Code and Neovim, recorded by pytest-lsp), each with and without
  ``workspace/configuration`` (several fresh processes each, median),
* ``initialize``: process start -> initialize response (separate start-up
  phase, several fresh processes, median; plus the value of each size's run),
* ``open``: didOpen -> first publishDiagnostics for that uri (the first
  document of a fresh process, "cold"; documents the server has never seen,
  opened after the server has been idle for a second, "new"; and the same
  text as the first under another uri, "warm"),
* ``fix after open``: right after a new document's diagnostics, the first
  ``source.fixAll.dockerls`` code action, or ``willSaveWaitUntil`` (with
  ``fixOnWillSave``), for it,
* ``change``: a one-character incremental edit at a random place (full text
  if the server only advertises full sync) -> publishDiagnostics for it,
  repeated, p50/p95,
* ``burst``: ten edits sent back to back -> the publish for the final
  version (and how many publishes the server sent for the burst),
* ``fixAll``: ``textDocument/codeAction`` with ``only:
  ["source.fixAll.dockerls"]`` (servers that advertise that kind, or the one
  named ``dockerls``),
* ``peak RSS``: VmHWM from /proc of the server process plus its children.

By default it runs ``dockerls serve`` and ``docker-langserver --stdio``
(installed by setup.sh) in the same run, interleaved size by size, and prints
a Markdown table with same-run ratios (first server / second server); these
machines are noisy, so only same-run ratios are comparable.  Results go to
``benchmarks/results/<timestamp>-lsp.json``.

    lsp_bench.py                              # both default servers, all sizes
    lsp_bench.py --sizes 100,1000 --changes 10
    lsp_bench.py --server mine='my-server --stdio' --server node
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import random
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from gen_dockerfile import SIZES, generate  # noqa: E402

RESULTS = HERE / "results"
FIX_ALL_KIND = "source.fixAll.dockerls"

INSTALLED = HERE / ".peers" / "dockerls"  # install_dockerls.sh: the tree installed as a user gets it


def dockerls_executable() -> Path:
    """The installed copy (install_dockerls.sh) if there is one, else the editable .venv."""
    installed = INSTALLED / "bin" / "dockerls"
    return installed if installed.exists() else REPO / ".venv" / "bin" / "dockerls"


def dockerls_under_test() -> str:
    installed = INSTALLED / "bin" / "dockerls"
    if not installed.exists():
        return "editable .venv (run install_dockerls.sh to time what users run)"
    rev = (INSTALLED / "INSTALLED_REV").read_text().strip() if (INSTALLED / "INSTALLED_REV").exists() else "?"
    return f"installed copy of {rev}"


DEFAULT_SERVERS = {
    "dockerls": [str(dockerls_executable()), "serve"],
    "node": [str(HERE / ".peers" / "node" / "node_modules" / ".bin" / "docker-langserver"), "--stdio"],
}
# Settings a server gets (initializationOptions and workspace/configuration answers):
# dockerls (and any server named dockerls-…, an older build for instance) returns its fix-all
# edits on willSaveWaitUntil only when asked to.
DOCKERLS_SETTINGS = {"fixOnWillSave": True}


def settings_for(name: str) -> dict:
    return dict(DOCKERLS_SETTINGS) if name == "dockerls" or name.startswith("dockerls-") else {}
# Recorded initialize requests of real clients (shipped with pytest-lsp in the project's venv).
CLIENT_PROFILES = {"vscode": "visual_studio_code_v1.65.2.json", "neovim": "neovim_v0.11.0.json"}
FIRST_DIAGNOSTICS_LINES = 60
# A typical file (60 lines) and three large ones.
LSP_SIZES = (60, *SIZES[1:])


def client_profile(name: str) -> dict:
    """``clientInfo`` and ``capabilities`` a real client sends in ``initialize``."""
    python = REPO / ".venv" / "bin" / "python"
    where = subprocess.run([str(python), "-c", "import pytest_lsp.clients as c, os; print(os.path.dirname(c.__file__))"],
                           capture_output=True, text=True)
    if where.returncode != 0:
        raise SystemExit("client profiles come from pytest-lsp: install the project's test extras in .venv")
    return json.loads((Path(where.stdout.strip()) / CLIENT_PROFILES[name]).read_text())


def without_configuration(profile: dict) -> dict:
    """The profile with ``workspace.configuration`` turned off (a client that never answers settings)."""
    profile = json.loads(json.dumps(profile))
    profile["capabilities"].setdefault("workspace", {})["configuration"] = False
    return profile

perf = time.perf_counter
VERBOSE = False


def progress(msg: str) -> None:
    if VERBOSE:
        print(f"#   {time.strftime('%H:%M:%S')} {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Small statistics helpers
# --------------------------------------------------------------------------
def pct(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None for no data."""
    if not values:
        return None
    s = sorted(values)
    k = max(1, math.ceil(q / 100 * len(s)))
    return s[k - 1]


def med(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


# --------------------------------------------------------------------------
# Text helpers: LSP positions are UTF-16 code units by default
# --------------------------------------------------------------------------
def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


class Doc:
    """The client's copy of a document, edited by line/code-point column."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")  # a trailing "\r" stays part of its line

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def line_len(self, line: int) -> int:
        return len(self.lines[line].rstrip("\r"))

    def pos(self, line: int, col: int) -> dict:
        return {"line": line, "character": utf16_len(self.lines[line][:col])}

    def insert(self, line: int, col: int, s: str) -> dict:
        """Insert ``s`` and return the LSP content change for it."""
        p = self.pos(line, col)
        ln = self.lines[line]
        self.lines[line] = ln[:col] + s + ln[col:]
        return {"range": {"start": p, "end": p}, "text": s}

    def delete(self, line: int, col: int, n: int) -> dict:
        start, end = self.pos(line, col), self.pos(line, col + n)
        ln = self.lines[line]
        self.lines[line] = ln[:col] + ln[col + n:]
        return {"range": {"start": start, "end": end}, "text": ""}

    def full_range(self) -> dict:
        last = len(self.lines) - 1
        return {"start": {"line": 0, "character": 0}, "end": self.pos(last, len(self.lines[last]))}


# --------------------------------------------------------------------------
# JSON-RPC / LSP client
# --------------------------------------------------------------------------
@dataclass
class Publish:
    t: float
    uri: str
    version: int | None
    count: int


@dataclass
class Client:
    name: str
    cmd: list[str]
    log_path: Path
    settings: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.proc: asyncio.subprocess.Process | None = None
        self.pending: dict[int, asyncio.Future] = {}
        self.next_id = 0
        self.publishes: list[Publish] = []
        self.new_publish = asyncio.Event()
        self.hwm_kb: dict[int, int] = {}
        self.capabilities: dict = {}
        self.server_info: dict = {}
        self.t_spawn = 0.0
        self._tasks: list[asyncio.Task] = []
        self._log = None
        self.closed = False

    # -- process ---------------------------------------------------------
    async def start(self) -> None:
        self._log = open(self.log_path, "ab")
        self.t_spawn = perf()
        self.proc = await asyncio.create_subprocess_exec(
            *self.cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log,
            limit=1 << 20,
        )
        self._tasks.append(asyncio.create_task(self._read_loop()))
        self._tasks.append(asyncio.create_task(self._rss_loop()))

    async def stop(self) -> None:
        if self.proc is None:
            return
        try:
            if self.proc.returncode is None:
                await asyncio.wait_for(self.request("shutdown", None), 10)
                self.notify("exit", None)
                await asyncio.wait_for(self.proc.wait(), 5)
        except (asyncio.TimeoutError, ConnectionError, RuntimeError):
            pass
        finally:
            if self.proc.returncode is None:
                self.proc.kill()
                await self.proc.wait()
            for t in self._tasks:
                t.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            self._log.close()

    # -- memory ----------------------------------------------------------
    def _descendants(self, pid: int) -> list[int]:
        out, todo = [], [pid]
        while todo:
            p = todo.pop()
            out.append(p)
            try:
                for tid in os.listdir(f"/proc/{p}/task"):
                    with open(f"/proc/{p}/task/{tid}/children") as f:
                        todo.extend(int(c) for c in f.read().split())
            except OSError:
                pass
        return out

    def sample_rss(self) -> None:
        if self.proc is None or self.proc.returncode is not None:
            return
        for pid in self._descendants(self.proc.pid):
            try:
                with open(f"/proc/{pid}/status") as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            kb = int(line.split()[1])
                            self.hwm_kb[pid] = max(kb, self.hwm_kb.get(pid, 0))
                            break
            except OSError:
                pass

    async def _rss_loop(self) -> None:
        # VmHWM is each process's own peak, so sampling only has to catch
        # children before they exit; the main process is read again at the end.
        while True:
            self.sample_rss()
            await asyncio.sleep(0.25)

    @property
    def peak_rss_mib(self) -> float:
        return round(sum(self.hwm_kb.values()) / 1024, 1)

    # -- wire ------------------------------------------------------------
    def _send(self, msg: dict) -> None:
        if self.proc is None or self.proc.stdin is None or self.proc.stdin.is_closing():
            raise ConnectionError(f"{self.name}: server stdin closed")
        body = json.dumps(msg, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    async def drain(self) -> None:
        await self.proc.stdin.drain()

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any) -> asyncio.Future:
        self.next_id += 1
        fut = asyncio.get_running_loop().create_future()
        fut.t_sent = perf()  # type: ignore[attr-defined]
        self.pending[self.next_id] = fut
        self._send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return fut

    async def _read_loop(self) -> None:
        reader = self.proc.stdout
        try:
            while True:
                header = await reader.readuntil(b"\r\n\r\n")
                length = None
                for h in header.split(b"\r\n"):
                    if h.lower().startswith(b"content-length:"):
                        length = int(h.split(b":", 1)[1])
                if length is None:
                    raise RuntimeError(f"{self.name}: bad header {header!r}")
                body = await reader.readexactly(length)
                t = perf()
                self._dispatch(json.loads(body), t)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self.closed = True
            for fut in self.pending.values():
                if not fut.done():
                    fut.set_exception(ConnectionError(f"{self.name}: server exited"))
            self.new_publish.set()

    def _dispatch(self, msg: dict, t: float) -> None:
        method = msg.get("method")
        if method is None:  # a response
            fut = self.pending.pop(msg.get("id"), None)
            if fut is not None and not fut.done():
                fut.t_received = t
                if "error" in msg:
                    fut.set_exception(RuntimeError(f"{self.name}: {msg['error']}"))
                else:
                    fut.set_result(msg.get("result"))
            return
        if "id" in msg:  # a request from the server
            result: Any = None
            if method == "workspace/configuration":
                result = [self.settings if (it.get("section") or "").startswith("dockerls") else None
                          for it in msg["params"].get("items", [])]
            self._send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
            return
        if method == "textDocument/publishDiagnostics":
            p = msg["params"]
            self.publishes.append(Publish(t, p["uri"], p.get("version"), len(p.get("diagnostics", []))))
            self.new_publish.set()

    async def call(self, method: str, params: Any, timeout: float = 120) -> tuple[Any, float]:
        """Send a request; return (result, seconds from send to response)."""
        fut = self.request(method, params)
        await self.drain()
        result = await asyncio.wait_for(fut, timeout)
        return result, fut.t_received - fut.t_sent

    async def wait_publish(self, uri: str, start: int, version: int | None = None,
                           timeout: float = 120) -> Publish | None:
        """First publish for ``uri`` at index >= start (and for >= version, if the
        server sends versions)."""
        deadline = perf() + timeout
        i = start
        while True:
            while i < len(self.publishes):
                p = self.publishes[i]
                i += 1
                if p.uri == uri and (version is None or p.version is None or p.version >= version):
                    return p
            if self.closed:
                return None
            self.new_publish.clear()
            left = deadline - perf()
            if left <= 0:
                return None
            try:
                await asyncio.wait_for(self.new_publish.wait(), left)
            except asyncio.TimeoutError:
                return None

    async def wait_quiet(self, uri: str, start: int, quiet: float, timeout: float = 120) -> list[Publish]:
        """Collect publishes for ``uri`` until none arrives for ``quiet`` seconds."""
        deadline = perf() + timeout
        while perf() < deadline and not self.closed:
            n = len(self.publishes)
            self.new_publish.clear()
            try:
                await asyncio.wait_for(self.new_publish.wait(), quiet)
            except asyncio.TimeoutError:
                if len(self.publishes) == n:
                    break
        return [p for p in self.publishes[start:] if p.uri == uri]

    # -- LSP ---------------------------------------------------------------
    async def initialize(self, root: Path, profile: dict | None = None) -> float:
        """Spawn-to-initialize-response seconds (the request is written at once). ``profile``:
        a real client's ``clientInfo`` and ``capabilities`` instead of this client's own."""
        params = {
            "processId": os.getpid(),
            "clientInfo": {"name": "dockerls-bench", "version": "1"},
            "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "initializationOptions": self.settings or None,
            "capabilities": {
                "general": {"positionEncodings": ["utf-16"]},
                "workspace": {"configuration": True, "applyEdit": True,
                              "workspaceEdit": {"documentChanges": True},
                              "didChangeConfiguration": {"dynamicRegistration": True}},
                "textDocument": {
                    "synchronization": {"dynamicRegistration": False, "willSave": True,
                                        "willSaveWaitUntil": True, "didSave": True},
                    "publishDiagnostics": {"relatedInformation": True, "versionSupport": True,
                                           "codeDescriptionSupport": True, "dataSupport": True},
                    "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": [
                        "", "quickfix", "refactor", "source", "source.fixAll", FIX_ALL_KIND]}},
                        "resolveSupport": {"properties": ["edit"]}, "dataSupport": True},
                },
                "window": {"workDoneProgress": False},
            },
        }
        if profile is not None:
            params["clientInfo"] = profile.get("clientInfo", params["clientInfo"])
            params["capabilities"] = profile["capabilities"]
        fut = self.request("initialize", params)
        await self.drain()
        result = await asyncio.wait_for(fut, 120)
        elapsed = fut.t_received - self.t_spawn
        self.capabilities = (result or {}).get("capabilities", {})
        self.server_info = (result or {}).get("serverInfo") or {}
        self.notify("initialized", {})
        await self.drain()
        return elapsed

    @property
    def full_sync(self) -> bool:
        sync = self.capabilities.get("textDocumentSync")
        kind = sync.get("change") if isinstance(sync, dict) else sync
        return kind == 1

    @property
    def will_save_wait_until(self) -> bool:
        sync = self.capabilities.get("textDocumentSync")
        return isinstance(sync, dict) and bool(sync.get("willSaveWaitUntil"))

    @property
    def fix_all_supported(self) -> bool:
        cap = self.capabilities.get("codeActionProvider")
        kinds = cap.get("codeActionKinds", []) if isinstance(cap, dict) else []
        return any(FIX_ALL_KIND.startswith(k) for k in kinds if k) or (self.name == "dockerls" and bool(cap))


def fix_all_params(uri: str, doc: Doc) -> dict:
    return {"textDocument": {"uri": uri}, "range": doc.full_range(),
            "context": {"diagnostics": [], "only": [FIX_ALL_KIND], "triggerKind": 1}}


# --------------------------------------------------------------------------
# One server, one size
# --------------------------------------------------------------------------
async def bench_size(name: str, cmd: list[str], n_lines: int, args, workdir: Path,
                     log_dir: Path) -> dict:
    rng = random.Random(f"edits:{n_lines}:{args.seed}")
    text = generate(n_lines, seed=args.seed, crlf=args.crlf)
    root = workdir / f"{name}-{n_lines}"
    root.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {"lines": n_lines, "server": name}
    errors: list[str] = []
    c = Client(name, cmd, log_dir / f"{name}-{n_lines}.stderr.log", settings_for(name))
    await c.start()
    try:
        out["initialize_ms"] = ms(await c.initialize(root))
        out["sync"] = "full" if c.full_sync else "incremental"

        def open_doc(fname: str, content: str = text) -> tuple[str, int]:
            path = root / fname
            path.write_text(content, encoding="utf-8", newline="")
            uri = path.as_uri()
            start = len(c.publishes)
            c.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": "dockerfile", "version": 1, "text": content}})
            return uri, start

        # -- didOpen, cold (first document of the process) -------------------
        progress(f"{name} @ {n_lines}: initialized, didOpen")
        t0 = perf()
        uri, start = open_doc("Dockerfile")
        await c.drain()
        p = await c.wait_publish(uri, start, 1, args.timeout)
        if p is None:
            errors.append("no publishDiagnostics after didOpen")
            out["errors"] = errors
            return out
        out["open_cold_ms"] = ms(p.t - t0)
        out["diagnostics"] = p.count
        out["publish_has_version"] = p.version is not None

        # -- didOpen of documents never seen, each followed by a fix ----------
        # After a second of quiet, as when a person opens another file: whatever a
        # server does in the background after its first publish is done by then.
        await c.wait_quiet(uri, len(c.publishes), 1.0, args.timeout)
        fix_all_after_open, will_save_after_open = (
            c.fix_all_supported and not args.no_fix_all, c.will_save_wait_until and not args.no_fix_all)
        new, fix_after, save_after = [], [], []
        for i in range(args.new_opens):
            other = generate(n_lines, seed=args.seed + 1 + i, crlf=args.crlf)  # another text: nothing cached
            t0 = perf()
            u, s = open_doc(f"new{i}.Dockerfile", other)
            await c.drain()
            q = await c.wait_publish(u, s, 1, args.timeout)
            if q is None:
                errors.append(f"no publishDiagnostics after opening new{i}")
                continue
            new.append(q.t - t0)
            try:
                if i % 2 == 0 and fix_all_after_open:
                    _, dt = await c.call("textDocument/codeAction", fix_all_params(u, Doc(other)), args.timeout)
                    fix_after.append(dt)
                elif i % 2 == 1 and will_save_after_open:
                    _, dt = await c.call("textDocument/willSaveWaitUntil",
                                         {"textDocument": {"uri": u}, "reason": 1}, args.timeout)
                    save_after.append(dt)
            except (RuntimeError, asyncio.TimeoutError, ConnectionError) as e:
                errors.append(f"fix after opening new{i}: {e}")
            c.notify("textDocument/didClose", {"textDocument": {"uri": u}})
            await c.drain()
        out["open_new_ms"] = ms(med(new)) if new else None
        out["fixall_after_open_ms"] = ms(med(fix_after)) if fix_after else None
        out["fixall_after_open_max_ms"] = ms(max(fix_after)) if fix_after else None
        out["willsave_after_open_ms"] = ms(med(save_after)) if save_after else None
        out["willsave_after_open_max_ms"] = ms(max(save_after)) if save_after else None

        # -- didOpen, warm (the first text again, under other uris) ---------
        warm = []
        for i in range(args.warm_opens):
            t0 = perf()
            u, s = open_doc(f"warm{i}.Dockerfile")
            await c.drain()
            q = await c.wait_publish(u, s, 1, args.timeout)
            if q is not None:
                warm.append(q.t - t0)
            c.notify("textDocument/didClose", {"textDocument": {"uri": u}})
            await c.drain()
        out["open_warm_ms"] = ms(med(warm)) if warm else None
        await c.wait_quiet(uri, len(c.publishes), 0.3, args.timeout)

        doc = Doc(text)
        version = 1

        def change(edit: dict) -> None:
            nonlocal version
            version += 1
            changes = [{"text": doc.text}] if c.full_sync else [edit]
            c.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version}, "contentChanges": changes})

        def random_spot() -> tuple[int, int]:
            line = rng.randrange(len(doc.lines) - 1)  # the last element is "" after the final newline
            return line, rng.randint(0, doc.line_len(line))

        # -- didChange -> publish, one edit at a time ----------------------
        progress(f"{name} @ {n_lines}: didChange x{args.changes}")
        lat, spot = [], None
        for i in range(args.changes):
            if i % 2 == 0:
                spot = random_spot()
                edit = doc.insert(*spot, "x")
            else:
                edit = doc.delete(*spot, 1)
            start = len(c.publishes)
            t0 = perf()
            change(edit)
            await c.drain()
            q = await c.wait_publish(uri, start, version, args.timeout)
            if q is None:
                errors.append(f"no publishDiagnostics after didChange #{i}")
                break
            lat.append(q.t - t0)
            await asyncio.sleep(args.pause)
        out["change_n"] = len(lat)
        out["change_p50_ms"] = ms(med(lat)) if lat else None
        out["change_p95_ms"] = ms(pct(lat, 95)) if lat else None
        out["change_max_ms"] = ms(max(lat)) if lat else None
        start = len(c.publishes)
        if spot is not None and args.changes % 2:  # keep the document as generated
            change(doc.delete(*spot, 1))
            await c.drain()
        # A server that publishes versions says which publish is the last one; for
        # the others, "done" is a silence longer than a few lint times.
        versioned = bool(out["publish_has_version"])
        quiet = 0.3 if versioned else max(0.5, 3 * (pct(lat, 95) or 0.2))

        async def settle() -> None:
            seen = any(p.uri == uri and p.version is not None and p.version >= version
                       for p in c.publishes)
            if versioned and not seen:
                await c.wait_publish(uri, start, version, args.timeout)
            await c.wait_quiet(uri, len(c.publishes), quiet, args.timeout)

        start = len(c.publishes)
        await settle()

        # -- burst of quick edits -> publish for the final version ---------
        progress(f"{name} @ {n_lines}: bursts")
        bursts, bursts_first, counts, matched = [], [], [], []
        for b in range(args.bursts):
            line, col = random_spot()
            start = len(c.publishes)
            t_first = perf()
            for k in range(args.burst_size):
                change(doc.insert(line, col + k, "abcdefghij"[k % 10]))
            await c.drain()
            t_last = perf()
            final = version
            if versioned:
                q = await c.wait_publish(uri, start, final, args.timeout)
                got = c.publishes[start:]
                rest = await c.wait_quiet(uri, len(c.publishes), quiet, args.timeout)
                pubs = [p for p in got if p.uri == uri] + rest
                matched.append(q is not None and q.version == final)
                t_final = q.t if q is not None else None
            else:
                pubs = await c.wait_quiet(uri, start, quiet, args.timeout)
                matched.append(None)
                t_final = pubs[-1].t if pubs else None
            if t_final is None:
                errors.append(f"no publish for burst #{b}")
            else:
                bursts.append(t_final - t_last)
                bursts_first.append(t_final - t_first)
            counts.append(len(pubs))
            start = len(c.publishes)
            change(doc.delete(line, col, args.burst_size))
            await c.drain()
            await settle()
        out["burst_final_ms"] = ms(med(bursts)) if bursts else None
        out["burst_final_from_first_ms"] = ms(med(bursts_first)) if bursts_first else None
        out["burst_publishes"] = counts
        out["burst_version_matched"] = matched

        # -- codeAction source.fixAll ----------------------------------------
        if c.fix_all_supported and not args.no_fix_all:
            progress(f"{name} @ {n_lines}: codeAction fixAll")
            params = fix_all_params(uri, doc)
            times, first_result = [], None
            t_fix = perf()
            for i in range(args.fix_alls):
                if i >= 3 and perf() - t_fix > args.fix_all_budget:
                    break
                try:
                    res, dt = await c.call("textDocument/codeAction", params, args.timeout)
                except (RuntimeError, asyncio.TimeoutError, ConnectionError) as e:
                    errors.append(f"codeAction fixAll: {e}")
                    break
                times.append(dt)
                if i == 0:
                    first_result = res
            if times:
                out["fixall_first_ms"] = ms(times[0])
                out["fixall_n"] = len(times)
                out["fixall_p50_ms"] = ms(med(times[1:] or times))
                out["fixall_p95_ms"] = ms(pct(times[1:] or times, 95))
                acts = first_result or []
                edits = 0
                for a in acts:
                    for dc in ((a.get("edit") or {}).get("documentChanges") or []):
                        edits += len(dc.get("edits", []))
                    for es in ((a.get("edit") or {}).get("changes") or {}).values():
                        edits += len(es)
                out["fixall_actions"] = len(acts)
                out["fixall_edits"] = edits

        c.sample_rss()
        out["peak_rss_mib"] = c.peak_rss_mib
        out["processes"] = len(c.hwm_kb)
        out["server_info"] = c.server_info
    except (asyncio.TimeoutError, ConnectionError, RuntimeError) as e:
        errors.append(f"{type(e).__name__}: {e}")
    finally:
        await c.stop()
        if errors:
            out["errors"] = errors
    return out


async def bench_first_diagnostics(name: str, cmd: list[str], profile: dict, document: Path,
                                  log_dir: Path, timeout: float) -> tuple[float, int] | None:
    """Spawn -> initialize (``profile``'s capabilities) -> initialized -> didOpen of ``document``
    -> its first publishDiagnostics: seconds, and how many diagnostics it had."""
    c = Client(name, cmd, log_dir / f"{name}-first.stderr.log", settings_for(name))
    await c.start()
    try:
        await c.initialize(document.parent, profile)
        uri, text = document.as_uri(), document.read_text(encoding="utf-8")
        start = len(c.publishes)
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "dockerfile", "version": 1, "text": text}})
        await c.drain()
        p = await c.wait_publish(uri, start, 1, timeout)
        return None if p is None else (p.t - c.t_spawn, p.count)
    finally:
        await c.stop()


async def bench_startup(name: str, cmd: list[str], runs: int, workdir: Path, log_dir: Path) -> list[float]:
    times = []
    for i in range(runs):
        c = Client(name, cmd, log_dir / f"{name}-startup.stderr.log")
        await c.start()
        try:
            times.append(await c.initialize(workdir))
        finally:
            await c.stop()
    return times


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------
METRICS = [
    ("initialize_ms", "initialize (ms)"),
    ("open_cold_ms", "didOpen → diagnostics, cold (ms)"),
    ("open_new_ms", "didOpen → diagnostics, never-seen document p50 (ms)"),
    ("fixall_after_open_ms", "codeAction fixAll right after open, p50 (ms)"),
    ("fixall_after_open_max_ms", "codeAction fixAll right after open, max (ms)"),
    ("willsave_after_open_ms", "willSaveWaitUntil right after open, p50 (ms)"),
    ("willsave_after_open_max_ms", "willSaveWaitUntil right after open, max (ms)"),
    ("open_warm_ms", "didOpen → diagnostics, warm p50 (ms)"),
    ("change_p50_ms", "didChange → diagnostics p50 (ms)"),
    ("change_p95_ms", "didChange → diagnostics p95 (ms)"),
    ("burst_final_ms", "burst of 10 → final publish (ms)"),
    ("burst_publishes", "burst: publishes sent"),
    ("fixall_first_ms", "codeAction fixAll, first (ms)"),
    ("fixall_p50_ms", "codeAction fixAll p50 of the rest (ms)"),
    ("peak_rss_mib", "peak RSS (MiB)"),
    ("diagnostics", "diagnostics on open (count)"),
]
RATIO_METRICS = {"initialize_ms", "open_cold_ms", "open_new_ms", "open_warm_ms", "change_p50_ms", "change_p95_ms",
                 "burst_final_ms", "peak_rss_mib"}


def fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, list):
        return "/".join(str(x) for x in v)
    if isinstance(v, float):
        return f"{v:.1f}" if v >= 10 else f"{v:.2f}"
    return str(v)


def first_diagnostics_markdown(report: dict) -> str:
    names = report["servers"]
    runs = report["config"]["first_runs"]
    head = f"| client profile | " + " | ".join(f"{n}, median of {runs} (ms)" for n in names) + " |"
    if len(names) == 2:
        head += f" ratio {names[0]}/{names[1]} |"
    out = [head, "|" + "---|" * (head.count("|") - 1)]
    for variant, by in report.get("first_diagnostics", {}).items():
        vals = [by.get(n, {}).get("median_ms") for n in names]
        line = f"| {variant} | " + " | ".join(fmt(v) for v in vals) + " |"
        if len(names) == 2:
            line += f" {fmt(ratio(vals[0], vals[1]))} |"
        out.append(line)
    return "\n".join(out)


def markdown(report: dict) -> str:
    names = report["servers"]
    rows = report["sizes"]
    out = []
    runs = report["config"].get("size_runs", 1)
    head = "| lines | metric | " + " | ".join(
        f"{n}, median of {runs} runs" if runs > 1 else n for n in names) + " |"
    if len(names) == 2:
        head += f" ratio {names[0]}/{names[1]} |"
    out.append(head)
    out.append("|" + "---|" * (head.count("|") - 1))
    st = report["startup"]
    line = "| — | initialize, fresh process, median of %d (ms) | " % report["config"]["startup_runs"]
    line += " | ".join(fmt(st[n]["median_ms"]) for n in names) + " |"
    if len(names) == 2:
        line += f" {fmt(ratio(st[names[0]]['median_ms'], st[names[1]]['median_ms']))} |"
    out.append(line)
    for size in sorted({r["lines"] for r in rows}):
        by = {r["server"]: r for r in rows if r["lines"] == size}
        for key, label in METRICS:
            vals = [by.get(n, {}).get(key) for n in names]
            if all(v is None for v in vals):
                continue
            line = f"| {size:,} | {label} | " + " | ".join(fmt(v) for v in vals) + " |"
            if len(names) == 2:
                r = ratio(vals[0], vals[1]) if key in RATIO_METRICS else None
                line += f" {fmt(r)} |"
            out.append(line)
    errs = [f"- {r['server']} @ {r['lines']:,}: {e}" for r in rows for e in r.get("errors", [])]
    if errs:
        out += ["", "Errors:"] + errs
    return "\n".join(out)


def median_of_runs(runs: list[dict]) -> dict:
    """One size's result from several runs: each number the median of the runs that have it,
    lists joined, anything else from the first run; the runs themselves under ``runs``."""
    merged: dict[str, Any] = {}
    for key in dict.fromkeys(k for r in runs for k in r):
        values = [r[key] for r in runs if key in r]
        numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if key in ("lines", "server"):
            merged[key] = values[0]
        elif numbers and len(numbers) == len(values):
            merged[key] = round(statistics.median(numbers), 3)
        elif all(isinstance(v, list) for v in values):
            merged[key] = [item for v in values for item in v]
        else:
            merged[key] = values[0]
    merged["size_runs"] = len(runs)
    if len(runs) > 1:
        merged["runs"] = runs
    return merged


def ratio(a: Any, b: Any) -> float | None:
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or not b:
        return None
    return round(a / b, 3)


def targets(report: dict) -> list[dict]:
    """The dockerls speed targets (docs/benchmarks.md, issue #15), judged on this run."""
    names = report["servers"]
    if "dockerls" not in names or "node" not in names:
        return []
    rows = {(r["server"], r["lines"]): r for r in report["sizes"]}
    res = []

    def add(target, value, ok):
        res.append({"target": target, "value": value, "met": ok})

    def at_most(target, value, limit):
        add(target, value, None if value is None else value <= limit)

    for variant, by in report.get("first_diagnostics", {}).items():
        r = ratio(by.get("dockerls", {}).get("median_ms"), by.get("node", {}).get("median_ms"))
        at_most(f"first diagnostics ≤ Node, {variant}", r, 1)
    for size in sorted({r["lines"] for r in report["sizes"]}):
        d, n = rows.get(("dockerls", size), {}), rows.get(("node", size), {})
        if size in (1000, 5000):
            at_most(f"didOpen never-seen ≤ 0.5× Node @ {size:,}", ratio(d.get("open_new_ms"), n.get("open_new_ms")), 0.5)
        if size >= 1000:
            for key, label in [("open_cold_ms", "didOpen cold"), ("open_warm_ms", "didOpen warm"),
                               ("change_p50_ms", "didChange p50"), ("change_p95_ms", "didChange p95")]:
                at_most(f"{label} ≤ 0.5× Node @ {size:,}", ratio(d.get(key), n.get(key)), 0.5)
        limit = 10 if size <= 100 else 50 if size <= 1000 else None
        if limit is not None:
            for key, label in [("fixall_after_open_max_ms", "fix-all right after open (max)"),
                               ("willsave_after_open_max_ms", "willSaveWaitUntil right after open (max)"),
                               ("fixall_first_ms", "fix-all, first request"),
                               ("fixall_p50_ms", "fix-all p50")]:
                at_most(f"{label} ≤ {limit} ms @ {size:,}", d.get(key), limit)
        if size == 1000:
            v = d.get("change_p50_ms")
            add("didChange p50 < 16 ms @ 1,000", v, None if v is None else v < 16)
            v = d.get("change_p95_ms")
            add("didChange p95 < 16 ms @ 1,000", v, None if v is None else v < 16)
        at_most(f"peak RSS ≤ Node @ {size:,}", ratio(d.get("peak_rss_mib"), n.get("peak_rss_mib")), 1)
    st = report["startup"]
    r = ratio(st.get("dockerls", {}).get("median_ms"), st.get("node", {}).get("median_ms"))
    add("initialize as close to Node as possible (ratio, informative)", r, None)
    return res


def targets_markdown(rows: list[dict]) -> str:
    out = ["| target | dockerls value / ratio | met |", "|---|---|---|"]
    for t in rows:
        met = {True: "yes", False: "**no**", None: "—"}[t["met"]]
        out.append(f"| {t['target']} | {fmt(t['value'])} | {met} |")
    return "\n".join(out)


def tool_version(cmd: list[str]) -> str | None:
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        if r.returncode != 0:
            return None
        return (r.stdout or r.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return None


def environment() -> dict:
    rev = tool_version(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    node_pkg = HERE / ".peers/node/node_modules/dockerfile-language-server-nodejs/package.json"
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "loadavg": os.getloadavg(),
        "python": platform.python_version(),
        "node": tool_version(["node", "--version"]),
        "docker_langserver": json.loads(node_pkg.read_text())["version"] if node_pkg.exists() else None,
        "git_rev": rev,
        "dockerls": dockerls_under_test(),
    }


# --------------------------------------------------------------------------
def parse_servers(specs: list[str] | None) -> dict[str, list[str]]:
    if not specs:
        return dict(DEFAULT_SERVERS)
    out = {}
    for s in specs:
        if "=" in s:
            name, cmd = s.split("=", 1)
            out[name] = shlex.split(cmd)
        elif s in DEFAULT_SERVERS:
            out[s] = DEFAULT_SERVERS[s]
        else:
            raise SystemExit(f"unknown server {s!r}: use NAME='command line' or one of {list(DEFAULT_SERVERS)}")
    return out


async def amain(args) -> dict:
    servers = parse_servers(args.server)
    for name, cmd in servers.items():
        if not Path(cmd[0]).exists() and not any(
                (Path(d) / cmd[0]).exists() for d in os.environ.get("PATH", "").split(":")):
            raise SystemExit(f"{name}: {cmd[0]} not found (run benchmarks/setup.sh?)")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    log_dir = RESULTS / "logs" / f"{stamp}-lsp"
    log_dir.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "kind": "lsp", "environment": environment(), "servers": list(servers),
        "commands": servers, "config": {k: (str(v) if isinstance(v, Path) else v)
                   for k, v in vars(args).items() if k != "server"},
        "startup": {}, "sizes": [],
    }
    with tempfile.TemporaryDirectory(prefix="dockerls-lsp-bench-") as tmp:
        workdir = Path(tmp)
        # Time to first diagnostics, each client profile with and without configuration
        # requests; runs interleaved so that every server sees the same machine state.
        first_dir = workdir / "first"
        first_dir.mkdir()
        document = first_dir / "Dockerfile"
        document.write_text(generate(FIRST_DIAGNOSTICS_LINES, seed=args.seed), encoding="utf-8", newline="")
        report["first_diagnostics"] = {}
        for client in args.profiles:
            recorded = client_profile(client)
            for variant, profile in ((client, recorded), (f"{client}, no configuration", without_configuration(recorded))):
                runs: dict[str, list[float]] = {n: [] for n in servers}
                counts: dict[str, int] = {}
                for _ in range(args.first_runs):
                    for name, cmd in servers.items():
                        got = await bench_first_diagnostics(name, cmd, profile, document, log_dir, args.timeout)
                        if got is not None:
                            runs[name].append(got[0])
                            counts[name] = got[1]
                report["first_diagnostics"][variant] = {
                    n: {"runs_ms": [ms(x) for x in t], "median_ms": ms(med(t)) if t else None,
                        "min_ms": ms(min(t)) if t else None, "diagnostics": counts.get(n)}
                    for n, t in runs.items()}
                print(f"# first diagnostics, {variant}: " + ", ".join(
                    f"{n} {report['first_diagnostics'][variant][n]['median_ms']} ms" for n in servers), file=sys.stderr)
        # Start-up, interleaved so that both servers see the same machine state.
        st = {n: [] for n in servers}
        for _ in range(args.startup_runs):
            for name, cmd in servers.items():
                st[name] += await bench_startup(name, cmd, 1, workdir, log_dir)
        for name, t in st.items():
            report["startup"][name] = {"runs_ms": [ms(x) for x in t], "median_ms": ms(med(t)),
                                       "min_ms": ms(min(t))}
            print(f"# {name}: initialize median {ms(med(t))} ms", file=sys.stderr)
        for size in args.sizes:
            # Each server runs the whole scenario --size-runs times, interleaved with the others so
            # that all see the same machine state; every value reported is the median of the runs.
            runs_of: dict[str, list[dict]] = {n: [] for n in servers}
            for run in range(args.size_runs):
                for name, cmd in servers.items():
                    t0 = perf()
                    r = await bench_size(name, cmd, size, args, workdir, log_dir)
                    r["wall_s"] = round(perf() - t0, 1)
                    runs_of[name].append(r)
                    print(f"# {name} @ {size} (run {run + 1}/{args.size_runs}): open {r.get('open_cold_ms')} ms, "
                          f"change p50 {r.get('change_p50_ms')} ms, rss {r.get('peak_rss_mib')} MiB "
                          f"({r['wall_s']} s){' ERRORS: ' + str(r['errors']) if r.get('errors') else ''}",
                          file=sys.stderr)
            for name in servers:
                report["sizes"].append(median_of_runs(runs_of[name]))
    report["targets"] = targets(report)
    report["environment"]["loadavg_end"] = os.getloadavg()
    return report


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    p.add_argument("--server", action="append",
                   help="NAME='command line' (repeatable), or a default name: dockerls, node")
    p.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=list(LSP_SIZES))
    p.add_argument("--changes", type=int, default=30, help="single edits per size (p50/p95)")
    p.add_argument("--pause", type=float, default=0.03, help="seconds between single edits")
    p.add_argument("--bursts", type=int, default=3, help="bursts per size")
    p.add_argument("--burst-size", type=int, default=10)
    p.add_argument("--warm-opens", type=int, default=3)
    p.add_argument("--new-opens", type=int, default=4,
                   help="never-seen documents per size (each followed by a fix-all or willSaveWaitUntil)")
    p.add_argument("--first-runs", type=int, default=5,
                   help="fresh processes per client profile for the time to first diagnostics")
    p.add_argument("--profiles", type=lambda s: s.split(","), default=list(CLIENT_PROFILES),
                   help="client profiles for the time to first diagnostics (vscode,neovim)")
    p.add_argument("--size-runs", type=int, default=3,
                   help="runs of each size's scenario per server (interleaved); tables give their medians")
    p.add_argument("--fix-alls", type=int, default=10)
    p.add_argument("--no-fix-all", action="store_true")
    p.add_argument("--fix-all-budget", type=float, default=30,
                   help="seconds after which fixAll stops repeating (at least 3 requests)")
    p.add_argument("--startup-runs", type=int, default=5)
    p.add_argument("--crlf", action="store_true", help="benchmark CRLF documents")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--timeout", type=float, default=120, help="seconds to wait for any one reply")
    p.add_argument("-o", "--output", type=Path, help="JSON output (default results/<timestamp>-lsp.json)")
    p.add_argument("-v", "--verbose", action="store_true", help="print each phase to stderr")
    args = p.parse_args(argv)
    global VERBOSE
    VERBOSE = args.verbose
    report = asyncio.run(amain(args))
    out = args.output or RESULTS / f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-lsp.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    env = report["environment"]
    print(f"## LSP benchmark — {env['date']} ({env['cpus']} CPUs, load {env['loadavg'][0]:.2f}, "
          f"git {env['git_rev']}, docker-langserver {env['docker_langserver']})\n")
    print(f"dockerls: {env['dockerls']}\n")
    if report.get("first_diagnostics"):
        print(f"### Time to first diagnostics ({FIRST_DIAGNOSTICS_LINES}-line Dockerfile)\n")
        print(first_diagnostics_markdown(report))
        print()
    print(markdown(report))
    if report["targets"]:
        print("\n### Targets\n")
        print(targets_markdown(report["targets"]))
    print(f"\nJSON: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
