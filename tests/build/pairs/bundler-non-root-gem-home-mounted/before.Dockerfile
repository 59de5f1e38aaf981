FROM ruby:3.1
RUN useradd --uid 1000 --user-group --create-home app
USER app
WORKDIR /home/app/src
COPY --chown=app:app . .
RUN --mount=type=cache,target=/usr/local/bundle,uid=1000,gid=1000 bundle install
RUN bundle exec ruby -e "require 'dockerls_shout'"
CMD ["bundle", "exec", "ruby", "-e", "require 'dockerls_shout'"]
