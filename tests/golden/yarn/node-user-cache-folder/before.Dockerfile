FROM node:22
USER node
ENV YARN_CACHE_FOLDER=/home/node/.yarn-cache
WORKDIR /home/node/app
COPY --chown=node:node . .
RUN yarn
