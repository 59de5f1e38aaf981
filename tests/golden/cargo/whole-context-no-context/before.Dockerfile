FROM rust:1.81 AS build
WORKDIR /app
COPY . .
RUN cargo build --locked --release
FROM debian:bookworm-slim
COPY --from=build /app/target/release/app /usr/local/bin/app
