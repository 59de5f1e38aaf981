FROM ruby:3.1
WORKDIR /app
COPY . .
RUN bundle install && rm -rf /usr/local/bundle/cache
CMD ["bundle", "exec", "ruby", "-e", "require 'dockerls_shout'"]
