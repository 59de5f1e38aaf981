"""``dockerls check``, ``rule``, ``rules`` and ``version``."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    from dockerls.cli.checking import FileJob
    from dockerls.cli.colors import Style
    from dockerls.config import ConfigResolver

SUCCESS, FINDINGS, FAILURE = 0, 1, 2


def check(args: argparse.Namespace) -> int:
    from dockerls.cli.checking import run_jobs
    from dockerls.cli.colors import Style
    from dockerls.cli.diagnostics import FileResult
    from dockerls.config import ConfigResolver

    complain = _Complaints(Style.for_stream(args.color, sys.stderr))
    resolver = ConfigResolver(
        config_file=args.config,
        isolated=args.isolated,
        overrides=_overrides(args),
        overrides_source="command line",
    )
    if args.context and not os.path.isdir(args.context):
        why = "does not exist" if not os.path.exists(args.context) else "is not a directory"
        complain.error(f"--context {args.context}: {why}")
        return FAILURE
    jobs = list(_jobs(args, resolver))
    if resolver.errors:
        for error in resolver.errors:
            complain.error(error)
        return FAILURE
    if not jobs:
        complain.warning("no Dockerfiles found under the given paths")
    results = list(run_jobs(jobs))
    failed = False
    for result in results:
        if result.error:
            complain.error(result.error)
            failed = True
    # The build contexts' own problems, once each however many Dockerfiles share a context.
    for error in dict.fromkeys(error for result in results for error in result.context_errors):
        complain.error(error)
        failed = True
    in_contexts = tuple(
        dict.fromkeys((d.path, d.location, d.code, d.message) for r in results for d in r.context_diagnostics)
    )
    if in_contexts:
        seen = set(in_contexts)
        found = []
        for d in (d for r in results for d in r.context_diagnostics):
            key = (d.path, d.location, d.code, d.message)
            if key in seen:
                seen.discard(key)
                found.append(d)
        results.append(FileResult(found[0].filename, tuple(found)))
    if args.diff:
        painter = Style.for_stream(args.color, sys.stdout)
        for result in results:
            sys.stdout.write(painter.diff(result.diff))
        changed = any(result.diff for result in results)
        return FAILURE if failed else FINDINGS if changed and not args.exit_zero else SUCCESS
    stdin_fixed = next((r.fixed_text for r in results if r.fixed_text is not None), None)
    # With stdin and --fix the fixed text owns stdout; the report goes to stderr (as ruff does).
    stream = sys.stderr if stdin_fixed is not None else sys.stdout
    if stdin_fixed is not None:
        sys.stdout.write(stdin_fixed)
    from dockerls.cli.output import write_report, write_statistics

    if args.statistics:
        write_statistics(results, args.output_format, stream)
    else:
        write_report(results, args.output_format, stream, fixing=args.fix, style=Style.for_stream(args.color, stream))
    remaining = any(result.diagnostics for result in results)
    return FAILURE if failed else FINDINGS if remaining and not args.exit_zero else SUCCESS


class _Complaints:
    """Errors and warnings on standard error, ``dockerls: error:`` coloured when it is a terminal."""

    def __init__(self, style: "Style") -> None:
        self.style = style

    def error(self, message: str) -> None:
        print(f"dockerls: {self.style.error('error:')} {message}", file=sys.stderr)

    def warning(self, message: str) -> None:
        print(f"dockerls: {self.style.warning('warning:')} {message}", file=sys.stderr)


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    for key in ("select", "ignore", "extend_select"):
        value = getattr(args, key)
        if value is not None:
            overrides[key.replace("_", "-")] = value
    if args.unsafe_fixes is not None:
        overrides["unsafe-fixes"] = args.unsafe_fixes
    return overrides


def _jobs(args: argparse.Namespace, resolver: "ConfigResolver") -> Iterator["FileJob"]:
    from dockerls.cli.checking import CHECK, DIFF, FIX, FileJob
    from dockerls.cli.discovery import discover
    from dockerls.cli.files import read_stdin
    from dockerls.engine.settings import LintSettings
    from dockerls.core.reading import TooLarge

    mode = DIFF if args.diff else FIX if args.fix else CHECK
    context = os.path.abspath(args.context) if args.context else None
    paths = args.paths or ["."]
    unreadable: list[tuple[str, str]] = []
    for path in discover([p for p in paths if p != "-"], resolver, unreadable):
        settings = resolver.for_file(path).settings
        yield FileJob(path, path, settings, context or os.path.dirname(os.path.abspath(path)), mode)
    for directory, why in unreadable:
        error = f"{directory}: cannot list the directory ({why}): the Dockerfiles in it were not checked"
        yield FileJob(directory, None, LintSettings(), None, mode, read_error=error)
    if "-" in paths:
        name = args.stdin_filename or "-"
        configuration = resolver.for_file(name) if args.stdin_filename else resolver.for_directory(os.getcwd())
        try:
            source, error = read_stdin(), None
        except UnicodeDecodeError as problem:
            source, error = None, f"{name}: not UTF-8 text (byte {problem.start})"
        except TooLarge as problem:
            source, error = None, f"{name}: {problem}: not checked"
        except OSError as problem:
            source, error = None, f"{name}: cannot read: {problem.strerror or problem}"
        yield FileJob(name, None, configuration.settings, context, mode, source=source, read_error=error)


def rule(args: argparse.Namespace) -> int:
    from dockerls.cli.ruledocs import rule_page
    from dockerls.rules import BY_CODE

    found = BY_CODE.get(args.code.upper())
    if found is None:
        from dockerls.config.errors import did_you_mean

        hint = did_you_mean(args.code.upper(), BY_CODE)
        from dockerls.cli.colors import AUTO, Style

        _Complaints(Style.for_stream(AUTO, sys.stderr)).error(f"no rule {args.code!r}" + (f" ({hint})" if hint else ""))
        return FAILURE
    sys.stdout.write(rule_page(found))
    return SUCCESS


def rules(args: argparse.Namespace) -> int:
    from dockerls.rules import RULES

    rows = [(r.code, r.name, r.fix_availability, r.severity.value, r.summary) for r in RULES]
    if args.output_format == "json":
        import json

        keys = ("code", "name", "fix", "severity", "summary")
        json.dump([dict(zip(keys, row)) for row in rows], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return SUCCESS
    header = ("CODE", "NAME", "FIX", "SEVERITY")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        sys.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() + "\n")
    return SUCCESS


def version(args: argparse.Namespace) -> int:
    from dockerls import __version__

    print(f"dockerls {__version__}")
    return SUCCESS
