"""The cargo rules do work in proportion to the file: twice the builds, at most about twice the work.

Every cargo rule asks about what comes after a build RUN (later uses of its
target/, COPY --from in any stage, later offline builds) and before it (the
COPYs it reads, the users created). Answering by scanning the file for each
RUN makes the work grow with the square of the file. Work is counted in
executed lines of dockerls code, not timed: the count is the same on every
machine, so a quadratic regression fails here on every run, not only on a slow day.
"""

from __future__ import annotations

import pytest

from dockerls.core.buildcontext import NO_CONTEXT
from dockerls.engine.check import check
from dockerls.rules import cargo
from tests.rules.apt.support import buildkit_commands, executed_lines, parsed

from .helpers import app_context

# Linear work doubles; a quadratic step would show as a ratio near 4.
GROWTH_LIMIT = 2.2


def build_stages(n: int) -> str:
    """``n`` builder stages, each copying its sources in, and a final stage copying every binary out."""
    lines = []
    for i in range(n):
        lines += [
            f"FROM rust:1.81 AS b{i}",
            f"WORKDIR /app{i}",
            "COPY Cargo.toml Cargo.lock ./",
            "COPY src src",
            "RUN cargo build --locked --release && strip target/release/app",
        ]
    lines.append("FROM debian:bookworm-slim")
    lines += [f"COPY --from=b{i} /app{i}/target/release/app /usr/local/bin/app{i}" for i in range(n)]
    return "\n".join(lines) + "\n"


def chain(n: int) -> str:
    """``n`` stages, each built on the one before: each creates a user, builds offline from
    the crates the first stage fetched, and runs its binary."""
    lines = ["FROM rust:1.81 AS s0", "WORKDIR /app", "RUN cargo fetch --locked"]
    for i in range(n):
        if i:
            lines.append(f"FROM s{i - 1} AS s{i}")
        lines += [
            "COPY src src",
            f"RUN useradd -u {1000 + i} user{i}",
            f"RUN cargo build --offline --release --bin app{i}",
            f"RUN ./target/release/app{i} --selftest",
        ]
    return "\n".join(lines) + "\n"


def star(n: int) -> str:
    """One stage with the sources, ``n`` stages built on it that each build one binary, and a
    final stage copying every binary out."""
    lines = ["FROM rust:1.81 AS base", "WORKDIR /app", "COPY Cargo.toml Cargo.lock ./", "COPY src src"]
    for i in range(n):
        lines += [f"FROM base AS c{i}", f"RUN cargo build --locked --release --bin app{i}"]
    lines.append("FROM debian:bookworm-slim")
    lines += [f"COPY --from=c{i} /app/target/release/app{i} /usr/local/bin/app{i}" for i in range(n)]
    return "\n".join(lines) + "\n"


def one_stage(n: int) -> str:
    """``n`` cached builds in one long stage (each with its own target directory, so each a
    directory of its own to look for later), crates fetched first and built offline, and
    a final stage copying every binary out of the caches."""
    lines = ["FROM rust:1.81 AS build", "WORKDIR /app"]
    for i in range(n):
        lines += [
            "RUN cargo fetch --locked",
            f"RUN --mount=type=cache,target=/t{i} cargo build --offline --release --target-dir /t{i}",
            *(f"ENV STEP_{i}_{j}=done" for j in range(12)),
        ]
    lines.append("FROM debian:bookworm-slim")
    lines += [f"COPY --from=build /t{i}/release/app /usr/local/bin/app{i}" for i in range(n)]
    return "\n".join(lines) + "\n"


def cargo_work(text: str, context) -> tuple[int, list[str]]:
    document = parsed(text)
    found = []
    work = executed_lines(lambda: found.extend(check(document, cargo.RULES, build_context=context)))
    return work, [finding.code for finding in found]


@pytest.mark.parametrize(
    "shape, n, context, expected",
    [
        (build_stages, 50, app_context(), {"CRG001", "CRG002", "CRG003"}),
        (build_stages, 50, NO_CONTEXT, {"CRG001", "CRG002", "CRG003"}),
        (chain, 60, app_context(), {"CRG001"}),
        (star, 60, app_context(), {"CRG001", "CRG002"}),
        (one_stage, 60, NO_CONTEXT, {"CRG001", "CRG004"}),
    ],
    ids=["build-stages", "build-stages-no-context", "chain", "star", "one-stage"],
)
def test_twice_the_builds_take_at_most_about_twice_the_work(shape, n, context, expected):
    buildkit_commands(shape(n))  # the inputs are Dockerfiles BuildKit reads
    work, codes = cargo_work(shape(n), context)
    double_work, double_codes = cargo_work(shape(2 * n), context)
    # The rules have something to do, and the findings grow with the file: so must the work.
    assert expected <= set(codes)
    assert len(double_codes) <= GROWTH_LIMIT * len(codes)
    assert double_work <= GROWTH_LIMIT * work, f"work grew {double_work / work:.2f}x for 2x the builds"
