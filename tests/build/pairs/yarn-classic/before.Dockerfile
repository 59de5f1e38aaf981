FROM node:20
WORKDIR /app
COPY package.json ./
RUN yarn install --no-progress && yarn cache clean
CMD ["node", "-e", "require('is-number')"]
