FROM composer:2
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/tmp/cache \
    COMPOSER_CACHE_DIR= composer install --no-dev
