FROM node:20
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force
COPY . .
CMD ["node", "-e", "require('is-number')"]
