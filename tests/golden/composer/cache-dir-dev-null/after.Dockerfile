FROM composer:2
ENV COMPOSER_CACHE_DIR=/dev/null
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/tmp/cache \
    COMPOSER_CACHE_DIR= composer install --no-dev
