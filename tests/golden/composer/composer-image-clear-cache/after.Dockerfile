FROM composer:2 AS vendor
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/tmp/cache \
    composer install --no-dev --no-interaction --optimize-autoloader

FROM php:8.3-fpm
COPY --from=vendor /app /var/www/html
