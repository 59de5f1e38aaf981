FROM ruby:3.3
RUN --mount=type=cache,target=/usr/local/bundle/cache \
    gem install --no-document rake && rm -rf /tmp/gem-build
