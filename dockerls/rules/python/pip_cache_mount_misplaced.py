"""PIP005: a cache mount for pip that pip does not use."""

from __future__ import annotations

from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding
from dockerls.core.rule import rule
from dockerls.rules.managers import cache_checks
from dockerls.rules.python.installs import PIP


@rule("PIP005", "pip-cache-mount-misplaced", fix="sometimes")
def PIP_CACHE_MOUNT_MISPLACED(context: RuleContext) -> Iterator[Finding]:
    """A pip cache mount is not where pip caches, or belongs to a user pip does not run as.

    ## What it does
    Reports a `--mount=type=cache` meant for pip (its target names pip) that does
    not cover the directory pip uses at that RUN (e.g. `/root/.cache/pip` after
    `USER app`, or while `PIP_CACHE_DIR` points elsewhere), and a mount on the
    right directory that the RUN's user cannot use: owned by root while pip runs
    as another user, or owned by another uid while pip runs as root (pip as root
    ignores a cache directory root does not own).

    ## Why
    pip silently ignores such a cache: the build works but caches nothing.

    ## Example
    ```Dockerfile
    FROM python:3.12-slim
    RUN useradd -m -u 1000 app
    USER app
    RUN --mount=type=cache,target=/root/.cache/pip pip install --user flask
    ```
    becomes
    ```Dockerfile
    FROM python:3.12-slim
    RUN useradd -m -u 1000 app
    USER app
    RUN --mount=type=cache,target=/home/app/.cache/pip,uid=1000 pip install --user flask
    ```

    ## Fix safety
    Safe: only the cache mount changes. No fix when the Dockerfile does not show
    the user's uid or home directory.
    """
    return cache_checks.cache_mount_misplaced(context, PIP_CACHE_MOUNT_MISPLACED, PIP)
