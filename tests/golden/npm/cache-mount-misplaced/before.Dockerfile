FROM node:22
USER node
WORKDIR /home/node/app
COPY --chown=node:node . .
RUN --mount=type=cache,target=/root/.npm \
    npm ci
