"""A released tree is freed by reference counting alone: no cycles are left for the collector.

The server replaces a tree on every edit; left to Python's cycle collector
(whose thresholds dockerls raises for latency) replaced trees piled up to
hundreds of megabytes on large files.
"""

from __future__ import annotations

import gc

import pytest

from dockerls.engine import StageGroupCache
from tests.linting import fix, lint_document
from dockerls.syntax import parse
from dockerls.syntax.shell import shell_of

TEXT = (
    "# syntax=docker/dockerfile:1\n"
    "FROM debian:bookworm AS base\n"
    "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
    "FROM python:3.12 AS app\n"
    "COPY requirements.txt .\n"
    "RUN pip install --no-cache-dir -r requirements.txt\n"
    "FROM rust:1.81 AS build\n"
    "WORKDIR /app\n"
    "COPY . .\n"
    "RUN cargo build --release\n"
    "FROM debian:bookworm\n"
    "COPY --from=build /app/target/release/app /usr/local/bin/app\n"
)


@pytest.fixture
def collector_off():
    fix(TEXT, unsafe=True)  # first use imports modules and fills caches: garbage of its own
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_a_linted_tree_once_released_leaves_no_cycles(collector_off) -> None:
    tree = parse(TEXT)
    assert lint_document(tree)  # the rules fill the tree's memo with their analyses
    tree.release()
    del tree
    assert gc.collect() == 0


def test_an_unreleased_tree_does_leave_cycles(collector_off) -> None:
    """The control: without release() the same tree is cyclic garbage."""
    tree = parse(TEXT)
    lint_document(tree)
    del tree
    assert gc.collect() > 0


def test_releasing_an_older_version_leaves_the_newer_one_whole() -> None:
    old = parse(TEXT)
    lint_document(old)
    new = parse(TEXT.replace("curl", "curl git"), old)
    old.release()
    assert all(instruction.document is new for instruction in new.instructions)
    assert all(shell_of(run) is not None for run in new.instructions if run.keyword == "RUN")
    assert lint_document(new) == lint_document(parse(new.text))


def test_fixing_and_checking_by_group_leave_no_cycles(collector_off) -> None:
    cache = StageGroupCache(whole_file_below=0)
    assert fix(TEXT, unsafe=True, cache=cache).text != TEXT
    tree = parse(TEXT.replace("curl", "wget"))
    lint_document(tree, cache=cache)
    tree.release()
    del tree
    for kept in cache.group_documents.values():  # (a few group trees stay on purpose, for the next edit)
        kept.release()
    cache.group_documents.clear()
    assert gc.collect() == 0
