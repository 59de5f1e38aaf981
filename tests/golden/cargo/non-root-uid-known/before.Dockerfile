FROM debian:bookworm AS build
RUN groupadd -g 1001 builder && useradd -m -u 1001 -g builder builder
USER builder
WORKDIR /home/builder/app
RUN cargo fetch
