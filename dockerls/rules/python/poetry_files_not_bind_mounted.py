"""PIP202: pyproject.toml and poetry.lock copied only to be read by poetry install."""

from __future__ import annotations

from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding
from dockerls.core.rule import rule
from dockerls.rules.managers import file_checks
from dockerls.rules.python.installs import POETRY


@rule("PIP202", "poetry-files-not-bind-mounted", fix="sometimes")
def POETRY_FILES_NOT_BIND_MOUNTED(context: RuleContext) -> Iterator[Finding]:
    """`poetry install` reads `pyproject.toml`/`poetry.lock` copied into the image only for it.

    ## What it does
    Like PIP002 for the two files poetry reads from the project directory (the
    directory the command runs in, or `--directory`/`-C`).

    ## Why
    Bind mounts read the files straight from the build context, without a layer.

    ## Example
    ```Dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY pyproject.toml poetry.lock ./
    RUN poetry install --no-root
    ```

    ## Fix safety
    As PIP002. Poetry does not write either file on install when the lock file
    exists; without one it writes a new `poetry.lock` beside the mounts, which works.
    """
    return file_checks.files_not_bind_mounted(context, POETRY_FILES_NOT_BIND_MOUNTED, POETRY)
