FROM ruby:3.3
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/usr/local/bundle/cache \
    bundle install
CMD ["bundle", "exec", "rackup"]
