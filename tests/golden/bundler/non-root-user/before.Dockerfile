FROM ruby:3.3 AS build
RUN useradd --uid 1000 --create-home app
USER app
WORKDIR /home/app/src
COPY --chown=app . .
RUN bundle install && rm -rf /usr/local/bundle/cache/*.gem
