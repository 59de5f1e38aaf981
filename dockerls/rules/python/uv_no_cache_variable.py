"""PIP104: UV_NO_CACHE set by ENV or ARG."""

from __future__ import annotations

from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding
from dockerls.core.rule import rule
from dockerls.rules.managers import variable_checks
from dockerls.rules.python.installs import UV


@rule("PIP104", "uv-no-cache-variable", fix="always")
def UV_NO_CACHE_VARIABLE(context: RuleContext) -> Iterator[Finding]:
    """`UV_NO_CACHE` set by ENV or ARG turns uv's cache off for the installs after it.

    ## What it does
    Reports the ENV or ARG that sets `UV_NO_CACHE` to a true value (`1`, `true`,
    `yes`, `on`, …) when a later uv install runs with it. False values (`0`,
    `false`, `no`, `off`) leave the cache on and are not reported.

    ## Why
    With a cache mount the cache costs the image nothing.

    ## Example
    ```Dockerfile
    FROM python:3.12-slim
    ENV UV_NO_CACHE=1
    RUN uv pip install --system flask
    ```
    becomes
    ```Dockerfile
    FROM python:3.12-slim
    RUN uv pip install --system flask
    ```

    ## Fix safety
    As PIP004: removing an ARG's default is safe; removing an ENV is safe unless
    the stage reaches the final image, whose environment would lose it. A RUN that
    PIP101 gives a cache mount gets `UV_NO_CACHE=false` on its command instead,
    which is safe either way.
    """
    return variable_checks.cache_disabled_by_variable(context, UV_NO_CACHE_VARIABLE, UV)
