FROM node:20
RUN npm install -g --no-audit --no-fund pnpm@9
WORKDIR /app
COPY package.json ./
RUN pnpm install
CMD ["node", "-e", "require('is-number')"]
