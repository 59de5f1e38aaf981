FROM golang:1.22 AS build
ARG DOCKERLS_LOCAL_REPOSITORY
ENV GOPROXY=$DOCKERLS_LOCAL_REPOSITORY GOSUMDB=off
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/go \
    go install ./cmd/hello

FROM debian:bookworm
COPY --from=build /go/bin/hello /usr/local/bin/hello
CMD ["hello"]
