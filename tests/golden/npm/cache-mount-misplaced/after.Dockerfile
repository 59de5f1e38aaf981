FROM node:22
USER node
WORKDIR /home/node/app
COPY --chown=node:node . .
RUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 \
    npm ci
