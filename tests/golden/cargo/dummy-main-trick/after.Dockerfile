FROM rust:1.81 AS build
WORKDIR /app
COPY Cargo.toml Cargo.lock ./
RUN --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    mkdir src && echo "fn main() {}" > src/main.rs && cargo build --locked --release && rm -rf src
COPY src src
RUN --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    touch src/main.rs && cargo build --locked --release
FROM debian:bookworm-slim
COPY --from=build /app/target/release/app /usr/local/bin/app
