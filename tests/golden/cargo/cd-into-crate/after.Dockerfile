FROM rust:1.81 AS build
WORKDIR /work
COPY . .
RUN --mount=type=cache,target=/work/service/target,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    cd service && cargo build --locked --release && \
    cp /work/service/target/release/app /usr/local/bin/app
FROM debian:bookworm-slim
COPY --from=build /usr/local/bin/app /usr/local/bin/app
