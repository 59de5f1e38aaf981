FROM ruby:3.3 AS tools
RUN --mount=type=cache,target=/opt/gems/cache \
    gem install -i /opt/gems --no-document rake
FROM ruby:3.3
COPY --from=tools /opt/gems/gems /opt/gems/gems
