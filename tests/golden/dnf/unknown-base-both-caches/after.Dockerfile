FROM registry.example.com/platform/base:2024
RUN --mount=type=cache,target=/var/cache/dnf,sharing=locked \
    --mount=type=cache,target=/var/cache/libdnf5,sharing=locked \
    dnf --setopt=keepcache=1 -y install git
