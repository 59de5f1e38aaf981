FROM node:22
USER node
ENV YARN_CACHE_FOLDER=/home/node/.yarn-cache
WORKDIR /home/node/app
COPY --chown=node:node . .
RUN mkdir -p /home/node/.yarn-cache
RUN --mount=type=cache,target=/home/node/.yarn-cache,uid=1000,gid=1000 \
    yarn
