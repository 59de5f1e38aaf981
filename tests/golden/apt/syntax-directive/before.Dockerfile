# syntax=docker/dockerfile:1
FROM debian:bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
