FROM rust:1.81
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    cargo build --locked --release
CMD ["./target/release/app"]
