FROM golang:1.23
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/src/out \
    --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -o out/bin/server ./cmd/server && \
    cp /src/out/bin/server /usr/local/bin/server
RUN /usr/local/bin/server --version
CMD ["/usr/local/bin/server"]
