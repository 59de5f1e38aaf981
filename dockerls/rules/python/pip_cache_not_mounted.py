"""PIP001: pip installs without a cache mount on pip's cache."""

from __future__ import annotations

from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding
from dockerls.core.rule import rule
from dockerls.rules.managers import cache_checks
from dockerls.rules.python.installs import PIP


@rule("PIP001", "pip-cache-not-mounted", fix="sometimes")
def PIP_CACHE_NOT_MOUNTED(context: RuleContext) -> Iterator[Finding]:
    """`pip install` runs without a cache mount on pip's cache, or with the cache turned off.

    ## What it does
    Reports a RUN whose `pip install`, `pip wheel` or `pip download` (also `pip3`,
    `pip3.12`, `python -m pip`) has no `--mount=type=cache` on the directory pip
    caches in at that point of the build, or turns the cache off with
    `--no-cache-dir` or `PIP_NO_CACHE_DIR=… pip …`. A mounted cache that
    `PIP_NO_CACHE_DIR` from ENV or ARG turns off is reported too, when PIP004 cannot
    remove the variable safely (it reaches the final image, or another line uses it).

    The directory follows the build state: `--cache-dir`, then `PIP_CACHE_DIR`,
    then `$XDG_CACHE_HOME/pip`, then `$HOME/.cache/pip` for the user the RUN runs
    as (`/root/.cache/pip` for root).

    ## Why
    Without a cache mount every build downloads and builds every wheel again;
    `--no-cache-dir` only exists to keep the cache out of the image, which a
    cache mount does by itself.

    ## Example
    ```Dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir -r requirements.txt
    ```
    becomes
    ```Dockerfile
    FROM python:3.12-slim
    RUN --mount=type=cache,target=/root/.cache/pip \\
        pip install -r requirements.txt
    ```

    ## Fix safety
    Safe: the cache never lands in the image. The fix makes the mounted cache the
    one pip uses: it drops `--no-cache-dir` and `PIP_NO_CACHE_DIR=…` on the command's
    own line, and when `PIP_NO_CACHE_DIR` reaches the command from ENV, ARG (in this
    stage or one it is built on) or an earlier `export`, it writes
    `PIP_NO_CACHE_DIR= pip …` (an empty value turns the cache back on for that
    command only; any boolean, even `0`, turns it off), so the image keeps its ENV.
    The mount goes where `--cache-dir`, `PIP_CACHE_DIR` or `XDG_CACHE_HOME` put the
    cache. No fix when `PIP_CONFIG_FILE` or an earlier `pip config` may move or
    disable the cache (dockerls does not read those files), nor when a `pip.conf`
    copied to `/etc/pip.conf`, `/etc/xdg/pip/`, `~/.config/pip/` or `~/.pip/` sets
    `cache-dir` or `no-cache-dir` (or may, with the build context unknown). For a user other than root the
    mount carries the user's `uid=` (and `gid=`) from the Dockerfile (`useradd -u`,
    `USER 1000:1000` …); when the Dockerfile does not show the uid or the home
    directory, there is no fix (a root-owned cache is silently ignored by pip).
    BuildKit makes a mount's missing directories as root and leaves them in the
    image, so under a non-root user's home the fix first runs `mkdir -p` on the
    cache directory as that user (the directories stay theirs); when the
    Dockerfile does not show that home made for the user (`useradd -m`,
    `adduser`), the fix is unsafe: `~/.cache` could end up owned by root.
    """
    return cache_checks.cache_not_mounted(context, PIP_CACHE_NOT_MOUNTED, PIP)
