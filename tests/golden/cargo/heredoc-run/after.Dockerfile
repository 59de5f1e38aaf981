# syntax=docker/dockerfile:1
FROM rust:1.81 AS build
WORKDIR /app
RUN --mount=type=bind,source=src,target=src \
    --mount=type=bind,source=Cargo.toml,target=Cargo.toml \
    --mount=type=bind,source=Cargo.lock,target=Cargo.lock \
    --mount=type=cache,target=/app/target,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    <<EOF
set -e
cargo build --locked --release
strip target/release/hello_rust
cp /app/target/release/hello_rust /usr/local/bin/hello_rust
EOF
FROM gcr.io/distroless/cc-debian12
COPY --from=build /usr/local/bin/hello_rust /
ENTRYPOINT ["/hello_rust"]
