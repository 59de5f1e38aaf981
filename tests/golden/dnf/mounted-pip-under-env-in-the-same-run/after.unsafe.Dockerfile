FROM rockylinux:9
RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=cache,target=/var/cache/dnf,sharing=locked \
    dnf --setopt=keepcache=1 install -y python3-pip && PIP_NO_CACHE_DIR= pip3 install flask
CMD ["flask", "run"]
