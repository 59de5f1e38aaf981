FROM ruby:3.3
ENV BUNDLE_PATH=/gems
WORKDIR /app
COPY . .
RUN bundle install
