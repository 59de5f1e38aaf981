"""PIP003: a COPY of requirements files that only feed pip install."""

from __future__ import annotations

from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding
from dockerls.core.rule import rule
from dockerls.rules.managers import file_checks
from dockerls.rules.python.installs import PIP


@rule("PIP003", "pip-requirements-copy-removable", fix="sometimes")
def PIP_REQUIREMENTS_COPY_REMOVABLE(context: RuleContext) -> Iterator[Finding]:
    """A COPY brings requirements files that nothing but `pip install` reads.

    ## What it does
    Reports the source of a COPY (`COPY requirements.txt .`) whose file is read
    only by pip installs of the same stage, which can bind-mount it instead.
    A COPY of several files loses only those sources.

    ## Why
    The COPY adds a layer and a file nobody needs; bind mounts make the install
    read the file straight from the build context.

    ## Example
    ```Dockerfile
    FROM python:3.12 AS build
    COPY requirements.txt .
    RUN pip wheel -r requirements.txt -w /wheels
    ```
    becomes
    ```Dockerfile
    FROM python:3.12 AS build
    RUN --mount=type=bind,source=requirements.txt,target=requirements.txt \\
        pip wheel -r requirements.txt -w /wheels
    ```

    ## Fix safety
    Safe when the file does not reach the final image (a build stage, or a later
    `COPY . .` brings it back) and the build context has it. Unsafe when the
    file would be missing from the final image, or the build context is unknown.
    Not reported when anything else may read the file: a later instruction naming
    it or a directory above it, a script beside it, a stage built on this one,
    or `COPY --from`/`--mount=…,from=` of this stage.
    """
    return file_checks.copy_removable(context, PIP_REQUIREMENTS_COPY_REMOVABLE, PIP)
