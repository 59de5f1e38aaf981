FROM alpine:3.20
RUN --mount=type=cache,target=/var/cache/apk,sharing=locked \
    apk update && \
    apk --cache-dir /var/cache/apk add curl ca-certificates && \
    rm -rf /tmp/*
RUN --mount=type=cache,target=/var/cache/apk,sharing=locked \
    apk --cache-dir /var/cache/apk --update add git
