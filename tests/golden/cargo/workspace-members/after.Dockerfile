FROM rust:1.81 AS build
WORKDIR /app
RUN --mount=type=bind,source=.cargo,target=.cargo \
    --mount=type=bind,source=crates,target=crates \
    --mount=type=bind,source=proto,target=proto \
    --mount=type=bind,source=Cargo.lock,target=Cargo.lock \
    --mount=type=bind,source=Cargo.toml,target=Cargo.toml \
    --mount=type=bind,source=README.md,target=README.md \
    --mount=type=cache,target=/app/target,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    cargo build --locked --release -p server && \
    cp /app/target/release/server /usr/local/bin/server
FROM debian:bookworm-slim
COPY --from=build /usr/local/bin/server /usr/local/bin/server
CMD ["server"]
