"""PIP103: a COPY of files that only feed uv."""

from __future__ import annotations

from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding
from dockerls.core.rule import rule
from dockerls.rules.managers import file_checks
from dockerls.rules.python.installs import UV


@rule("PIP103", "uv-files-copy-removable", fix="sometimes")
def UV_FILES_COPY_REMOVABLE(context: RuleContext) -> Iterator[Finding]:
    """A COPY brings `pyproject.toml`, `uv.lock` or requirements files that only uv reads.

    ## What it does
    Like PIP003, for files read by `uv sync --locked`/`--frozen`, `uv pip install -r`
    and `uv pip sync`.

    ## Why
    The COPY adds a layer and files nobody needs; bind mounts replace it.

    ## Example
    ```Dockerfile
    FROM python:3.12 AS build
    COPY pyproject.toml uv.lock ./
    RUN uv sync --frozen --no-install-project
    ```

    ## Fix safety
    As PIP003: safe when the files do not reach the final image, unsafe when they
    would be missing from it or the build context is unknown; not reported when
    anything else may read them.
    """
    return file_checks.copy_removable(context, UV_FILES_COPY_REMOVABLE, UV)
