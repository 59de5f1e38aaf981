FROM fedora:41
RUN --mount=type=cache,target=/var/cache/dnf,sharing=locked \
    dnf --setopt=keepcache=1 install -y gcc
