FROM alpine:3.20
RUN addgroup -g 1000 app && adduser -D -u 1000 -G app app && apk add --no-cache sudo
USER app
WORKDIR /home/app
RUN sudo apk add --no-cache curl
# apk as app, without sudo, cannot install: nothing to say about its cache
RUN apk add --no-cache git || true
