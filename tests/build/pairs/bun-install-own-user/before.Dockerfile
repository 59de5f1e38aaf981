FROM oven/bun:1
RUN useradd --uid 1001 --user-group --create-home app
USER app
WORKDIR /home/app
COPY --chown=app:app package.json bun.lock ./
RUN bun install --frozen-lockfile
COPY --chown=app:app . .
CMD ["bun", "run", "index.ts"]
