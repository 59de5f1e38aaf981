"""Checking (and fixing) files: one job per file, in a process pool when there are many."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any, Iterator, NamedTuple, Sequence

from dockerls.cli.diagnostics import FileResult, context_report, diagnostic
from dockerls.cli.files import Source, read_source, write_source
from dockerls.cli.writing import ChangedSinceRead, NotWritable
from dockerls.engine.settings import LintSettings
from dockerls.core.reading import TooLarge

if TYPE_CHECKING:
    from dockerls.core.buildcontext import BuildContext
    from dockerls.core.findings import Finding

# Below this many files a pool costs more to start than it saves.
PARALLEL_THRESHOLD = 8

CHECK, FIX, DIFF = "check", "fix", "diff"


class FileJob(NamedTuple):
    filename: str  # as shown to the user
    path: str | None  # on disk; None for stdin
    settings: LintSettings
    context_root: str | None  # the build context directory; None: nothing is known
    mode: str = CHECK
    source: Source | None = None  # stdin's text, read before the job starts
    read_error: str | None = None  # why stdin could not be read


def run_jobs(jobs: Sequence[FileJob]) -> Iterator[FileResult]:
    """Results in the order of ``jobs``, whichever process produced them."""
    if len(jobs) <= PARALLEL_THRESHOLD:
        yield from map(check_file, jobs)
        return
    from concurrent.futures import ProcessPoolExecutor

    workers = min(len(jobs), os.cpu_count() or 1)
    if workers < 2:
        yield from map(check_file, jobs)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(check_file, jobs, chunksize=max(1, len(jobs) // (workers * 4)))


def check_file(job: FileJob) -> FileResult:
    from dockerls.core.buildcontext import NO_CONTEXT, DirectoryContext
    from dockerls.engine import fix, lint
    from dockerls.rules import RULES

    if job.read_error:
        return FileResult(job.filename, error=job.read_error)
    try:
        source = job.source if job.source is not None else read_source(job.path or "")
    except OSError as error:
        return FileResult(job.filename, error=f"{job.filename}: cannot read: {error.strerror or error}")
    except UnicodeDecodeError as error:
        return FileResult(job.filename, error=f"{job.filename}: not UTF-8 text (byte {error.start})")
    except TooLarge as error:
        return FileResult(job.filename, error=f"{job.filename}: {error}: not checked")
    dockerfile = job.path or (job.filename if job.filename != "-" else None)
    context = DirectoryContext(job.context_root, dockerfile=dockerfile) if job.context_root else NO_CONTEXT
    text, fixed, new, gone, diff, fixed_text = source.text, 0, 0, 0, "", None
    if job.mode == CHECK:
        findings = lint(text, job.settings, context, registry=RULES)
    else:
        outcome = fix(text, job.settings, context, registry=RULES)
        findings, fixed, new, gone = outcome.remaining, len(outcome.fixed), len(outcome.new), len(outcome.gone)
        if job.mode == DIFF:
            diff = unified_diff(text, outcome.text, job.filename)
        elif job.path is None:
            fixed_text = outcome.text
        elif outcome.text != text:
            try:
                write_source(job.path, Source(outcome.text, source.bom, source.read_as))
            except ChangedSinceRead as error:
                problem = f"{job.filename}: {error}: not written (run dockerls again)"
            except NotWritable as error:
                problem = f"{job.filename}: {error}: not written"
            except OSError as error:
                problem = f"{job.filename}: cannot write: {error.strerror or error}"
            else:
                problem = None
            if problem is not None:  # the file is as it was: so are its findings
                return _result(job, text, outcome.found, context, error=problem, unwritten=True)
        text = outcome.text
    return _result(job, text, findings, context, fixed=fixed, new=new, gone=gone, diff=diff, fixed_text=fixed_text)


def _result(job: FileJob, text: str, findings: Sequence["Finding"], context: "BuildContext", **outcome: Any) -> FileResult:
    from dockerls.syntax.lines import LineIndex

    lines = LineIndex(text)
    path = os.path.abspath(job.path) if job.path else job.filename
    diagnostics = tuple(diagnostic(f, lines, job.settings, job.filename, path) for f in findings)
    in_context, context_errors = context_report(context, job.settings)
    return FileResult(job.filename, diagnostics, context_diagnostics=in_context, context_errors=context_errors,
                      **outcome)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def unified_diff(old: str, new: str, filename: str) -> str:
    """A unified diff that keeps each line's own line break; "" when nothing changes."""
    if old == new:
        return ""
    import difflib

    out = []
    for line in difflib.unified_diff(_LINE.findall(old), _LINE.findall(new), filename, filename, lineterm="\n"):
        out.append(line)
        if not line.endswith(("\n", "\r")):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)
