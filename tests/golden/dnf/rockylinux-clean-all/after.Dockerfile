FROM rockylinux:9
RUN --mount=type=cache,target=/var/cache/dnf,sharing=locked \
    dnf --setopt=keepcache=1 install -y gcc make
