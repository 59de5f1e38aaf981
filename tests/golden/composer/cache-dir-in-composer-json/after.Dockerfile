FROM composer:2
WORKDIR /app
COPY composer.json ./
RUN --mount=type=bind,source=composer.json,target=composer.json \
    composer install --no-dev
