FROM debian:bookworm
RUN apt-get update && \
    apt-get install -y --no-install-recommends curl && \
    rm -rf /tmp/* \
        /var/lib/apt/lists/* \
        /var/tmp/* \
        /var/cache/apt/archives/*.deb
