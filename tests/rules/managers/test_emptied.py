"""xx1: a cleanup in the RUN that has the cache mount empties it on every build (any profile family)."""

from __future__ import annotations

import pytest

from dockerls.engine import LintSettings
from tests.linting import fix, lint


@pytest.mark.parametrize(
    "text, code, kept",
    [
        ("FROM composer:2\nRUN --mount=type=cache,target=/tmp/cache composer install && composer clear-cache\n", "CMP001", "composer install"),
        ("FROM node:20\nRUN --mount=type=cache,target=/root/.npm npm ci && npm cache clean --force\n", "NPM001", "npm ci"),
        (
            "FROM rockylinux:9\nRUN --mount=type=cache,target=/var/cache/dnf,sharing=locked dnf install -y --setopt=keepcache=1 git && dnf clean all\n",
            "DNF001", "dnf install",
        ),
        ("FROM ruby:3.3\nRUN --mount=type=cache,target=/usr/local/bundle/cache gem install rake && rm -rf $GEM_HOME/cache/*\n", "GEM001", "gem install"),
    ],
)
def test_a_cleanup_of_the_mounted_cache_is_reported_and_dropped(text: str, code: str, kept: str) -> None:
    (finding,) = [f for f in lint(text) if f.code == code]
    assert "empties" in finding.message and finding.fix is not None and finding.fix.is_safe
    fixed = fix(text, LintSettings()).text
    assert kept in fixed and "clean" not in fixed.split(kept, 1)[1] and "rm " not in fixed
    assert not [f for f in lint(fixed) if f.code == code]


def test_a_cleanup_of_a_cache_left_unmounted_is_not_touched() -> None:
    """go clean -cache keeps the build cache out of the image while only the module cache is mounted."""
    text = "FROM golang:1.22 AS b\nRUN --mount=type=cache,target=/go/pkg/mod go build ./... && go clean -cache\n"
    assert not [f for f in lint(text) if "empties" in f.message]


def test_a_cleanup_elsewhere_is_not_reported() -> None:
    text = "FROM composer:2\nRUN --mount=type=cache,target=/tmp/cache composer install && rm -rf /tmp/build\n"
    assert not [f for f in lint(text) if f.code == "CMP001"]
