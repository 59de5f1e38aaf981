FROM debian:bookworm AS base
RUN apt-get update && \
    apt-get install -y --no-install-recommends sl && \
    rm -rf /var/lib/apt/lists/*

FROM base
RUN apt-get update && apt-get install -y --no-install-recommends tree && rm -rf /var/lib/apt/lists/*
CMD ["tree"]
