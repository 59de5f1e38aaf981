FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends cargo
WORKDIR /src
RUN cargo test --locked
