FROM golang:1.23
RUN useradd -m -u 1000 builder
USER builder
ENV GOPATH=/home/builder/go
WORKDIR /home/builder/src
COPY --chown=builder . .
RUN mkdir -p /home/builder/go/pkg/mod /home/builder/.cache/go-build
RUN --mount=type=cache,target=/home/builder/go/pkg/mod,uid=1000 \
    --mount=type=cache,target=/home/builder/.cache/go-build,uid=1000 \
    go test ./...
