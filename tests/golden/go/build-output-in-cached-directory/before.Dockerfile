FROM golang:1.23
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/src/out \
    --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -o out/bin/server ./cmd/server
RUN out/bin/server --version
CMD ["/src/out/bin/server"]
