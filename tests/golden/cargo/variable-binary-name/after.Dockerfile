ARG APP_NAME=app
FROM rust:1.81 AS build
ARG APP_NAME
WORKDIR /app
RUN --mount=type=bind,source=src,target=src \
    --mount=type=bind,source=Cargo.lock,target=Cargo.lock \
    --mount=type=bind,source=Cargo.toml,target=Cargo.toml \
    --mount=type=cache,target=/app/target,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    cargo build --locked --release --bin "$APP_NAME" && \
    cp /app/target/release/${APP_NAME} /usr/local/bin/${APP_NAME}
FROM debian:bookworm-slim
ARG APP_NAME
COPY --from=build /usr/local/bin/${APP_NAME} /usr/local/bin/${APP_NAME}
