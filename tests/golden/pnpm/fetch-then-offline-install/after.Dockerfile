FROM node:22
ENV PNPM_HOME=/pnpm
ENV PATH=$PNPM_HOME:$PATH
RUN --mount=type=cache,target=/root/.npm \
    npm install -g pnpm
WORKDIR /app
RUN --mount=type=bind,source=pnpm-lock.yaml,target=pnpm-lock.yaml \
    --mount=type=cache,target=/pnpm/store \
    --mount=type=cache,target=/root/.cache/pnpm \
    pnpm fetch
COPY . .
RUN --mount=type=cache,target=/pnpm/store \
    --mount=type=cache,target=/root/.cache/pnpm \
    pnpm install --offline --frozen-lockfile
CMD ["node", "server.js"]
