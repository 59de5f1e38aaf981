FROM ubuntu:24.04

RUN <<EOF
echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/99keep
rm /etc/apt/apt.conf.d/docker-clean
EOF

RUN apt update && apt install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*

FROM debian:bookworm AS second
RUN rm -f /etc/apt/apt.conf.d/docker-clean
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
