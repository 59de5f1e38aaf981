FROM fedora:40
RUN --mount=type=cache,target=/var/cache/dnf,sharing=locked \
    dnf --setopt=keepcache=1 install -y sudo && useradd -u 1000 app && echo 'app ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/app
USER app
RUN --mount=type=cache,target=/var/cache/dnf,sharing=locked \
    sudo dnf install -y --setopt keepcache=1 tar
