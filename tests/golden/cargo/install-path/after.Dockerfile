FROM rust:1.81 AS builder
WORKDIR /usr/src/myapp
RUN --mount=type=bind,source=src,target=src \
    --mount=type=bind,source=Cargo.lock,target=Cargo.lock,rw \
    --mount=type=bind,source=Cargo.toml,target=Cargo.toml \
    --mount=type=bind,source=README.md,target=README.md \
    --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    cargo install --path .

FROM debian:bookworm-slim
COPY --from=builder /usr/local/cargo/bin/app /usr/local/bin/app
CMD ["app"]
