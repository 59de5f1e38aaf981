FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/go \
    --mount=type=cache,target=/root/.cache/go-build \
    go install ./cmd/app && \
    cp /go/bin/app /usr/local/bin/app

FROM debian:bookworm-slim
COPY --from=build /usr/local/bin/app /usr/local/bin/app
CMD ["app"]
