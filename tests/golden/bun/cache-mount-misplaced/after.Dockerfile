FROM oven/bun:1
ENV BUN_INSTALL_CACHE_DIR=/cache/packages
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/cache/packages \
    bun install
