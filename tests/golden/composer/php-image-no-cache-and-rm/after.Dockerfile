FROM php:8.3-cli
COPY --from=composer:2 /usr/bin/composer /usr/local/bin/composer
WORKDIR /var/www/html
COPY . .
RUN --mount=type=cache,target=/root/.composer/cache \
    composer install --no-dev
CMD ["php", "-S", "0.0.0.0:8080"]
