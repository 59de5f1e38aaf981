FROM registry.example.com/team/builder:2 AS build
RUN --mount=type=cache,target=/root/.cargo/git/db,sharing=locked \
    --mount=type=cache,target=/root/.cargo/registry,sharing=locked \
    cargo fetch
