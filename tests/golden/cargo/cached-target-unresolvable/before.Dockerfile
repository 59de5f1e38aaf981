FROM rust:1.81 AS build
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/app/target \
    --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/local/cargo/git/db \
    cargo build --locked --release
FROM debian:bookworm-slim
COPY --from=build /app/target/release /opt/app
