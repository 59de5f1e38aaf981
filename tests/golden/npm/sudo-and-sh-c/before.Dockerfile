FROM node:22
WORKDIR /app
COPY . .
RUN sudo -E npm ci && sh -c 'cd web && npm ci'
