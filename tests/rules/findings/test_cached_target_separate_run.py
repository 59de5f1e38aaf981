"""CRG004: a separate RUN that mounts the same cache (same id, or same target without one)
sees the build outputs in it: copying them out there is not reading a missing file (#16)."""

from __future__ import annotations

import pytest

from tests.linting import lint
from tests.rules.cargo.helpers import app_context

BUILD = "FROM rust:1.81 AS build\nWORKDIR /app\nCOPY . .\n"
FINAL = "FROM debian:bookworm-slim\nCOPY --from=build /usr/local/bin/app /usr/local/bin/app\n"


def crg004(build_mount: str, copy_run: str) -> list:
    text = (
        BUILD
        + f"RUN {build_mount} cargo build --locked --release\n"
        + f"RUN {copy_run}cp /app/target/release/app /usr/local/bin/app\n"
        + FINAL
    )
    return [f for f in lint(text, build_context=app_context()) if f.code == "CRG004"]


@pytest.mark.parametrize(
    "build_mount, copy_mount",
    [
        ("--mount=type=cache,id=target,target=/app/target", "--mount=type=cache,id=target,target=/app/target"),
        ("--mount=type=cache,target=/app/target", "--mount=type=cache,target=/app/target"),
        ("--mount=type=cache,target=/app/target", "--mount=type=cache,target=target"),  # relative to WORKDIR
        # BuildKit's default id is the target: the two name one cache.
        ("--mount=type=cache,id=/app/target,target=/app/target", "--mount=type=cache,target=/app/target"),
    ],
    ids=["same-id", "same-target", "relative-target", "explicit-default-id"],
)
def test_a_run_mounting_the_same_cache_sees_the_outputs(build_mount, copy_mount):
    assert crg004(build_mount, copy_mount + " ") == []


def test_control_a_separate_run_without_the_mount_is_an_error():
    (finding,) = crg004("--mount=type=cache,id=target,target=/app/target", "")
    assert finding.severity.value == "error"
    assert "/app/target/release/app is inside the cache mount of line 4" in finding.message


def test_control_a_different_id_is_another_cache():
    found = crg004("--mount=type=cache,id=target,target=/app/target", "--mount=type=cache,id=other,target=/app/target ")
    assert [f.severity.value for f in found if "/app/target/release/app" in f.message] == ["error"]


def test_control_the_same_id_at_another_target_does_not_show_the_path():
    found = crg004("--mount=type=cache,id=target,target=/app/target", "--mount=type=cache,id=target,target=/elsewhere ")
    assert [f.severity.value for f in found if "/app/target/release/app" in f.message] == ["error"]
