FROM ruby:3.3-slim
RUN gem install --no-document rake:13.2.1 rubocop && rm -rf /usr/local/bundle/cache
