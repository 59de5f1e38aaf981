"""Where CARGO_HOME is for a RUN."""

from __future__ import annotations

import pytest

from dockerls.rules.cargo.home import cargo_home, image_name, is_rust_image
from dockerls.rules.cargo.invocations import cargo_calls
from dockerls.analysis.users import effective_user
from dockerls.syntax import parse


def home_of(text: str):
    document = parse(text)
    run = document.instructions[-1]
    (call,) = cargo_calls(run)
    return cargo_home(document, run, call, effective_user(document, run))


@pytest.mark.parametrize(
    "base, rust",
    [
        ("rust", True),
        ("rust:1.81-slim-bookworm", True),
        ("docker.io/library/rust:alpine", True),
        ("rustlang/rust:nightly", True),
        ("rust@sha256:0123", True),
        ("lukemathwalker/cargo-chef:latest-rust-1", True),
        ("rusty:1", False),
        ("debian:bookworm", False),
        ("ghcr.io/rust-lang/rust-analyzer", False),
    ],
)
def test_official_rust_images(base, rust):
    assert is_rust_image(base) is rust


def test_image_name():
    assert image_name("docker.io/library/rust:1.81") == "rust"
    assert image_name("registry:5000/team/rust:1") == "registry:5000/team/rust"


@pytest.mark.parametrize(
    "text, path, assumed",
    [
        ("FROM rust:1.81\nRUN cargo build", "/usr/local/cargo", False),
        ("FROM rust AS base\nFROM base\nRUN cargo build", "/usr/local/cargo", False),
        ("FROM rust\nENV CARGO_HOME=/opt/cargo\nRUN cargo build", "/opt/cargo", False),
        ("FROM rust\nRUN CARGO_HOME=/c cargo build", "/c", False),
        ("FROM debian\nRUN cargo build", "/root/.cargo", False),
        ("FROM debian\nENV HOME=/home/ci\nRUN cargo build", "/home/ci/.cargo", False),
        ("FROM debian\nRUN useradd -m -u 1000 app\nUSER app\nRUN cargo build", "/home/app/.cargo", False),
        ("FROM example.com/builder\nRUN cargo build", "/root/.cargo", True),
        ("FROM example.com/builder\nENV HOME=/h\nRUN cargo build", "/h/.cargo", False),
    ],
)
def test_cargo_home(text, path, assumed):
    home = home_of(text)
    assert (home.path, home.assumed) == (path, assumed)


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian\nUSER $WHO\nRUN cargo build",  # who is unknown, so is their home
        "FROM rust\nRUN CARGO_HOME=$SOMEWHERE cargo build",
        "FROM rust\nWORKDIR $X\nRUN CARGO_HOME=rel cargo build",
    ],
)
def test_unknown_cargo_home(text):
    assert home_of(text).path is None
