FROM ruby:3.3 AS build
RUN useradd --uid 1000 --create-home app
USER app
WORKDIR /home/app/src
COPY --chown=app . .
RUN --mount=type=cache,target=/usr/local/bundle/cache,uid=1000 \
    bundle install
