FROM golang:1.23
ENV GOCACHE=/cache/go-build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/cache/go-build \
    --mount=type=cache,target=/go/pkg/mod \
    go build ./...
