"""Nothing in a Dockerfile is ever executed: not by the CLI (checking or fixing), the server or the engine.

``execution.Dockerfile`` (``baits.py``) puts ``touch markers/<name>`` in every
place a command can hide: RUN (shell, exec, heredoc), ``$(...)`` and backticks
in arguments, ARG/ENV values, SHELL, WORKDIR, USER, ONBUILD, HEALTHCHECK, CMD,
ENTRYPOINT, mount options and a pip requirements include.
"""

from __future__ import annotations

import os
import subprocess

import dockerfile
import pytest

from . import audit, tracing
from .baits import CONFINEMENT, EXECUTION, NETWORK
from .session import lint_and_fix_every_bait


def test_no_marker_is_created(security_runs):
    assert security_runs.baits.markers.is_dir()
    assert security_runs.baits.marker_files() == []


def test_modules_in_the_working_directory_are_not_imported(security_runs):
    """Regression: ``python -m dockerls`` put the working directory (for an editor, the workspace
    folder) first on sys.path, so a workspace file named like a module dockerls imports later
    (tomllib.py, pygls.py …) ran inside the CLI and the server. ``dockerls/__main__`` drops it."""
    assert [name for name in security_runs.baits.marker_files() if name.startswith("imported-")] == []


def test_no_process_is_started(security_runs):
    for run in security_runs:
        assert audit.started_processes(run.events) == [], run.name


def test_no_program_is_executed_at_the_system_call_level(security_runs):
    tracing.strace()  # skips (fails in CI) when system calls cannot be traced
    for run in security_runs:
        assert run.syscalls is not None
        assert any("execve(" in line for line in run.syscalls), f"{run.name}: the trace is empty"
        assert tracing.executed(run.syscalls) == [], run.name


def test_the_engine_starts_no_process(tmp_path, monkeypatch):
    started: list[str] = []

    def refuse(name):
        def call(*args, **kwargs):
            started.append(f"{name}{args!r}")
            raise AssertionError(f"{name} called")

        return call

    for module, name in [(subprocess, "Popen"), (os, "system"), (os, "posix_spawn"), (os, "posix_spawnp"),
                         (os, "fork"), (os, "execv"), (os, "execve"), (os, "spawnv")]:
        monkeypatch.setattr(module, name, refuse(f"{module.__name__}.{name}"))
    baits = lint_and_fix_every_bait(tmp_path)
    assert started == []
    assert baits.marker_files() == []


@pytest.mark.parametrize("name", ["check", "server", "fix"])
def test_each_run_did_its_work(security_runs, name):
    """The runs above are only evidence if they really checked, served and fixed the baits."""
    (run,) = [run for run in security_runs if run.name == name]
    if name == "check":
        assert "APT001" in run.output and "PIP001" in run.output
    elif name == "server":
        assert all("[]" not in note for note in run.notes), run.notes
    else:
        fixed = (security_runs.baits.project / "execution.Dockerfile").read_text(encoding="utf-8")
        assert "--mount=type=cache,target=/var/cache/apt" in fixed
        for path in security_runs.baits.dockerfiles:  # the baits parse with BuildKit, and so must the fixes
            dockerfile.parse_string(path.read_text(encoding="utf-8"))


def test_the_baits_are_dockerfiles_buildkit_reads():
    for template in (CONFINEMENT, EXECUTION, NETWORK):
        assert dockerfile.parse_string(template)
