"""Finding cargo commands in a RUN: subcommands, options, environment prefixes, working directory."""

from __future__ import annotations

import pytest

from dockerls.rules.cargo.invocations import cargo_calls
from dockerls.syntax import parse
from dockerls.syntax.state import state_of


def calls(body: str, prelude: str = "FROM rust\nWORKDIR /app\n"):
    document = parse(prelude + "RUN " + body + "\n")
    return cargo_calls(document.instructions[-1])


@pytest.mark.parametrize(
    "body, subcommand",
    [
        ("cargo build --release", "build"),
        ("cargo b -r", "build"),
        ("cargo +nightly --locked build", "build"),
        ("cargo --color always -Z unstable-options build", "build"),
        ("cargo chef cook --release --recipe-path recipe.json", "chef cook"),
        ("cargo chef prepare --recipe-path recipe.json", "chef prepare"),
        ("cargo auditable build --release", "auditable build"),
        ("/usr/local/cargo/bin/cargo t", "test"),
        ("sudo -E env CARGO_HOME=/c cargo fetch", "fetch"),
        ("xx-cargo build --release", "build"),
    ],
)
def test_subcommands_behind_wrappers_aliases_and_global_options(body, subcommand):
    (call,) = calls(body)
    assert call.subcommand == subcommand


def test_other_programs_are_not_cargo():
    assert calls("cargo-chef --help; rustup target add x86_64-unknown-linux-musl; echo cargo build") == []


def test_option_values_in_both_spellings_and_global_flags():
    (call,) = calls("cargo --locked build --target=x86_64-unknown-linux-musl --target aarch64-unknown-linux-gnu -r")
    assert call.values("--target") == ["x86_64-unknown-linux-musl", "aarch64-unknown-linux-gnu"]
    assert call.is_locked and call.has("-r") and not call.has("--release")


def test_prefix_and_env_assignments_are_read_back_from_the_source():
    first, second = calls("CARGO_TARGET_DIR=/out cargo build && env CARGO_HOME=/c cargo fetch")
    assert first.assignments == {"CARGO_TARGET_DIR": "/out"}
    assert second.assignments == {"CARGO_HOME": "/c"}


@pytest.mark.parametrize(
    "body, offline",
    [
        ("cargo build --frozen", True),
        ("cargo --offline build", True),
        ("CARGO_NET_OFFLINE=true cargo build", True),
        ("cargo build --config net.offline=true", True),
        ("cargo build --locked", False),
    ],
)
def test_offline(body, offline):
    (call,) = calls(body)
    assert call.is_offline({}) is offline


def test_offline_from_env():
    document = parse("FROM rust\nENV CARGO_NET_OFFLINE=true\nRUN cargo build\n")
    run = document.instructions[-1]
    (call,) = cargo_calls(run)
    assert call.is_offline(state_of(run).env) and not call.is_offline({})


def test_install_writes_target_only_with_path():
    with_path, from_registry, own_dir = calls(
        "cargo install --path . && cargo install ripgrep && cargo install --path . --target-dir /t"
    )
    assert with_path.writes_target and not from_registry.writes_target and not own_dir.writes_target
    assert from_registry.downloads


@pytest.mark.parametrize(
    "body, cwd",
    [
        ("cargo build", "/app"),
        ("cd crates/server && cargo build", "/app/crates/server"),
        ("cd /srv; cd sub && cargo build", "/srv/sub"),
        ("cargo -C sub build", "/app/sub"),
        ("(cd sub && true) && cargo build", None),  # a nested cd leaves the directory unknown
        ("cd $UNSET && cargo build", None),
        ("cd - && cargo build", None),
        ("cd && cargo build", "/root"),
    ],
)
def test_working_directory_follows_cd(body, cwd):
    assert calls(body)[-1].cwd == cwd


def test_heredoc_and_exec_form_runs():
    (heredoc,) = calls("<<EOF\nset -e\ncargo build --release\nEOF")
    assert heredoc.subcommand == "build" and heredoc.cwd == "/app"
    (exec_form,) = calls('["cargo", "build", "--release"]')
    assert exec_form.has("--release")


def test_unknown_workdir_leaves_cwd_unknown():
    (call,) = calls("cargo build", "FROM rust\nWORKDIR $SOMEWHERE\n")
    assert call.cwd is None
