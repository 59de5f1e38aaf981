# syntax=docker/dockerfile:1
FROM golang:1.23 AS build
WORKDIR /src
RUN --mount=type=bind,source=go.mod,target=go.mod \
    --mount=type=bind,source=go.sum,target=go.sum \
    --mount=type=bind,source=deps.lock,target=/tmp/deps.lock \
    --mount=type=bind,src=/vendor,target=vendor \
    go env
