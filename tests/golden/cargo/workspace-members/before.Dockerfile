FROM rust:1.81 AS build
WORKDIR /app
COPY . .
RUN cargo build --locked --release -p server
FROM debian:bookworm-slim
COPY --from=build /app/target/release/server /usr/local/bin/server
CMD ["server"]
