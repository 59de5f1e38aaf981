"""PIP002: requirements files copied into the image only to be installed."""

from __future__ import annotations

from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding
from dockerls.core.rule import rule
from dockerls.rules.managers import file_checks
from dockerls.rules.python.installs import PIP


@rule("PIP002", "pip-requirements-not-bind-mounted", fix="sometimes")
def PIP_REQUIREMENTS_NOT_BIND_MOUNTED(context: RuleContext) -> Iterator[Finding]:
    """A requirements file is copied into the image to be read by `pip install -r`: bind-mount it.

    ## What it does
    Reports `pip install -r FILE` (and `-c FILE`, several of them, `--requirement=FILE`)
    when FILE came from a COPY naming it (`COPY requirements.txt .`) and no bind
    mount puts it there already. Files the requirements file includes with
    `-r`/`-c` are bound too when the same kind of COPY brought them. The bind
    target is the path exactly as the command reads it (relative targets resolve
    against WORKDIR, as the command does).

    Files copied with the rest of the project (`COPY . .`), made by an earlier RUN,
    or read again later (by another instruction, a later stage or `COPY --from`) are
    left alone.

    ## Why
    A bind mount gives the install the file without putting it in a layer; together
    with PIP003 the COPY and its layer go away.

    ## Example
    ```Dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt .
    RUN pip install -r requirements.txt
    ```
    becomes
    ```Dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt .
    RUN --mount=type=bind,source=requirements.txt,target=requirements.txt \\
        pip install -r requirements.txt
    ```

    ## Fix safety
    Safe when the file is in the build context and not excluded by `.dockerignore`
    (the COPY stays, so the image is unchanged). Unsafe when the build context is
    unknown (an unsaved buffer); no fix when the file is missing or ignored. The
    removal of the COPY is offered as an unsafe alternative when it would change
    the final image.
    """
    return file_checks.files_not_bind_mounted(context, PIP_REQUIREMENTS_NOT_BIND_MOUNTED, PIP)
