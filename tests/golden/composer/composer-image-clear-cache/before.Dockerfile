FROM composer:2 AS vendor
WORKDIR /app
COPY . .
RUN composer install --no-dev --no-interaction --optimize-autoloader \
    && composer clear-cache

FROM php:8.3-fpm
COPY --from=vendor /app /var/www/html
