# syntax=docker/dockerfile:1
FROM debian:bookworm AS compile
RUN --mount=type=cache,id=ccache,target=/ccache \
    CCACHE_DIR=/ccache make -C /src
FROM debian:bookworm AS test
RUN useradd -m -u 1000 tester
USER tester
RUN --mount=type=cache,id=ccache,target=/ccache,uid=1000,gid=1000 \
    CCACHE_DIR=/ccache make -C /src check
FROM debian:bookworm AS docs
RUN --mount=type=cache,id=ccache,target=/ccache,mode=0777 \
    CCACHE_DIR=/ccache make -C /src docs
