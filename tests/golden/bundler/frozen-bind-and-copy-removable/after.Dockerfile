FROM ruby:3.3 AS build
ENV BUNDLE_FROZEN=true
WORKDIR /app
RUN --mount=type=cache,target=/usr/local/bundle/cache --mount=type=bind,source=Gemfile,target=Gemfile \
    --mount=type=bind,source=Gemfile.lock,target=Gemfile.lock \
    bundle install
COPY . .
