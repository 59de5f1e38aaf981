FROM opensuse/tumbleweed
RUN --mount=type=cache,target=/var/cache/zypp,sharing=locked \
    zypper -n in -y git
