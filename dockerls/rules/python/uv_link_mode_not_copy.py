"""PIP106: uv installs from a cache mount without UV_LINK_MODE=copy."""

from __future__ import annotations

from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding
from dockerls.core.rule import rule
from dockerls.rules.managers import cache_checks


@rule("PIP106", "uv-link-mode-not-copy", fix="always")
def UV_LINK_MODE_NOT_COPY(context: RuleContext) -> Iterator[Finding]:
    """uv installs from a cache mount without `UV_LINK_MODE=copy`.

    ## What it does
    Reports a uv install on a RUN with a cache mount for uv when its link mode
    (`--link-mode`, else `UV_LINK_MODE`) is not `copy`.

    ## Why
    uv links installed files to its cache by default. A cache mount is another
    file system, so hard links fail (uv warns and falls back to copying), and
    `symlink` mode leaves links to files that are not in the image.

    ## Example
    ```Dockerfile
    FROM python:3.12-slim
    RUN --mount=type=cache,target=/root/.cache/uv uv sync --locked
    ```
    becomes
    ```Dockerfile
    FROM python:3.12-slim
    RUN --mount=type=cache,target=/root/.cache/uv UV_LINK_MODE=copy uv sync --locked
    ```

    ## Fix safety
    Safe: the variable is set for that command only (shell form), or
    `--link-mode=copy` is added (exec form); an existing `--link-mode` is changed.
    """
    return cache_checks.link_mode_not_copy(context, UV_LINK_MODE_NOT_COPY)
