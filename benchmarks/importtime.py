#!/usr/bin/env python3
"""Import-time reports for the dockerls CLI and server (``python -X importtime``).

* ``check``: ``python -X importtime -m dockerls check FILE``; also verifies
  that neither ``pygls`` nor ``lsprotocol`` is imported by the CLI.
* ``serve --help``: ``python -X importtime -m dockerls serve --help``.
* ``serve``: ``python -X importtime -m dockerls serve`` fed ``initialize``,
  ``shutdown`` and ``exit`` on stdin, so the imports a real server start-up
  pays are all counted (a lazily importing ``--help`` would hide them).

Each report lists the top entries by cumulative time (a package's own import
plus everything it pulls in) and by self time.

    importtime.py                 # all three, top 15, Markdown
    importtime.py --top 25 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# The installed copy (install_dockerls.sh) if there is one, else the editable .venv.
_INSTALLED = HERE / ".peers" / "dockerls" / "bin" / "python"
PYTHON = str(_INSTALLED if _INSTALLED.exists() else REPO / ".venv" / "bin" / "python")
FORBIDDEN_IN_CLI = ("pygls", "lsprotocol")


@dataclass
class Entry:
    self_us: int
    cumulative_us: int
    depth: int
    module: str


def parse(stderr: str) -> list[Entry]:
    """Parse ``-X importtime`` lines: ``import time: self | cumulative | name``."""
    out = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        try:
            _, rest = line.split(":", 1)
            s, c, name = rest.split("|", 2)
            depth = (len(name) - len(name.lstrip(" "))) // 2
            out.append(Entry(int(s), int(c), depth, name.strip()))
        except ValueError:
            continue
    return out


def _lsp_frames() -> bytes:
    def frame(obj: dict) -> bytes:
        body = json.dumps(obj).encode()
        return b"Content-Length: %d\r\n\r\n" % len(body) + body

    return (frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                   "params": {"processId": None, "rootUri": None, "capabilities": {}}})
            + frame({"jsonrpc": "2.0", "method": "initialized", "params": {}})
            + frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
            + frame({"jsonrpc": "2.0", "method": "exit", "params": None}))


def run(args: list[str], stdin: bytes | None = None, python: str | None = None) -> tuple[list[Entry], int, str]:
    python = python or PYTHON
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="")
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    p = subprocess.run([python, "-X", "importtime", "-m", "dockerls", *args], input=stdin,
                       capture_output=True, timeout=120, env=env, cwd=tempfile.gettempdir())
    err = p.stderr.decode("utf-8", "replace")
    other = "\n".join(l for l in err.splitlines() if not l.startswith("import time:"))
    return parse(err), p.returncode, other


def summary(entries: list[Entry], top: int) -> dict:
    top_level = [e for e in entries if e.depth == 0]
    return {
        "modules": len(entries),
        "total_ms": round(sum(e.cumulative_us for e in top_level) / 1000, 1),
        "top_cumulative": [(e.module, round(e.cumulative_us / 1000, 2))
                           for e in sorted(entries, key=lambda e: -e.cumulative_us)[:top]],
        "top_self": [(e.module, round(e.self_us / 1000, 2))
                     for e in sorted(entries, key=lambda e: -e.self_us)[:top]],
        "forbidden": sorted({e.module for e in entries
                             if e.module.split(".")[0] in FORBIDDEN_IN_CLI}),
    }


def report(file: Path, top: int) -> dict:
    res = {}
    for label, argv, stdin in [("check", ["check", str(file)], None),
                               ("serve --help", ["serve", "--help"], None),
                               ("serve", ["serve"], _lsp_frames())]:
        entries, rc, other = run(argv, stdin)
        s = summary(entries, top)
        s["exit_code"] = rc
        if not entries:
            s["error"] = other.strip()[-2000:] or "no import-time output"
        res[label] = s
    return res


def markdown(rep: dict, top: int) -> str:
    out = []
    for label, s in rep.items():
        out.append(f"#### `python -X importtime -m dockerls {label}`"
                   f"{' (initialize/shutdown/exit on stdin)' if label == 'serve' else ''}\n")
        if s.get("error"):
            out.append(f"error (exit {s['exit_code']}): `{s['error'][:300]}`\n")
            continue
        line = f"{s['modules']} modules, {s['total_ms']} ms of imports (exit {s['exit_code']})"
        if label == "check":
            line += ("; pygls/lsprotocol: **imported** " + ", ".join(s["forbidden"][:5])
                     if s["forbidden"] else "; pygls/lsprotocol: not imported ✓")
        else:
            line += f"; pygls/lsprotocol modules: {len(s['forbidden'])}"
        out.append(line + "\n")
        out.append(f"| # | module (top {top} cumulative) | ms | module (top {top} self) | ms |")
        out.append("|---|---|---|---|---|")
        for i, ((m1, t1), (m2, t2)) in enumerate(zip(s["top_cumulative"], s["top_self"]), 1):
            out.append(f"| {i} | `{m1}` | {t1} | `{m2}` | {t2} |")
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(HERE))
    from gen_dockerfile import generate

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--top", type=int, default=15)
    p.add_argument("--file", type=Path, help="Dockerfile for `check` (default: a generated 100-line one)")
    p.add_argument("--json", type=Path, help="also write the report as JSON here")
    a = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        f = a.file
        if f is None:
            f = Path(tmp) / "Dockerfile"
            f.write_text(generate(100), encoding="utf-8")
        rep = report(f.resolve(), a.top)
    print(markdown(rep, a.top))
    if a.json:
        a.json.write_text(json.dumps(rep, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
