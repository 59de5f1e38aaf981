FROM oven/bun:1
WORKDIR /app
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile --no-cache
COPY . .
CMD ["bun", "run", "index.ts"]
