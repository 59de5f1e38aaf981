# syntax=docker/dockerfile:1
FROM golang:1.23 AS tools
RUN --mount=type=cache,id=gomod,target=/go/pkg/mod,sharing=locked \
    go install golang.org/x/tools/gopls@v0.16.2
FROM golang:1.23 AS build
WORKDIR /src
RUN --mount=type=cache,id=gomod,target=/go/pkg/mod \
    --mount=type=bind,target=. \
    go mod download
RUN --mount=type=cache,id=gomod,target=/go/pkg/mod,sharing=private \
    --mount=type=bind,target=. \
    go vet ./...
