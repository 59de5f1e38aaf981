FROM registry.access.redhat.com/ubi8/ubi-minimal:8.2
RUN --mount=type=cache,target=/var/cache/yum,sharing=locked \
    microdnf --setopt=keepcache=1 install -y tar
