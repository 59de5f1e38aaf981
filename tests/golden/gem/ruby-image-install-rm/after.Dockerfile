FROM ruby:3.3-slim
RUN --mount=type=cache,target=/usr/local/bundle/cache \
    gem install --no-document rake:13.2.1 rubocop
