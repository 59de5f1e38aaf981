FROM rust:1.81 AS build
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/app/target cargo build --locked --release
FROM debian:stable-slim
COPY --from=build /app/target/release/app /usr/local/bin/app
CMD ["app"]
