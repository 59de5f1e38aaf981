FROM rust:1.81 AS build
WORKDIR /app
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/app/target \
    cargo build --release && cp target/release/app /usr/local/bin/app
FROM debian:bookworm-slim
COPY --from=build /usr/local/bin/app /usr/local/bin/app
