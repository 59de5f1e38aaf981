# syntax=docker/dockerfile:1
FROM golang:1.23 AS base
RUN mkdir -p /generated && touch /generated/missing-from-context.txt
FROM golang:1.23 AS build
WORKDIR /src
ARG SUBDIR
RUN --mount=type=bind,source=go.mod,target=go.mod \
    --mount=type=bind,source=/src,target=src \
    --mount=type=bind,source=keep.lock,target=/tmp/keep.lock \
    --mount=type=bind,target=/context \
    --mount=type=bind,from=base,source=/generated/missing-from-context.txt,target=/tmp/generated.txt \
    --mount=type=bind,source=${SUBDIR}/x,target=/tmp/x \
    go env
