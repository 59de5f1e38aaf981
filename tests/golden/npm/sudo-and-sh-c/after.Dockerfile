FROM node:22
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/root/.npm \
    sudo -E npm ci && sh -c 'cd web && npm ci'
