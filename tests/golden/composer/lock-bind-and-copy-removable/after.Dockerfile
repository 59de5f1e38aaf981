FROM composer:2 AS vendor
WORKDIR /app
RUN --mount=type=bind,source=composer.json,target=composer.json \
    --mount=type=bind,source=composer.lock,target=composer.lock \
    --mount=type=cache,target=/tmp/cache \
    composer install --no-dev --no-scripts --prefer-dist
COPY . .
RUN composer dump-autoload --optimize
