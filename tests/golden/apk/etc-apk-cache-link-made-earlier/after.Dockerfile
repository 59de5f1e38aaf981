FROM alpine:3.20 AS base
RUN mkdir -p /var/cache/apk && ln -s /var/cache/apk /etc/apk/cache

FROM base
RUN --mount=type=cache,target=/var/cache/apk,sharing=locked \
    apk --update-cache add curl
