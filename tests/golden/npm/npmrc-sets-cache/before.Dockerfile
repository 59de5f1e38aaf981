FROM node:22
WORKDIR /app
COPY .npmrc package.json package-lock.json ./
RUN npm ci
