FROM ruby:3.3
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/root/.bundle/cache bundle install && rm -rf /usr/local/bundle/cache
