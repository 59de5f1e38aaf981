# syntax=docker/dockerfile:1
FROM debian:bookworm AS compile
RUN useradd -m -u 1000 builder
USER builder
RUN --mount=type=cache,id=ccache,target=/ccache,uid=1000,gid=1000,mode=755 \
    CCACHE_DIR=/ccache make -C /src
FROM compile AS test
RUN --mount=type=cache,id=ccache,target=/ccache,uid=1000,gid=1000,mode=0755 \
    CCACHE_DIR=/ccache make -C /src check
FROM debian:bookworm AS root-cache
# Another id: another cache, whatever its owner.
RUN --mount=type=cache,id=root-ccache,target=/ccache \
    CCACHE_DIR=/ccache make -C /src
# The default id is the target: this is the cache of the next RUN, mounted alike.
RUN --mount=type=cache,target=/var/cache/tool,uid=0 tool --cache /var/cache/tool
RUN --mount=type=cache,target=/var/cache/tool tool --cache /var/cache/tool
# Variables: which cache it is, or who owns it, is not known.
ARG CACHE_UID=1000
RUN --mount=type=cache,id=ccache,target=/ccache,uid=${CACHE_UID} \
    CCACHE_DIR=/ccache make -C /src
