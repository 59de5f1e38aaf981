FROM opensuse/leap:15.6
RUN --mount=type=cache,target=/var/cache/zypp-build,sharing=locked \
    zypper -n --cache-dir /var/cache/zypp-build in make && rm -rf /var/log/zypper.log
