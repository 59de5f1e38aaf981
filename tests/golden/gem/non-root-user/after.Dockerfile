FROM ruby:3.3
RUN useradd --uid 1001 --user-group --create-home ruby
USER ruby
RUN --mount=type=cache,target=/usr/local/bundle/cache,uid=1001 \
    gem install rake
