FROM --platform=$BUILDPLATFORM rust:1.81 AS build
ARG TARGETARCH
WORKDIR /app
COPY . .
RUN case "$TARGETARCH" in arm64) echo aarch64-unknown-linux-gnu ;; *) echo x86_64-unknown-linux-gnu ;; esac > /triple
RUN cargo build --locked --release --target "$(cat /triple)"
FROM debian:bookworm-slim
COPY --from=build /app/target/*/release/app /usr/local/bin/app
