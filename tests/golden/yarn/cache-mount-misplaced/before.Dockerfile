FROM node:22
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/root/.cache/yarn \
    yarnpkg install --frozen-lockfile
