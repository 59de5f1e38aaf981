FROM alpine:3.20
RUN --mount=type=cache,target=/var/cache/apk,sharing=locked \
    addgroup -g 1000 app && adduser -D -u 1000 -G app app && apk --cache-dir /var/cache/apk add --update-cache sudo
USER app
WORKDIR /home/app
RUN --mount=type=cache,target=/var/cache/apk,sharing=locked \
    sudo apk --cache-dir /var/cache/apk add --update-cache curl
# apk as app, without sudo, cannot install: nothing to say about its cache
RUN apk add --no-cache git || true
