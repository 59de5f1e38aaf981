FROM rust:1.81 AS build
WORKDIR /work
COPY . .
RUN cd service && cargo build --locked --release
FROM debian:bookworm-slim
COPY --from=build /work/service/target/release/app /usr/local/bin/app
