FROM ruby:3.1
ENV BUNDLE_FROZEN=true
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN bundle install && rm -rf "$GEM_HOME/cache"
COPY . .
CMD ["bundle", "exec", "ruby", "app.rb"]
