FROM rust:1.81 AS build
ENV CARGO_HOME=/opt/cargo
WORKDIR /app
RUN --mount=type=cache,target=/opt/cargo/git/db,sharing=locked \
    --mount=type=cache,target=/opt/cargo/registry,sharing=locked \
    cargo fetch --locked
