"""One small check at start-up, so that the first real document does not pay for first use.

The first check of a process imports the rule families' lazily loaded parts,
loads the bash grammar, compiles regular expressions and fills small caches.
The server runs this while answering ``initialize``, where a client waits
anyway, instead of in the first ``didOpen``, where the user waits for
diagnostics.
"""

from __future__ import annotations

from dockerls.engine.buildcontext import MemoryContext

# Every family's common shapes: apt with clean-up, pip with a requirements file, uv,
# poetry, cargo with a copy-out, a heredoc, a non-root user, a suppression comment.
SAMPLE = """\
# syntax=docker/dockerfile:1
ARG BASE=debian:bookworm
FROM ${BASE} AS base
RUN apt-get update && apt-get install -y --no-install-recommends curl \\
    && rm -rf /var/lib/apt/lists/*
FROM python:3.12-slim AS app
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
RUN useradd -u 1000 app
USER app
# dockerls: ignore=PIP001 warm-up
RUN pip install --user flask
FROM python:3.12-bookworm AS uv
COPY pyproject.toml uv.lock ./
RUN uv sync --locked
RUN poetry install --no-root
FROM rust:1.81 AS build
WORKDIR /src
COPY . .
RUN <<EOF
cargo build --release
EOF
FROM debian:bookworm-slim
COPY --from=build /src/target/release/app /usr/local/bin/app
CMD ["app"]
"""


def warm_up() -> list:
    """Check :data:`SAMPLE` once; returns the findings (for tests: it did check)."""
    from dockerls.engine import StageGroupCache, lint_document
    from dockerls.syntax import parse

    context = MemoryContext({"requirements.txt": "flask\n", "pyproject.toml": "", "uv.lock": "", "Cargo.toml": ""})
    tree = parse(SAMPLE)
    findings = lint_document(tree, build_context=context, cache=StageGroupCache())
    tree.release()
    return findings
