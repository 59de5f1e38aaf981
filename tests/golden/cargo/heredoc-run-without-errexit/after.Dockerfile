# syntax=docker/dockerfile:1
FROM rust:1.81 AS build
WORKDIR /app
RUN --mount=type=bind,source=src,target=src \
    --mount=type=bind,source=Cargo.lock,target=Cargo.lock \
    --mount=type=bind,source=Cargo.toml,target=Cargo.toml \
    --mount=type=cache,target=/app/target,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    <<EOF
echo building
cargo build --locked --release && cp /app/target/release/app /usr/local/bin/app
EOF
FROM debian:bookworm-slim
COPY --from=build /usr/local/bin/app /usr/local/bin/app
