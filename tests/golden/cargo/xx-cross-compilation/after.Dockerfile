FROM --platform=$BUILDPLATFORM tonistiigi/xx AS xx
FROM --platform=$BUILDPLATFORM rust:1-alpine AS build
COPY --from=xx / /
RUN --mount=type=cache,target=/var/cache/apk,sharing=locked \
    apk --cache-dir /var/cache/apk add --update-cache clang lld
WORKDIR /app
ARG TARGETPLATFORM
RUN --mount=type=bind,source=src,target=src \
    --mount=type=bind,source=Cargo.lock,target=Cargo.lock \
    --mount=type=bind,source=Cargo.toml,target=Cargo.toml \
    --mount=type=cache,target=/app/build,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    xx-cargo build --locked --release --target-dir ./build && \
    xx-verify ./build/$(xx-cargo --print-target-triple)/release/app && \
    cp ./build/$(xx-cargo --print-target-triple)/release/app /usr/local/bin/app
FROM alpine
COPY --from=build /usr/local/bin/app /usr/local/bin/app
