FROM composer:2
WORKDIR /app
COPY composer.json ./
RUN composer install --no-dev
