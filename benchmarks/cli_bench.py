#!/usr/bin/env python3
"""Command-line benchmark: ``dockerls check`` against hadolint and tally.

1. Start-up: ``dockerls check FILE`` on one generated file (100 and 1,000
   lines by default), next to the interpreter floor (``python -c pass``),
   ``hadolint FILE`` and ``tally lint FILE``; best-of and median of N runs.
2. Imports: ``python -X importtime -m dockerls check FILE`` (and the server,
   see importtime.py): the top entries, and a check that neither ``pygls``
   nor ``lsprotocol`` is imported by the CLI.
3. A directory: a few hundred generated Dockerfiles (``NNNN/Dockerfile``,
   50–300 lines) checked by ``dockerls check DIR``, ``hadolint FILE...``
   (it takes no directory) and ``tally lint DIR``; repetitions interleaved,
   best-of and median wall time, peak RSS, and ratios dockerls/peer.

Peers come from ``benchmarks/.peers/`` (setup.sh).  Each tool runs with its
default rules; tally with ``--slow-checks off`` (its slow checks look images
up in registries, which a benchmark must not depend on).  An extra row runs
tally without its embedded ShellCheck to show what that costs it (hadolint
runs ShellCheck too; dockerls does not).

    cli_bench.py                      # everything, Markdown to stdout
    cli_bench.py --files 300 --reps 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import importtime  # noqa: E402
from gen_dockerfile import generate, generate_corpus  # noqa: E402

RESULTS = HERE / "results"
# The installed copy (install_dockerls.sh: what users run) if there is one, else the editable .venv.
_INSTALLED = HERE / ".peers" / "dockerls" / "bin"
_BIN = _INSTALLED if (_INSTALLED / "dockerls").exists() else REPO / ".venv" / "bin"
VENV_PY = str(_BIN / "python")
DOCKERLS = str(_BIN / "dockerls")
HADOLINT = str(HERE / ".peers" / "venv" / "bin" / "hadolint")
TALLY = str(HERE / ".peers" / "venv" / "bin" / "tally")


def run_timed(cmd: list[str], cwd: str | None = None, timeout: float = 1800) -> dict:
    """Run ``cmd``; return wall seconds, exit code, output lines and peak RSS."""
    with tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=cwd)
        deadline = t0 + timeout
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                p.kill()
                pid, status, ru = os.wait4(p.pid, 0)
                break
            time.sleep(0.0005)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        data = out.read()
    return {"wall_s": wall, "exit": p.returncode, "lines": data.count(b"\n"),
            "max_rss_mib": round(ru.ru_maxrss / 1024, 1), "tail": data[-400:].decode("utf-8", "replace")}


def stats(runs: list[dict]) -> dict:
    walls = [r["wall_s"] for r in runs]
    return {"best_ms": round(min(walls) * 1000, 1), "median_ms": round(statistics.median(walls) * 1000, 1),
            "runs_ms": [round(w * 1000, 1) for w in walls], "exit": sorted({r["exit"] for r in runs}),
            "output_lines": runs[-1]["lines"], "max_rss_mib": max(r["max_rss_mib"] for r in runs),
            "tail": runs[-1]["tail"]}


def available(tools: dict[str, list[str]]) -> tuple[dict[str, list[str]], list[str]]:
    ok, missing = {}, []
    for name, cmd in tools.items():
        if Path(cmd[0]).exists() or shutil.which(cmd[0]):
            ok[name] = cmd
        else:
            missing.append(f"{name}: {cmd[0]} not found")
    return ok, missing


def bench(tools: dict[str, list[str]], reps: int, warmup: int = 1, cwd: str | None = None) -> dict:
    for _ in range(warmup):  # .pyc files and page cache for the Python tools
        for name, cmd in tools.items():
            if name.startswith("dockerls"):
                run_timed(cmd, cwd)
    runs: dict[str, list[dict]] = {n: [] for n in tools}
    for _ in range(reps):  # interleaved: every tool sees the same machine state
        for name, cmd in tools.items():
            runs[name].append(run_timed(cmd, cwd))
    return {n: stats(r) for n, r in runs.items()}


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.3f}" if v < 10 else f"{v:.1f}"
    if isinstance(v, list):
        return ",".join(str(x) for x in v)
    return str(v)


def table(res: dict, base: str = "dockerls") -> list[str]:
    out = ["| tool | best (ms) | median (ms) | ratio dockerls/tool (best) | ratio (median) "
           "| peak RSS (MiB) | exit | output lines |",
           "|---|---|---|---|---|---|---|---|"]
    b = res.get(base)
    for name, s in res.items():
        rb = ratio(b["best_ms"], s["best_ms"]) if b and name != base else None
        rm = ratio(b["median_ms"], s["median_ms"]) if b and name != base else None
        out.append(f"| {name} | {s['best_ms']} | {s['median_ms']} | {fmt(rb)} | {fmt(rm)} | "
                   f"{s['max_rss_mib']} | {fmt(s['exit'])} | {s['output_lines']} |")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    p.add_argument("--files", type=int, default=300, help="Dockerfiles in the directory")
    p.add_argument("--min-lines", type=int, default=50)
    p.add_argument("--max-lines", type=int, default=300)
    p.add_argument("--reps", type=int, default=3, help="directory repetitions (interleaved)")
    p.add_argument("--startup-reps", type=int, default=10)
    p.add_argument("--file-sizes", type=lambda s: [int(x) for x in s.split(",")], default=[60, 100, 1000])
    p.add_argument("--top", type=int, default=15, help="import-time entries to show")
    p.add_argument("--no-tally-noshellcheck", action="store_true",
                   help="skip the extra tally run without ShellCheck")
    p.add_argument("--dockerls", help="the dockerls executable to time (default: the installed copy, else .venv)")
    p.add_argument("--no-tally", action="store_true", help="leave tally out (its directory runs take minutes)")
    p.add_argument("-o", "--output", type=Path)
    a = p.parse_args(argv)
    global DOCKERLS, VENV_PY
    if a.dockerls:
        DOCKERLS = a.dockerls
        VENV_PY = str(Path(a.dockerls).with_name("python"))
        importtime.PYTHON = VENV_PY
    if a.no_tally:
        global TALLY
        TALLY = "/nonexistent/tally (--no-tally)"

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    rev = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True)
    report: dict[str, Any] = {
        "kind": "cli",
        "environment": {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                        "cpus": os.cpu_count(), "loadavg": os.getloadavg(),
                        "python": platform.python_version(),
                        "git_rev": rev.stdout.strip() if rev.returncode == 0 else None,
                        "dockerls": DOCKERLS},
        "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(a).items()},
        "notes": [],
    }
    md: list[str] = []
    with tempfile.TemporaryDirectory(prefix="dockerls-cli-bench-") as tmp:
        tmpd = Path(tmp)
        # -- 1. single file ------------------------------------------------
        report["single_file"] = {}
        for n in a.file_sizes:
            d = tmpd / f"single{n}"
            d.mkdir()
            f = d / "Dockerfile"
            f.write_text(generate(n), encoding="utf-8")
            tools = {"python -c pass (floor)": [VENV_PY, "-c", "pass"],
                     "dockerls": [DOCKERLS, "check", str(f)],
                     "hadolint": [HADOLINT, "--no-color", str(f)],
                     "tally": [TALLY, "lint", "--no-color", "--slow-checks", "off", str(f)]}
            tools, missing = available(tools)
            report["notes"] += [m for m in missing if m not in report["notes"]]
            print(f"# single file, {n} lines ...", file=sys.stderr)
            res = bench(tools, a.startup_reps, cwd=str(d))
            report["single_file"][n] = res
            if "dockerls" in res and "hadolint" in res:
                for stat, label in (("best_ms", "best"), ("median_ms", "median")):
                    r = ratio(res["dockerls"][stat], res["hadolint"][stat])
                    report.setdefault("targets", []).append(
                        {"target": f"CLI on one {n:,}-line file no slower than hadolint ({label})", "value": r,
                         "met": r is not None and r <= 1})
            md += [f"### One file, {n:,} lines ({a.startup_reps} runs each)", ""] + table(res) + [""]

        # -- 2. imports ------------------------------------------------------
        if Path(DOCKERLS).exists():
            print("# import times ...", file=sys.stderr)
            f = tmpd / f"single{a.file_sizes[0]}" / "Dockerfile"
            rep = importtime.report(f, a.top)
            report["importtime"] = rep
            md += ["### Import time", "", importtime.markdown(rep, a.top)]

        # -- 3. directory ----------------------------------------------------
        corpus = tmpd / "corpus"
        files = generate_corpus(corpus, a.files, a.min_lines, a.max_lines)
        total_lines = sum(len(f.read_bytes().splitlines()) for f in files)
        rel = [str(f.relative_to(corpus)) for f in files]
        tools = {"dockerls": [DOCKERLS, "check", "."],
                 "hadolint": [HADOLINT, "--no-color", *rel],
                 "tally": [TALLY, "lint", "--no-color", "--slow-checks", "off", "."]}
        if not a.no_tally_noshellcheck:
            tools["tally (no ShellCheck)"] = [TALLY, "lint", "--no-color", "--slow-checks", "off",
                                              "--ignore", "shellcheck/*", "."]
        tools, missing = available(tools)
        report["notes"] += [m for m in missing if m not in report["notes"]]
        print(f"# directory: {len(files)} files, {total_lines} lines, {a.reps} reps ...", file=sys.stderr)
        res = bench(tools, a.reps, cwd=str(corpus))
        report["directory"] = {"files": len(files), "lines": total_lines, "results": res}
        md += [f"### Directory: {len(files)} Dockerfiles, {total_lines:,} lines "
               f"({a.reps} interleaved runs; dockerls after 1 warm-up)", ""] + table(res) + [""]
        if "dockerls" in res:
            for peer, limit, label in (("hadolint", 0.1, "≥ 10× faster than"), ("tally", 1, "faster than")):
                if peer in res:
                    r = ratio(res["dockerls"]["median_ms"], res[peer]["median_ms"])
                    report.setdefault("targets", []).append(
                        {"target": f"CLI on a directory {label} {peer}", "value": r,
                         "met": r is not None and r <= limit})
    report["environment"]["loadavg_end"] = os.getloadavg()
    out = a.output or RESULTS / f"{stamp}-cli.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    env = report["environment"]
    print(f"## CLI benchmark — {env['date']} ({env['cpus']} CPUs, load {env['loadavg'][0]:.2f}, "
          f"git {env['git_rev']})\n")
    print("\n".join(md))
    if report.get("targets"):
        print("### Targets\n\n| target | ratio dockerls/peer | met |\n|---|---|---|")
        for t in report["targets"]:
            print(f"| {t['target']} | {fmt(t['value'])} | {'yes' if t['met'] else '**no**'} |")
    for n in report["notes"]:
        print(f"\n- note: {n}")
    print(f"\nJSON: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
