FROM alpine:3.20
RUN --mount=type=cache,target=/var/cache/apk \
    apk add -U curl
