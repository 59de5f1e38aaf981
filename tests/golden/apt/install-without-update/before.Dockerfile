FROM debian:bookworm

RUN apt-get update
RUN apt-get install -y --no-install-recommends curl && \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb
