FROM ruby:3.3 AS build
ENV BUNDLE_FROZEN=true
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN --mount=type=cache,target=/usr/local/bundle/cache bundle install
COPY . .
