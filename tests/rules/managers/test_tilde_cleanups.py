"""`rm -rf ~/.npm` after an install run by a non-root user: `~` is that user's home, so the rm
empties the cache the fix mounts and is dropped with it. Kept, it would fail every build on the
mount point ("Device or resource busy"; found by a real build of a bun pair)."""

from __future__ import annotations

import pytest

from dockerls.engine.settings import LintSettings
from tests.linting import fix

CASES = [
    ("FROM node:20\nRUN useradd -m -u 1001 app\nUSER app\nWORKDIR /home/app/web\nCOPY package.json package-lock.json ./\n"
     "RUN npm ci && rm -rf ~/.npm\n", "NPM001", "target=/home/app/.npm"),
    ("FROM node:20\nUSER node\nWORKDIR /home/node/web\nRUN npm install && rm -rf ~/.npm\n", "NPM001", "target=/home/node/.npm"),
    ("FROM oven/bun:1\nRUN useradd -m -u 1001 app\nUSER app\nWORKDIR /home/app/web\nCOPY package.json bun.lock ./\n"
     "RUN bun install --frozen-lockfile && rm -rf ~/.bun/install/cache\n", "BUN001", "target=/home/app/.bun/install/cache"),
]


@pytest.mark.parametrize("text, code, mount", CASES)
def test_a_tilde_cleanup_of_the_users_cache_is_dropped_with_the_mount(text: str, code: str, mount: str) -> None:
    fixed = fix(text, LintSettings(select=(code,))).text
    assert mount in fixed
    assert "rm -rf ~/" not in fixed


def test_a_tilde_cleanup_of_another_directory_is_kept() -> None:
    text = "FROM node:20\nUSER node\nWORKDIR /home/node/web\nRUN npm install && rm -rf ~/tmp\n"
    fixed = fix(text, LintSettings(select=("NPM001",))).text
    assert "target=/home/node/.npm" in fixed and "rm -rf ~/tmp" in fixed


def test_a_user_whose_home_is_unknown_gets_an_unsafe_mount_that_says_why() -> None:
    """Found by a real build: `USER 1000:1000` in an image whose user the Dockerfile does not
    show, its cache moved by a variable under that user's home. BuildKit made /home/bun/.cache
    root's; the user had owned it. In the official bun image uid 1000 is `bun`, whose home is
    known: its mount points are made by the user first, and the fix stays safe."""
    from dockerls.core.findings import Applicability
    from tests.linting import lint

    rest = (
        "USER 1000:1000\nENV BUN_INSTALL_CACHE_DIR=/home/app/.cache/bun-install\n"
        "COPY --chown=1000:1000 package.json bun.lock ./\nRUN bun install --frozen-lockfile --no-cache\n"
    )
    (finding,) = [f for f in lint("FROM example/bun-app:1\n" + rest) if f.code == "BUN001"]
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert "owned by root" in finding.fix.title and "uid 1000" in finding.fix.title

    known = "FROM oven/bun:1\n" + rest.replace("/home/app/", "/home/bun/")
    (finding,) = [f for f in lint(known) if f.code == "BUN001"]
    assert finding.fix is not None and finding.fix.is_safe
    assert "RUN mkdir -p /home/bun/.cache/bun-install\n" in fix(known, LintSettings(select=("BUN001",))).text
