"""PIP105: a cache mount for uv that uv does not use."""

from __future__ import annotations

from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding
from dockerls.core.rule import rule
from dockerls.rules.managers import cache_checks
from dockerls.rules.python.installs import UV


@rule("PIP105", "uv-cache-mount-misplaced", fix="sometimes")
def UV_CACHE_MOUNT_MISPLACED(context: RuleContext) -> Iterator[Finding]:
    """A uv cache mount is not where uv caches, or belongs to a user uv does not run as.

    ## What it does
    Like PIP005 for uv: a cache mount whose target names uv but misses uv's cache
    directory at that RUN (after `USER`, or with `UV_CACHE_DIR` elsewhere), or that
    a non-root user cannot write.

    ## Why
    uv then caches nowhere useful, or fails to write its cache.

    ## Example
    ```Dockerfile
    FROM python:3.12-slim
    ENV UV_CACHE_DIR=/opt/uv-cache
    RUN --mount=type=cache,target=/root/.cache/uv uv sync --locked
    ```
    becomes
    ```Dockerfile
    FROM python:3.12-slim
    ENV UV_CACHE_DIR=/opt/uv-cache
    RUN --mount=type=cache,target=/opt/uv-cache uv sync --locked
    ```

    ## Fix safety
    Safe: only the mount changes. No fix when the user's uid or home is unknown.
    """
    return cache_checks.cache_mount_misplaced(context, UV_CACHE_MOUNT_MISPLACED, UV)
