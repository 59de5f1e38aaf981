FROM composer:2
RUN useradd --uid 1000 --user-group --create-home app
USER app
WORKDIR /home/app/site
COPY composer.json ./
RUN composer install --no-interaction --no-progress --no-cache
COPY . .
