FROM php:8.3-cli
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
ENV COMPOSER_HOME=/opt/composer
WORKDIR /srv
COPY . .
RUN --mount=type=cache,target=/opt/composer/cache \
    composer install
