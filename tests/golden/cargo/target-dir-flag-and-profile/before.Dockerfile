FROM rust:1.81 AS build
WORKDIR /app
COPY . .
RUN cargo build --locked --profile dist --target-dir /tmp/out
FROM debian:bookworm-slim
COPY --from=build /tmp/out/dist/app /usr/local/bin/app
