# syntax=docker/dockerfile:1
FROM golang:1.23 AS build
WORKDIR /src
RUN mkdir -p /out && echo app > /out/app
FROM golang:1.23 AS assets
RUN mkdir -p /assets && echo ok > /assets/index.html
FROM debian:bookworm-slim
COPY --from=biuld /out/app /usr/local/bin/app
COPY --from=busybox /bin/busybox /bin/busybox
COPY --from=5 /assets /srv/assets
RUN --mount=type=bind,from=asets,source=/assets,target=/tmp/assets cp -r /tmp/assets /srv/
FROM debian:bookworm-slim AS self
COPY --from=self /etc/hostname /tmp/hostname
