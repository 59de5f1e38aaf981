FROM --platform=$BUILDPLATFORM tonistiigi/xx AS xx
FROM --platform=$BUILDPLATFORM rust:1-alpine AS build
COPY --from=xx / /
RUN apk add --no-cache clang lld
WORKDIR /app
COPY . .
ARG TARGETPLATFORM
RUN xx-cargo build --locked --release --target-dir ./build && \
    xx-verify ./build/$(xx-cargo --print-target-triple)/release/app && \
    cp ./build/$(xx-cargo --print-target-triple)/release/app /usr/local/bin/app
FROM alpine
COPY --from=build /usr/local/bin/app /usr/local/bin/app
