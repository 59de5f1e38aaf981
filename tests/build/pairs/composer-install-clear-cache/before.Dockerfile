FROM composer:2
WORKDIR /app
COPY . .
RUN composer install --no-interaction --no-progress && composer clear-cache
CMD ["php", "-r", "require 'vendor/autoload.php'; echo Dockerls\\Shout\\Shout::class;"]
