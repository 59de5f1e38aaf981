FROM ruby:3.3 AS tools
RUN gem install -i /opt/gems --no-document rake
FROM ruby:3.3
COPY --from=tools /opt/gems/gems /opt/gems/gems
