FROM ruby:3.3 AS build
WORKDIR /app
COPY . .
RUN bundle install --no-cache && rm -rf "$GEM_HOME/cache"
