FROM rust:1.81 AS build
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/app/target,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    cargo build --locked --release && \
    cp /app/target/release/app /usr/local/bin/app
RUN strip /usr/local/bin/app && /usr/local/bin/app --version
FROM gcr.io/distroless/cc-debian12
COPY --from=build /usr/local/bin/app /app
ENTRYPOINT ["/app"]
