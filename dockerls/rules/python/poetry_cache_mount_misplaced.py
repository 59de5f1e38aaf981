"""PIP205: a cache mount for poetry that poetry does not use."""

from __future__ import annotations

from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding
from dockerls.core.rule import rule
from dockerls.rules.managers import cache_checks
from dockerls.rules.python.installs import POETRY


@rule("PIP205", "poetry-cache-mount-misplaced", fix="sometimes")
def POETRY_CACHE_MOUNT_MISPLACED(context: RuleContext) -> Iterator[Finding]:
    """A poetry cache mount is not where poetry caches, or belongs to a user poetry does not run as.

    ## What it does
    Like PIP005 for poetry (`POETRY_CACHE_DIR`, `USER`).

    ## Why
    Poetry then caches nowhere useful, or cannot write its cache.

    ## Example
    ```Dockerfile
    FROM python:3.12-slim
    ENV POETRY_CACHE_DIR=/tmp/poetry POETRY_VIRTUALENVS_CREATE=false
    RUN --mount=type=cache,target=/root/.cache/pypoetry poetry install
    ```
    becomes
    ```Dockerfile
    FROM python:3.12-slim
    ENV POETRY_CACHE_DIR=/tmp/poetry POETRY_VIRTUALENVS_CREATE=false
    RUN --mount=type=cache,target=/tmp/poetry poetry install
    ```

    ## Fix safety
    Safe: only the mount changes.
    """
    return cache_checks.cache_mount_misplaced(context, POETRY_CACHE_MOUNT_MISPLACED, POETRY)
