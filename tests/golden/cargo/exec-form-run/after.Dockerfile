FROM rust:1.81 AS build
WORKDIR /app
RUN --mount=type=bind,source=src,target=src \
    --mount=type=bind,source=Cargo.lock,target=Cargo.lock \
    --mount=type=bind,source=Cargo.toml,target=Cargo.toml \
    --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    ["cargo", "build", "--locked", "--release"]
FROM debian:bookworm-slim
COPY --from=build /app/target/release/app /usr/local/bin/app
