FROM debian:bookworm AS build
RUN groupadd -g 1001 builder && useradd -m -u 1001 -g builder builder
USER builder
WORKDIR /home/builder/app
RUN mkdir -p /home/builder/.cargo/git/db /home/builder/.cargo/registry
RUN --mount=type=cache,target=/home/builder/.cargo/git/db,sharing=locked,uid=1001,gid=1001 \
    --mount=type=cache,target=/home/builder/.cargo/registry,sharing=locked,uid=1001,gid=1001 \
    cargo fetch
