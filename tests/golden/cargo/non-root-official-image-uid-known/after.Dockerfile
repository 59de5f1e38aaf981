FROM rust:1.81 AS build
RUN useradd -m -u 1000 builder
USER 1000:1000
WORKDIR /home/builder/app
RUN --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked,uid=1000,gid=1000 \
    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked,uid=1000,gid=1000 \
    cargo fetch
