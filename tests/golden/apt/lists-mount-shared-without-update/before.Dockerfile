# syntax=docker/dockerfile:1
FROM debian:bookworm AS tools
RUN rm -f /etc/apt/apt.conf.d/docker-clean
RUN --mount=type=cache,id=apt-lists,target=/var/lib/apt,sharing=locked \
    --mount=type=cache,id=apt-archives,target=/var/cache/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends curl

FROM debian:bookworm AS app
RUN rm -f /etc/apt/apt.conf.d/docker-clean
RUN --mount=type=cache,id=app-lists,target=/var/lib/apt,sharing=locked \
    --mount=type=cache,id=apt-archives,target=/var/cache/apt,sharing=locked \
    apt-get install -y --no-install-recommends git
