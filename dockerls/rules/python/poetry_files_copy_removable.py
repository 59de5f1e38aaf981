"""PIP203: a COPY of pyproject.toml/poetry.lock that only feeds poetry install."""

from __future__ import annotations

from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding
from dockerls.core.rule import rule
from dockerls.rules.managers import file_checks
from dockerls.rules.python.installs import POETRY


@rule("PIP203", "poetry-files-copy-removable", fix="sometimes")
def POETRY_FILES_COPY_REMOVABLE(context: RuleContext) -> Iterator[Finding]:
    """A COPY brings `pyproject.toml`/`poetry.lock` that only `poetry install` reads.

    ## What it does
    Like PIP003, for the files read by `poetry install`.

    ## Why
    The COPY adds a layer and files nobody needs; bind mounts replace it.

    ## Example
    ```Dockerfile
    FROM python:3.12 AS build
    COPY pyproject.toml poetry.lock ./
    RUN poetry install --no-root --only main
    ```

    ## Fix safety
    As PIP003.
    """
    return file_checks.copy_removable(context, POETRY_FILES_COPY_REMOVABLE, POETRY)
