FROM node:22
USER node
WORKDIR /home/node/app
COPY --chown=node:node . .
RUN npm install --omit dev
CMD ["node", "server.js"]
