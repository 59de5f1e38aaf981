FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN --mount=type=cache,target=/var/cache/yum,sharing=locked \
    microdnf --setopt=keepcache=1 install -y tar gzip
