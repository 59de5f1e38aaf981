FROM --platform=$BUILDPLATFORM rust:1.81 AS build
ARG TARGETARCH
WORKDIR /app
RUN case "$TARGETARCH" in arm64) echo aarch64-unknown-linux-gnu ;; *) echo x86_64-unknown-linux-gnu ;; esac > /triple
RUN --mount=type=bind,source=src,target=src \
    --mount=type=bind,source=Cargo.lock,target=Cargo.lock \
    --mount=type=bind,source=Cargo.toml,target=Cargo.toml \
    --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    cargo build --locked --release --target "$(cat /triple)"
FROM debian:bookworm-slim
COPY --from=build /app/target/*/release/app /usr/local/bin/app
