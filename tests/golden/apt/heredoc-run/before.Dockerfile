# syntax=docker/dockerfile:1.7
FROM debian:bookworm

RUN <<EOT
set -eux
apt-get update
apt-get install -y --no-install-recommends curl
# keep the image small
rm -rf /var/lib/apt/lists/*
EOT

RUN <<EOT bash
echo not a shell script for us
EOT
