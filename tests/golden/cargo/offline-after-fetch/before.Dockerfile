FROM rust:1.81 AS build
WORKDIR /app
COPY Cargo.toml Cargo.lock ./
RUN cargo fetch --locked
COPY src src
RUN cargo build --release --frozen
FROM debian:bookworm-slim
COPY --from=build /app/target/release/app /usr/local/bin/app
