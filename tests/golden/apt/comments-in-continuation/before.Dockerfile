FROM debian:bookworm

# Tools for the build
RUN apt-get update && \
    # compilers first
    apt-get install -y --no-install-recommends build-essential && \
    # then the rest
    apt-get install -y --no-install-recommends git && \
    # keep the image small
    apt-get clean && \
    rm -rf /var/lib/apt/lists/*
