FROM composer:2
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/tmp/cache \
    composer install --no-interaction --no-progress && composer clear-cache
