# syntax=docker/dockerfile:1
FROM rust:1.81 AS build
WORKDIR /app
COPY Cargo.toml Cargo.lock ./
COPY src src
RUN <<EOF
set -e
cargo build --locked --release
strip target/release/hello_rust
EOF
FROM gcr.io/distroless/cc-debian12
COPY --from=build /app/target/release/hello_rust /
ENTRYPOINT ["/hello_rust"]
