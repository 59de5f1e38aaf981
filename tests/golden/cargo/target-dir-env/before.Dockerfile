FROM rust:1.81 AS build
ENV CARGO_TARGET_DIR=/build
WORKDIR /app
COPY . .
RUN cargo build --locked --release
FROM debian:bookworm-slim
COPY --from=build /build/release/app /usr/local/bin/app
CMD ["app"]
