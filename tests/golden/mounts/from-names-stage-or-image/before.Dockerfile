# syntax=docker/dockerfile:1
ARG TOOLS=build
FROM golang:1.23 AS Build
WORKDIR /src
RUN mkdir -p /out && echo app > /out/app
FROM golang:1.23 AS assets
RUN mkdir -p /assets && echo ok > /assets/index.html
FROM debian:bookworm-slim
COPY --from=build /out/app /usr/local/bin/app
COPY --from=BUILD /out/app /usr/local/bin/app2
COPY --from=1 /assets /srv/assets
COPY --from=busybox:1.36 /bin/busybox /bin/busybox
COPY --from=ghcr.io/example/tools /bin/tool /bin/tool
COPY --from=docker/dockerfile /bin/dockerfile-frontend /bin/frontend
COPY --from=alpine@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1 /etc/alpine-release /tmp/
COPY --from=${TOOLS} /out/app /usr/local/bin/app3
COPY --from=later /x /x
RUN --mount=type=bind,from=assets,source=/assets,target=/tmp/assets cp -r /tmp/assets /srv/
RUN --mount=type=cache,from=assets,source=/assets,target=/var/cache/assets ls /var/cache/assets
FROM scratch AS later
COPY --from=assets /assets /x
