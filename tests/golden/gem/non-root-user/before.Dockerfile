FROM ruby:3.3
RUN useradd --uid 1001 --user-group --create-home ruby
USER ruby
RUN gem install rake && rm -rf /usr/local/bundle/cache
