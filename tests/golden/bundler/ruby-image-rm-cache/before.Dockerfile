FROM ruby:3.3-slim
WORKDIR /app
COPY . .
RUN bundle install --jobs 4 && rm -rf /usr/local/bundle/cache
CMD ["bundle", "exec", "ruby", "app.rb"]
