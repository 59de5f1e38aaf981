FROM rust:1.81 AS build
WORKDIR /app
COPY . .
RUN cargo build --locked --release
RUN cp target/release/app target/release/app-copy
FROM debian:bookworm-slim
COPY --from=build /app/target/release/app-copy /usr/local/bin/app
