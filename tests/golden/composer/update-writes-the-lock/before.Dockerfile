FROM composer:2
WORKDIR /app
COPY composer.json composer.lock ./
RUN composer update --no-dev
COPY . .
