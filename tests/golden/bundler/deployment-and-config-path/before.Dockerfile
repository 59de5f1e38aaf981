FROM ruby:3.3
WORKDIR /app
COPY . .
RUN bundle install --deployment
RUN bundle config set --local path vendor/bundle && bundle install
