FROM almalinux:9
RUN --mount=type=cache,target=/var/cache/dnf,sharing=locked \
    dnf --setopt=keepcache=1 install -y git
RUN --mount=type=cache,target=/var/cache/dnf,sharing=locked \
    dnf install -y --setopt=keepcache=True make
