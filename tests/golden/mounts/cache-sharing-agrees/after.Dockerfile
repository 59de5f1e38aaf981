# syntax=docker/dockerfile:1
FROM golang:1.23 AS tools
RUN --mount=type=cache,id=gomod,target=/go/pkg/mod,sharing=locked \
    go install golang.org/x/tools/gopls@v0.16.2
FROM golang:1.23 AS build
WORKDIR /src
RUN --mount=type=cache,id=gomod,target=/go/pkg/mod,sharing=locked \
    --mount=type=bind,target=. \
    go mod download
# The default is shared: writing it or not is the same mode.
RUN --mount=type=cache,target=/root/.cache/go-build,sharing=shared \
    --mount=type=bind,target=. \
    go build ./...
RUN --mount=type=cache,target=/root/.cache/go-build \
    --mount=type=bind,target=. \
    go vet ./...
FROM debian:bookworm AS apt-stage
# apt's own rule (APT002) asks this mount for sharing=locked: no second finding here.
RUN rm -f /etc/apt/apt.conf.d/docker-clean
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends curl
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends git
