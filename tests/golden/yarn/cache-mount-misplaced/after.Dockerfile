FROM node:22
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn \
    yarnpkg install --frozen-lockfile
