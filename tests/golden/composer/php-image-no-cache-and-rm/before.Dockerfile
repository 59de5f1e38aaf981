FROM php:8.3-cli
COPY --from=composer:2 /usr/bin/composer /usr/local/bin/composer
WORKDIR /var/www/html
COPY . .
RUN composer --no-cache install --no-dev && rm -rf /root/.composer/cache
CMD ["php", "-S", "0.0.0.0:8080"]
