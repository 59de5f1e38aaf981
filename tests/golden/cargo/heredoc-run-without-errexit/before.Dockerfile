# syntax=docker/dockerfile:1
FROM rust:1.81 AS build
WORKDIR /app
COPY . .
RUN <<EOF
echo building
cargo build --locked --release
EOF
FROM debian:bookworm-slim
COPY --from=build /app/target/release/app /usr/local/bin/app
