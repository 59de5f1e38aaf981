FROM rust:1.81.0-slim AS build

WORKDIR /app

COPY Cargo.toml Cargo.lock ./
COPY src src
RUN --mount=type=cache,target=/app/target,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    cargo build --locked --release && \
    cp /app/target/release/hello_rust /usr/local/bin/hello_rust

FROM debian:stable-slim AS final
COPY --from=build /usr/local/bin/hello_rust /bin/hello_rust
ENTRYPOINT ["/bin/hello_rust"]
