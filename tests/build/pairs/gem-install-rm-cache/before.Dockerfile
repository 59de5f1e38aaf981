FROM ruby:3.1 AS tools
ARG DOCKERLS_LOCAL_REPOSITORY
RUN gem install --no-document --clear-sources --source "$DOCKERLS_LOCAL_REPOSITORY" dockerls-shout \
    && rm -rf "$GEM_HOME/cache"

FROM ruby:3.1
COPY --from=tools /usr/local/bundle /usr/local/bundle
CMD ["ruby", "-e", "require 'dockerls_shout'"]
