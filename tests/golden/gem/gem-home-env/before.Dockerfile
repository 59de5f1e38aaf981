FROM debian:bookworm
ENV GEM_HOME=/usr/local/gems
RUN gem install --no-document rake && gem cleanup && rm -rf $GEM_HOME/cache/*
