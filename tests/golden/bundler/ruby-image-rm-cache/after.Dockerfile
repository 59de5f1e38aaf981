FROM ruby:3.3-slim
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/usr/local/bundle/cache \
    bundle install --jobs 4
CMD ["bundle", "exec", "ruby", "app.rb"]
