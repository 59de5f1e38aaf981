FROM composer:2 AS vendor
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/tmp/cache \
    composer install --no-dev && composer clear-cache
