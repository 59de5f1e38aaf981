FROM rust:1.81 AS build
WORKDIR /app
RUN --mount=type=bind,source=src,target=src \
    --mount=type=bind,source=Cargo.toml,target=Cargo.toml \
    --mount=type=bind,source=Cargo.lock,target=Cargo.lock \
    --mount=type=cache,target=/app/target \
    --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/local/cargo/git/db \
    set -eux; \
    cargo build --locked --release; \
    cp ./target/release/app /bin/app
FROM debian:bookworm-slim
COPY --from=build /bin/app /usr/local/bin/app
