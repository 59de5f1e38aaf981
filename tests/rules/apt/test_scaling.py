"""The apt rules do work in proportion to the file: twice the RUNs, at most about twice the work.

The rules run on every keystroke, so work that grows faster than the file (a
scan of all later instructions for each RUN, a walk over every stage for
each stage) makes long files unusable. Work is counted in executed lines of
dockerls code, not timed: the count is the same on every machine, so a
quadratic regression fails here on every run, not only on a slow day.
"""

from __future__ import annotations

import pytest

from dockerls.engine.check import check
from dockerls.rules import apt
from tests.rules.apt.support import buildkit_commands, executed_lines, parsed

# Linear work doubles; a quadratic step would show as a ratio near 4.
GROWTH_LIMIT = 2.2

CACHED = "--mount=type=cache,target=/var/cache/apt"
LISTS = "--mount=type=cache,target=/var/lib/apt,sharing=locked"


def apt_runs(n: int) -> list[str]:
    """``n`` RUNs of each kind the rules look at: uncached with list cleanup, cached with a
    cleanup that wipes the cache, install relying on earlier lists, a lists mount without update."""
    lines = []
    for i in range(n):
        lines += [
            f"RUN apt-get update && apt-get install -y --no-install-recommends pkg{i} && rm -rf /var/lib/apt/lists/*",
            f"RUN {CACHED} apt-get update && apt-get install -y tool{i} && apt-get clean",
            f"RUN apt-get install -y extra{i}",
            f"RUN {LISTS} apt-cache policy pkg{i} && apt-mark hold pkg{i}",
        ]
    return lines


def one_stage(n: int) -> str:
    return "\n".join(["FROM debian:bookworm", *apt_runs(n)]) + "\n"


def chain(n: int) -> str:
    """``n`` stages, each built on the one before."""
    lines = ["FROM debian:bookworm AS s0", *apt_runs(1)]
    for i in range(1, n):
        lines += [f"FROM s{i - 1} AS s{i}", *apt_runs(1)]
    return "\n".join(lines) + "\n"


def star(n: int) -> str:
    """One base stage and ``n`` stages built on it."""
    lines = ["FROM ubuntu:24.04 AS base", *apt_runs(1)]
    for i in range(n):
        lines += [f"FROM base AS s{i}", *apt_runs(1)]
    return "\n".join(lines) + "\n"


def apt_work(text: str) -> tuple[int, list[str]]:
    document = parsed(text)
    found = []
    work = executed_lines(lambda: found.extend(check(document, apt.RULES)))
    return work, [finding.code for finding in found]


@pytest.mark.parametrize("shape, n", [(one_stage, 80), (chain, 60), (star, 60)])
def test_twice_the_runs_take_at_most_about_twice_the_work(shape, n):
    buildkit_commands(shape(n))  # the inputs are Dockerfiles BuildKit reads
    work, codes = apt_work(shape(n))
    double_work, double_codes = apt_work(shape(2 * n))
    # Every rule has something to do, and the findings grow with the file: so must the work.
    assert {"APT001", "APT003", "APT004", "APT005"} <= set(codes)
    assert len(double_codes) <= GROWTH_LIMIT * len(codes)
    assert double_work <= GROWTH_LIMIT * work, f"work grew {double_work / work:.2f}x for 2x the RUNs"
