FROM composer:2
WORKDIR /app
RUN --mount=type=bind,source=composer.json,target=composer.json \
    composer install --no-dev
