FROM node:22
WORKDIR /app
COPY . .
RUN corepack enable && yarn install --immutable
