FROM rockylinux:9
ENV PIP_NO_CACHE_DIR=1
RUN --mount=type=cache,target=/root/.cache/pip \
    dnf install -y python3-pip && pip3 install flask
CMD ["flask", "run"]
