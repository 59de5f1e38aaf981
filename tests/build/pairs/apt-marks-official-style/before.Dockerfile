FROM debian:bookworm
RUN set -eux; \
    savedAptMark="$(apt-mark showmanual)"; \
    apt-get update; \
    apt-get install -y --no-install-recommends sl tree; \
    apt-mark auto '.*' > /dev/null; \
    apt-mark manual $savedAptMark tree; \
    apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \
    rm -rf /var/lib/apt/lists/*
