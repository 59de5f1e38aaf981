FROM alpine:3.20
RUN apk update && \
    apk add curl ca-certificates && \
    rm -rf /var/cache/apk/* /tmp/*
RUN apk --update add git && apk cache clean && rm -rf /var/cache/apk
