FROM node:20
USER node
WORKDIR /home/node/app
COPY --chown=node:node package.json ./
RUN npm install --no-audit --no-fund
CMD ["node", "-e", "require('is-number')"]
