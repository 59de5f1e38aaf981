"""PIP004: PIP_NO_CACHE_DIR set by ENV or ARG."""

from __future__ import annotations

from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding
from dockerls.core.rule import rule
from dockerls.rules.managers import variable_checks
from dockerls.rules.python.installs import PIP


@rule("PIP004", "pip-no-cache-dir-variable", fix="always")
def PIP_NO_CACHE_DIR_VARIABLE(context: RuleContext) -> Iterator[Finding]:
    """`PIP_NO_CACHE_DIR` set by ENV or ARG turns pip's cache off for the installs after it.

    ## What it does
    Reports the ENV or ARG that gives `PIP_NO_CACHE_DIR` a value when a later
    pip install (in the stage or in stages built on it) runs with it.

    pip treats *every* valid boolean here as "no cache": `1`, `true`, `yes`, `on`,
    and for backwards compatibility also `0`, `false`, `no`, `off`. An empty value
    is ignored; any other value makes pip stop with an error.

    ## Why
    With a cache mount (PIP001) the cache costs the image nothing; the variable
    only makes every build download everything again.

    ## Example
    ```Dockerfile
    FROM python:3.12-slim
    ENV PIP_NO_CACHE_DIR=off
    RUN --mount=type=cache,target=/root/.cache/pip pip install flask
    ```
    becomes
    ```Dockerfile
    FROM python:3.12-slim
    RUN --mount=type=cache,target=/root/.cache/pip pip install flask
    ```

    ## Fix safety
    For an ARG the fix removes its default value: build arguments never reach the
    image, so this is safe. For an ENV the fix removes the assignment: safe in a
    stage that does not end up in the final image, unsafe otherwise (the final
    image's environment loses the variable, which pip run in the container would
    notice). Unsafe as well when another instruction uses the variable. A RUN
    that PIP001 gives a cache mount gets `PIP_NO_CACHE_DIR= pip …` instead, which
    turns the cache back on for that command only and is safe either way.
    """
    return variable_checks.cache_disabled_by_variable(context, PIP_NO_CACHE_DIR_VARIABLE, PIP)
