FROM composer:2
ENV COMPOSER_CACHE_DIR=/dev/null
WORKDIR /app
COPY . .
RUN composer install --no-dev
