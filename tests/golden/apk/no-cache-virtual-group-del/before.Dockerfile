FROM alpine:3.20
WORKDIR /src
COPY . .
RUN apk add --no-cache --virtual .build-deps gcc musl-dev make \
    && make install \
    && apk del .build-deps
CMD ["/usr/local/bin/app"]
