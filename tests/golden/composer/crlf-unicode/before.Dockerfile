FROM composer:2
# 依存関係 📦
WORKDIR /app
COPY . .
RUN composer install && composer cc
