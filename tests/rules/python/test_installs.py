"""Recognising pip, uv and poetry commands: spellings, files read, cache switches, working directory."""

from __future__ import annotations

import pytest

from dockerls.rules.python.installs import PIP, POETRY, UV, find_installs
from dockerls.syntax import parse


def installs_of(body: str, prefix: str = "FROM python:3.12\nWORKDIR /app\n"):
    document = parse(prefix + body + "\n")
    return find_installs(document.instructions[-1])


@pytest.mark.parametrize(
    "command",
    [
        "pip install flask",
        "pip3 install flask",
        "pip3.12 install flask",
        "/usr/local/bin/pip install flask",
        "python -m pip install flask",
        "python3 -m pip install flask",
        "python3.12 -m pip install flask",
        "/usr/local/bin/python -m pip install flask",
        "python -I -u -m pip install flask",
        "python -mpip install flask",
        "pip --disable-pip-version-check -q install flask",
        "pip wheel -w /w flask",
        "pip download -d /d flask",
        '["pip", "install", "flask"]',
    ],
)
def test_pip_spellings(command: str) -> None:
    (install,) = installs_of("RUN " + command)
    assert install.tool == PIP


@pytest.mark.parametrize(
    "command",
    [
        "pip list",
        "pip uninstall -y flask",
        "pip config set global.cache-dir /x",
        "python -c 'import pip' install",
        "python -m venv install",
        "pipx install black",
        "echo pip install flask",
        "uv venv",
        "uv pip compile requirements.in",
        "poetry lock",
    ],
)
def test_not_installs(command: str) -> None:
    assert installs_of("RUN " + command) == []


def test_requirement_and_constraint_files_in_every_spelling() -> None:
    (install,) = installs_of(
        "RUN pip install -r a.txt -rb.txt --requirement c.txt --requirement=d.txt -c e.txt --constraint=/abs/f.txt g"
    )
    assert [(f.written, f.path) for f in install.inputs] == [
        ("a.txt", "/app/a.txt"),
        ("b.txt", "/app/b.txt"),
        ("c.txt", "/app/c.txt"),
        ("d.txt", "/app/d.txt"),
        ("e.txt", "/app/e.txt"),
        ("/abs/f.txt", "/abs/f.txt"),
    ]


def test_variables_in_paths_are_expanded_or_dropped() -> None:
    (install,) = installs_of("ARG REQS=reqs/prod.txt\nRUN pip install -r $REQS -r ${UNSET}/x.txt")
    assert [f.written for f in install.inputs] == ["reqs/prod.txt"]


def test_urls_are_not_files() -> None:
    (install,) = installs_of("RUN pip install -r https://example.invalid/r.txt")
    assert install.inputs == ()


def test_cd_moves_relative_paths_and_makes_targets_absolute() -> None:
    (install,) = installs_of("RUN cd /src && pip install -r requirements.txt")
    assert (install.cwd, install.inputs[0].written, install.inputs[0].path) == (
        "/src", "/src/requirements.txt", "/src/requirements.txt",
    )
    (unknown,) = installs_of("RUN cd $SOMEWHERE && pip install -r requirements.txt")
    assert unknown.cwd is None and unknown.inputs == ()
    (nested,) = installs_of("RUN (cd /x) && pip install -r r.txt")
    assert nested.cwd is None  # a cd in a subshell: dockerls does not follow which one runs


def test_cache_switches_and_cache_dir() -> None:
    (install,) = installs_of("RUN pip install --no-cache-dir --cache-dir=/c flask")
    assert [w.text for w in install.cache_off] == ["--no-cache-dir"]
    assert install.cache_dir_option is not None and install.cache_dir_option[0] == "/c"
    (abbreviated,) = installs_of("RUN pip install --no-cache flask")
    assert [w.text for w in abbreviated.cache_off] == ["--no-cache"]
    (uv,) = installs_of("RUN uv pip install --system -n flask")
    assert [w.text for w in uv.cache_off] == ["-n"]
    (poetry,) = installs_of("RUN poetry install --no-cache")
    assert [w.text for w in poetry.cache_off] == ["--no-cache"]


def test_assignments_before_the_command() -> None:
    (install,) = installs_of("RUN PIP_NO_CACHE_DIR=1 PIP_CACHE_DIR='/x y' pip install flask")
    assert [(a.name, a.value) for a in install.site.variables] == [("PIP_NO_CACHE_DIR", "1"), ("PIP_CACHE_DIR", "/x y")]
    assert install.lookup("PIP_CACHE_DIR") == "/x y"


def test_uv_forms() -> None:
    (pip_install,) = installs_of("RUN uv pip install --system -r r.txt -c c.txt")
    assert pip_install.tool == UV and [f.written for f in pip_install.inputs] == ["r.txt", "c.txt"]
    (pip_sync,) = installs_of("RUN uv pip sync --system r.txt")
    assert [f.written for f in pip_sync.inputs] == ["r.txt"]
    (sync,) = installs_of("RUN uv sync --locked --no-install-project")
    assert [f.written for f in sync.inputs] == ["pyproject.toml", "uv.lock"] and "locked" in sync.options
    (project,) = installs_of("RUN uv --directory sub sync --frozen")
    assert [(f.written, f.path) for f in project.inputs] == [
        ("sub/pyproject.toml", "/app/sub/pyproject.toml"), ("sub/uv.lock", "/app/sub/uv.lock"),
    ]


def test_poetry_forms() -> None:
    (install,) = installs_of("RUN poetry install --no-root --only main")
    assert install.tool == POETRY and [f.written for f in install.inputs] == ["pyproject.toml", "poetry.lock"]
    (elsewhere,) = installs_of("RUN poetry install -C /srv/p")
    assert [f.written for f in elsewhere.inputs] == ["/srv/p/pyproject.toml", "/srv/p/poetry.lock"]


def test_several_installs_in_one_run_and_heredoc() -> None:
    installs = installs_of("RUN <<EOF\npip install a\nuv pip install --system b\nEOF")
    assert [i.tool for i in installs] == [PIP, UV]
