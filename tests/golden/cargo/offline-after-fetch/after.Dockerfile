FROM rust:1.81 AS build
WORKDIR /app
COPY Cargo.toml Cargo.lock ./
RUN cargo fetch --locked
RUN --mount=type=bind,source=src,target=src \
    --mount=type=cache,target=/app/target,sharing=locked \
    cargo build --release --frozen && \
    cp /app/target/release/app /usr/local/bin/app
FROM debian:bookworm-slim
COPY --from=build /usr/local/bin/app /usr/local/bin/app
