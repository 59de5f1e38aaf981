FROM node:20-bookworm
RUN rm -f /etc/apt/apt.conf.d/docker-clean; echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get install -y python3-pip
USER node
RUN mkdir -p /home/node/.cache/pip
RUN --mount=type=cache,target=/home/node/.cache/pip,uid=1000,gid=1000 \
    pip install --user --break-system-packages pyyaml
