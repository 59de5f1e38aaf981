FROM debian:bookworm
ENV GEM_HOME=/usr/local/gems
RUN --mount=type=cache,target=/usr/local/gems/cache \
    gem install --no-document rake && gem cleanup
