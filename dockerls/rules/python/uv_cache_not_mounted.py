"""PIP101: uv installs without a cache mount on uv's cache."""

from __future__ import annotations

from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding
from dockerls.core.rule import rule
from dockerls.rules.managers import cache_checks
from dockerls.rules.python.installs import UV


@rule("PIP101", "uv-cache-not-mounted", fix="sometimes")
def UV_CACHE_NOT_MOUNTED(context: RuleContext) -> Iterator[Finding]:
    """`uv pip install` or `uv sync` runs without a cache mount on uv's cache, or with the cache off.

    ## What it does
    Reports a RUN whose `uv pip install`, `uv pip sync` or `uv sync` has no
    `--mount=type=cache` on uv's cache directory (`--cache-dir`, `UV_CACHE_DIR`,
    `$XDG_CACHE_HOME/uv`, `$HOME/.cache/uv`), or that turns the cache off with
    `--no-cache`/`-n` or `UV_NO_CACHE=1 uv …`.

    A mounted cache that `UV_NO_CACHE` from ENV or ARG turns off is reported too,
    when PIP104 cannot remove the variable safely.

    ## Why
    Without the mount every build downloads and builds everything again.

    ## Example
    ```Dockerfile
    FROM python:3.12-slim
    RUN uv pip install --system --no-cache -r requirements.txt
    ```
    becomes
    ```Dockerfile
    FROM python:3.12-slim
    RUN --mount=type=cache,target=/root/.cache/uv \\
        UV_LINK_MODE=copy uv pip install --system -r requirements.txt
    ```

    ## Fix safety
    Safe. The fix also sets `UV_LINK_MODE=copy` on the command (see PIP106): files
    linked into a cache mount would not be in the image. It drops `--no-cache`/`-n`
    and `UV_NO_CACHE=…` on the command's line, and when a true `UV_NO_CACHE` reaches
    the command from ENV, ARG or an earlier `export` it writes `UV_NO_CACHE=false uv …`
    for that command only (the image keeps its ENV). The mount goes where
    `--cache-dir`, `UV_CACHE_DIR` or `XDG_CACHE_HOME` put the cache. For a user other than
    root the mount carries the user's `uid=`/`gid=`; no fix when the Dockerfile
    does not show them, when `UV_CONFIG_FILE` or `--config-file` name a file dockerls
    does not read, or when a `uv.toml` copied to the project, `~/.config/uv/` or
    `/etc/uv/` (`/etc/xdg/uv/`) sets `cache-dir` or `no-cache` (or may, with the build
    context unknown).
    """
    return cache_checks.cache_not_mounted(context, UV_CACHE_NOT_MOUNTED, UV)
