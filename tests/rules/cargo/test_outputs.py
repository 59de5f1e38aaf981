"""target/ location and which paths under it are build artifacts."""

from __future__ import annotations

import pytest

from dockerls.rules.cargo.invocations import cargo_calls
from dockerls.rules.cargo.manifest import Project
from dockerls.rules.cargo.outputs import output_layout, target_dir
from dockerls.syntax import parse


def build(text: str):
    document = parse("FROM rust\nWORKDIR /app\n" + text + "\n")
    run = document.instructions[-1]
    return run, [call for call in cargo_calls(run) if call.builds]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("RUN cargo build", "/app/target"),
        ("RUN cargo build --target-dir out", "/app/out"),
        ("RUN cargo build --target-dir=/tmp/t", "/tmp/t"),
        ("RUN CARGO_TARGET_DIR=/o cargo build", "/o"),
        ("ENV CARGO_TARGET_DIR=/build\nRUN cargo build", "/build"),
        ("ENV CARGO_BUILD_TARGET_DIR=rel\nRUN cargo build", "/app/rel"),
        ("RUN cargo build --manifest-path svc/Cargo.toml", "/app/svc/target"),
        ("RUN cd svc && cargo build", "/app/svc/target"),
        ("ARG DIR=/d\nRUN cargo build --target-dir $DIR", "/d"),
    ],
)
def test_target_dir(text, expected):
    run, (call,) = build(text)
    assert target_dir(run, call, None).path == expected


@pytest.mark.parametrize(
    "text",
    ["RUN cargo build --target-dir $UNSET", "RUN (cd x; cargo build)", "RUN cargo build --manifest-path $M"],
)
def test_unknown_target_dir(text):
    run, (call,) = build(text)
    assert target_dir(run, call, None).path is None


def test_config_target_dir_makes_it_unknown():
    run, (call,) = build("RUN cargo build")
    project = Project(root=".", config_target_dir="custom")
    assert target_dir(run, call, project).path is None


@pytest.mark.parametrize(
    "text, relative, artifact",
    [
        ("RUN cargo build", "debug/app", ("debug", "app")),
        ("RUN cargo build --release", "release/app", ("release", "app")),
        ("RUN cargo build --release", "debug/app", None),
        ("RUN cargo build --release", "release/deps/app-1234", None),
        ("RUN cargo build --release", "release", None),
        ("RUN cargo build --release", "release/app*", None),
        ("RUN cargo build --release", "*/release/app", None),
        # Without --target the image may set CARGO_BUILD_TARGET: any triple directory.
        ("RUN cargo build --release", "x86_64-unknown-linux-musl/release/app", ("x86_64-unknown-linux-musl/release", "app")),
        ("RUN cargo build -r --target x86_64-unknown-linux-musl", "x86_64-unknown-linux-musl/release/app",
         ("x86_64-unknown-linux-musl/release", "app")),
        ("RUN cargo build -r --target x86_64-unknown-linux-musl", "release/app", None),
        ("RUN cargo build -r --target x86_64-unknown-linux-musl", "aarch64-unknown-linux-gnu/release/app", None),
        ("RUN cargo zigbuild -r --target x86_64-unknown-linux-gnu.2.17", "x86_64-unknown-linux-gnu/release/app",
         ("x86_64-unknown-linux-gnu/release", "app")),
        ("RUN cargo build --target specs/thumb.json", "thumb/debug/fw", ("thumb/debug", "fw")),
        ("RUN cargo build --profile dist", "dist/app", ("dist", "app")),
        ("RUN cargo build --profile dev", "debug/app", ("debug", "app")),
        ("RUN cargo build --profile bench", "release/app", ("release", "app")),
        ("RUN cargo build --profile $P", "release/app", None),
        ("RUN xx-cargo build --release", "aarch64-unknown-linux-gnu/release/app",
         ("aarch64-unknown-linux-gnu/release", "app")),
        ("RUN cargo build --release --target $T", "whatever/release/app", ("whatever/release", "app")),
    ],
)
def test_artifact_paths(text, relative, artifact):
    run, builds = build(text)
    assert output_layout(run, builds, None).artifact(relative) == artifact


def test_config_build_target_is_used_when_no_flag_names_one():
    run, builds = build("RUN cargo build --release")
    layout = output_layout(run, builds, Project(root=".", config_targets=("wasm32-unknown-unknown",)))
    assert layout.artifact("wasm32-unknown-unknown/release/app.wasm") == ("wasm32-unknown-unknown/release", "app.wasm")
    assert layout.artifact("release/app") is None
