"""PIP201: poetry installs without a cache mount on poetry's cache."""

from __future__ import annotations

from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding
from dockerls.core.rule import rule
from dockerls.rules.managers import cache_checks
from dockerls.rules.python.installs import POETRY


@rule("PIP201", "poetry-cache-not-mounted", fix="sometimes")
def POETRY_CACHE_NOT_MOUNTED(context: RuleContext) -> Iterator[Finding]:
    """`poetry install` runs without a cache mount on poetry's cache, or with `--no-cache`.

    ## What it does
    Reports `poetry install` (and `poetry sync`) without a cache mount on poetry's
    cache directory (`POETRY_CACHE_DIR`, `$XDG_CACHE_HOME/pypoetry`,
    `$HOME/.cache/pypoetry`), or with `--no-cache`.

    Poetry keeps its virtual environments in `<cache>/virtualenvs` unless
    `POETRY_VIRTUALENVS_CREATE=false`, `POETRY_VIRTUALENVS_IN_PROJECT=true`,
    `POETRY_VIRTUALENVS_PATH`, an active `VIRTUAL_ENV` or `poetry config virtualenvs.…`
    puts them elsewhere. Then the whole cache directory is mounted; otherwise only
    `<cache>/cache` and `<cache>/artifacts`, so that the environment stays in the image.

    ## Why
    Without the mount every build downloads every package again.

    ## Example
    ```Dockerfile
    FROM python:3.12-slim
    ENV POETRY_VIRTUALENVS_CREATE=false
    RUN poetry install --no-root
    ```
    becomes
    ```Dockerfile
    FROM python:3.12-slim
    ENV POETRY_VIRTUALENVS_CREATE=false
    RUN --mount=type=cache,target=/root/.cache/pypoetry \\
        poetry install --no-root
    ```

    ## Fix safety
    Safe. For a user other than root the mount carries its `uid=`/`gid=`; no fix
    when the Dockerfile does not show them, or when `poetry config cache-dir`, or a
    copied `poetry.toml` (project) or `~/.config/pypoetry/config.toml` that sets
    `cache-dir` (or may, with the build context unknown), moves the cache.
    """
    return cache_checks.cache_not_mounted(context, POETRY_CACHE_NOT_MOUNTED, POETRY)
