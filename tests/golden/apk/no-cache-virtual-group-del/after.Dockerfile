FROM alpine:3.20
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/var/cache/apk,sharing=locked \
    apk --cache-dir /var/cache/apk add --update-cache --virtual .build-deps gcc musl-dev make \
    && make install \
    && apk del .build-deps
CMD ["/usr/local/bin/app"]
