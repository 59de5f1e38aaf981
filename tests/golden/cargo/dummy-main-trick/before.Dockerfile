FROM rust:1.81 AS build
WORKDIR /app
COPY Cargo.toml Cargo.lock ./
RUN mkdir src && echo "fn main() {}" > src/main.rs && cargo build --locked --release && rm -rf src
COPY src src
RUN touch src/main.rs && cargo build --locked --release
FROM debian:bookworm-slim
COPY --from=build /app/target/release/app /usr/local/bin/app
