FROM rust:1.81 AS build
WORKDIR /app
COPY . .
RUN cargo build --locked --release
RUN strip target/release/app && ./target/release/app
FROM debian:stable-slim
COPY --from=build /app/target/release/app /app
ENTRYPOINT ["/app"]
