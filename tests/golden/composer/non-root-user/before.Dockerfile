FROM php:8.3-cli
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
RUN useradd --uid 1000 --create-home app
USER app
WORKDIR /home/app/site
COPY --chown=app . .
RUN composer install --no-dev
