FROM centos:7
RUN --mount=type=cache,target=/var/cache/yum,sharing=locked \
    yum install -y --setopt=keepcache=1 tar && \
    rm -rf /tmp/yum.log
