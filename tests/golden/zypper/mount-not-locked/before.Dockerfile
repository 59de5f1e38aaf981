FROM opensuse/tumbleweed
RUN --mount=type=cache,target=/var/cache/zypp \
    zypper -n in -y git
