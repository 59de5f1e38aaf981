# syntax=docker/dockerfile:1.7
FROM debian:bookworm

RUN rm -f /etc/apt/apt.conf.d/docker-clean; echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    <<EOT
set -eux
apt-get update
apt-get install -y --no-install-recommends curl
EOT

RUN <<EOT bash
echo not a shell script for us
EOT
