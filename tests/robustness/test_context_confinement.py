"""Build-context files are read only under the context (the Dockerfile's directory, or ``--context``).

``confinement.Dockerfile`` (``baits.py``) copies ``../../etc/passwd`` and
``../../outside/…``; its requirements file includes ``../../../etc/shadow``;
the context holds symlinks leading out of it, a FIFO and a 200 MB sparse file
named like requirement files, and a Cargo workspace whose members and build
script lie outside. The audit hook sees every file the CLI and the server open
or list.
"""

from __future__ import annotations

import os

from . import audit
from .baits import HUGE_BYTES, SECRET
from .report import record
from .security import TIME_LIMIT

SYSTEM_SECRETS = ("/etc/passwd", "/etc/shadow")


def _inside(path: str, directory) -> bool:
    directory = os.path.realpath(directory)
    return path == directory or path.startswith(directory + os.sep)


def test_the_context_is_read(security_runs):
    """The evidence below counts only if the context is read at all: requirement files and Cargo.toml are."""
    project = security_runs.baits.project
    for run in security_runs:
        touched = {event.path for event in run.events if event.name == "open"}
        assert str(project / "requirements.txt") in touched, run.name
        assert str(project / "Cargo.toml") in touched, run.name


def test_nothing_outside_the_context_is_opened_or_listed(security_runs):
    baits = security_runs.baits
    for run in security_runs:
        touched = audit.touched_files(audit.from_dockerls_start(run.events))
        in_tree = {path for path in touched if path and _inside(path, baits.root)}
        assert {path for path in in_tree if not _inside(path, baits.project)} == set(), run.name
        assert touched.isdisjoint(SYSTEM_SECRETS), run.name


def test_fifo_and_huge_files_are_never_opened(security_runs):
    """Opening the FIFO would block forever; reading a 200 MB file costs twice that in memory.
    (Regression for the huge pyproject.toml: config discovery used to read it whole.)"""
    project = security_runs.baits.project
    unreadable = {str(project / "fifo" / "requirements.txt")}
    for huge in (project / "huge" / "requirements.txt", project / "pyproject.toml"):
        assert huge.stat().st_size == HUGE_BYTES
        unreadable.add(str(huge))
    for run in security_runs:
        opened = {event.path for event in run.events if event.name == "open"}
        assert opened.isdisjoint(unreadable), run.name


def test_runs_finish_in_bounded_time(security_runs):
    for run in security_runs:
        record(f"security run {run.name!r} over the baited project: {run.seconds:.2f} s")
        assert run.seconds < TIME_LIMIT


def test_nothing_from_outside_is_quoted(security_runs):
    for run in security_runs:
        assert SECRET not in run.output, run.name
