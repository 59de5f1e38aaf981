FROM rust:1.81 AS build
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/app/target,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    cargo build --locked --release && \
    cp /app/target/release/app /usr/local/bin/app
FROM debian:bookworm-slim
COPY --from=build /usr/local/bin/app /usr/local/bin/app
