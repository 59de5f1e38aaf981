FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/go \
    go install ./cmd/hello

FROM debian:bookworm
COPY --from=build /go/bin/hello /usr/local/bin/hello
CMD ["hello"]
