FROM rust:1.81-alpine AS build
RUN --mount=type=cache,target=/var/cache/apk,sharing=locked \
    apk --cache-dir /var/cache/apk add --update-cache musl-dev
WORKDIR /src
RUN --mount=type=bind,source=src,target=src \
    --mount=type=bind,source=Cargo.toml,target=Cargo.toml \
    --mount=type=bind,source=Cargo.lock,target=Cargo.lock \
    --mount=type=cache,target=/src/target,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    rustup target add x86_64-unknown-linux-musl && \
    cargo build --locked --release --target x86_64-unknown-linux-musl && \
    cp /src/target/x86_64-unknown-linux-musl/release/app /usr/local/bin/app
FROM scratch
COPY --from=build /usr/local/bin/app /app
ENTRYPOINT ["/app"]
