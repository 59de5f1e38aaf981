FROM node:22
ENV npm_config_cache=/tmp/npm-cache
WORKDIR /app
COPY . .
RUN npm install && rm -rf /tmp/npm-cache
