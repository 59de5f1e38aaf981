FROM node:22
RUN --mount=type=cache,target=/root/.npm \
    npm install -g pnpm
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/root/.local/share/pnpm/store \
    --mount=type=cache,target=/root/.cache/pnpm \
    pnpm install --frozen-lockfile
