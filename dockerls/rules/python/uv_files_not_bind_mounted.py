"""PIP102: files copied into the image only to be read by uv."""

from __future__ import annotations

from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding
from dockerls.core.rule import rule
from dockerls.rules.managers import file_checks
from dockerls.rules.python.installs import UV


@rule("PIP102", "uv-files-not-bind-mounted", fix="sometimes")
def UV_FILES_NOT_BIND_MOUNTED(context: RuleContext) -> Iterator[Finding]:
    """`uv sync` or `uv pip install -r` reads files copied into the image only for it: bind-mount them.

    ## What it does
    Reports `uv pip install -r FILE`, `uv pip sync FILE` and `uv sync --locked`/`--frozen`
    (which read `pyproject.toml` and `uv.lock`) when a COPY naming those files put
    them in the image. Like PIP002.

    `uv sync` without `--locked` or `--frozen` (or `UV_LOCKED`/`UV_FROZEN`) is left
    alone: it may rewrite `uv.lock`, which a read-only bind mount forbids.

    ## Why
    Bind mounts read the files straight from the build context, without a layer.

    ## Example
    ```Dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY pyproject.toml uv.lock ./
    RUN uv sync --locked --no-install-project
    ```
    becomes
    ```Dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY pyproject.toml uv.lock ./
    RUN --mount=type=bind,source=pyproject.toml,target=pyproject.toml \\
        --mount=type=bind,source=uv.lock,target=uv.lock \\
        uv sync --locked --no-install-project
    ```

    ## Fix safety
    As PIP002: safe when the files are in the build context, unsafe when it is
    unknown, no fix when they are missing or `.dockerignore`d.
    """
    return file_checks.files_not_bind_mounted(context, UV_FILES_NOT_BIND_MOUNTED, UV)
