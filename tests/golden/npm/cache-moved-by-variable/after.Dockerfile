FROM node:22
ENV npm_config_cache=/tmp/npm-cache
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/tmp/npm-cache \
    npm install
