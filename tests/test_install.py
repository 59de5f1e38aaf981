"""README's install commands work as written (issue 16): the distribution is not on PyPI, so
each way the README gives, run in a fresh virtual environment on a copy of this checkout,
must give a working ``dockerls`` that is imported from the environment, not from the copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def not_in_a_clone(directory: str, names: list[str]) -> set[str]:
    """What a clone does not have (.gitignore): environments, caches, build output."""
    anywhere = {"__pycache__", "node_modules", ".hypothesis", ".pytest_cache"}
    at_the_top = {".git", ".venv", ".cache", "dist", "build"} if Path(directory) == REPO else set()
    return {name for name in names if name in anywhere | at_the_top or name.endswith(".egg-info")}


def install_commands() -> list[list[str]]:
    """The Install section's commands, split into its alternatives (each ends with a pip install)."""
    section = README.split("\n## Install\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    ways: list[list[str]] = [[]]
    for line in block.splitlines():
        command = line.split("#", 1)[0].strip()
        if command:
            ways[-1].append(command)
            if command.startswith("pip install"):
                ways.append([])
    return [way for way in ways if way]


def test_the_install_section_gives_a_clone_and_a_wheel():
    assert install_commands() == [
        ["pip install ."],
        ["bash scripts/build-dist.sh", "pip install dist/dockerls_mounts-*.whl"],
    ]


def test_each_way_to_install_works_in_a_fresh_environment(tmp_path):
    example = REPO / "examples" / "apt" / "Dockerfile"
    for number, commands in enumerate(install_commands()):
        clone = tmp_path / f"clone{number}"
        shutil.copytree(REPO, clone, ignore=not_in_a_clone, symlinks=True)
        venv = tmp_path / f"venv{number}"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
        environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
        environment.update(PATH=f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", VIRTUAL_ENV=str(venv))
        for command in commands:
            done = subprocess.run(
                ["bash", "-c", command], cwd=clone, env=environment, capture_output=True, text=True, timeout=900
            )
            assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
        # Away from the copy, so only the installed package can be imported.
        where = subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import dockerls; print(dockerls.__file__)"],
            cwd=tmp_path, capture_output=True, text=True, timeout=60, env=environment,
        )
        assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout + where.stderr
        checked = subprocess.run(
            [str(venv / "bin" / "dockerls"), "check", "--isolated", str(example)],
            cwd=tmp_path, capture_output=True, text=True, timeout=60, env=environment,
        )
        assert checked.returncode == 1 and " APT001 [*] " in checked.stdout, checked.stdout + checked.stderr
