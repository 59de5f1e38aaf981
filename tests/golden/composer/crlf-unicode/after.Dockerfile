FROM composer:2
# 依存関係 📦
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/tmp/cache \
    composer install
